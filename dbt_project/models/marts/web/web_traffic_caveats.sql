-- What GA4 said about the reports behind the traffic numbers: rows it withheld for privacy (thresholding),
-- rows it folded into "(other)", sampling. One row per property, day and caveat, for the days whose traffic
-- comes from a report that said so (a newer report of the day that says nothing clears it). A day has
-- period_start = period_end, as in web_traffic_channels: the two join on property and period, and a light's
-- period finds its caveats with period_start between the light's first and last day.
with caveats as (
    select * from {{ ref('stg_web_analytics__report_caveats') }}
),

exports as (
    select * from {{ ref('int_pipeline__loaded_exports') }}
),

current_days as (
    select distinct
        property,
        period_start as day,
        export_id
    from {{ ref('int_web__traffic_current') }}
    where source_tool = 'ga4' and is_daily
),

caveated_days as (
    select
        current_days.property,
        current_days.day,
        {{ dbt.bool_or('caveats.subject_to_thresholding') }} as subject_to_thresholding,
        {{ dbt.bool_or('caveats.data_loss_from_other_row') }} as data_loss_from_other_row,
        cast(sum(caveats.samples_read_count) as bigint) as samples_read_count,
        cast(sum(caveats.sampling_space_size) as bigint) as sampling_space_size,
        min(caveats.source_file) as source_file
    from caveats
    inner join exports on caveats.load_id = exports.load_id
    inner join current_days
        on
            exports.export_id = current_days.export_id
            and caveats.property = current_days.property
            and current_days.day between caveats.period_start and caveats.period_end
    group by current_days.property, current_days.day
),

unpivoted as (
    select
        property,
        day,
        'thresholding' as caveat,
        'GA4 withheld rows with few users to protect their privacy (thresholding): '
        || 'sessions and users may be undercounted' as explanation,
        cast(null as bigint) as samples_read_count,
        cast(null as bigint) as sampling_space_size,
        source_file
    from caveated_days
    where subject_to_thresholding
    union all
    select
        property,
        day,
        'other_row' as caveat,
        'GA4 folded rows it could not keep apart into "(other)": their sessions count as Unassigned' as explanation,
        cast(null as bigint) as samples_read_count,
        cast(null as bigint) as sampling_space_size,
        source_file
    from caveated_days
    where data_loss_from_other_row
    union all
    select
        property,
        day,
        'sampling' as caveat,
        'GA4 sampled the report: the numbers are estimated from part of the events' as explanation,
        samples_read_count,
        sampling_space_size,
        source_file
    from caveated_days
    where sampling_space_size > 0
),

final as (
    select
        property,
        day as period_start,
        day as period_end,
        caveat,
        explanation,
        samples_read_count,
        sampling_space_size,
        case
            when sampling_space_size > 0
                then {{ round_number('100 * cast(samples_read_count as double) / sampling_space_size', 1) }}
        end as sampled_pct,
        source_file
    from unpivoted
)

select * from final
