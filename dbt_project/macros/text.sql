{#
  Text built from numbers and dates for the scorecard's explanations. The engine-specific pieces are in
  portable/ (one file per macro: format_number, format_percent, format_day, ...), so both engines write
  the same words and digits.
#}

{# 8.94 -> '+8.9 points' #}
{% macro format_signed_points(expr) -%}
    {{ format_signed_number(expr) }} || ' points'
{%- endmacro %}

{#
  A string literal for text holding an apostrophe ("The buyers' media"): '...''...' on DuckDB; on Spark,
  where the target reads '...' raw (escapedStringLiterals) and '' stays two quotes, "..." (see
  portable/string_literal.sql).
#}
{% macro text_literal(text) -%}
    {{ dbt.string_literal(dbt.escape_single_quotes(text)) }}
{%- endmacro %}
