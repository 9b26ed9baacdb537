-- One row per survey respondent who counts: a real person (not a preview, test or spam), finished
-- unless the config includes unfinished responses, once however many exports hold the response
-- (the newest export wins). Each gets a wave (a cluster of response dates) and whether they are
-- in the ideal customer profile (ICP).
with responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

exports as (
    select * from {{ ref('int_pipeline__loaded_exports') }}
),

settings as (
    select * from {{ ref('int_surveys__settings') }}
),

roles as (
    select * from {{ ref('int_surveys__question_roles') }}
),

answers as (
    select * from {{ ref('stg_surveys__answers') }}
),

icp_rules as (
    select * from {{ ref('stg_demandgen__icp_rules') }}
),

current_responses as (
    select responses.*
    from responses
    inner join exports on responses.load_id = exports.load_id
    qualify row_number() over (
        partition by responses.source_tool, responses.respondent_id
        order by exports.export_data_end desc, exports.export_last_load desc, responses.load_id desc
    ) = 1
),

counted as (
    select current_responses.*
    from current_responses
    cross join settings
    where
        current_responses.response_type = 'respondent'
        and (current_responses.finished or settings.include_unfinished)
),

-- A wave is a survey's fieldwork period: responses more than wave_gap_days apart start a new one.
-- (NULLs sort last, as DuckDB does by default; Spark would put them first.)
{%- set in_response_order = 'order by response_date nulls last, source_tool nulls last, respondent_id nulls last' %}
previous_dates as (
    select
        counted.*,
        lag(counted.response_date) over ({{ in_response_order }}) as previous_date
    from counted
),

wave_starts as (
    select
        previous_dates.*,
        case
            when previous_dates.previous_date is null then 1
            when
                {{ days_between('previous_dates.previous_date', 'previous_dates.response_date') }}
                > settings.wave_gap_days
                then 1
            else 0
        end as starts_wave
    from previous_dates
    cross join settings
),

waved as (
    select
        *,
        cast(
            sum(starts_wave) over ({{ in_response_order }} rows unbounded preceding)
            as integer
        ) as wave_number
    from wave_starts
),

rule_answers as (
    select
        answers.load_id,
        answers.respondent_id,
        roles.rule_number,
        answers.answer
    from answers
    inner join roles
        on answers.load_id = roles.load_id and answers.question_id = roles.question_id and roles.role = 'icp'
),

-- "200-999 employees" -> 200, "1,000+" -> 1000; "Fewer than 50" has no lower bound but zero.
rules_passed as (
    select distinct
        rule_answers.load_id,
        rule_answers.respondent_id,
        rule_answers.rule_number
    from rule_answers
    inner join icp_rules on rule_answers.rule_number = icp_rules.rule_number
    where
        {{ normalize_for_matching('rule_answers.answer') }} = icp_rules.answer_normalized
        or icp_rules.at_least <= case
            when
                {{ regexp_contains('lower(rule_answers.answer)', "'^\\s*(less than|fewer than|under|below|up to|<)'") }}
                then 0
            else cast(nullif(regexp_extract(replace(rule_answers.answer, ',', ''), '\d+(\.\d+)?', 0), '') as double)
        end
),

rule_count as (
    select count(distinct rule_number) as rules from icp_rules
),

passed_per_respondent as (
    select
        load_id,
        respondent_id,
        count(*) as rules_passed
    from rules_passed
    group by load_id, respondent_id
),

has_role as (
    select
        load_id,
        bool_or(role = 'unaided') as has_unaided_question,
        bool_or(role = 'aided') as has_aided_question,
        bool_or(role = 'first_heard') as has_first_heard_question
    from roles
    group by load_id
),

final as (
    select
        waved.source_tool || ':' || waved.respondent_id as respondent_key,
        waved.load_id,
        waved.respondent_id,
        waved.survey,
        waved.source_tool,
        waved.source_file,
        waved.response_date,
        waved.finished,
        waved.wave_number,
        coalesce(passed_per_respondent.rules_passed, 0) = rule_count.rules as is_icp,
        coalesce(has_role.has_unaided_question, false) as has_unaided_question,
        coalesce(has_role.has_aided_question, false) as has_aided_question,
        coalesce(has_role.has_first_heard_question, false) as has_first_heard_question
    from waved
    cross join rule_count
    left join passed_per_respondent
        on waved.load_id = passed_per_respondent.load_id and waved.respondent_id = passed_per_respondent.respondent_id
    left join has_role on waved.load_id = has_role.load_id
)

select * from final
