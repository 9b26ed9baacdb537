{# 2026-11-08 -> '8 Nov 2026' #}
{% macro format_day(expr) -%}
    {{ return(adapter.dispatch('format_day', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_day(expr) -%}
    strftime({{ expr }}, '%-d %b %Y')
{%- endmacro %}

{% macro spark__format_day(expr) -%}
    date_format({{ expr }}, 'd MMM yyyy')
{%- endmacro %}
