{# A date n days from another, as a date (dbt.dateadd returns a timestamp on some engines). #}
{% macro add_days(n, expr) -%}
    cast({{ dbt.dateadd('day', n, expr) }} as date)
{%- endmacro %}

{% macro add_years(n, expr) -%}
    cast({{ dbt.dateadd('year', n, expr) }} as date)
{%- endmacro %}

{#
  Days from one date to another (dbt.datediff in days). Trimmed: dbt-duckdb renders it between line
  breaks, which sqlfluff counts into the length of the line that calls it (sqlfluff issue 7639).
#}
{% macro days_between(first_date, second_date) -%}
    {{ dbt.datediff(first_date, second_date, 'day') | trim }}
{%- endmacro %}
