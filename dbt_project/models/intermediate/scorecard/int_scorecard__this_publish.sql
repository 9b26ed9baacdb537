-- The scorecard as this refresh will publish it, stamped with the time dbt started: the publish step
-- appends these rows to raw.published_lights once they reach the serving warehouse, so the next refresh
-- compares its lights with exactly what this one published.
with scorecard as (
    select * from {{ ref('scorecard') }}
),

final as (
    select
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as published_at,
        metric,
        status,
        value,
        value_text,
        explanation,
        period_start,
        period_end
    from scorecard
)

select * from final
