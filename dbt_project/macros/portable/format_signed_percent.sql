{# 24.56 -> '+24.6%', -3.2 -> '-3.2%', 20 -> '+20%' #}
{% macro format_signed_percent(expr) -%}
    {{ return(adapter.dispatch('format_signed_percent', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_signed_percent(expr) -%}
    (case when {{ expr }} >= 0 then '+' else '' end)
        || {{ format_number(expr) }} || '%'
{%- endmacro %}
