-- Daily, query-level Search Console rows from every source, after newer exports replace older
-- ones where they overlap, summed by key (bulk exports repeat keys).
-- Incremental on DuckDB: a build recomputes only the (property, search type, day)s that exports loaded
-- since the last build have rows for, from every export's rows for those days, which gives what a full
-- rebuild gives; other days keep their rows. dbt's --full-refresh rebuilds all history.
{{ config(
    materialized=('incremental' if target.type == 'duckdb' else 'table'),
    incremental_strategy='delete+insert',
    unique_key=['property', 'search_type', 'date'],
    on_schema_change='append_new_columns',
) }}
{#- A warehouse built before this model was incremental has no export_last_load yet: its first build
    recomputes every day (and adds the column) instead of failing. -#}
{%- set has_watermark = is_incremental()
    and 'export_last_load' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}

with bulk_site as (
    select
        property,
        'by_property' as grain,
        search_type,
        date,
        query,
        is_anonymized,
        clicks,
        impressions,
        true as is_complete,
        load_id
    from {{ ref('stg_search_console__bulk_site_rows') }}
),

bulk_url as (
    select
        property,
        'by_page' as grain,
        search_type,
        date,
        query,
        is_anonymized,
        clicks,
        impressions,
        true as is_complete,
        load_id
    from {{ ref('stg_search_console__bulk_url_rows') }}
),

api as (
    -- Saved responses do not carry the search type; the API's default is web search.
    select
        property,
        case when page is null then 'by_property' else 'by_page' end as grain,
        'web' as search_type,
        date,
        query,
        false as is_anonymized,
        clicks,
        impressions,
        is_complete,
        load_id
    from {{ ref('stg_search_console__api_rows') }}
    where query is not null
),

exports as (
    select * from {{ ref('int_pipeline__loaded_exports') }}
),

unioned as (
    select * from bulk_site
    union all
    select * from bulk_url
    union all
    select * from api
),

{% if has_watermark %}
-- Exports loaded since the last build are those newer than every export this table holds rows of
-- (load ids only grow); an export that won no day is merely looked at again next time.
new_loads as (
    select load_id from exports
    where export_last_load > (select coalesce(max(export_last_load), -1) from {{ this }})
),

-- Read from the sources again rather than from `unioned`: a second reference would make DuckDB
-- materialize all of history to find a few days.
touched_days as (
    select property, search_type, date from {{ ref('stg_search_console__bulk_site_rows') }}
    where load_id in (select load_id from new_loads)
    union
    select property, search_type, date from {{ ref('stg_search_console__bulk_url_rows') }}
    where load_id in (select load_id from new_loads)
    union
    select property, 'web' as search_type, date from {{ ref('stg_search_console__api_rows') }}
    where load_id in (select load_id from new_loads)
),

-- A day is replaced whole (not key by key): a newer export may have fewer queries for it.
candidates as (
    select unioned.*
    from unioned
    inner join touched_days
        on unioned.property = touched_days.property
        and unioned.search_type = touched_days.search_type
        and unioned.date = touched_days.date
),
{% else %}
    candidates as (
        select * from unioned
    ),
{% endif %}

newest_export_per_day as (
    select
        candidates.*,
        exports.export_id,
        exports.export_last_load
    from candidates
    inner join exports on candidates.load_id = exports.load_id
    qualify dense_rank() over (
        partition by candidates.property, candidates.grain, candidates.search_type, candidates.date
        order by exports.export_data_end desc, exports.export_last_load desc
    ) = 1
),

-- Property-level rows count each search result once; page-level rows count it once per URL,
-- so page-level data is used only for days with no property-level data.
preferred_grain as (
    select *
    from newest_export_per_day
    qualify dense_rank() over (
        partition by property, search_type, date
        order by case grain when 'by_property' then 0 else 1 end
    ) = 1
),

final as (
    select
        property,
        grain,
        search_type,
        date,
        query,
        is_anonymized,
        sum(clicks) as clicks,
        sum(impressions) as impressions,
        bool_and(is_complete) as is_complete,
        -- One export per property, search type and day: the newest load of the export these rows come from.
        max(export_last_load) as export_last_load
    from preferred_grain
    group by property, grain, search_type, date, query, is_anonymized
)

select * from final
