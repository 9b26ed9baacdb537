with source as (
    select * from {{ source('raw', 'trends_interest') }}
),

renamed as (
    select
        load_id,
        granularity,
        period_start,
        period_end,
        geo,
        term,
        {{ normalize_for_matching('term') }} as term_normalized,
        term_set,
        value_as_written,
        interest,
        source_file,
        source_row
    from source
)

select * from renamed
