{# Analysts query marts.scorecard, not main_marts.scorecard: custom schemas are used as named. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name else target.schema }}
{%- endmacro %}
