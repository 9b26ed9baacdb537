{# True when the pattern matches anywhere in the text (not the whole text). #}
{% macro regexp_contains(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_contains', 'demandgen')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_contains(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_contains(expr, pattern) -%}
    regexp_like({{ expr }}, {{ pattern }})
{%- endmacro %}
