-- The config's events, drawn on every time chart whose range covers them and listed in the digest.
with events as (
    select * from {{ ref('stg_demandgen__events') }}
),

final as (
    select
        event_date,
        end_date,
        label
    from events
)

select * from final
