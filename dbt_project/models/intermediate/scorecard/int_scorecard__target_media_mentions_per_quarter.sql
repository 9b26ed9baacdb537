-- The target-media light for every complete quarter: the own brand's stories in the target media.
-- The last complete quarter is the scorecard's.
with quarters as (
    select * from {{ ref('mentions_per_quarter') }}
    where is_own_brand and is_complete
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'target_media_mentions_per_quarter'
),

lit as (
    select
        quarters.*,
        coalesce(
            quarters.quarter_start = (select max(all_quarters.quarter_start) from quarters as all_quarters), true
        ) as is_current,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('quarters.target_media_mentions', 'quarters.quarter_start is not null') }} as status
    from benchmarks
    left join quarters on true
),

final as (
    select
        'target_media_mentions_per_quarter' as metric,
        quarter_start as period_start,
        quarter_end as period_end,
        target_media_mentions as value,
        benchmark_low,
        benchmark_high,
        status,
        case
            when quarter_start is null
                then
                    'No complete quarter of media mentions (Meltwater, Google Alerts or a mapped CSV)'
                    || ' has been loaded yet.'
            else
                cast(target_media_mentions as {{ dbt.type_string() }}) || {{ text_literal(" of the brand's ") }}
                || cast(mentions as {{ dbt.type_string() }}) || ' mentions in the quarter from '
                || {{ format_day('quarter_start') }} || ' to ' || {{ format_day('quarter_end') }}
                || ' ran in the target media (syndicated copies counted once). '
                || case
                    when target_media_mentions > benchmark_high
                        then
                            'Above the usual ' || {{ format_number('benchmark_low') }} || ' to '
                            || {{ format_number('benchmark_high') }} || ' a quarter: check for a one-off story.'
                    when status = 'green'
                        then
                            'Healthy demand generation earns ' || {{ format_number('benchmark_low') }} || ' to '
                            || {{ format_number('benchmark_high') }} || ' a quarter in the media the buyers read.'
                    when status = 'amber'
                        then
                            'Below the ' || {{ format_number('benchmark_low') }}
                            || ' a quarter of healthy demand generation.'
                    else {{ text_literal("The buyers' media hardly mention the brand.") }}
                end
        end as explanation,
        cast(quarter_end as date) as data_through,
        cast(null as date) as comparison_start,
        cast(null as date) as comparison_end,
        'calendar_quarter' as time_window,
        is_current
    from lit
)

select * from final
