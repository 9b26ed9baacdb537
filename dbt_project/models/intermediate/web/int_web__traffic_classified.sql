-- Complete traffic rows, each counted in the unit its tool has (sessions, or visitors where a tool
-- has no sessions) and marked Direct or organic. Whether Organic Social and Organic Video count as
-- organic is the config's `web_analytics.organic_includes_social_and_video` (default: no).
with traffic as (
    select * from {{ ref('int_web__traffic_current') }}
    where is_complete
),

settings as (
    select
        coalesce(bool_or(setting = 'organic_includes_social_and_video' and value = 'true'), false)
            as organic_includes_social_and_video
    from {{ ref('stg_demandgen__metric_settings') }}
),

final as (
    select
        traffic.property,
        traffic.source_tool,
        traffic.period_start,
        traffic.period_end,
        traffic.is_daily,
        traffic.channel_group,
        traffic.traffic_unit,
        case when traffic.traffic_unit = 'sessions' then traffic.sessions else traffic.users end as traffic,
        traffic.channel_group = 'Direct' as is_direct,
        traffic.channel_group = 'Organic Search'
        or (
            settings.organic_includes_social_and_video
            and traffic.channel_group in ('Organic Social', 'Organic Video')
        ) as is_organic,
        settings.organic_includes_social_and_video
    from traffic
    cross join settings
)

select * from final
