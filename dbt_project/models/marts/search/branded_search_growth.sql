-- Branded search year over year, in two windows: the trailing 28 complete days against the same
-- weekdays 364 days earlier, and the last complete quarter against the same quarter a year earlier.
-- All properties are summed. Only complete days count; a window missing any day is not compared.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with daily as (
    select
        date,
        sum(case when segment = 'branded' then impressions else 0 end) as branded_impressions,
        sum(case when segment = 'branded' then clicks else 0 end) as branded_clicks,
        bool_and(is_complete) as is_complete
    from {{ ref('branded_search_daily') }}
    group by date
),

complete_days as (
    select * from daily where is_complete
),

data_through as (
    select
        max(date) as day,
        -- The quarter after the one that holds the last complete day; the quarter before it is
        -- the last complete one (a last complete day of 31 Mar makes Q1 complete).
        cast({{ dbt.date_trunc('quarter', add_days(1, 'max(date)')) }} as date) as next_quarter_start
    from complete_days
),

windows as (
    select
        'trailing_28_days' as time_window,
        {{ add_days(-27, 'day') }} as period_start,
        day as period_end,
        {{ add_days(-27 - 364, 'day') }} as comparison_start,
        {{ add_days(-364, 'day') }} as comparison_end,
        day as data_through
    from data_through
    union all
    select
        'last_complete_quarter' as time_window,
        cast({{ dbt.dateadd('month', -3, 'next_quarter_start') }} as date) as period_start,
        {{ add_days(-1, 'next_quarter_start') }} as period_end,
        cast({{ dbt.dateadd('month', -15, 'next_quarter_start') }} as date) as comparison_start,
        {{ add_days(-1, add_years(-1, 'next_quarter_start')) }} as comparison_end,
        day as data_through
    from data_through
),

measured as (
    select
        windows.time_window,
        windows.period_start,
        windows.period_end,
        windows.comparison_start,
        windows.comparison_end,
        windows.data_through,
        {{ dbt.datediff('windows.period_start', 'windows.period_end', 'day') }} + 1 as days_expected,
        {{ dbt.datediff('windows.comparison_start', 'windows.comparison_end', 'day') }} + 1
            as comparison_days_expected,
        count(case when complete_days.date between windows.period_start and windows.period_end then 1 end)
            as days_present,
        count(case when complete_days.date between windows.comparison_start and windows.comparison_end then 1 end)
            as comparison_days_present,
        sum(case when complete_days.date between windows.period_start and windows.period_end
            then complete_days.branded_impressions end) as impressions,
        sum(case when complete_days.date between windows.comparison_start and windows.comparison_end
            then complete_days.branded_impressions end) as comparison_impressions,
        sum(case when complete_days.date between windows.period_start and windows.period_end
            then complete_days.branded_clicks end) as clicks,
        sum(case when complete_days.date between windows.comparison_start and windows.comparison_end
            then complete_days.branded_clicks end) as comparison_clicks
    from windows
    left join complete_days
        on complete_days.date between windows.comparison_start and windows.period_end
    group by all
),

final as (
    select
        *,
        coalesce(
            days_present = days_expected
            and comparison_days_present = comparison_days_expected
            and comparison_impressions > 0,
            false
        ) as is_comparable,
        case
            when days_present = days_expected and comparison_days_present = comparison_days_expected
                and comparison_impressions > 0
                then {{ round_number('100 * cast(impressions - comparison_impressions as double) / comparison_impressions', 2) }}
        end as impressions_growth_pct,
        case
            when days_present = days_expected and comparison_days_present = comparison_days_expected
                and comparison_clicks > 0
                then {{ round_number('100 * cast(clicks - comparison_clicks as double) / comparison_clicks', 2) }}
        end as clicks_growth_pct
    from measured
)

select * from final
