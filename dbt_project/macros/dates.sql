{# A date n days from another, as a date (dbt.dateadd returns a timestamp on some engines). #}
{% macro add_days(n, expr) -%}
    cast({{ dbt.dateadd('day', n, expr) }} as date)
{%- endmacro %}

{% macro add_years(n, expr) -%}
    cast({{ dbt.dateadd('year', n, expr) }} as date)
{%- endmacro %}
