-- One row per loaded survey export: what it held, how many of its responses count, which question
-- was read as unaided awareness, and what stops its respondents from counting, in words.
with files as (
    select * from {{ ref('stg_demandgen__ingested_files') }}
    where status = 'loaded'
),

responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

respondents as (
    select * from {{ ref('int_surveys__respondents') }}
),

roles as (
    select * from {{ ref('int_surveys__question_roles') }}
),

rules as (
    select distinct
        rule_number,
        question
    from {{ ref('stg_demandgen__icp_rules') }}
),

settings as (
    select * from {{ ref('stg_demandgen__survey_question_settings') }}
),

per_file as (
    select
        load_id,
        min(survey) as survey,
        min(source_tool) as source_tool,
        min(response_date) as first_response,
        max(response_date) as last_response,
        count(*) as responses,
        count(*) filter (where response_type <> 'respondent') as not_respondents,
        count(*) filter (where response_type = 'respondent' and not finished) as unfinished
    from responses
    group by load_id
),

counted as (
    select
        load_id,
        count(*) as respondents_counted,
        count(*) filter (where is_icp) as icp_respondents
    from respondents
    group by load_id
),

-- ICP rules whose question this export lacks: none of its respondents can be in the ICP.
missing_rules as (
    select
        per_file.load_id,
        {{ string_agg_ordered("'\"' || rules.question || '\"'", "', '", 'rules.rule_number') }} as questions
    from per_file
    cross join rules
    left join roles on per_file.load_id = roles.load_id and roles.role = 'icp' and rules.rule_number = roles.rule_number
    where roles.load_id is null
    group by per_file.load_id
),

unaided as (
    select
        load_id,
        question_text,
        chosen_by
    from roles
    where role = 'unaided'
),

final as (
    select
        files.file_name,
        per_file.survey,
        per_file.source_tool,
        per_file.first_response,
        per_file.last_response,
        per_file.responses,
        per_file.not_respondents,
        per_file.unfinished,
        coalesce(counted.respondents_counted, 0) as respondents_counted,
        coalesce(counted.icp_respondents, 0) as icp_respondents,
        unaided.question_text as unaided_question,
        unaided.chosen_by as unaided_chosen_by,
        case
            when
                unaided.load_id is null and exists (
                    select 1 from settings
                    where settings.role = 'unaided'
                )
                then
                    'No question matches surveys.unaided_question, so this survey adds nothing to unaided awareness.'
            when unaided.load_id is null
                then
                    'No question looks like an unaided-awareness question (which vendors come to mind?): '
                    || 'name it in surveys.unaided_question.'
            when missing_rules.load_id is not null
                then
                    'No question matches the ICP rule(s) for ' || missing_rules.questions
                    || ', so none of its respondents count as ICP.'
        end as problem
    from per_file
    inner join files on per_file.load_id = files.load_id
    left join counted on per_file.load_id = counted.load_id
    left join unaided on per_file.load_id = unaided.load_id
    left join missing_rules on per_file.load_id = missing_rules.load_id
)

select * from final
