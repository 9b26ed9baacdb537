-- Default benchmarks (seed) with the config's overrides applied.
with defaults as (
    select * from {{ ref('benchmark_defaults') }}
),

overrides as (
    select * from {{ ref('stg_demandgen__benchmark_overrides') }}
),

final as (
    select
        defaults.metric,
        defaults.label,
        defaults.unit,
        cast(coalesce(overrides.healthy_low, defaults.healthy_low) as double) as healthy_low,
        cast(coalesce(overrides.healthy_high, defaults.healthy_high) as double) as healthy_high,
        cast(coalesce(overrides.amber_low, defaults.amber_low) as double) as amber_low,
        overrides.metric is not null as is_overridden,
        defaults.source
    from defaults
    left join overrides on defaults.metric = overrides.metric
)

select * from final
