-- The config's events (campaigns, launches, announcements): a day, or a first and last day.
with source as (
    select * from {{ source('raw', 'events') }}
),

renamed as (
    select
        event_date,
        coalesce(end_date, event_date) as end_date,
        label
    from source
)

select * from renamed
