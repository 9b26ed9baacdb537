-- The brand's share of search over the last 12 complete months against the 12 months before, per
-- region and granularity (int_search__share_of_search_windows, the newest window of each series).
with windows as (
    select * from {{ ref('int_search__share_of_search_windows') }}
),

final as (
    select
        geo,
        granularity,
        period_start,
        period_end,
        comparison_start,
        comparison_end,
        data_through,
        brands,
        share_pct,
        comparison_share_pct,
        change_points,
        is_comparable,
        has_below_one
    from windows
    where is_latest
)

select * from final
