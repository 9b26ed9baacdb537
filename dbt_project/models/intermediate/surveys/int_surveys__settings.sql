-- The config's survey settings as one typed row (defaults where the setting is absent).
with settings as (
    select * from {{ ref('stg_demandgen__metric_settings') }}
),

final as (
    select
        coalesce(bool_or(setting = 'survey_include_unfinished' and value = 'true'), false) as include_unfinished,
        coalesce(max(case when setting = 'survey_min_respondents' then cast(value as integer) end), 30)
            as min_respondents,
        coalesce(max(case when setting = 'survey_comparison_window_months' then cast(value as integer) end), 3)
            as comparison_window_months,
        coalesce(max(case when setting = 'survey_wave_gap_days' then cast(value as integer) end), 30)
            as wave_gap_days
    from settings
)

select * from final
