-- The questions of every loaded survey export, and the part each plays: the unaided and aided
-- awareness questions, "first heard", and the questions behind the ICP rules; chosen by the
-- config or guessed.
with questions as (
    select * from {{ ref('int_surveys__questions_grouped') }}
),

roles as (
    select * from {{ ref('int_surveys__question_roles') }}
),

files as (
    select * from {{ ref('stg_demandgen__ingested_files') }}
),

responses as (
    select distinct
        load_id,
        survey,
        source_tool
    from {{ ref('stg_surveys__responses') }}
),

final as (
    select
        files.file_name,
        responses.survey,
        responses.source_tool,
        questions.question_id,
        questions.question_text,
        questions.kind,
        questions.option_labels,
        questions.position,
        roles.role,
        roles.rule_number,
        roles.chosen_by
    from questions
    inner join files on questions.load_id = files.load_id
    inner join responses on questions.load_id = responses.load_id
    left join roles on questions.load_id = roles.load_id and questions.question_id = roles.question_id
)

select * from final
