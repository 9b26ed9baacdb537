-- The unaided-awareness light for every survey wave of the own brand: the change in points against
-- the wave about a year earlier. The latest wave is the scorecard's.
with changes as (
    select * from {{ ref('int_surveys__awareness_changes') }}
    where is_own_brand
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'unaided_awareness_yoy_change'
),

icp_words as (
    select
        case
            when count(*) > 0 then 'respondents in the ideal customer profile'
            else 'respondents (no ICP rule in the config, so all of them)'
        end as who
    from {{ ref('stg_demandgen__icp_rules') }}
),

lit as (
    select
        changes.*,
        coalesce(
            changes.wave_number = (select max(all_waves.wave_number) from changes as all_waves), true
        ) as is_current,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        {{ traffic_light('changes.change_points', 'changes.is_comparable') }} as status,
        icp_words.who
    from benchmarks
    cross join icp_words
    left join changes on true
),

final as (
    select
        'unaided_awareness_yoy_change' as metric,
        fieldwork_start as period_start,
        fieldwork_end as period_end,
        case when is_comparable then change_points end as value,
        benchmark_low,
        benchmark_high,
        status,
        case
            when brand is null
                then 'No survey with an unaided-awareness question (which vendors come to mind?) has been loaded yet.'
            when not is_comparable then reason
            else
                'Unaided awareness among ' || who || ': '
                || {{ format_percent('awareness_pct') }} || ' of '
                || cast(respondents as {{ dbt.type_string() }}) || ' in the ' || wave || ' wave vs '
                || {{ format_percent('comparison_awareness_pct') }} || ' of '
                || cast(comparison_respondents as {{ dbt.type_string() }}) || ' in ' || comparison_wave
                || ', ' || {{ format_signed_points('change_points') }} || ' (95% interval '
                || {{ format_signed_number('change_ci_low_points') }} || ' to '
                || {{ format_signed_points('change_ci_high_points') }} || '). '
                || case
                    when is_distinguishable then 'A real change: the interval excludes no change. '
                    else 'Within noise: the interval includes no change, so these surveys cannot tell it from none. '
                end
                || case
                    when status = 'green'
                        then
                            'Healthy demand generation raises unaided awareness '
                            || {{ format_number('benchmark_low') }} || ' to '
                            || {{ format_number('benchmark_high') }} || ' points a year.'
                    when status = 'amber'
                        then
                            'Rising, but below the ' || {{ format_signed_points('benchmark_low') }}
                            || ' a year of healthy demand generation.'
                    else 'Fewer buyers name the brand unprompted than a year ago.'
                end
        end as explanation,
        fieldwork_end as data_through,
        comparison_fieldwork_start as comparison_start,
        comparison_fieldwork_end as comparison_end,
        'survey_wave' as time_window,
        is_current
    from lit
)

select * from final
