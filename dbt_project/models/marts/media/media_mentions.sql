-- One row per story and tracked brand it names: the de-duplicated mentions, shown from the copy
-- in the best-tier target medium if one ran there, else the first copy published.
with copies as (
    select * from {{ ref('int_media__stories') }}
),

brands as (
    select * from {{ ref('int_media__story_brands') }}
),

stories as (
    select
        mention_id,
        min(published_at) as published_at,
        count(*) as copies,
        {{ dbt.bool_or('is_target_media') }} as is_target_media,
        min(tier) as media_tier,
        {{ string_agg_ordered('source_tool', "', '", 'source_tool', distinct=true) }} as source_tool
    from copies
    group by mention_id
),

shown as (
    select
        mention_id,
        outlet,
        domain,
        url,
        title,
        sentiment
    from copies
    qualify row_number() over (
        partition by mention_id
        order by is_target_media desc, tier asc nulls last, published_at asc nulls last, source_row asc, load_id asc
    ) = 1
),

final as (
    select
        stories.mention_id,
        stories.published_at,
        brands.brand,
        brands.is_own_brand,
        shown.outlet,
        shown.domain,
        shown.url,
        shown.title,
        stories.is_target_media,
        cast(stories.media_tier as integer) as media_tier,
        shown.sentiment,
        stories.source_tool,
        stories.copies
    from stories
    inner join brands on stories.mention_id = brands.mention_id
    inner join shown on stories.mention_id = shown.mention_id
)

select * from final
