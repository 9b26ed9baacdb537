with source as (
    select * from {{ source('raw', 'web_analytics_channel_rows') }}
),

renamed as (
    select
        property,
        source_tool,
        report,
        section,
        period_start,
        period_end,
        period_start = period_end as is_daily,
        channel_dimension,
        channel_label,
        source_medium,
        -- GA4's channel rules also read the session campaign (Cross-network, shopping campaigns). No export
        -- read today carries it, so it is NULL, which the rules read as GA4's "(not set)".
        cast(null as {{ dbt.type_string() }}) as campaign,
        sessions,
        users,
        key_events,
        traffic_unit,
        load_id,
        source_file,
        source_row,
        ingested_at
    from source
)

select * from renamed
