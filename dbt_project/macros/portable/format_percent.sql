{# 56.234 -> '56.2%', 50 -> '50%' #}
{% macro format_percent(expr) -%}
    {{ return(adapter.dispatch('format_percent', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_percent(expr) -%}
    {{ format_number(expr) }} || '%'
{%- endmacro %}
