-- Mentions as stories: rows with the same article URL are one story, and so are rows whose titles
-- are the same (syndicated copies, "… | Outlet" suffixes aside) published within three days of
-- each other. A title too generic to name a story (no title, "LinkedIn post": see story_title_key)
-- merges nothing: such a row is one story with the other copies of its URL only. Each story says
-- which copies it merged, whether any copy ran in the target media, and which brands it names.
with rows_ as (
    select * from {{ ref('stg_mentions__rows') }}
),

target_media as (
    select * from {{ ref('stg_demandgen__target_media') }}
),

rows_targeted as (
    select
        rows_.*,
        target_media.tier,
        target_media.name is not null as is_target_media
    from rows_
    left join target_media
        on (
            target_media.kind = 'domain'
            and (rows_.domain = target_media.match_value or rows_.domain like '%.' || target_media.match_value)
        )
        or (target_media.kind = 'outlet' and {{ normalize_for_matching('rows_.outlet') }} = target_media.match_value)
    qualify row_number() over (
        partition by rows_.load_id, rows_.source_row order by target_media.tier nulls last, target_media.name
    ) = 1
),

by_url as (
    select
        canonical_url,
        min(published_at) as first_published,
        -- The first titled copy's title (an untitled copy of the same URL is no reason to lose it);
        -- NULLs kept out by the ordering value, as DuckDB's min_by skips a NULL value and Spark's does not.
        min_by(title_key, case when title_key is not null then published_at end) as title_key
    from rows_targeted
    group by canonical_url
),

-- Same title within three days of the previous copy: the same story. (NULLs sort last, as DuckDB
-- does by default; Spark would put them first.)
{%- set in_title_order = 'partition by title_key order by first_published nulls last, canonical_url nulls last' %}
title_runs as (
    select
        *,
        -- Two branches, not "is null or": Spark's dbt.datediff raises on a NULL date.
        case
            when lag(first_published) over ({{ in_title_order }}) is null
                then 1
            when {{ days_between('lag(first_published) over (' ~ in_title_order ~ ')', 'first_published') }} > 3
                then 1
            else 0
        end as starts_story
    from by_url
),

stories as (
    select
        canonical_url,
        case
            when title_key is null then canonical_url
            else title_key || ' @ ' || cast(sum(starts_story) over (
                {{ in_title_order }} rows unbounded preceding
            ) as {{ dbt.type_string() }})
        end as story_key
    from title_runs
),

final as (
    select
        md5(stories.story_key) as mention_id,
        rows_targeted.load_id,
        rows_targeted.source_tool,
        rows_targeted.published_at,
        rows_targeted.title,
        rows_targeted.body,
        rows_targeted.url,
        rows_targeted.canonical_url,
        rows_targeted.title_key,
        rows_targeted.domain,
        rows_targeted.outlet,
        rows_targeted.sentiment,
        rows_targeted.document_id,
        rows_targeted.source_file,
        rows_targeted.source_row,
        rows_targeted.tier,
        rows_targeted.is_target_media
    from rows_targeted
    inner join stories on rows_targeted.canonical_url = stories.canonical_url
)

select * from final
