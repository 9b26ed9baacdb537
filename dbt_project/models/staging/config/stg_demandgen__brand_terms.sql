with source as (
    select * from {{ source('raw', 'brand_terms') }}
),

renamed as (
    select
        brand,
        is_own_brand,
        kind,
        term,
        {{ normalize_for_matching('term') }} as term_normalized
    from source
)

select * from renamed
