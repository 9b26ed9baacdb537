with source as (
    select * from {{ source('raw', 'search_console_bulk_url_rows') }}
),

renamed as (
    select
        data_date as date,
        site_url as property,
        url as page,
        query,
        coalesce(is_anonymized_query, query is null) as is_anonymized,
        lower(country) as country,
        lower(search_type) as search_type,
        lower(device) as device,
        impressions,
        clicks,
        sum_position,
        load_id,
        source_file,
        source_row
    from source
)

select * from renamed
