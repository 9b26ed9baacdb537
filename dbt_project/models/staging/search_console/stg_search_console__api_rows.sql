with source as (
    select * from {{ source('raw', 'search_console_api_rows') }}
),

renamed as (
    select
        date,
        property,
        dimensions,
        query,
        page,
        lower(country) as country,
        lower(device) as device,
        clicks,
        impressions,
        position,
        -- With dataState "all" the API marks where still-changing data starts.
        first_incomplete_date is null or date < first_incomplete_date as is_complete,
        load_id,
        source_file,
        source_row
    from source
)

select * from renamed
