-- Every site with web traffic and the unit its tool counts in, the one to read first first: sites
-- measured in sessions before sites measured in visitors, then the most traffic in the site's latest
-- complete month (the scorecard's choice for its light).
with channels as (
    select * from {{ ref('web_traffic_channels') }}
),

monthly as (
    select * from {{ ref('direct_organic_share_monthly') }}
),

sites as (
    select
        property,
        traffic_unit,
        {{ string_agg_ordered('source_tool', "', '", 'source_tool', distinct=true) }} as source_tools,
        max(case when is_complete then period_end end) as data_through
    from channels
    group by property, traffic_unit
),

months as (
    select
        property,
        traffic_unit,
        total,
        count(*) over (partition by property, traffic_unit) as months,
        row_number()
            over (partition by property, traffic_unit order by month_start desc, source_tool asc)
            as newest_first
    from monthly
),

last_month as (
    select * from months
    where newest_first = 1
),

final as (
    select
        sites.property,
        sites.traffic_unit,
        sites.source_tools,
        sites.data_through,
        coalesce(last_month.months, 0) as months,
        cast(last_month.total as bigint) as last_month_total,
        row_number() over (
            order by
                case when sites.traffic_unit = 'sessions' then 0 else 1 end,
                last_month.total desc nulls last, sites.property asc
        ) as site_rank
    from sites
    left join last_month on sites.property = last_month.property and sites.traffic_unit = last_month.traffic_unit
)

select * from final
