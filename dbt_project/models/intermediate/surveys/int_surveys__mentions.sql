-- What counted respondents wrote or ticked, one mention per row: the unaided question's free
-- text split on any separator (commas, semicolons, slashes, "&", "and", "or", new lines), and the
-- aided question's ticked options. Non-answers ("n/a", "not sure") are dropped.
with respondents as (
    select * from {{ ref('int_surveys__respondents') }}
),

roles as (
    select * from {{ ref('int_surveys__question_roles') }}
    where role in ('unaided', 'aided')
),

answers as (
    select * from {{ ref('stg_surveys__answers') }}
),

non_answers as (
    select * from {{ ref('survey_non_answers') }}
),

role_answers as (
    select
        respondents.respondent_key,
        respondents.wave_number,
        respondents.is_icp,
        roles.role,
        answers.choice,
        answers.answer
    from answers
    inner join roles on answers.load_id = roles.load_id and answers.question_id = roles.question_id
    inner join respondents
        on answers.load_id = respondents.load_id and answers.respondent_id = respondents.respondent_id
),

split as (
    -- An option of a one-column-per-choice question is its column's choice.
    select
        respondent_key,
        wave_number,
        is_icp,
        role,
        1 as part_number,
        choice as mention_text
    from role_answers
    where choice is not null
    union all
    -- Each role's separator is a constant pattern, compiled once: a pattern taken from a column is
    -- compiled again for every answer (ten times slower on DuckDB).
    select
        respondent_key,
        wave_number,
        is_icp,
        role,
        {{ split_to_rows(
            'answer', "'(?i)\\s*(?:[,;/&|+\\n\\r]|\\band\\b|\\bor\\b|\\s-\\s)\\s*'", 'part_number', 'mention_text'
        ) }}
    from role_answers
    where choice is null and role = 'unaided'
    union all
    -- Options are joined with ", " (Qualtrics without the space) or " / " (older Typeform).
    select
        respondent_key,
        wave_number,
        is_icp,
        role,
        {{ split_to_rows('answer', "'\\s*(?:,|;|\\s/\\s|\\n)\\s*'", 'part_number', 'mention_text') }}
    from role_answers
    where choice is null and role <> 'unaided'
),

final as (
    select
        respondent_key,
        wave_number,
        is_icp,
        role,
        part_number,
        trim(mention_text) as mention_text,
        {{ normalize_for_matching('mention_text') }} as mention
    from split
    -- Single letters are no names ("n/a" splits into "n" and "a").
    where
        length({{ normalize_for_matching('mention_text') }}) >= 2
        and {{ normalize_for_matching('mention_text') }} not in (select non_answers.answer from non_answers)
)

select * from final
