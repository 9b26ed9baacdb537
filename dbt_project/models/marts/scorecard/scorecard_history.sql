-- Every light as it stood at the end of each past period it can be computed for, by the same rules and
-- words as the scorecard (both read int_scorecard__lights): branded search at the end of every week,
-- the direct + organic share per month, media mentions and share of voice per quarter, share of search
-- per month, awareness per survey wave. Computed from the data, so a year of history shows on the first
-- refresh. The benchmarks are the ones in force now: a changed benchmark relabels history, as changed
-- brand terms do (marts.light_changes keeps what each publish actually said).
with lights as (
    select * from {{ ref('int_scorecard__lights') }}
    where period_end is not null
),

final as (
    select
        metric,
        period_start,
        period_end,
        value,
        unit,
        benchmark_low,
        benchmark_high,
        status,
        label,
        status_word,
        status_symbol,
        value_text,
        explanation,
        data_through,
        comparison_start,
        comparison_end,
        status_since,
        status_before,
        time_window,
        is_current,
        display_order
    from lights
)

select * from final
