-- What each publish of the serving warehouse said, light by light (written by the publish step).
with source as (
    select * from {{ source('raw', 'published_lights') }}
),

renamed as (
    select
        published_at,
        metric,
        status,
        value,
        value_text,
        explanation,
        period_start,
        period_end
    from source
)

select * from renamed
