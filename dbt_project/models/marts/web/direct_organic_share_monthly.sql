-- (Direct + Organic Search) / all traffic per property, tool and calendar month, from daily rows
-- when the month has every day, else from an export whose period is exactly that month. Two
-- tools measuring one site are kept apart: their numbers never add up.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with classified as (
    select * from {{ ref('int_web__traffic_classified') }}
),

from_days as (
    select
        property,
        source_tool,
        traffic_unit,
        cast({{ dbt.date_trunc('month', 'period_start') }} as date) as month_start,
        count(distinct period_start) as days_present,
        sum(case when is_direct then traffic else 0 end) as direct,
        sum(case when is_organic then traffic else 0 end) as organic,
        sum(traffic) as total
    from classified
    where is_daily
    group by property, source_tool, traffic_unit, cast({{ dbt.date_trunc('month', 'period_start') }} as date)
),

from_periods as (
    select
        property,
        source_tool,
        traffic_unit,
        period_start as month_start,
        sum(case when is_direct then traffic else 0 end) as direct,
        sum(case when is_organic then traffic else 0 end) as organic,
        sum(traffic) as total
    from classified
    where not is_daily
        and period_start = cast({{ dbt.date_trunc('month', 'period_start') }} as date)
        and period_end = {{ dbt.last_day('period_start', 'month') }}
    group by property, source_tool, traffic_unit, period_start
),

months as (
    select
        property,
        source_tool,
        traffic_unit,
        month_start,
        {{ dbt.last_day('month_start', 'month') }} as month_end,
        'daily' as basis,
        days_present,
        direct,
        organic,
        total
    from from_days
    where days_present = {{ dbt.datediff('month_start', dbt.last_day('month_start', 'month'), 'day') }} + 1
    union all
    select
        from_periods.property,
        from_periods.source_tool,
        from_periods.traffic_unit,
        from_periods.month_start,
        {{ dbt.last_day('from_periods.month_start', 'month') }} as month_end,
        'period' as basis,
        null as days_present,
        from_periods.direct,
        from_periods.organic,
        from_periods.total
    from from_periods
    -- Daily data wins where both exist: it is the finer grain.
    where not exists (
        select 1 from from_days
        where from_days.property = from_periods.property
            and from_days.source_tool = from_periods.source_tool
            and from_days.month_start = from_periods.month_start
            and from_days.days_present = {{ dbt.datediff('from_days.month_start', dbt.last_day('from_days.month_start', 'month'), 'day') }} + 1
    )
),

final as (
    select
        property,
        source_tool,
        month_start,
        cast(month_end as date) as month_end,
        traffic_unit,
        basis,
        direct,
        organic,
        direct + organic as direct_organic,
        total,
        case when total > 0 then {{ round_number('100 * cast(direct + organic as double) / total', 2) }} end as share_pct
    from months
)

select * from final
