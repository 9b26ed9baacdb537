-- Each metric's benchmark as this refresh applied it, with the healthy band in words.
with benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
),

final as (
    select
        metric,
        label,
        unit,
        healthy_low,
        healthy_high,
        amber_low,
        is_overridden,
        guidance as source,
        {{ benchmark_words('healthy_low', 'healthy_high', 'unit', 'is_signed', 'cadence') }} as benchmark_text,
        case
            when amber_low is null then null
            else 'Unhealthy: below ' || {{ format_benchmark_bound('amber_low', 'unit', 'is_signed') }}
        end as unhealthy_text,
        is_signed,
        cadence,
        display_order
    from benchmarks
)

select * from final
