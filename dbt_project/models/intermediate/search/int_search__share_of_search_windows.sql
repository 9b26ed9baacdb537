-- The brand's share of search over 12 complete months against the 12 months before, per region and
-- granularity, as it stood at the end of every month of the series. Shares are summed over the months
-- (brand interest / all tracked brands' interest), so a quiet week weighs less than a busy one. A
-- period belongs to the month it starts in; the month of the newest period is left out, as Trends
-- shows it before it is complete.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with shares as (
    select * from {{ ref('share_of_search') }}
),

series as (
    select
        geo,
        granularity,
        max(period_start) as last_period_start,
        min(period_start) as first_period_start,
        max(period_end) as data_through
    from shares
    group by geo, granularity
),

-- Each window ends (exclusive) at a month start a year or more after the series' first month (its 12
-- months are all in the download), up to the month of its newest period, which always has a window
-- (the scorecard's, even when the series is too short).
window_ends as (
    select
        shares.geo,
        shares.granularity,
        cast({{ dbt.date_trunc('month', 'shares.period_start') }} as date) as period_end_exclusive
    from shares
    inner join series on shares.geo = series.geo and shares.granularity = series.granularity
    where
        {{ dbt.date_trunc('month', 'shares.period_start') }}
        >= {{ dbt.dateadd('year', 1, dbt.date_trunc('month', 'series.first_period_start')) }}
    union
    select
        geo,
        granularity,
        cast({{ dbt.date_trunc('month', 'last_period_start') }} as date)
    from series
),

windows as (
    select
        series.geo,
        series.granularity,
        series.first_period_start,
        series.data_through as series_data_through,
        window_ends.period_end_exclusive = cast({{ dbt.date_trunc('month', 'series.last_period_start') }} as date)
            as is_latest,
        {{ add_years(-1, 'window_ends.period_end_exclusive') }} as period_start,
        window_ends.period_end_exclusive,
        {{ add_years(-2, 'window_ends.period_end_exclusive') }} as comparison_start
    from series
    inner join window_ends on series.geo = window_ends.geo and series.granularity = window_ends.granularity
),

sums as (
    select
        windows.geo,
        windows.granularity,
        windows.period_end_exclusive,
        sum(case when shares.period_start >= windows.period_start and shares.is_own_brand then shares.interest end)
            as own_interest,
        sum(case when shares.period_start >= windows.period_start then shares.interest end) as all_interest,
        sum(case when shares.period_start < windows.period_start and shares.is_own_brand then shares.interest end)
            as comparison_own_interest,
        sum(case when shares.period_start < windows.period_start then shares.interest end) as comparison_all_interest,
        {{ dbt.bool_or('shares.is_own_brand') }} as has_own_brand,
        count(distinct shares.brand) as brands,
        {{ dbt.bool_or('shares.has_below_one') }} as has_below_one
    from windows
    inner join shares
        on
            windows.geo = shares.geo and windows.granularity = shares.granularity
            and windows.comparison_start <= shares.period_start and windows.period_end_exclusive > shares.period_start
    group by windows.geo, windows.granularity, windows.period_end_exclusive
),

final as (
    select
        windows.geo,
        windows.granularity,
        windows.period_start,
        {{ add_days(-1, 'windows.period_end_exclusive') }} as period_end,
        windows.comparison_start,
        {{ add_days(-1, 'windows.period_start') }} as comparison_end,
        case
            when windows.is_latest then windows.series_data_through
            else {{ add_days(-1, 'windows.period_end_exclusive') }}
        end as data_through,
        windows.is_latest,
        sums.brands,
        100 * cast(sums.own_interest as double) / nullif(sums.all_interest, 0) as share_pct,
        100
        * cast(sums.comparison_own_interest as double)
        / nullif(sums.comparison_all_interest, 0) as comparison_share_pct,
        100 * cast(sums.own_interest as double) / nullif(sums.all_interest, 0)
        - 100 * cast(sums.comparison_own_interest as double) / nullif(sums.comparison_all_interest, 0) as change_points,
        -- The first week of the comparison year may start a few days into it.
        coalesce(sums.has_own_brand, false) and sums.brands >= 2
        and windows.first_period_start < {{ add_days(7, 'windows.comparison_start') }} as is_comparable,
        coalesce(sums.has_below_one, false) as has_below_one
    from windows
    left join sums
        on
            windows.geo = sums.geo and windows.granularity = sums.granularity
            and windows.period_end_exclusive = sums.period_end_exclusive
)

select * from final
