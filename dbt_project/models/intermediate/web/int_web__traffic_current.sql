-- Channel traffic from every web analytics export, after newer exports replace older ones where
-- they overlap. Overlap is judged per property and tool, per day (daily rows) or per period
-- (period totals), whatever report or API the rows came from.
with channel_rows as (
    select * from {{ ref('int_web__channel_rows') }}
),

exports as (
    select * from {{ ref('int_pipeline__loaded_exports') }}
),

ranked as (
    select
        channel_rows.*,
        exports.export_id,
        exports.export_data_end,
        exports.export_last_load,
        -- Rows a file gives per source / medium only are mapped by GA4's rules; rows it gives per
        -- channel are the tool's own grouping. The same day can come both ways: count it once.
        case when channel_rows.channel_label is null then 1 else 0 end as dimension_rank
    from channel_rows
    inner join exports on channel_rows.load_id = exports.load_id
),

newest_export as (
    select *
    from ranked
    qualify dense_rank() over (
        partition by property, source_tool, dimension_rank, period_start, period_end
        order by export_data_end desc, export_last_load desc
    ) = 1
),

one_dimension as (
    select *
    from newest_export
    qualify dense_rank() over (
        partition by property, source_tool, period_start, period_end
        order by dimension_rank
    ) = 1
),

final as (
    select
        property,
        source_tool,
        period_start,
        period_end,
        is_daily,
        channel_group,
        traffic_unit,
        cast(sum(sessions) as bigint) as sessions,
        cast(sum(users) as bigint) as users,
        -- Key events can be fractional (a GA4 event counted with a value), so a double, not a count.
        cast(sum(key_events) as double) as key_events,
        -- The day a file was downloaded may still be filling in; earlier days are complete.
        bool_and(period_end < cast(ingested_at as date)) as is_complete,
        -- The one export the period's rows come from (GA4's caveats about it apply to them).
        export_id
    from one_dimension
    group by property, source_tool, period_start, period_end, is_daily, channel_group, traffic_unit, export_id
)

select * from final
