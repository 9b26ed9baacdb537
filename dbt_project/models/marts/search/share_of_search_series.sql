-- Each Google Trends series loaded (a region at one granularity), the one to chart first first: Worldwide
-- when there is one, else the region with the most rows; within a region the granularity covering the
-- longest span, then the one with the most periods.
with shares as (
    select * from {{ ref('share_of_search') }}
),

series as (
    select
        geo,
        granularity,
        count(*) as row_count,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        count(distinct period_start) as periods,
        count(distinct brand) as brands,
        count(distinct case when has_below_one then period_start end) as below_one_periods
    from shares
    group by geo, granularity
),

ranked as (
    select
        *,
        sum(row_count) over (partition by geo) as geo_rows
    from series
),

final as (
    select
        geo,
        granularity,
        first_period_start,
        last_period_end,
        periods,
        brands,
        below_one_periods,
        row_number() over (
            order by
                case when geo = 'Worldwide' then 0 else 1 end, geo_rows desc, geo asc,
                {{ days_between('first_period_start', 'last_period_end') }} desc,
                periods desc,
                granularity asc
        ) as series_rank
    from ranked
)

select * from final
