-- Branded search year over year as it stands on the last complete day, in its two windows (trailing
-- 28 days, last complete quarter): int_search__branded_growth_windows as of the newest data.
with windows as (
    select * from {{ ref('int_search__branded_growth_windows') }}
),

final as (
    select
        time_window,
        period_start,
        period_end,
        comparison_start,
        comparison_end,
        as_of_date as data_through,
        days_expected,
        comparison_days_expected,
        days_present,
        comparison_days_present,
        impressions,
        comparison_impressions,
        clicks,
        comparison_clicks,
        is_comparable,
        impressions_growth_pct,
        clicks_growth_pct
    from windows
    where as_of_date = (select max(all_windows.as_of_date) from windows as all_windows)
)

select * from final
