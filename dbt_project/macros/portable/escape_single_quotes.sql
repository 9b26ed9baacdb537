{#
  dbt-spark writes it's as it\'s, and under escapedStringLiterals (see profiles.yml) the backslash would
  stay in the text. Apostrophes are left as they are: spark__string_literal quotes such text with "...".
#}
{% macro spark__escape_single_quotes(expression) -%}
    {{ expression }}
{%- endmacro %}
