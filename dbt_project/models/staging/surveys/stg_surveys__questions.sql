with source as (
    select * from {{ source('raw', 'survey_questions') }}
),

renamed as (
    select
        load_id,
        question_id,
        question_text,
        choice,
        kind,
        position,
        source_file
    from source
)

select * from renamed
