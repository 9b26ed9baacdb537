with source as (
    select * from {{ source('raw', 'survey_answers') }}
),

renamed as (
    select
        load_id,
        respondent_id,
        question_id,
        choice,
        answer,
        source_row
    from source
)

select * from renamed
