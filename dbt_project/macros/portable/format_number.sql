{# 56.234 -> '56.2', 5 -> '5', 0.25 -> '0.2' (the double's exact value is rounded, ties to even) #}
{% macro format_number(expr) -%}
    {{ return(adapter.dispatch('format_number', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_number(expr) -%}
    regexp_replace(format('{:.1f}', {{ expr }}), '\.0$', '')
{%- endmacro %}

{# Java's DecimalFormat (pattern without grouping) rounds the double's exact value half to even, as DuckDB's fmt does. #}
{% macro spark__format_number(expr) -%}
    regexp_replace(format_number(cast({{ expr }} as double), '0.0'), '[.]0$', '')
{%- endmacro %}
