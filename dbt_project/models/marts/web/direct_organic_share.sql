-- (Direct + Organic Search) / all traffic per property and tool, for the last complete month and, where
-- daily data exists, the trailing 28 complete days.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with classified as (
    select * from {{ ref('int_web__traffic_classified') }}
),

monthly as (
    select * from {{ ref('direct_organic_share_monthly') }}
),

data_through as (
    select
        property,
        source_tool,
        max(period_end) as day,
        max(case when is_daily then period_end end) as last_complete_day
    from classified
    group by property, source_tool
),

last_complete_month as (
    select
        data_through.property,
        data_through.source_tool,
        'last_complete_month' as time_window,
        cast({{ dbt.dateadd('month', -1, dbt.date_trunc('month', add_days(1, 'data_through.day'))) }} as date)
            as period_start,
        {{ add_days(-1, dbt.date_trunc('month', add_days(1, 'data_through.day'))) }} as period_end,
        data_through.day as data_through
    from data_through
),

month_window as (
    select
        last_complete_month.property,
        last_complete_month.source_tool,
        last_complete_month.time_window,
        last_complete_month.period_start,
        last_complete_month.period_end,
        last_complete_month.data_through,
        monthly.traffic_unit,
        monthly.basis,
        monthly.direct,
        monthly.organic,
        monthly.total,
        monthly.share_pct
    from last_complete_month
    left join monthly
        on
            last_complete_month.property = monthly.property
            and last_complete_month.source_tool = monthly.source_tool
            and last_complete_month.period_start = monthly.month_start
),

trailing_28_days as (
    select
        data_through.property,
        data_through.source_tool,
        'trailing_28_days' as time_window,
        {{ add_days(-27, 'data_through.last_complete_day') }} as period_start,
        data_through.last_complete_day as period_end,
        data_through.day as data_through,
        min(classified.traffic_unit) as traffic_unit,
        'daily' as basis,
        count(distinct classified.period_start) as days_present,
        cast(sum(case when classified.is_direct then classified.traffic else 0 end) as bigint) as direct,
        cast(sum(case when classified.is_organic then classified.traffic else 0 end) as bigint) as organic,
        cast(sum(classified.traffic) as bigint) as total
    from data_through
    inner join classified
        on
            data_through.property = classified.property
            and data_through.source_tool = classified.source_tool
            and classified.is_daily
            and classified.period_start between {{ add_days(-27, 'data_through.last_complete_day') }}
            and data_through.last_complete_day
    group by data_through.property, data_through.source_tool, data_through.last_complete_day, data_through.day
),

windows as (
    select
        property,
        source_tool,
        time_window,
        period_start,
        period_end,
        data_through,
        traffic_unit,
        basis,
        direct,
        organic,
        total,
        share_pct,
        share_pct is not null as is_measurable
    from month_window
    union all
    select
        property,
        source_tool,
        time_window,
        period_start,
        period_end,
        data_through,
        traffic_unit,
        basis,
        direct,
        organic,
        total,
        case
            when
                days_present = 28 and total > 0
                then {{ round_number('100 * cast(direct + organic as double) / total', 2) }}
        end
            as share_pct,
        days_present = 28 and total > 0 as is_measurable
    from trailing_28_days
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'direct_organic_share'
),

-- Each window's light by the scorecard's rule.
lit as (
    select
        windows.*,
        {{ traffic_light('windows.share_pct', 'windows.is_measurable') }} as status
    from windows
    cross join benchmarks
),

final as (
    select
        lit.*,
        statuses.word as status_word,
        statuses.symbol as status_symbol
    from lit
    inner join {{ ref('light_statuses') }} as statuses on lit.status = statuses.status
)

select * from final
