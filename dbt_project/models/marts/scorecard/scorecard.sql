-- One row per metric: its value, its benchmark, a traffic light and why, in words.
with growth as (
    select * from {{ ref('branded_search_growth') }}
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
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
        {{ traffic_light('branded_window.impressions_growth_pct', 'branded_window.is_comparable') }} as status,
        case
            when branded_window.time_window = 'trailing_28_days'
                then 'the 28 complete days to ' || {{ format_day('branded_window.period_end') }}
                    || ', against the same weekdays a year earlier'
            else 'the quarter from ' || {{ format_day('branded_window.period_start') }}
                || ' to ' || {{ format_day('branded_window.period_end') }}
                || ', against the same quarter a year earlier'
        end as period_words,
        -- Named one by one: a second period_start / period_end would be ambiguous on Spark.
        branded_window.time_window,
        branded_window.comparison_start,
        branded_window.comparison_end,
        branded_window.data_through,
        branded_window.days_expected,
        branded_window.comparison_days_expected,
        branded_window.days_present,
        branded_window.comparison_days_present,
        branded_window.impressions,
        branded_window.comparison_impressions,
        branded_window.clicks_growth_pct
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

traffic_share as (
    select * from {{ ref('direct_organic_share') }}
),

-- The light is for one site: the one measured in sessions with the most traffic (a second site
-- measured only in visitors, such as a docs site on Plausible, is shown on the traffic page).
traffic_property as (
    select property, source_tool
    from traffic_share
    where time_window = 'last_complete_month'
    order by case when traffic_unit = 'sessions' then 0 else 1 end, total desc nulls last, property, source_tool
    limit 1
),

traffic_month as (
    select traffic_share.*
    from traffic_share
    inner join traffic_property
        on traffic_share.property = traffic_property.property and traffic_share.source_tool = traffic_property.source_tool
    where traffic_share.time_window = 'last_complete_month'
),

traffic_28_days as (
    select traffic_share.*
    from traffic_share
    inner join traffic_property
        on traffic_share.property = traffic_property.property and traffic_share.source_tool = traffic_property.source_tool
    where traffic_share.time_window = 'trailing_28_days' and traffic_share.is_measurable
),

organic_words as (
    select
        case when coalesce({{ dbt.bool_or("setting = 'organic_includes_social_and_video' and value = 'true'") }}, false)
            then 'Direct + Organic Search, Social and Video' else 'Direct + Organic Search' end as channels
    from {{ ref('stg_demandgen__metric_settings') }}
),

direct_organic as (
    select
        benchmarks.metric,
        benchmarks.label,
        traffic_month.period_start,
        traffic_month.period_end,
        traffic_month.share_pct as value,
        benchmarks.unit,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('traffic_month.share_pct', 'traffic_month.share_pct is not null') }} as status,
        case
            when traffic_month.property is null
                then 'No web analytics exports (GA4, Plausible or Matomo) have been loaded yet.'
            when traffic_month.share_pct is null
                then 'Not a complete month of traffic for ' || traffic_month.property || ' in '
                    || {{ format_month('traffic_month.period_start') }}
                    || ' yet: load daily exports covering every day of it, or an export of exactly that month.'
            else organic_words.channels || ' brought ' || {{ format_percent('traffic_month.share_pct') }}
                || ' of ' || {{ format_count('traffic_month.total') }} || ' '
                || case when traffic_month.traffic_unit = 'sessions' then 'sessions'
                    else 'visitors (the tool counts no sessions)' end
                || ' on ' || traffic_month.property || ' in ' || {{ format_month('traffic_month.period_start') }}
                || coalesce(' (' || {{ format_percent('traffic_28_days.share_pct') }} || ' over the 28 days to '
                    || {{ format_day('traffic_28_days.period_end') }} || ')', '')
                || '. ' || case
                    when traffic_month.share_pct >= benchmarks.healthy_low
                        then 'Healthy: at least ' || {{ format_percent('benchmarks.healthy_low') }}
                            || ' of visits come from people who know the name or search for the problem.'
                    when traffic_month.share_pct >= benchmarks.amber_low
                        then 'Below the ' || {{ format_percent('benchmarks.healthy_low') }}
                            || ' of healthy demand generation: much of the traffic is bought or captured.'
                    else 'Well below ' || {{ format_percent('benchmarks.healthy_low') }}
                        || ': most traffic is bought or captured rather than demanded.'
                end
        end as explanation,
        traffic_month.data_through,
        cast(null as date) as comparison_start,
        cast(null as date) as comparison_end
    from benchmarks
    cross join organic_words
    left join traffic_month on true
    left join traffic_28_days on true
    where benchmarks.metric = 'direct_organic_share'
),

awareness_change as (
    select * from {{ ref('awareness_change') }}
    where is_own_brand
),

icp_words as (
    select case when count(*) > 0 then 'respondents in the ideal customer profile'
        else 'respondents (no ICP rule in the config, so all of them)' end as who
    from {{ ref('stg_demandgen__icp_rules') }}
),

