{#
  A scorecard light from its value and the benchmark in force (the `benchmarks` row joined in):
  green at or above healthy_low, amber at or above amber_low, else red; insufficient_data when the
  value cannot be read.
#}
{% macro traffic_light(value, is_readable) -%}
    case
        when not coalesce({{ is_readable }}, false) then 'insufficient_data'
        when {{ value }} >= benchmarks.healthy_low then 'green'
        when {{ value }} >= benchmarks.amber_low then 'amber'
        else 'red'
    end
{%- endmacro %}
