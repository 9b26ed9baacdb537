-- (Direct + Organic Search) / all traffic per property, tool and calendar month, from daily rows
-- when the month has every day, else from an export whose period is exactly that month. Two
-- tools measuring one site are kept apart: their numbers never add up.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides
-- in DOUBLE.)
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
        cast(sum(case when is_direct then traffic else 0 end) as bigint) as direct,
        cast(sum(case when is_organic then traffic else 0 end) as bigint) as organic,
        cast(sum(traffic) as bigint) as total
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
        cast(sum(case when is_direct then traffic else 0 end) as bigint) as direct,
        cast(sum(case when is_organic then traffic else 0 end) as bigint) as organic,
        cast(sum(traffic) as bigint) as total
    from classified
    where
        not is_daily
        and period_start = cast({{ dbt.date_trunc('month', 'period_start') }} as date)
        and period_end = {{ dbt.last_day('period_start', 'month') }}
    group by property, source_tool, traffic_unit, period_start
),

-- Months with every day present.
complete_from_days as (
    select *
    from from_days
    where days_present = {{ days_between('month_start', dbt.last_day('month_start', 'month')) }} + 1
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
    from complete_from_days
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
        select 1 from complete_from_days
        where
            complete_from_days.property = from_periods.property
            and complete_from_days.source_tool = from_periods.source_tool
            and complete_from_days.month_start = from_periods.month_start
    )
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'direct_organic_share'
),

-- The channels this share counts as organic (config web_analytics.organic_includes_social_and_video).
organic_channels as (
    select
        case
            when coalesce({{ dbt.bool_or("setting = 'organic_includes_social_and_video' and value = 'true'") }}, false)
                then 'Organic Search, Organic Social, Organic Video'
            else 'Organic Search'
        end as channels
    from {{ ref('stg_demandgen__metric_settings') }}
),

statuses as (
    select * from {{ ref('light_statuses') }}
),

shares as (
    select
        *,
        case
            when total > 0 then {{ round_number('100 * cast(direct + organic as double) / total', 2) }}
        end as share_pct
    from months
),

-- Each month's light by the scorecard's rule.
lit as (
    select
        shares.*,
        {{ traffic_light('shares.share_pct', 'shares.share_pct is not null') }} as status
    from shares
    cross join benchmarks
),

final as (
    select
        lit.property,
        lit.source_tool,
        lit.month_start,
        cast(lit.month_end as date) as month_end,
        lit.traffic_unit,
        lit.basis,
        lit.direct,
        lit.organic,
        lit.direct + lit.organic as direct_organic,
        lit.total,
        lit.share_pct,
        lit.total - lit.direct - lit.organic as other,
        lit.status,
        statuses.word as status_word,
        statuses.symbol as status_symbol,
        organic_channels.channels as organic_channels
    from lit
    cross join organic_channels
    inner join statuses on lit.status = statuses.status
)

select * from final
