-- Which tracked brands each story names: those any of its copies names (int_media__copy_brands,
-- where the matching happens, copy by copy, so that only new copies need matching in a refresh).
-- Stories are regrouped every build, as a new copy can join or split earlier ones.
with copies as (
    select * from {{ ref('int_media__stories') }}
),

copy_brands as (
    select * from {{ ref('int_media__copy_brands') }}
    where brand is not null
),

final as (
    select distinct
        copies.mention_id,
        copy_brands.brand,
        copy_brands.is_own_brand
    from copies
    inner join copy_brands
        on copies.load_id = copy_brands.load_id and copies.source_row = copy_brands.source_row
)

select * from final
