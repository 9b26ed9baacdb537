-- Each tracked brand's unaided awareness in every wave against the wave closest to a year earlier
-- (within the config's window), as a change in points with Newcombe's 95% interval. The latest wave's
-- rows are marts.awareness_change; every wave's own-brand row is a point of the light's history.
with waves as (
    select * from {{ ref('int_surveys__awareness_by_wave') }}
    where role = 'unaided'
),

settings as (
    select * from {{ ref('int_surveys__settings') }}
),

this_wave as (
    select * from waves
),

-- The earlier wave whose middle day is closest to a year before this wave's middle day.
{%- set year_before = add_years(-1, 'this_wave.fieldwork_midpoint') %}
comparison as (
    select
        this_wave.wave_number,
        this_wave.brand,
        earlier.wave,
        earlier.fieldwork_start,
        earlier.fieldwork_end,
        earlier.respondents,
        earlier.awareness_pct,
        earlier.ci_low_pct,
        earlier.ci_high_pct,
        earlier.fieldwork_midpoint
        between {{ dbt.dateadd('month', '-settings.comparison_window_months', year_before) }}
        and {{ dbt.dateadd('month', 'settings.comparison_window_months', year_before) }} as is_within_window,
        {{ month_diff('earlier.fieldwork_midpoint', 'this_wave.fieldwork_midpoint') }} as months_earlier
    from this_wave
    cross join settings
    inner join waves as earlier on this_wave.brand = earlier.brand and this_wave.wave_number > earlier.wave_number
    qualify row_number() over (
        partition by this_wave.wave_number, this_wave.brand
        order by
            abs({{ days_between(year_before, 'earlier.fieldwork_midpoint') }}),
            earlier.wave_number desc
    ) = 1
),

compared as (
    select
        this_wave.wave_number,
        this_wave.brand,
        this_wave.is_own_brand,
        this_wave.wave,
        this_wave.fieldwork_start,
        this_wave.fieldwork_end,
        this_wave.respondents,
        this_wave.awareness_pct,
        this_wave.ci_low_pct,
        this_wave.ci_high_pct,
        comparison.wave as comparison_wave,
        comparison.fieldwork_start as comparison_fieldwork_start,
        comparison.fieldwork_end as comparison_fieldwork_end,
        comparison.respondents as comparison_respondents,
        comparison.awareness_pct as comparison_awareness_pct,
        comparison.ci_low_pct as comparison_ci_low_pct,
        comparison.ci_high_pct as comparison_ci_high_pct,
        comparison.is_within_window,
        comparison.months_earlier,
        settings.min_respondents,
        settings.comparison_window_months
    from this_wave
    cross join settings
    left join comparison on this_wave.wave_number = comparison.wave_number and this_wave.brand = comparison.brand
),

final as (
    select
        wave_number,
        brand,
        is_own_brand,
        wave,
        fieldwork_start,
        fieldwork_end,
        respondents,
        awareness_pct,
        case when is_within_window then comparison_wave end as comparison_wave,
        case when is_within_window then comparison_fieldwork_start end as comparison_fieldwork_start,
        case when is_within_window then comparison_fieldwork_end end as comparison_fieldwork_end,
        case when is_within_window then comparison_respondents end as comparison_respondents,
        case when is_within_window then comparison_awareness_pct end as comparison_awareness_pct,
        case when is_within_window then awareness_pct - comparison_awareness_pct end as change_points,
        case when is_within_window then {{ newcombe_low('awareness_pct', 'ci_low_pct', 'ci_high_pct',
            'comparison_awareness_pct', 'comparison_ci_low_pct', 'comparison_ci_high_pct') }} end
            as change_ci_low_points,
        case when is_within_window then {{ newcombe_high('awareness_pct', 'ci_low_pct', 'ci_high_pct',
            'comparison_awareness_pct', 'comparison_ci_low_pct', 'comparison_ci_high_pct') }} end
            as change_ci_high_points,
        coalesce(is_within_window, false)
        and respondents >= min_respondents and comparison_respondents >= min_respondents as is_comparable,
        case
            when comparison_wave is null
                then
                    'No survey wave before the '
                    || wave
                    || ' wave has been loaded: awareness needs a wave about a year earlier to compare with.'
            when not is_within_window
                then
                    'No survey wave about a year before the '
                    || wave
                    || ' wave: the closest earlier one, '
                    || comparison_wave
                    || ', is '
                    || cast(months_earlier as {{ dbt.type_string() }})
                    || ' months earlier, outside 12 months plus or minus '
                    || cast(comparison_window_months as {{ dbt.type_string() }})
                    || ' (surveys.comparison_window_months).'
            when respondents < min_respondents or comparison_respondents < min_respondents
                then
                    'Too few respondents in the ideal customer profile to compare: '
                    || cast(respondents as {{ dbt.type_string() }})
                    || ' in '
                    || wave
                    || ' and '
                    || cast(comparison_respondents as {{ dbt.type_string() }})
                    || ' in '
                    || comparison_wave
                    || ', where each wave needs at least ' || cast(min_respondents as {{ dbt.type_string() }})
                    || ' (surveys.min_respondents).'
        end as reason
    from compared
)

select
    *,
    is_comparable and (change_ci_low_points > 0 or change_ci_high_points < 0) as is_distinguishable
from final
