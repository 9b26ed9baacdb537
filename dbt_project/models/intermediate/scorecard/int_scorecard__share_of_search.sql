-- The share-of-search light, month by month, for one Trends series: worldwide if there is one, else
-- the region with the longest history (the choice the scorecard makes on the newest windows). Each
-- month's row compares the 12 complete months before it with the 12 before those.
with windows as (
    select * from {{ ref('int_search__share_of_search_windows') }}
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'share_of_search'
),

series as (
    select
        geo,
        granularity
    from windows
    where is_latest
    order by
        is_comparable desc,
        case when geo = 'Worldwide' then 0 else 1 end,
        comparison_start asc,
        geo asc,
        granularity asc
    limit 1
),

lit as (
    select
        windows.*,
        coalesce(windows.is_latest, true) as is_current,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('windows.change_points', 'windows.is_comparable') }} as status
    from benchmarks
    left join series on true
    left join windows on series.geo = windows.geo and series.granularity = windows.granularity
),

final as (
    select
        'share_of_search' as metric,
        period_start,
        period_end,
        case when is_comparable then change_points end as value,
        benchmark_low,
        benchmark_high,
        status,
        case
            when geo is null
                then
                    'No Google Trends download (multiTimeline.csv) naming the brand and a competitor'
                    || ' has been loaded yet.'
            when not is_comparable
                then
                    'Share of search needs two years of one Trends download with the brand and at least one'
                    || ' competitor: the download for ' || geo || ' starts too late to compare the 12 months to '
                    || {{ format_month('period_end') }} || ' with the 12 before.'
            else
                'The brand drew ' || {{ format_percent('share_pct') }}
                || ' of the search interest in the ' || cast(brands as {{ dbt.type_string() }}) || ' tracked brands ('
                || geo || ') in the 12 months to ' || {{ format_month('period_end') }}
                || ', against ' || {{ format_percent('comparison_share_pct') }}
                || ' the 12 months before: ' || {{ format_signed_points('change_points') }} || '. '
                || case status
                    when 'green' then 'A rising share of search tends to lead a rising market share.'
                    when 'amber'
                        then {{ text_literal("Flat: the brand is holding its share of the category's searches.") }}
                    else
                        'Falling: competitors are drawing a growing share of the '
                        || {{ text_literal("category's searches.") }}
                end
                || case when has_below_one then ' Trends values shown as <1 are counted as 0.5.' else '' end
        end as explanation,
        data_through,
        comparison_start,
        comparison_end,
        'twelve_months' as time_window,
        is_current
    from lit
)

select * from final
