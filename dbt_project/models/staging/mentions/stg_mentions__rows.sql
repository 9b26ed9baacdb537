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
),

-- A Google Alerts feed holds its latest entries, so fetches a day apart (a nightly pull, or feeds saved by
-- hand) overlap: an entry loaded again from a later fetch is the same mention, kept once, from its first load.
deduplicated as (
    select *
    from renamed
    qualify
        source_tool <> 'google_alerts' or document_id is null
        or row_number() over (partition by source_tool, document_id order by load_id, source_row) = 1
)

select * from deduplicated
