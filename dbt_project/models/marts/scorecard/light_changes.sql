-- What each publish said that differed from the publish before it: a light that changed colour
-- (to or from insufficient data too). Kept across refreshes: the publishes are logged in
-- raw.published_lights, which travels in the warehouse from one refresh to the next.
with published as (
    select * from {{ ref('stg_demandgen__published_lights') }}
    union all
    select * from {{ ref('int_scorecard__this_publish') }}
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
),

statuses as (
    select * from {{ ref('light_statuses') }}
),

with_previous as (
    select
        *,
        lag(status) over (partition by metric order by published_at) as previous_status,
        lag(value) over (partition by metric order by published_at) as previous_value,
        lag(value_text) over (partition by metric order by published_at) as previous_value_text,
        lag(published_at) over (partition by metric order by published_at) as previous_published_at
    from published
),

final as (
    select
        with_previous.published_at,
        with_previous.metric,
        with_previous.previous_status,
        with_previous.status,
        with_previous.previous_value,
        with_previous.value,
        with_previous.explanation,
        benchmarks.label,
        before.word as previous_status_word,
        now.word as status_word,
        with_previous.previous_value_text,
        with_previous.value_text,
        with_previous.period_start,
        with_previous.period_end,
        with_previous.previous_published_at,
        benchmarks.display_order
    from with_previous
    inner join benchmarks on with_previous.metric = benchmarks.metric
    inner join statuses as now on with_previous.status = now.status
    inner join statuses as before on with_previous.previous_status = before.status
    where with_previous.status != with_previous.previous_status
)

select * from final
