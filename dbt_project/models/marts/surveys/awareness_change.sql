-- Each tracked brand's unaided awareness in the latest wave against the wave closest to a year
-- earlier (within the config's window), as a change in points with Newcombe's 95% interval.
with changes as (
    select * from {{ ref('int_surveys__awareness_changes') }}
),

final as (
    select
        brand,
        is_own_brand,
        wave,
        fieldwork_start,
        fieldwork_end,
        respondents,
        awareness_pct,
        comparison_wave,
        comparison_fieldwork_start,
        comparison_fieldwork_end,
        comparison_respondents,
        comparison_awareness_pct,
        change_points,
        change_ci_low_points,
        change_ci_high_points,
        is_comparable,
        reason,
        is_distinguishable
    from changes
    where wave_number = (select max(all_waves.wave_number) from changes as all_waves)
)

select * from final
