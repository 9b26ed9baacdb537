-- The traffic lights: each metric's newest row of int_scorecard__lights, one row per metric.
with lights as (
    select * from {{ ref('int_scorecard__lights') }}
    where is_current
),

final as (
    select
        metric,
        label,
        period_start,
        period_end,
        value,
        unit,
        benchmark_low,
        benchmark_high,
        status,
        explanation,
        data_through,
        comparison_start,
        comparison_end,
        source,
        status_word,
        status_symbol,
        value_text,
        benchmark_text,
        status_since,
        status_before,
        status_before_word,
        -- "Recently": within about four months of the light's newest data, so a quarterly light's change at
        -- the last quarter and a weekly light's within the last season both count.
        coalesce(status_before is not null and status_since >= {{ add_days(-120, 'data_through') }}, false)
            as changed_recently,
        display_order,
        time_window
    from lights
)

select * from final
