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
        {{ dbt.bool_or("segment = 'anonymized'") }} as has_anonymized_rows
    from segmented
    group by date, property
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
        date,
        property,
        segment,
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(impressions) as bigint) as impressions,
        bool_and(is_complete) as is_complete
    from unioned
    group by date, property, segment
)

select * from final
