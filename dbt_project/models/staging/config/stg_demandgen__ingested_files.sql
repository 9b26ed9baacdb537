with source as (
    select * from {{ source('raw', 'ingested_files') }}
),

renamed as (
    select
        load_id,
        file_name,
        sha256,
        detected_format,
        status,
        rows,
        reason,
        ingested_at,
        run_id,
        property,
        data_start,
        data_end,
        grain,
        export_id,
        size_bytes,
        detail
    from source
)

select * from renamed
