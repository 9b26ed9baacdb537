-- Every light for every period it can be computed for (one small model per light, unioned), with the
-- metric's words: its label, unit, status in words and symbols, the value and the healthy band as text.
-- Each light's newest row is_current (the scorecard); all of them with a period are its history, each
-- with the status before it and since when the light has had its status.
{%- set lights = [
    'branded_search_yoy_growth', 'direct_organic_share', 'target_media_mentions_per_quarter',
    'share_of_voice', 'share_of_search', 'unaided_awareness_yoy_change',
] %}
with lights as (
    {%- for light in lights %}
        select
            metric,
            period_start,
            period_end,
            cast(value as double) as value,
            benchmark_low,
            benchmark_high,
            status,
            explanation,
            data_through,
            comparison_start,
            comparison_end,
            time_window,
            is_current
        from {{ ref('int_scorecard__' ~ light) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
),

statuses as (
    select * from {{ ref('light_statuses') }}
),

-- Runs of the same status, in period order: a light's status holds since the first period of its run.
runs as (
    select
        *,
        sum(case when status = previous_status then 0 else 1 end) over (
            partition by metric order by period_end rows unbounded preceding
        ) as run_number
    from (
        select
            *,
            lag(status) over (partition by metric order by period_end) as previous_status
        from lights
    ) as with_previous
),

dated as (
    select
        *,
        min(period_end) over (partition by metric, run_number) as status_since,
        first_value(previous_status) over (
            partition by metric, run_number order by period_end rows between unbounded preceding and unbounded following
        ) as status_before
    from runs
),

final as (
    select
        lights.metric,
        benchmarks.label,
        lights.period_start,
        lights.period_end,
        lights.value,
        benchmarks.unit,
        lights.benchmark_low,
        lights.benchmark_high,
        lights.status,
        lights.explanation,
        lights.data_through,
        lights.comparison_start,
        lights.comparison_end,
        benchmarks.source_family as source,
        statuses.word as status_word,
        statuses.symbol as status_symbol,
        {{ format_metric_value('lights.value', 'benchmarks.unit', 'benchmarks.is_signed') }} as value_text,
        {{ benchmark_words('lights.benchmark_low', 'lights.benchmark_high', 'benchmarks.unit',
                           'benchmarks.is_signed', 'benchmarks.cadence') }} as benchmark_text,
        lights.status_since,
        lights.status_before,
        before.word as status_before_word,
        benchmarks.display_order,
        lights.time_window,
        lights.is_current
    from dated as lights
    inner join benchmarks on lights.metric = benchmarks.metric
    inner join statuses on lights.status = statuses.status
    left join statuses as before on lights.status_before = before.status
)

select * from final
