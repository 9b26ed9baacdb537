{#
  dbt's string_literal on Spark, used for unit-test fixture values. Under escapedStringLiterals (see
  profiles.yml) nothing escapes an apostrophe inside '...', so text holding one is written in Spark's
  "..." literal instead (spark__escape_single_quotes leaves it alone for that reason). Other engines
  keep dbt's own.
#}
{% macro spark__string_literal(value) -%}
    {%- if "'" not in value -%}
        '{{ value }}'
    {%- elif '"' not in value -%}
        "{{ value }}"
    {%- else -%}
        {{ exceptions.raise_compiler_error("string_literal on Spark: text with both ' and \" cannot be written: " ~ value) }}
    {%- endif -%}
{%- endmacro %}
