{#
  The traffic-light rule, for every light and every period (marts.scorecard, marts.scorecard_history and
  the monthly shares): with the `benchmarks` row of the metric joined in, green at or above healthy_low,
  amber at or above amber_low, else red; insufficient_data when the value cannot be read. A benchmark
  without an amber bound has no red: everything under the healthy band is a Watch (a missing bound never
  turns a light red). Words and symbols for the statuses are the seed light_statuses.
#}
{% macro traffic_light(value, is_readable, benchmarks='benchmarks') -%}
    case
        when not coalesce({{ is_readable }}, false) then 'insufficient_data'
        when {{ benchmarks }}.healthy_low is null or {{ value }} >= {{ benchmarks }}.healthy_low then 'green'
        when {{ benchmarks }}.amber_low is null or {{ value }} >= {{ benchmarks }}.amber_low then 'amber'
        else 'red'
    end
{%- endmacro %}


{#
  A light's value as a marketer reads it, the same in the dashboard, the CLI, the digest and the alerts:
  '+24.6%', '62.0%', '+5.0 pts', '7', or '—' when there is none. `is_signed` (a SQL boolean, the seed
  metrics.is_signed) says whether the metric is a change, written with its sign; points always are.
#}
{% macro format_metric_value(value, unit, is_signed) -%}
    case
        when {{ value }} is null then '—'
        when {{ unit }} = 'percent' and {{ is_signed }} then {{ format_decimal(value, 1, true) }} || '%'
        when {{ unit }} = 'percent' then {{ format_decimal(value, 1) }} || '%'
        when {{ unit }} = 'points' then {{ format_decimal(value, 1, true) }} || ' pts'
        else {{ format_decimal(value, 0) }}
    end
{%- endmacro %}


{# A benchmark bound: whole numbers without decimals ('+20%', '50%', '+1 pt', '5'), others with one. #}
{% macro format_benchmark_bound(value, unit, is_signed) -%}
    case
        when {{ value }} != floor({{ value }}) then {{ format_metric_value(value, unit, is_signed) }}
        when {{ unit }} = 'points' then {{ format_decimal(value, 0, true) }}
            || case when abs({{ value }}) = 1 then ' pt' else ' pts' end
        when {{ unit }} = 'percent' and {{ is_signed }} then {{ format_decimal(value, 0, true) }} || '%'
        when {{ unit }} = 'percent' then {{ format_decimal(value, 0) }} || '%'
        else {{ format_decimal(value, 0) }}
    end
{%- endmacro %}


{# The healthy band in words: 'Healthy: +20% to +40% a year', 'Healthy: 50% or more', 'Healthy: +1 pt or more a year'. #}
{% macro benchmark_words(low, high, unit, is_signed, cadence) -%}
    case
        when {{ low }} is null and {{ high }} is null then 'No fixed benchmark: read it against its own trend'
        when {{ high }} is null then 'Healthy: ' || {{ format_benchmark_bound(low, unit, is_signed) }} || ' or more'
        when {{ low }} is null then 'Healthy: up to ' || {{ format_benchmark_bound(high, unit, is_signed) }}
        else 'Healthy: ' || {{ format_benchmark_bound(low, unit, is_signed) }} || ' to '
            || {{ format_benchmark_bound(high, unit, is_signed) }}
    end || coalesce(' ' || nullif({{ cadence }}, ''), '')
{%- endmacro %}
