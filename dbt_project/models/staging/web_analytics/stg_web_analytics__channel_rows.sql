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
        channel_group,
        mapped_from_source_medium,
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
