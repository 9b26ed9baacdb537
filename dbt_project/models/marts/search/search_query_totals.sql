with ui_queries as (
    select * from {{ ref('stg_search_console__ui_query_totals') }}
    where search_type = 'web' and coalesce(filters, '') = ''
    -- A newer export of the same period replaces the older one.
    qualify dense_rank() over (partition by property, period_start, period_end order by load_id desc) = 1
),

daily_rows as (
    select * from {{ ref('int_search__daily_rows_current') }}
    where search_type = 'web' and query is not null
),

classified as (
    select * from {{ ref('int_search__queries_classified') }}
),

monthly_rollup as (
    select
        property,
        cast({{ dbt.date_trunc('month', 'date') }} as date) as period_start,
        max(date) as period_end,
        query,
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(impressions) as bigint) as impressions
    from daily_rows
    group by property, cast({{ dbt.date_trunc('month', 'date') }} as date), query
),

unioned as (
    select
        property,
        period_start,
        period_end,
        query,
        clicks,
        impressions,
        'ui_export' as source
    from ui_queries
    union all
    select
        property,
        period_start,
        period_end,
        query,
        clicks,
        impressions,
        'daily_rollup' as source
    from monthly_rollup
),

final as (
    select
        unioned.property,
        unioned.period_start,
        unioned.period_end,
        unioned.query,
        coalesce(classified.segment, 'non_branded') as segment,
        unioned.clicks,
        unioned.impressions,
        unioned.source
    from unioned
    left join classified on unioned.query = classified.query
)

select * from final
