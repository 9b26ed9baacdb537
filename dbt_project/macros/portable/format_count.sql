{# 1234567 -> '1,234,567' #}
{% macro format_count(expr) -%}
    {{ return(adapter.dispatch('format_count', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_count(expr) -%}
    format('{:,}', cast({{ expr }} as bigint))
{%- endmacro %}

{# DuckDB's cast of a double to bigint rounds half to even (2.5 -> 2); Spark's truncates, rint() rounds like DuckDB. #}
{% macro spark__format_count(expr) -%}
    format_number(cast(rint({{ expr }}) as bigint), 0)
{%- endmacro %}
