with source as (
    select * from {{ source('raw', 'survey_question_settings') }}
)

select
    role,
    match,
    lower(trim(match)) as match_lower
from source
