-- Every metric (seed metrics) with its benchmark in force: the default, or the config's override.
with metrics as (
    select * from {{ ref('metrics') }}
),

overrides as (
    select * from {{ ref('stg_demandgen__benchmark_overrides') }}
),

final as (
    select
        metrics.metric,
        metrics.label,
        metrics.unit,
        metrics.is_signed,
        metrics.cadence,
        metrics.source_family,
        metrics.display_order,
        cast(coalesce(overrides.healthy_low, metrics.healthy_low) as double) as healthy_low,
        cast(coalesce(overrides.healthy_high, metrics.healthy_high) as double) as healthy_high,
        cast(coalesce(overrides.amber_low, metrics.amber_low) as double) as amber_low,
        overrides.metric is not null as is_overridden,
        metrics.guidance
    from metrics
    left join overrides on metrics.metric = overrides.metric
)

select * from final
