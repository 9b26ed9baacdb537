-- How current each source family's data is: the newest day the data itself covers (not when its
-- file was loaded), against the config's `freshness` expectation.
with search_console as (
    select
        load_id,
        date as data_date
    from {{ ref('stg_search_console__bulk_site_rows') }}
    union all
    select
        load_id,
        date as data_date
    from {{ ref('stg_search_console__bulk_url_rows') }}
    union all
    select
        load_id,
        date as data_date
    from {{ ref('stg_search_console__api_rows') }}
    union all
    select
        load_id,
        date as data_date
    from {{ ref('stg_search_console__ui_daily_totals') }}
    union all
    select
        load_id,
        period_end as data_date
    from {{ ref('stg_search_console__ui_query_totals') }}
),

-- Previews, tests and spam are not data about the market.
survey_responses as (
    select
        load_id,
        response_date
    from {{ ref('stg_surveys__responses') }}
    where response_type = 'respondent'
),

dated_rows as (
    select
        'search_console' as source,
        load_id,
        data_date
    from search_console
    union all
    select
        'web_analytics' as source,
        load_id,
        period_end as data_date
    from {{ ref('stg_web_analytics__channel_rows') }}
    union all
    select
        'mentions' as source,
        load_id,
        cast(published_at as date) as data_date
    from {{ ref('stg_mentions__rows') }}
    union all
    select
        'surveys' as source,
        load_id,
        response_date as data_date
    from survey_responses
    union all
    select
        'trends' as source,
        load_id,
        period_end as data_date
    from {{ ref('stg_trends__interest') }}
),

files as (
    select
        load_id,
        ingested_at
    from {{ ref('stg_demandgen__ingested_files') }}
),

-- A period still running when its export was made (Trends' current week or month, a GA4 report of this
-- month) covers the days up to the day it was loaded at most: the export cannot know later ones.
covered as (
    select
        dated_rows.source,
        dated_rows.load_id,
        case
            when cast(files.ingested_at as date) < dated_rows.data_date then cast(files.ingested_at as date)
            else dated_rows.data_date
        end as covered_to,
        files.ingested_at
    from dated_rows
    left join files on dated_rows.load_id = files.load_id
    where dated_rows.data_date is not null
),

per_source as (
    select
        source,
        max(covered_to) as newest_day,
        count(distinct load_id) as files,
        max(ingested_at) as last_loaded_at
    from covered
    group by source
),

expectations as (
    select * from {{ ref('stg_demandgen__freshness_expectations') }}
),

sources as (
    select source from per_source
    union
    select source from expectations
),

checked as (
    select cast({{ dbt.current_timestamp() }} as date) as checked_on
),

dated as (
    select
        sources.source,
        -- Never after the day of the check (files are stamped in UTC, the check in the warehouse's time zone).
        case
            when per_source.newest_day > checked.checked_on then checked.checked_on
            else per_source.newest_day
        end as latest_data_date,
        expectations.expected_within_days,
        checked.checked_on,
        coalesce(per_source.files, 0) as files,
        per_source.last_loaded_at
    from sources
    cross join checked
    left join per_source on sources.source = per_source.source
    left join expectations on sources.source = expectations.source
),

final as (
    select
        source,
        case source
            when 'search_console' then 'Search Console'
            when 'web_analytics' then 'Web analytics'
            when 'mentions' then 'Media mentions'
            when 'surveys' then 'Surveys'
            when 'trends' then 'Google Trends'
            else source
        end as label,
        latest_data_date,
        expected_within_days,
        checked_on,
        {{ days_between('latest_data_date', 'checked_on') }} as days_behind,
        -- A source with no data at all is absent, not stale: the lights already say "no data".
        coalesce({{ days_between('latest_data_date', 'checked_on') }} > expected_within_days, false) as is_stale,
        files,
        last_loaded_at
    from dated
)

select * from final
