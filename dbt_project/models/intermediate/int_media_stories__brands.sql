-- Which tracked brands each story names: a term or misspelling as whole words in any copy's
-- title or text, once the brand's exclusions ("northwind traders", a sample database) are removed.
with copies as (
    select * from {{ ref('int_media_stories') }}
),

terms as (
    select * from {{ ref('stg_demandgen__brand_terms') }}
    where term_normalized <> ''
),

patterns as (
    select
        brand,
        bool_or(is_own_brand) as is_own_brand,
        '\b(' || string_agg(term_normalized, '|' order by length(term_normalized) desc)
            filter (where kind in ('term', 'misspelling')) || ')\b' as brand_pattern,
        '\b(' || string_agg(term_normalized, '|' order by length(term_normalized) desc)
            filter (where kind = 'exclude') || ')\b' as exclude_pattern
    from terms
    group by brand
),

texts as (
    select distinct mention_id, {{ normalize_for_matching("coalesce(title, '') || ' ' || coalesce(body, '')") }} as text
    from copies
),

final as (
    select distinct texts.mention_id, patterns.brand, patterns.is_own_brand
    from texts
    cross join patterns
    where patterns.brand_pattern is not null
        and regexp_matches(
            case when patterns.exclude_pattern is null then texts.text
                else regexp_replace(texts.text, patterns.exclude_pattern, ' ', 'g') end,
            patterns.brand_pattern)
)

select * from final
