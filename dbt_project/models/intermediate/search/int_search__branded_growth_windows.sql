-- Branded search year over year as it stood at the end of every week (each Sunday whose 28 days are
-- all loaded) and on the last complete day, in two windows: the trailing 28 complete days against the
-- same weekdays 364 days earlier, and the last complete quarter against the same quarter a year
-- earlier. All properties are summed. Only complete days count; a window missing any day is not compared.
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
    select * from daily
    where is_complete
),

bounds as (
    select
        min(date) as first_day,
        max(date) as last_day
    from complete_days
),

-- Weeks end on Sunday (date_trunc('week') is the Monday on both engines), from the first with 28 days
-- of data behind it; the last complete day is always one.
{%- set week_end = add_days(6, dbt.date_trunc('week', 'complete_days.date')) %}
as_of_dates as (
    select distinct {{ week_end }} as as_of_date
    from complete_days
    cross join bounds
    where
        {{ week_end }} < bounds.last_day
        and {{ week_end }} >= {{ add_days(27, 'bounds.first_day') }}
    union
    select last_day as as_of_date
    from bounds
    where last_day is not null
),

windows as (
    select
        as_of_date,
        'trailing_28_days' as time_window,
        {{ add_days(-27, 'as_of_date') }} as period_start,
        as_of_date as period_end,
        {{ add_days(-27 - 364, 'as_of_date') }} as comparison_start,
        {{ add_days(-364, 'as_of_date') }} as comparison_end
    from as_of_dates
    union all
    -- The quarter before the one holding the day after: a last complete day of 31 Mar makes Q1 complete.
    select
        as_of_date,
        'last_complete_quarter' as time_window,
        cast({{ dbt.dateadd('month', -3, dbt.date_trunc('quarter', add_days(1, 'as_of_date'))) }} as date)
            as period_start,
        {{ add_days(-1, dbt.date_trunc('quarter', add_days(1, 'as_of_date'))) }} as period_end,
        cast({{ dbt.dateadd('month', -15, dbt.date_trunc('quarter', add_days(1, 'as_of_date'))) }} as date)
            as comparison_start,
        {{ add_days(-1, add_years(-1, dbt.date_trunc('quarter', add_days(1, 'as_of_date')))) }} as comparison_end
    from as_of_dates
),

-- Each window with the complete days it spans, now and a year earlier (NULLs when none is loaded).
window_days as (
    select
        windows.*,
        complete_days.branded_impressions,
        complete_days.branded_clicks,
        complete_days.date between windows.period_start and windows.period_end as is_in_period,
        complete_days.date between windows.comparison_start and windows.comparison_end as is_in_comparison
    from windows
    left join complete_days
        on complete_days.date between windows.comparison_start and windows.period_end
),

measured as (
    select
        as_of_date,
        time_window,
        period_start,
        period_end,
        comparison_start,
        comparison_end,
        {{ days_between('period_start', 'period_end') }} + 1 as days_expected,
        {{ days_between('comparison_start', 'comparison_end') }} + 1 as comparison_days_expected,
        count(case when is_in_period then 1 end) as days_present,
        count(case when is_in_comparison then 1 end) as comparison_days_present,
        cast(sum(case when is_in_period then branded_impressions end) as bigint) as impressions,
        cast(sum(case when is_in_comparison then branded_impressions end) as bigint) as comparison_impressions,
        cast(sum(case when is_in_period then branded_clicks end) as bigint) as clicks,
        cast(sum(case when is_in_comparison then branded_clicks end) as bigint) as comparison_clicks
    from window_days
    group by as_of_date, time_window, period_start, period_end, comparison_start, comparison_end
),

-- A week's end is a point of history only when its 28 days are all there; the last day always is.
full_weeks as (
    select as_of_date
    from measured
    where time_window = 'trailing_28_days' and days_present = days_expected
),

kept as (
    select measured.*
    from measured
    where
        measured.as_of_date = (select bounds.last_day from bounds)
        or measured.as_of_date in (select full_weeks.as_of_date from full_weeks)
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
            when
                days_present = days_expected
                and comparison_days_present = comparison_days_expected
                and comparison_impressions > 0
                then {{ round_number(
                    '100 * cast(impressions - comparison_impressions as double) / comparison_impressions', 2
                ) }}
        end as impressions_growth_pct,
        case
            when
                days_present = days_expected
                and comparison_days_present = comparison_days_expected
                and comparison_clicks > 0
                then {{ round_number('100 * cast(clicks - comparison_clicks as double) / comparison_clicks', 2) }}
        end as clicks_growth_pct
    from kept
)

select * from final
