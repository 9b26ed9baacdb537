-- Daily, query-level Search Console rows from every source, after newer exports replace older
-- ones where they overlap, summed by key (bulk exports repeat keys).
with bulk_site as (
    select
        property, 'by_property' as grain, search_type, date, query, is_anonymized,
        clicks, impressions, true as is_complete, load_id
    from {{ ref('stg_search_console__bulk_site_rows') }}
),

bulk_url as (
    select
        property, 'by_page' as grain, search_type, date, query, is_anonymized,
        clicks, impressions, true as is_complete, load_id
    from {{ ref('stg_search_console__bulk_url_rows') }}
),

api as (
    -- Saved responses do not carry the search type; the API's default is web search.
    select
        property, case when page is null then 'by_property' else 'by_page' end as grain,
        'web' as search_type, date, query, false as is_anonymized,
        clicks, impressions, is_complete, load_id
    from {{ ref('stg_search_console__api_rows') }}
    where query is not null
),

exports as (
    select * from {{ ref('int_loaded_exports') }}
),

unioned as (
    select * from bulk_site
    union all
    select * from bulk_url
    union all
    select * from api
),

newest_export_per_day as (
    select unioned.*, exports.export_id
    from unioned
    inner join exports on unioned.load_id = exports.load_id
    qualify dense_rank() over (
        partition by unioned.property, unioned.grain, unioned.search_type, unioned.date
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
        bool_and(is_complete) as is_complete
    from preferred_grain
    group by property, grain, search_type, date, query, is_anonymized
)

select * from final
