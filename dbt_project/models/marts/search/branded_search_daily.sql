with query_rows as (
    select * from {{ ref('int_search__daily_rows_current') }}
    where search_type = 'web'
),

classified as (
    select * from {{ ref('int_search__queries_classified') }}
),

api_daily_totals as (
    select * from {{ ref('int_search__api_daily_totals_current') }}
),

segmented as (
    select
        query_rows.date,
        query_rows.property,
        case
            when query_rows.is_anonymized then 'anonymized'
            else coalesce(classified.segment, 'non_branded')
        end as segment,
        query_rows.clicks,
        query_rows.impressions,
        query_rows.is_complete
    from query_rows
    left join classified on query_rows.query = classified.query
),

named_per_day as (
    select
        date,
        property,
        sum(clicks) as clicks,
        sum(impressions) as impressions,
        {{ dbt.bool_or("segment = 'anonymized'") }} as has_anonymized_rows,
        count(case when segment <> 'anonymized' then 1 end) as query_rows
    from segmented
    group by date, property
),

-- A day of API rows (bulk exports carry anonymized rows; the API never does) with as many queries as
-- the API gives in a day: Google left queries out, and they are in the anonymized remainder below.
capped_days as (
    select
        date,
        property
    from named_per_day
    where not has_anonymized_rows and query_rows >= {{ var('search_console_api_daily_row_cap') }}
),

-- The API leaves anonymized queries out of query rows; where a date-only response gives the
-- day's total, the remainder is the anonymized traffic.
api_anonymized as (
    select
        api_daily_totals.date,
        api_daily_totals.property,
        'anonymized' as segment,
        greatest(api_daily_totals.clicks - named_per_day.clicks, 0) as clicks,
        greatest(api_daily_totals.impressions - named_per_day.impressions, 0) as impressions,
        api_daily_totals.is_complete
    from api_daily_totals
    inner join named_per_day
        on api_daily_totals.date = named_per_day.date and api_daily_totals.property = named_per_day.property
    where not named_per_day.has_anonymized_rows
),

unioned as (
    select * from segmented
    union all
    select * from api_anonymized
),

final as (
    select
        unioned.date,
        unioned.property,
        unioned.segment,
        cast(sum(unioned.clicks) as bigint) as clicks,
        cast(sum(unioned.impressions) as bigint) as impressions,
        bool_and(unioned.is_complete) as is_complete,
        capped_days.date is not null as query_rows_capped
    from unioned
    left join capped_days on unioned.date = capped_days.date and unioned.property = capped_days.property
    group by unioned.date, unioned.property, unioned.segment, capped_days.date
)

select * from final
