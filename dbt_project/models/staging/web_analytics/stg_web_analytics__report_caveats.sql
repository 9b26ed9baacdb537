with source as (
    select * from {{ source('raw', 'web_analytics_report_caveats') }}
),

renamed as (
    select
        property,
        source_tool,
        period_start,
        period_end,
        subject_to_thresholding,
        data_loss_from_other_row,
        samples_read_count,
        sampling_space_size,
        load_id,
        source_file
    from source
)

select * from renamed
