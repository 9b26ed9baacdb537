-- Rows of GA4 exports that carry both a channel and a source / medium, where GA4's published default
-- rules put that source / medium in another channel than the file says. They are reported, not
-- corrected: the file's channel is what the traffic mart uses.
with channel_rows as (
    select * from {{ ref('int_web__channel_rows') }}
    where
        channel_label is not null
        and rules_channel_group is not null
        and rules_channel_group <> channel_group
),

final as (
    select
        property,
        period_start,
        period_end,
        source_medium,
        channel_label,
        channel_group as file_channel_group,
        rules_channel_group,
        cast(sum(sessions) as bigint) as sessions,
        min(source_file) as source_file
    from channel_rows
    group by
        property, period_start, period_end, source_medium, channel_label, channel_group,
        rules_channel_group
)

select * from final
