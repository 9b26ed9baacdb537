{#
  round(x, digits) of a double as DuckDB does it: x * 10^digits rounded half away from zero, divided
  back. Spark's own round() rounds the shortest decimal that prints the double (2.675 -> 2.68, where
  DuckDB gives 2.67, as 2.675 * 100 is 267.49999999999997), so the dashboard's last digit could differ.
#}
{% macro round_number(expr, digits) -%}
    {{ return(adapter.dispatch('round_number', 'demandgen')(expr, digits)) }}
{%- endmacro %}

{% macro default__round_number(expr, digits) -%}
    round({{ expr }}, {{ digits }})
{%- endmacro %}

{% macro spark__round_number(expr, digits) -%}
    (round(cast({{ expr }} as double) * {{ 10 ** digits }}) / {{ 10 ** digits }})
{%- endmacro %}
