-- Which tracked brands each copy of a story (one row of a mentions export) names: a term or
-- misspelling as whole words in its title or text, once the brand's exclusions ("northwind traders",
-- a sample database) are removed. A copy naming no brand has one row with no brand, so every copy
-- matched is on record.
-- Incremental on DuckDB: a copy's text never changes, so a build matches only the copies loaded since
-- the last one, and every copy again when the brand terms changed (terms_hash). dbt's --full-refresh
-- matches everything again too.
{{ config(
    materialized=('incremental' if target.type == 'duckdb' else 'table'),
    incremental_strategy='delete+insert',
    unique_key='load_id',
) }}

with copies as (
    select
        load_id,
        source_row,
        title,
        body
    from {{ ref('stg_mentions__rows') }}
),

terms as (
    select * from {{ ref('stg_demandgen__brand_terms') }}
    where term_normalized <> ''
),

terms_version as (
    select
        md5(coalesce({{ string_agg_ordered(
            "brand || '|' || case when is_own_brand then 'own' else 'competitor' end"
            ~ " || '|' || kind || '|' || term_normalized",
            "'\n'",
            "brand, kind, term_normalized"
        ) }}, '')) as terms_hash
    from terms
),

patterns as (
    select
        brand,
        bool_or(is_own_brand) as is_own_brand,
        '\b(' || {{ string_agg_ordered('term_normalized', "'|'", 'length(term_normalized) desc') }}
        filter (where kind in ('term', 'misspelling')) || ')\b' as brand_pattern,
        '\b(' || {{ string_agg_ordered('term_normalized', "'|'", 'length(term_normalized) desc') }}
        filter (where kind = 'exclude') || ')\b' as exclude_pattern
    from terms
    group by brand
),

to_match as (
    select copies.*
    from copies
    {% if is_incremental() %}
    where copies.load_id > (select coalesce(max(load_id), -1) from {{ this }})
        or (select terms_hash from terms_version) <> (select max(terms_hash) from {{ this }})
    {% endif %}
),

texts as (
    select
        load_id,
        source_row,
        {{ normalize_for_matching("coalesce(title, '') || ' ' || coalesce(body, '')") }} as text
    from to_match
),

matches as (
    select
        load_id,
        source_row,
        brand,
        is_own_brand
    from (
        select
            texts.load_id,
            texts.source_row,
            patterns.brand,
            patterns.is_own_brand,
            patterns.brand_pattern,
            case
                when patterns.exclude_pattern is null then texts.text
                else {{ regexp_replace_all('texts.text', 'patterns.exclude_pattern', "' '") }} end
                as text_without_exclusions
        from texts
        cross join patterns
    ) as texts_for_brand
    where
        brand_pattern is not null
        and {{ regexp_contains('text_without_exclusions', 'brand_pattern') }}
),

final as (
    select
        texts.load_id,
        texts.source_row,
        matches.brand,
        matches.is_own_brand,
        terms_version.terms_hash
    from texts
    cross join terms_version
    left join matches on texts.load_id = matches.load_id and texts.source_row = matches.source_row
)

select * from final
