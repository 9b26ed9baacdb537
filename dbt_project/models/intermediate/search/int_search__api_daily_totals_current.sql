-- Date-only API responses: the day's totals including anonymized queries, newest export per day.
with totals as (
    select * from {{ ref('stg_search_console__api_rows') }}
    where dimensions = 'date'
),

exports as (
    select * from {{ ref('int_pipeline__loaded_exports') }}
),

final as (
    select
        totals.property,
        totals.date,
        totals.clicks,
        totals.impressions,
        totals.is_complete
    from totals
    inner join exports on totals.load_id = exports.load_id
    qualify dense_rank() over (
        partition by totals.property, totals.date
        order by exports.export_data_end desc, exports.export_last_load desc
    ) = 1
)

select * from final
