-- One row per loaded export (its files share an export_id: pages of one API pull, one UI bundle).
-- Where exports of the same property and grain overlap, the one reaching the latest date wins,
-- then the one loaded last: that is what "a newer export replaces the overlap" means here.
with files as (
    select * from {{ ref('stg_demandgen__ingested_files') }}
    where status = 'loaded' and export_id is not null
),

exports as (
    select
        export_id,
        max(data_end) as export_data_end,
        max(load_id) as export_last_load
    from files
    group by export_id
),

final as (
    select
        files.load_id,
        files.export_id,
        exports.export_data_end,
        exports.export_last_load
    from files
    inner join exports on files.export_id = exports.export_id
)

select * from final
