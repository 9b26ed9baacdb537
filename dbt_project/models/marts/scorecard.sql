-- One row per metric: its value, its benchmark, a traffic light and why, in words.
with growth as (
    select * from {{ ref('branded_search_growth') }}
),

benchmarks as (
    select * from {{ ref('int_benchmarks') }}
),

-- The 28-day window is the most current; the quarter stands in when the 28 days a year
-- earlier are not all there.
branded_window as (
    select *
    from growth
    order by
        is_comparable desc,
        case time_window when 'trailing_28_days' then 0 else 1 end
    limit 1
),

branded_search as (
    select
        benchmarks.metric,
        benchmarks.label,
        branded_window.period_start,
        branded_window.period_end,
        branded_window.impressions_growth_pct as value,
        benchmarks.unit,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        case
            when not branded_window.is_comparable then 'insufficient_data'
            when branded_window.impressions_growth_pct >= benchmarks.healthy_low then 'green'
            when branded_window.impressions_growth_pct >= benchmarks.amber_low then 'amber'
            else 'red'
        end as status,
        case
            when branded_window.time_window = 'trailing_28_days'
                then 'the 28 complete days to ' || {{ format_day('branded_window.period_end') }}
                    || ', against the same weekdays a year earlier'
            else 'the quarter from ' || {{ format_day('branded_window.period_start') }}
                || ' to ' || {{ format_day('branded_window.period_end') }}
                || ', against the same quarter a year earlier'
        end as period_words,
        branded_window.*
    from branded_window
    cross join benchmarks
    where benchmarks.metric = 'branded_search_yoy_growth'
),

branded_search_explained as (
    select
        *,
        case
            when data_through is null
                then 'No daily Search Console data (bulk export or API responses) has been loaded yet.'
            when status = 'insufficient_data' and comparison_days_present = 0
                then 'No branded search data a year before ' || period_words
                    || '. Search Console keeps 16 months: load older bulk exports to compare.'
            when status = 'insufficient_data'
                then 'Not enough complete days to compare ' || period_words || ': '
                    || days_present || ' of ' || days_expected || ' days now and '
                    || comparison_days_present || ' of ' || comparison_days_expected
                    || ' days a year earlier are loaded.'
            else 'Branded impressions ' || case when value >= 0 then 'grew ' else 'fell ' end
                || {{ format_signed_percent('value') }} || ' (' || {{ format_count('impressions') }}
                || ' vs ' || {{ format_count('comparison_impressions') }} || ') over ' || period_words
                || coalesce('; branded clicks ' || {{ format_signed_percent('clicks_growth_pct') }}, '')
                || '. ' || case status
                    when 'green' then case
                        when value > benchmark_high then 'Above the usual ' || {{ format_signed_percent('benchmark_low') }}
                            || ' to ' || {{ format_signed_percent('benchmark_high') }}
                            || ' a year: check for a campaign or one-off spike before celebrating.'
                        else 'Healthy demand generation grows branded search '
                            || {{ format_signed_percent('benchmark_low') }} || ' to '
                            || {{ format_signed_percent('benchmark_high') }} || ' a year.'
                        end
                    when 'amber' then 'Growing, but below the ' || {{ format_signed_percent('benchmark_low') }}
                        || ' a year that healthy demand generation shows.'
                    else 'Fewer people are searching for the brand than a year ago.'
                end
        end as explanation
    from branded_search
),

final as (
    select
        metric,
        label,
        period_start,
        period_end,
        cast(value as double) as value,
        unit,
        benchmark_low,
        benchmark_high,
        status,
        explanation,
        data_through,
        comparison_start,
        comparison_end
    from branded_search_explained
)

select * from final
