-- The share-of-voice light for every complete quarter: the own brand's share of the tracked brands'
-- mentions against the same quarter a year earlier. The last complete quarter is the scorecard's.
with quarters as (
    select * from {{ ref('mentions_per_quarter') }}
    where is_own_brand
),

complete_quarters as (
    select * from quarters
    where is_complete
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'share_of_voice'
),

compared as (
    select
        complete_quarters.quarter_start,
        complete_quarters.quarter_end,
        complete_quarters.share_of_voice_pct,
        complete_quarters.target_share_of_voice_pct,
        year_earlier.quarter_start as comparison_start,
        year_earlier.quarter_end as comparison_end,
        year_earlier.share_of_voice_pct as comparison_share_of_voice_pct,
        complete_quarters.share_of_voice_pct - year_earlier.share_of_voice_pct as change_points
    from complete_quarters
    left join quarters as year_earlier
        on year_earlier.quarter_start = {{ add_years(-1, 'complete_quarters.quarter_start') }}
),

lit as (
    select
        compared.*,
        coalesce(
            compared.quarter_start = (select max(complete_quarters.quarter_start) from complete_quarters), true
        ) as is_current,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('compared.change_points', 'compared.comparison_share_of_voice_pct is not null') }} as status
    from benchmarks
    left join compared on true
),

final as (
    select
        'share_of_voice' as metric,
        quarter_start as period_start,
        quarter_end as period_end,
        change_points as value,
        benchmark_low,
        benchmark_high,
        status,
        case
            when quarter_start is null
                then 'No complete quarter of media mentions has been loaded yet.'
            when comparison_share_of_voice_pct is null
                then
                    'No mentions of the tracked brands loaded for the same quarter a year before '
                    || {{ format_day('quarter_start') }} || ' to ' || {{ format_day('quarter_end') }}
                    || ', so its share of voice (' || {{ format_percent('share_of_voice_pct') }}
                    || ') has nothing to compare with.'
            else
                'The brand had ' || {{ format_percent('share_of_voice_pct') }}
                || {{ text_literal(" of the tracked brands' mentions in the quarter to ") }}
                || {{ format_day('quarter_end') }}
                || coalesce(' (' || {{ format_percent('target_share_of_voice_pct') }} || ' in the target media)', '')
                || ', against ' || {{ format_percent('comparison_share_of_voice_pct') }}
                || ' a year earlier: ' || {{ format_signed_points('change_points') }}
                || '. ' || case status
                    when 'green' then 'A rising share of voice is how a brand grows its share of the market.'
                    when 'amber' then 'Flat: the brand holds its share of the conversation.'
                    else 'Falling: competitors are taking a growing share of the conversation.'
                end
        end as explanation,
        cast(quarter_end as date) as data_through,
        comparison_start,
        comparison_end,
        'calendar_quarter' as time_window,
        is_current
    from lit
)

select * from final
