{#
  The form brand terms and queries are compared in: lower case, accents folded, anything that is
  not a letter or digit turned into a space, so "Northwind-Análytics.com" reads "northwind analytics com"
  and a term can be matched as whole words with \b.
#}
{% macro normalize_for_matching(expr) -%}
    {{ return(adapter.dispatch('normalize_for_matching', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__normalize_for_matching(expr) -%}
    trim(regexp_replace(lower(strip_accents({{ expr }})), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}

{# 1234567 -> '1,234,567' #}
{% macro format_count(expr) -%}
    {{ return(adapter.dispatch('format_count', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_count(expr) -%}
    format('{:,}', cast({{ expr }} as bigint))
{%- endmacro %}

{# 24.56 -> '+24.6%', -3.2 -> '-3.2%', 20 -> '+20%' #}
{% macro format_signed_percent(expr) -%}
    {{ return(adapter.dispatch('format_signed_percent', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_signed_percent(expr) -%}
    (case when {{ expr }} >= 0 then '+' else '' end)
        || {{ format_number(expr) }} || '%'
{%- endmacro %}

{# 2026-11-18 -> '18 Nov 2026' #}
{% macro format_day(expr) -%}
    {{ return(adapter.dispatch('format_day', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_day(expr) -%}
    strftime({{ expr }}, '%-d %b %Y')
{%- endmacro %}

{# 56.234 -> '56.2%', 50 -> '50%' #}
{% macro format_percent(expr) -%}
    {{ return(adapter.dispatch('format_percent', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_percent(expr) -%}
    {{ format_number(expr) }} || '%'
{%- endmacro %}

{# 56.234 -> '56.2', 5 -> '5' #}
{% macro format_number(expr) -%}
    {{ return(adapter.dispatch('format_number', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_number(expr) -%}
    regexp_replace(format('{:.1f}', {{ expr }}), '\.0$', '')
{%- endmacro %}

{# 2026-10-01 -> 'October 2026' #}
{% macro format_month(expr) -%}
    {{ return(adapter.dispatch('format_month', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_month(expr) -%}
    strftime({{ expr }}, '%B %Y')
{%- endmacro %}

{# 8.94 -> '+8.9', -0.04 -> '+0.0' (adding 0.0 turns a rounded -0.0 into 0.0) #}
{% macro format_signed_number(expr) -%}
    {{ return(adapter.dispatch('format_signed_number', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_signed_number(expr) -%}
    format('{:+.1f}', round({{ expr }}, 1) + 0.0)
{%- endmacro %}

{# 8.94 -> '+8.9 points' #}
{% macro format_signed_points(expr) -%}
    {{ format_signed_number(expr) }} || ' points'
{%- endmacro %}

{# 2026-10-06 -> '2026-10': how waves are named #}
{% macro format_year_month(expr) -%}
    {{ return(adapter.dispatch('format_year_month', 'demandgen')(expr)) }}
{%- endmacro %}

{% macro default__format_year_month(expr) -%}
    strftime({{ expr }}, '%Y-%m')
{%- endmacro %}
