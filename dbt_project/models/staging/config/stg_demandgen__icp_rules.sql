with source as (
    select * from {{ source('raw', 'icp_rules') }}
)

select
    rule_number,
    question,
    lower(trim(question)) as question_lower,
    answer,
    {{ normalize_for_matching('answer') }} as answer_normalized,
    at_least
from source