unaided_awareness as (
    select
        benchmarks.metric,
        benchmarks.label,
        awareness_change.fieldwork_start as period_start,
        awareness_change.fieldwork_end as period_end,
        case when awareness_change.is_comparable then awareness_change.change_points end as value,
        benchmarks.unit,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('awareness_change.change_points', 'awareness_change.is_comparable') }} as status,
        case
            when awareness_change.brand is null
                then 'No survey with an unaided-awareness question (which vendors come to mind?) has been loaded yet.'
            when not awareness_change.is_comparable then awareness_change.reason
            else 'Unaided awareness among ' || icp_words.who || ': '
                || {{ format_percent('awareness_change.awareness_pct') }} || ' of '
                || cast(awareness_change.respondents as {{ dbt.type_string() }}) || ' in the ' || awareness_change.wave || ' wave vs '
                || {{ format_percent('awareness_change.comparison_awareness_pct') }} || ' of '
                || cast(awareness_change.comparison_respondents as {{ dbt.type_string() }}) || ' in ' || awareness_change.comparison_wave
                || ', ' || {{ format_signed_points('awareness_change.change_points') }} || ' (95% interval '
                || {{ format_signed_number('awareness_change.change_ci_low_points') }} || ' to '
                || {{ format_signed_points('awareness_change.change_ci_high_points') }} || '). '
                || case
                    when awareness_change.is_distinguishable then 'A real change: the interval excludes no change. '
                    else 'Within noise: the interval includes no change, so these surveys cannot tell it from none. '
                end
                || case
                    when awareness_change.change_points >= benchmarks.healthy_low
                        then 'Healthy demand generation raises unaided awareness '
                            || {{ format_number('benchmarks.healthy_low') }} || ' to '
                            || {{ format_number('benchmarks.healthy_high') }} || ' points a year.'
                    when awareness_change.change_points >= benchmarks.amber_low
                        then 'Rising, but below the ' || {{ format_signed_points('benchmarks.healthy_low') }}
                            || ' a year of healthy demand generation.'
                    else 'Fewer buyers name the brand unprompted than a year ago.'
                end
        end as explanation,
        awareness_change.fieldwork_end as data_through,
        awareness_change.comparison_fieldwork_start as comparison_start,
        awareness_change.comparison_fieldwork_end as comparison_end
    from benchmarks
    cross join icp_words
    left join awareness_change on true
    where benchmarks.metric = 'unaided_awareness_yoy_change'
),

-- The light reads one series: worldwide if there is one, else the region with the longest history.
search_share as (
    select *
    from {{ ref('share_of_search_yearly') }}
    order by is_comparable desc, case when geo = 'Worldwide' then 0 else 1 end, comparison_start, geo, granularity
    limit 1
),

share_of_search as (
    select
        benchmarks.metric,
        benchmarks.label,
        search_share.period_start,
        search_share.period_end,
        case when search_share.is_comparable then search_share.change_points end as value,
        benchmarks.unit,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('search_share.change_points', 'search_share.is_comparable') }} as status,
        case
            when search_share.geo is null
                then 'No Google Trends download (multiTimeline.csv) naming the brand and a competitor has been loaded yet.'
            when not search_share.is_comparable
                then 'Share of search needs two years of one Trends download with the brand and at least one competitor: '
                    || 'the download for ' || search_share.geo || ' starts too late to compare the 12 months to '
                    || {{ format_month('search_share.period_end') }} || ' with the 12 before.'
            else 'The brand drew ' || {{ format_percent('search_share.share_pct') }}
                || ' of the search interest in the ' || cast(search_share.brands as {{ dbt.type_string() }}) || ' tracked brands ('
                || search_share.geo || ') in the 12 months to ' || {{ format_month('search_share.period_end') }}
                || ', against ' || {{ format_percent('search_share.comparison_share_pct') }}
                || ' the 12 months before: ' || {{ format_signed_points('search_share.change_points') }} || '. '
                || case
                    when search_share.change_points >= benchmarks.healthy_low
                        then 'A rising share of search tends to lead a rising market share.'
                    when search_share.change_points >= benchmarks.amber_low
                        then {{ text_literal("Flat: the brand is holding its share of the category's searches.") }}
                    else {{ text_literal("Falling: competitors are drawing a growing share of the category's searches.") }}
                end
                || case when search_share.has_below_one then ' Trends values shown as <1 are counted as 0.5.' else '' end
        end as explanation,
        search_share.data_through,
        search_share.comparison_start,
        search_share.comparison_end
    from benchmarks
    left join search_share on true
    where benchmarks.metric = 'share_of_search'
),

quarterly as (
    select * from {{ ref('mentions_per_quarter') }}
    where is_own_brand
),

last_quarter as (
    select *
    from quarterly
    where is_complete
    order by quarter_start desc
    limit 1
),

year_earlier_quarter as (
    select quarterly.*
    from quarterly
    inner join last_quarter on quarterly.quarter_start = {{ add_years(-1, 'last_quarter.quarter_start') }}
),

