-- The brand's share of search over the last 12 complete months against the 12 months before, per
-- region and granularity. Shares are summed over the months (brand interest / all tracked brands'
-- interest), so a quiet week weighs less than a busy one. A period belongs to the month it starts
-- in; the month of the newest period is left out, as Trends shows it before it is complete.
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

windows as (
    select
        *,
        {{ add_years(-1, dbt.date_trunc('month', 'last_period_start')) }} as period_start,
        cast({{ dbt.date_trunc('month', 'last_period_start') }} as date) as period_end_exclusive,
        {{ add_years(-2, dbt.date_trunc('month', 'last_period_start')) }} as comparison_start
    from series
),

sums as (
    select
        windows.geo,
        windows.granularity,
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
        on windows.geo = shares.geo and windows.granularity = shares.granularity
        and shares.period_start >= windows.comparison_start and shares.period_start < windows.period_end_exclusive
    group by windows.geo, windows.granularity
),

final as (
    select
        windows.geo,
        windows.granularity,
        windows.period_start,
        {{ add_days(-1, 'windows.period_end_exclusive') }} as period_end,
        windows.comparison_start,
        {{ add_days(-1, 'windows.period_start') }} as comparison_end,
        windows.data_through,
        sums.brands,
        100 * cast(sums.own_interest as double) / nullif(sums.all_interest, 0) as share_pct,
        100 * cast(sums.comparison_own_interest as double) / nullif(sums.comparison_all_interest, 0) as comparison_share_pct,
        100 * cast(sums.own_interest as double) / nullif(sums.all_interest, 0)
            - 100 * cast(sums.comparison_own_interest as double) / nullif(sums.comparison_all_interest, 0) as change_points,
        -- The first week of the comparison year may start a few days into it.
        coalesce(sums.has_own_brand, false) and sums.brands >= 2
            and windows.first_period_start < {{ add_days(7, 'windows.comparison_start') }} as is_comparable,
        coalesce(sums.has_below_one, false) as has_below_one
    from windows
    left join sums on windows.geo = sums.geo and windows.granularity = sums.granularity
)

select * from final
