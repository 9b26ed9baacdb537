{# 2026-10-01 -> 'October 2026' #}
{% macro format_month(expr) -%}
    {{ return(adapter.dispatch('format_month', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_month(expr) -%}
    strftime({{ expr }}, '%B %Y')
{%- endmacro %}

{% macro spark__format_month(expr) -%}
    date_format({{ expr }}, 'MMMM yyyy')
{%- endmacro %}
