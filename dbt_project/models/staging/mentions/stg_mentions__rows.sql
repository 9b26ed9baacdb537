with source as (
    select * from {{ source('raw', 'media_mention_rows') }}
),

-- A syndicated copy's title: the same words, perhaps with " | Outlet" or " - Outlet" added.
titled as (
    select
        *,
        {{ normalize_for_matching("regexp_replace(title, '\\s+[|\\-–—]\\s+[^|\\-–—]{1,40}$', '')") }}
            as normalized_title
    from source
),

renamed as (
    select
        load_id,
        source_tool,
        published_at,
        title,
        body,
        url,
        -- The same article behind http/https, www or not, tracking parameters or a trailing slash.
        -- (Trailing slashes by regex: Spark's two-argument rtrim reads its arguments the other way round.)
        regexp_replace(regexp_replace(regexp_replace(lower(url), '^https?://(www\.)?', ''), '[?#].*$', ''), '/+$', '')
            as canonical_url,
        -- NULL for a title too generic to name a story (an untitled social post): see story_title_key.
        {{ story_title_key('normalized_title', 'outlet') }} as title_key,
        domain,
        outlet,
        sentiment,
        document_id,
        source_file,
        source_row
    from titled
)

select * from renamed
