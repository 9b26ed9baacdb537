-- The branded queries of one period, summed over properties, most clicks first: the most recent Search
-- Console UI export if there is one (its query table is Google's own total for its period), else the most
-- recent monthly roll-up of daily data.
with branded as (
    select * from {{ ref('search_query_totals') }}
    where segment = 'branded'
),

chosen_period as (
    select
        source,
        period_start,
        period_end
    from branded
    order by case when source = 'ui_export' then 0 else 1 end, period_end desc, period_start asc
    limit 1
),

summed as (
    select
        branded.query,
        cast(sum(branded.clicks) as bigint) as clicks,
        cast(sum(branded.impressions) as bigint) as impressions,
        branded.period_start,
        branded.period_end,
        branded.source
    from branded
    inner join chosen_period
        on
            branded.source = chosen_period.source
            and branded.period_start = chosen_period.period_start
            and branded.period_end = chosen_period.period_end
    group by branded.query, branded.period_start, branded.period_end, branded.source
),

final as (
    select
        row_number() over (order by clicks desc, impressions desc, query asc) as query_rank,
        query,
        clicks,
        impressions,
        period_start,
        period_end,
        source
    from summed
)

select * from final
