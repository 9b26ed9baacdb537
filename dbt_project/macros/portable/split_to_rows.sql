{#
  Select-list items that turn one row into one row per part of a text split on a regex: the part's
  number (1, 2, ...) and the part. No rows for a NULL text; empty parts are kept.
    select id, {{ split_to_rows('answer', "'\\s*,\\s*'", 'part_number', 'part') }} from answers
#}
{% macro split_to_rows(expr, pattern, number_column, part_column) -%}
    {{ return(adapter.dispatch('split_to_rows', 'demandgen')(expr, pattern, number_column, part_column)) }}
{%- endmacro %}

{% macro default__split_to_rows(expr, pattern, number_column, part_column) -%}
    generate_subscripts(regexp_split_to_array({{ expr }}, {{ pattern }}), 1) as {{ number_column }},
    unnest(regexp_split_to_array({{ expr }}, {{ pattern }})) as {{ part_column }}
{%- endmacro %}

{% macro spark__split_to_rows(expr, pattern, number_column, part_column) -%}
    inline(transform(split({{ expr }}, {{ pattern }}, -1),
        (part, i) -> named_struct('{{ number_column }}', i + 1, '{{ part_column }}', part)))
{%- endmacro %}