target_media_mentions as (
    select
        benchmarks.metric,
        benchmarks.label,
        last_quarter.quarter_start as period_start,
        last_quarter.quarter_end as period_end,
        last_quarter.target_media_mentions as value,
        benchmarks.unit,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('last_quarter.target_media_mentions', 'last_quarter.quarter_start is not null') }} as status,
        case
            when last_quarter.quarter_start is null
                then 'No complete quarter of media mentions (Meltwater, Google Alerts or a mapped CSV) has been loaded yet.'
            else cast(last_quarter.target_media_mentions as {{ dbt.type_string() }}) || {{ text_literal(" of the brand's ") }}
                || cast(last_quarter.mentions as {{ dbt.type_string() }}) || ' mentions in the quarter from '
                || {{ format_day('last_quarter.quarter_start') }} || ' to ' || {{ format_day('last_quarter.quarter_end') }}
                || ' ran in the target media (syndicated copies counted once). '
                || case
                    when last_quarter.target_media_mentions > benchmarks.healthy_high
                        then 'Above the usual ' || {{ format_number('benchmarks.healthy_low') }} || ' to '
                            || {{ format_number('benchmarks.healthy_high') }} || ' a quarter: check for a one-off story.'
                    when last_quarter.target_media_mentions >= benchmarks.healthy_low
                        then 'Healthy demand generation earns ' || {{ format_number('benchmarks.healthy_low') }} || ' to '
                            || {{ format_number('benchmarks.healthy_high') }} || ' a quarter in the media the buyers read.'
                    when last_quarter.target_media_mentions >= benchmarks.amber_low
                        then 'Below the ' || {{ format_number('benchmarks.healthy_low') }}
                            || ' a quarter of healthy demand generation.'
                    else {{ text_literal("The buyers' media hardly mention the brand.") }}
                end
        end as explanation,
        cast(last_quarter.quarter_end as date) as data_through,
        cast(null as date) as comparison_start,
        cast(null as date) as comparison_end
    from benchmarks
    left join last_quarter on true
    where benchmarks.metric = 'target_media_mentions_per_quarter'
),

share_of_voice as (
    select
        benchmarks.metric,
        benchmarks.label,
        last_quarter.quarter_start as period_start,
        last_quarter.quarter_end as period_end,
        last_quarter.share_of_voice_pct - year_earlier_quarter.share_of_voice_pct as value,
        benchmarks.unit,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('last_quarter.share_of_voice_pct - year_earlier_quarter.share_of_voice_pct',
                         'year_earlier_quarter.share_of_voice_pct is not null') }} as status,
        case
            when last_quarter.quarter_start is null
                then 'No complete quarter of media mentions has been loaded yet.'
            when year_earlier_quarter.share_of_voice_pct is null
                then 'No mentions of the tracked brands loaded for the same quarter a year before '
                    || {{ format_day('last_quarter.quarter_start') }} || ' to ' || {{ format_day('last_quarter.quarter_end') }}
                    || ', so its share of voice (' || {{ format_percent('last_quarter.share_of_voice_pct') }}
                    || ') has nothing to compare with.'
            else 'The brand had ' || {{ format_percent('last_quarter.share_of_voice_pct') }}
                || {{ text_literal(" of the tracked brands' mentions in the quarter to ") }} || {{ format_day('last_quarter.quarter_end') }}
                || coalesce(' (' || {{ format_percent('last_quarter.target_share_of_voice_pct') }} || ' in the target media)', '')
                || ', against ' || {{ format_percent('year_earlier_quarter.share_of_voice_pct') }}
                || ' a year earlier: ' || {{ format_signed_points('last_quarter.share_of_voice_pct - year_earlier_quarter.share_of_voice_pct') }}
                || '. ' || case
                    when last_quarter.share_of_voice_pct - year_earlier_quarter.share_of_voice_pct >= benchmarks.healthy_low
                        then 'A rising share of voice is how a brand grows its share of the market.'
                    when last_quarter.share_of_voice_pct - year_earlier_quarter.share_of_voice_pct >= benchmarks.amber_low
                        then 'Flat: the brand holds its share of the conversation.'
                    else 'Falling: competitors are taking a growing share of the conversation.'
                end
        end as explanation,
        cast(last_quarter.quarter_end as date) as data_through,
        year_earlier_quarter.quarter_start as comparison_start,
        year_earlier_quarter.quarter_end as comparison_end
    from benchmarks
    left join last_quarter on true
    left join year_earlier_quarter on true
    where benchmarks.metric = 'share_of_voice'
),

-- Every light in the same columns, one row each, with the source family its data comes from
-- (marts.source_freshness says how current that source is).
final as (
    {%- for light, source in [('branded_search_explained', 'search_console'), ('direct_organic', 'web_analytics'),
                              ('unaided_awareness', 'surveys'), ('share_of_search', 'trends'),
                              ('target_media_mentions', 'mentions'), ('share_of_voice', 'mentions')] %}
    select
        metric, label, period_start, period_end, cast(value as double) as value, unit, benchmark_low,
        benchmark_high, status, explanation, data_through, comparison_start, comparison_end,
        '{{ source }}' as source
    from {{ light }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from final
