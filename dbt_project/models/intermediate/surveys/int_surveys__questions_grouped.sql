-- One row per question of each survey export: a one-column-per-choice question's columns are
-- one question here, with its options listed.
with questions as (
    select * from {{ ref('stg_surveys__questions') }}
),

final as (
    select
        load_id,
        question_id,
        min(question_text) as question_text,
        min(position) as position,
        min(kind) as kind,
        count(choice) as options,
        {{ string_agg_ordered('choice', "' / '", 'position') }} as option_labels,
        min(source_file) as source_file
    from questions
    group by load_id, question_id
)

select * from final
