-- Every query ever seen, labelled branded or non-branded from the config's terms. The table is
-- rebuilt each run, so changing the terms relabels all history.
with own_terms as (
    select * from {{ ref('stg_demandgen__brand_terms') }}
    where is_own_brand and term_normalized <> ''
),

patterns as (
    -- Terms are letters, digits and spaces only once normalized, so they need no regex escaping.
    select
        '\b(' || {{ string_agg_ordered('term_normalized', "'|'", 'length(term_normalized) desc') }}
        filter (where kind in ('term', 'misspelling')) || ')\b' as brand_pattern,
        '\b(' || {{ string_agg_ordered('term_normalized', "'|'", 'length(term_normalized) desc') }}
        filter (where kind = 'exclude') || ')\b' as exclude_pattern
    from own_terms
),

queries as (
    select distinct query from {{ ref('int_search__daily_rows_current') }}
    where query is not null
    union
    select distinct query from {{ ref('stg_search_console__ui_query_totals') }}
    where query is not null
),

normalized as (
    select
        queries.query,
        -- Known false positives (e.g. "northwind traders", a sample database) are removed first.
        case
            when patterns.exclude_pattern is null then {{ normalize_for_matching('queries.query') }}
            else {{ regexp_replace_all(normalize_for_matching('queries.query'), 'patterns.exclude_pattern', "' '") }}
        end as query_without_exclusions,
        patterns.brand_pattern
    from queries
    cross join patterns
),

final as (
    select
        query,
        case
            when brand_pattern is not null and {{ regexp_contains('query_without_exclusions', 'brand_pattern') }}
                then 'branded'
            else 'non_branded'
        end as segment
    from normalized
)

select * from final
