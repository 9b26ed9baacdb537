{# 2026-10-06 -> '2026-10': how waves are named #}
{% macro format_year_month(expr) -%}
    {{ return(adapter.dispatch('format_year_month', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_year_month(expr) -%}
    strftime({{ expr }}, '%Y-%m')
{%- endmacro %}

{% macro spark__format_year_month(expr) -%}
    date_format({{ expr }}, 'yyyy-MM')
{%- endmacro %}
