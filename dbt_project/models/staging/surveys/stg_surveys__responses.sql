with source as (
    select * from {{ source('raw', 'survey_responses') }}
),

renamed as (
    select
        load_id,
        survey,
        source_tool,
        respondent_id,
        started_at,
        submitted_at,
        -- A response belongs to the day it was submitted (or begun, when it never was).
        cast(coalesce(submitted_at, started_at) as date) as response_date,
        finished,
        response_type,
        source_file,
        source_row
    from source
)

select * from renamed
