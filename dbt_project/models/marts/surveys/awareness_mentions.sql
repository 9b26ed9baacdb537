-- Every distinct thing respondents wrote for the unaided question, and which brand it was read
-- as (or none): the list to scan for aliases and misspellings to add to the config, and to audit
-- fuzzy matches. Counts are respondents (all counted respondents, ICP or not).
with mentions as (
    select * from {{ ref('int_surveys__mentions') }}
    where role = 'unaided'
),

matches as (
    select * from {{ ref('int_surveys__mention_brands') }}
),

waves as (
    select * from {{ ref('int_surveys__waves') }}
),

final as (
    select
        mentions.mention,
        -- One way it was written, for display (the alphabetically first).
        min(mentions.mention_text) as example,
        matches.brand,
        matches.match_kind,
        matches.matched_term,
        count(distinct mentions.respondent_key) as respondents,
        min(waves.wave) as first_wave,
        max(waves.wave) as last_wave
    from mentions
    inner join matches on mentions.mention = matches.mention
    inner join waves on mentions.wave_number = waves.wave_number
    group by mentions.mention, matches.brand, matches.match_kind, matches.matched_term
)

select * from final
