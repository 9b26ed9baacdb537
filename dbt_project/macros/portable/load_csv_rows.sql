{#
  Seeds on Spark. dbt-spark's own loader wraps each CSV value in '...' without escaping, so a value
  with an apostrophe ("the brand's share") breaks the insert; and with escapedStringLiterals (see
  profiles.yml) no escape inside '...' would survive anyway. Here each value is written as a literal:
  text in '...', or in "..." when it holds an apostrophe. Other engines keep dbt's loader.
#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {% set column_override = model['config'].get('column_types', {}) %}
  {% set statements = [] %}
  {% for chunk in agate_table.rows | batch(get_batch_size()) %}
    {% set sql %}
        insert into {{ this.render() }} values
        {% for row in chunk -%}
            ({%- for value in row -%}
                {%- set col_name = agate_table.column_names[loop.index0] -%}
                {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                cast({{ _spark_seed_literal(value, model, col_name) }} as {{ type }})
                {%- if not loop.last %}, {% endif -%}
            {%- endfor -%})
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    {% endset %}
    {% do adapter.add_query(sql, abridge_sql_log=True) %}
    {% if loop.index0 == 0 %}
      {% do statements.append(sql) %}
    {% endif %}
  {% endfor %}
  {{ return(statements[0]) }}
{% endmacro %}

{% macro _spark_seed_literal(value, model, col_name) -%}
  {%- if value is none -%}
    null
  {%- elif value is sameas true or value is sameas false -%}
    {{ 'true' if value else 'false' }}
  {%- elif value is number -%}
    {{ value }}
  {%- elif "'" not in (value | string) -%}
    '{{ value }}'
  {%- elif '"' not in (value | string) -%}
    "{{ value }}"
  {%- else -%}
    {{ exceptions.raise_compiler_error("seed " ~ model.name ~ ", column " ~ col_name ~ ": a value holds both ' and \" (" ~ value ~ "), which Spark cannot load") }}
  {%- endif -%}
{%- endmacro %}
