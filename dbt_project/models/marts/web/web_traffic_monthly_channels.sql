-- Traffic per site, calendar month and channel, for the months the direct + organic share is measured on,
-- in the site's own unit (sessions, or visitors where the tool counts no sessions). A month with every day
-- is summed from its daily rows ('daily'), otherwise it is an export of exactly that month ('period'): day
-- rows and period rows of the same dates are never added together.
with months as (
    select * from {{ ref('direct_organic_share_monthly') }}
),

channel_rows as (
    select
        property,
        source_tool,
        traffic_unit,
        channel_group,
        period_start,
        period_end,
        case when traffic_unit = 'sessions' then sessions else users end as traffic
    from {{ ref('web_traffic_channels') }}
    where is_complete
),

final as (
    select
        months.property,
        months.source_tool,
        months.traffic_unit,
        months.month_start,
        months.basis,
        channel_rows.channel_group,
        cast(sum(channel_rows.traffic) as bigint) as traffic
    from months
    inner join channel_rows
        on
            months.property = channel_rows.property
            and months.source_tool = channel_rows.source_tool
            and months.traffic_unit = channel_rows.traffic_unit
            and (
                (
                    months.basis = 'daily' and channel_rows.period_start = channel_rows.period_end
                    and channel_rows.period_start between months.month_start and months.month_end
                )
                or (
                    months.basis = 'period' and months.month_start = channel_rows.period_start
                    and months.month_end = channel_rows.period_end
                )
            )
    group by
        months.property, months.source_tool, months.traffic_unit, months.month_start, months.basis,
        channel_rows.channel_group
)

select * from final
