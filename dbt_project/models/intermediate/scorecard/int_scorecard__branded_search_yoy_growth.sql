-- The branded-search light as it stood at the end of every week and on the last complete day: the
-- trailing 28 days against a year earlier, or the last complete quarter when the 28 days a year
-- earlier are not all there. The newest is the scorecard's; a warehouse without daily Search
-- Console data gets one row saying so.
with windows as (
    select * from {{ ref('int_search__branded_growth_windows') }}
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'branded_search_yoy_growth'
),

chosen as (
    select *
    from windows
    qualify row_number() over (
        partition by as_of_date
        order by is_comparable desc, case time_window when 'trailing_28_days' then 0 else 1 end
    ) = 1
),

-- A left join, so the scorecard has the light (with the reason) even when nothing is loaded.
lit as (
    select
        chosen.*,
        coalesce(chosen.as_of_date = (select max(windows.as_of_date) from windows), true) as is_current,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('chosen.impressions_growth_pct', 'chosen.is_comparable') }} as status,
        case
            when chosen.time_window = 'trailing_28_days'
                then
                    'the 28 complete days to ' || {{ format_day('chosen.period_end') }}
                    || ', against the same weekdays a year earlier'
            else
                'the quarter from ' || {{ format_day('chosen.period_start') }}
                || ' to ' || {{ format_day('chosen.period_end') }}
                || ', against the same quarter a year earlier'
        end as period_words
    from benchmarks
    left join chosen on true
),

final as (
    select
        'branded_search_yoy_growth' as metric,
        period_start,
        period_end,
        impressions_growth_pct as value,
        benchmark_low,
        benchmark_high,
        status,
        case
            when as_of_date is null
                then 'No daily Search Console data (bulk export or API responses) has been loaded yet.'
            when status = 'insufficient_data' and comparison_days_present = 0
                then
                    'No branded search data a year before ' || period_words
                    || '. Search Console keeps 16 months: load older bulk exports to compare.'
            when status = 'insufficient_data'
                then
                    'Not enough complete days to compare ' || period_words || ': '
                    || cast(days_present as {{ dbt.type_string() }}) || ' of '
                    || cast(days_expected as {{ dbt.type_string() }}) || ' days now and '
                    || cast(comparison_days_present as {{ dbt.type_string() }}) || ' of '
                    || cast(comparison_days_expected as {{ dbt.type_string() }}) || ' days a year earlier are loaded.'
            else
                'Branded impressions ' || case when impressions_growth_pct >= 0 then 'grew ' else 'fell ' end
                || {{ format_signed_percent('impressions_growth_pct') }} || ' (' || {{ format_count('impressions') }}
                || ' vs ' || {{ format_count('comparison_impressions') }} || ') over ' || period_words
                || coalesce('; branded clicks ' || {{ format_signed_percent('clicks_growth_pct') }}, '')
                || '. ' || case status
                    when 'green'
                        then case
                            when impressions_growth_pct > benchmark_high
                                then
                                    'Above the usual ' || {{ format_signed_percent('benchmark_low') }}
                                    || ' to ' || {{ format_signed_percent('benchmark_high') }}
                                    || ' a year: check for a campaign or one-off spike before celebrating.'
                            else
                                'Healthy demand generation grows branded search '
                                || {{ format_signed_percent('benchmark_low') }} || ' to '
                                || {{ format_signed_percent('benchmark_high') }} || ' a year.'
                        end
                    when 'amber'
                        then
                            'Growing, but below the ' || {{ format_signed_percent('benchmark_low') }}
                            || ' a year that healthy demand generation shows.'
                    else 'Fewer people are searching for the brand than a year ago.'
                end
        end as explanation,
        as_of_date as data_through,
        comparison_start,
        comparison_end,
        time_window,
        is_current
    from lit
)

select * from final
