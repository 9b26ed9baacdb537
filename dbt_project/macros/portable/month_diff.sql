{#
  Calendar months from one date to another, counted as month boundaries crossed (31 Mar -> 1 Apr is 1,
  31 Mar -> 30 Apr is 1), as DuckDB's date_diff('month', ...) counts. dbt-spark's datediff(month) adds
  one when the second date's day of month is smaller, so it counts 2 from 31 Mar to 30 Apr.
#}
{% macro month_diff(first_date, second_date) -%}
    {{ return(adapter.dispatch('month_diff', 'demandgen')(first_date, second_date)) }}
{%- endmacro %}

{# Trimmed for sqlfluff, as days_between is (macros/dates.sql). #}
{% macro default__month_diff(first_date, second_date) -%}
    {{ dbt.datediff(first_date, second_date, 'month') | trim }}
{%- endmacro %}

{% macro spark__month_diff(first_date, second_date) -%}
    ((year({{ second_date }}) - year({{ first_date }})) * 12 + month({{ second_date }}) - month({{ first_date }}))
{%- endmacro %}
