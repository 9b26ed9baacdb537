-- "How did you first hear about us?" per wave: each answer's share of the ICP respondents who answered.
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with respondents as (
    select * from {{ ref('int_surveys__respondents') }}
    where is_icp and has_first_heard_question
),

roles as (
    select * from {{ ref('int_surveys__question_roles') }}
    where role = 'first_heard'
),

answers as (
    select * from {{ ref('stg_surveys__answers') }}
),

waves as (
    select * from {{ ref('int_surveys__waves') }}
),

chosen as (
    select distinct
        respondents.wave_number,
        respondents.respondent_key,
        trim(coalesce(answers.choice, answers.answer)) as answer
    from answers
    inner join roles on answers.load_id = roles.load_id and answers.question_id = roles.question_id
    inner join respondents
        on answers.load_id = respondents.load_id and answers.respondent_id = respondents.respondent_id
),

-- SurveyMonkey leaves the answer empty when "Other (please specify)" is picked and writes the text
-- in the column beside it (question_id + '_other'): such a respondent answered "Other".
other_only as (
    select distinct
        respondents.wave_number,
        respondents.respondent_key,
        'Other' as answer
    from answers
    inner join roles on answers.load_id = roles.load_id and answers.question_id = roles.question_id || '_other'
    inner join respondents
        on answers.load_id = respondents.load_id and answers.respondent_id = respondents.respondent_id
    where respondents.respondent_key not in (select chosen.respondent_key from chosen)
),

given as (
    select * from chosen
    union all
    select * from other_only
),

answering as (
    select
        wave_number,
        count(distinct respondent_key) as respondents_answering
    from given
    group by wave_number
),

final as (
    select
        waves.wave,
        waves.wave_number,
        given.answer,
        count(distinct given.respondent_key) as respondents,
        answering.respondents_answering,
        100 * cast(count(distinct given.respondent_key) as double) / answering.respondents_answering as share_pct
    from given
    inner join answering on given.wave_number = answering.wave_number
    inner join waves on given.wave_number = waves.wave_number
    group by waves.wave, waves.wave_number, given.answer, answering.respondents_answering
)

select * from final
