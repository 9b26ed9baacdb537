-- Mentions per quarter and tracked brand, in all media and in the target media, and each brand's
-- share of voice: its stories / the stories naming each tracked brand (a story naming two brands
-- counts for both). A quarter is complete once a later mention has been loaded.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with mentions as (
    select * from {{ ref('media_mentions') }}
),

brands as (
    select distinct
        brand,
        is_own_brand
    from {{ ref('stg_demandgen__brand_terms') }}
),

quarters as (
    select distinct cast({{ dbt.date_trunc('quarter', 'published_at') }} as date) as quarter_start
    from mentions
),

counts as (
    select
        cast({{ dbt.date_trunc('quarter', 'published_at') }} as date) as quarter_start,
        brand,
        count(*) as mentions,
        count(*) filter (where is_target_media) as target_media_mentions
    from mentions
    group by 1, 2
),

newest as (
    select max(published_at) as newest_mention from mentions
),

final as (
    select
        quarters.quarter_start,
        {{ add_days(-1, dbt.dateadd('month', 3, 'quarters.quarter_start')) }} as quarter_end,
        brands.brand,
        brands.is_own_brand,
        coalesce(counts.mentions, 0) as mentions,
        coalesce(counts.target_media_mentions, 0) as target_media_mentions,
        100 * cast(coalesce(counts.mentions, 0) as double)
        / nullif(sum(coalesce(counts.mentions, 0)) over (partition by quarters.quarter_start), 0)
            as share_of_voice_pct,
        100 * cast(coalesce(counts.target_media_mentions, 0) as double)
        / nullif(sum(coalesce(counts.target_media_mentions, 0)) over (partition by quarters.quarter_start), 0)
            as target_share_of_voice_pct,
        cast(newest.newest_mention as date) > {{ add_days(-1, dbt.dateadd('month', 3, 'quarters.quarter_start')) }}
            as is_complete,
        cast(sum(coalesce(counts.mentions, 0)) over (partition by quarters.quarter_start) as bigint) as all_mentions,
        cast(sum(coalesce(counts.target_media_mentions, 0)) over (partition by quarters.quarter_start) as bigint)
            as all_target_media_mentions
    from quarters
    cross join brands
    cross join newest
    left join counts on quarters.quarter_start = counts.quarter_start and brands.brand = counts.brand
)

select * from final
