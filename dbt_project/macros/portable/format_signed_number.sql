{# 8.94 -> '+8.9', -0.04 -> '+0.0' (adding 0.0 turns a rounded -0.0 into 0.0) #}
{% macro format_signed_number(expr) -%}
    {{ return(adapter.dispatch('format_signed_number', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_signed_number(expr) -%}
    format('{:+.1f}', round({{ expr }}, 1) + 0.0)
{%- endmacro %}

{% macro spark__format_signed_number(expr) -%}
    format_number({{ round_number(expr, 1) }} + 0.0, '+0.0;-0.0')
{%- endmacro %}
