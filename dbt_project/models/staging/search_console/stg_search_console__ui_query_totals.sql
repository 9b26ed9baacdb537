with source as (
    select * from {{ source('raw', 'search_console_ui_query_totals') }}
),

renamed as (
    select
        property,
        period_start,
        period_end,
        query,
        lower(search_type) as search_type,
        filters,
        clicks,
        impressions,
        position,
        load_id,
        source_file,
        source_row
    from source
)

select * from renamed
