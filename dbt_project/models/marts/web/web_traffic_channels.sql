with traffic as (
    select * from {{ ref('int_web__traffic_current') }}
),

final as (
    select
        property,
        period_start,
        period_end,
        channel_group,
        sessions,
        users,
        source_tool,
        traffic_unit,
        key_events,
        is_complete
    from traffic
)

select * from final
