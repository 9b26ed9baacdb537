with files as (
    select * from {{ ref('stg_demandgen__ingested_files') }}
),

final as (
    select
        file_name,
        sha256,
        detected_format,
        status,
        rows,
        reason,
        ingested_at,
        property,
        data_start,
        data_end,
        load_id,
        size_bytes,
        detail
    from files
)

select * from final
