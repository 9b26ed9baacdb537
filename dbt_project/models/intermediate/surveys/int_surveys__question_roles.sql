-- Which question of each survey export plays which part: the unaided-awareness question, the
-- aided (multi-select) one, "how did you first hear about us", and the question behind each ICP
-- rule. The config names them by a fragment of the question's text or its tag; a part the config
-- leaves out is guessed from the question's wording and answers (the data page shows the guess).
with questions as (
    select * from {{ ref('int_surveys__questions_grouped') }}
),

settings as (
    select * from {{ ref('stg_demandgen__survey_question_settings') }}
),

icp_rules as (
    select distinct
        rule_number,
        question_lower
    from {{ ref('stg_demandgen__icp_rules') }}
),

answers as (
    select * from {{ ref('stg_surveys__answers') }}
),

brand_terms as (
    select * from {{ ref('stg_demandgen__brand_terms') }}
    where kind in ('term', 'misspelling') and term_normalized <> ''
),

-- The options a question offers: its one-column-per-choice labels, or the parts of its answers
-- (multi-select answers joined in one cell by Qualtrics, Google Forms and older Typeform).
options as (
    select distinct
        load_id,
        question_id,
        {{ normalize_for_matching('choice') }} as option_text
    from answers
    where choice is not null
    union
    select distinct
        load_id,
        question_id,
        {{ normalize_for_matching('part') }} as option_text
    from (
        select
            load_id,
            question_id,
            {{ split_to_rows('answer', "'\\s*(?:,|;|\\s/\\s|\\n)\\s*'", 'part_number', 'part') }}
        from answers
        where choice is null
    ) as parts
),

brands_offered as (
    select
        options.load_id,
        options.question_id,
        count(distinct brand_terms.brand) as brands
    from options
    inner join brand_terms
        on {{ regexp_contains('options.option_text', "'\\b' || brand_terms.term_normalized || '\\b'") }}
    group by options.load_id, options.question_id
),

described as (
    select
        questions.*,
        lower(questions.question_text) as text_lower,
        coalesce(brands_offered.brands, 0) as brands_offered
    from questions
    left join brands_offered
        on questions.load_id = brands_offered.load_id and questions.question_id = brands_offered.question_id
),

configured as (
    select
        described.load_id,
        settings.role,
        cast(null as bigint) as rule_number,
        described.question_id,
        described.position,
        'config' as chosen_by
    from described
    inner join settings
        on
            described.text_lower like '%' || settings.match_lower || '%'
            or lower(described.question_id) = settings.match_lower
    union all
    select
        described.load_id,
        'icp' as role,
        icp_rules.rule_number,
        described.question_id,
        described.position,
        'config' as chosen_by
    from described
    inner join icp_rules
        on
            described.text_lower like '%' || icp_rules.question_lower || '%'
            or lower(described.question_id) = icp_rules.question_lower
),

-- The guesses, for parts the config does not name. Unaided: an open (or unlabelled) question
-- asking which vendors, brands or companies come to mind. Aided: a multi-select offering two or more of the
-- tracked brands. First heard: "how did you (first) hear about ...".
guessed as (
    select
        load_id,
        role,
        cast(null as bigint) as rule_number,
        question_id,
        position,
        'guess' as chosen_by
    from (
        select
            *,
            case
                when
                    kind in ('open_text', 'unknown')
                    and {{ regexp_contains('text_lower',
                        "'comes? to (your )?mind|springs? to mind|can you (name|think of|list|recall)|'
                        || '(which|what) (vendors|brands|companies|providers|tools|solutions|products|software|'
                        || 'platforms)|think of'") }}
                    and not {{ regexp_contains(
                        'text_lower', "'heard of|aware of|familiar with|recogni[sz]e|first hear|hear about'"
                    ) }}
                    then 'unaided'
                when
                    kind <> 'open_text' and brands_offered >= 2
                    and (
                        kind = 'choice_option'
                        or {{ regexp_contains('text_lower', "'heard of|aware of|familiar with|recogni[sz]e|know of'") }}
                    )
                    then 'aided'
                when
                    kind <> 'open_text'
                    and {{ regexp_contains('text_lower', "'first (hear|heard|learn|find|found|discover|come across)|'
                        || 'how did you (hear|learn|find out|discover)|hear about us'") }}
                    then 'first_heard'
            end as role
        from described
    ) as candidates
    where
        role is not null
        and role not in (select settings.role from settings)
),

chosen as (
    select *
    from (
        select * from configured
        union all
        select * from guessed
    ) as candidates
    -- The first matching question in the file plays the part.
    qualify row_number() over (partition by load_id, role, rule_number order by position) = 1
),

final as (
    select
        chosen.load_id,
        chosen.role,
        chosen.rule_number,
        chosen.question_id,
        described.question_text,
        described.kind,
        chosen.chosen_by
    from chosen
    inner join described on chosen.load_id = described.load_id and chosen.question_id = described.question_id
)

select * from final
