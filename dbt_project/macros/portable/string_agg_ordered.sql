{#
  The values joined into one text, in order: string_agg(x, ', ' order by y) on DuckDB, listagg ... within
  group (order by y) on Spark (dbt.listagg drops the order on Spark). A filter (where ...) may follow.
#}
{% macro string_agg_ordered(measure, delimiter, order_by, distinct=false) -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'demandgen')(measure, delimiter, order_by, distinct)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(measure, delimiter, order_by, distinct=false) -%}
    string_agg({{ 'distinct ' if distinct }}{{ measure }}, {{ delimiter }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__string_agg_ordered(measure, delimiter, order_by, distinct=false) -%}
    listagg({{ 'distinct ' if distinct }}{{ measure }}, {{ delimiter }}) within group (order by {{ order_by }})
{%- endmacro %}
