-- Awareness of each tracked brand in each wave, unaided and aided, among ICP respondents whose
-- survey asked the question. A respondent counts once per brand however often they name it;
-- a respondent who names nothing (or skips the question) counts as aware of nothing.
with respondents as (
    select * from {{ ref('int_surveys__respondents') }}
    where is_icp
),

waves as (
    select * from {{ ref('int_surveys__waves') }}
),

mentions as (
    select * from {{ ref('int_surveys__mentions') }}
    where is_icp
),

matches as (
    select * from {{ ref('int_surveys__mention_brands') }}
    where brand is not null
),

brands as (
    select distinct
        brand,
        is_own_brand
    from {{ ref('stg_demandgen__brand_terms') }}
),

asked as (
    select
        'unaided' as role,
        wave_number,
        count(*) as respondents
    from respondents
    where has_unaided_question
    group by wave_number
    union all
    select
        'aided' as role,
        wave_number,
        count(*) as respondents
    from respondents
    where has_aided_question
    group by wave_number
),

aware as (
    select
        mentions.role,
        mentions.wave_number,
        matches.brand,
        count(distinct mentions.respondent_key) as aware
    from mentions
    inner join matches on mentions.mention = matches.mention
    group by mentions.role, mentions.wave_number, matches.brand
),

final as (
    select
        asked.role,
        waves.wave,
        waves.wave_number,
        brands.brand,
        brands.is_own_brand,
        waves.fieldwork_start,
        waves.fieldwork_end,
        waves.fieldwork_midpoint,
        asked.respondents,
        coalesce(aware.aware, 0) as aware,
        -- A double, not 100.0: Spark reads 100.0 as a decimal and would cut the share to 6 decimals.
        cast(100 as double) * coalesce(aware.aware, 0) / asked.respondents as awareness_pct,
        {{ wilson_low_pct('coalesce(aware.aware, 0)', 'asked.respondents') }} as ci_low_pct,
        {{ wilson_high_pct('coalesce(aware.aware, 0)', 'asked.respondents') }} as ci_high_pct
    from asked
    inner join waves on asked.wave_number = waves.wave_number
    cross join brands
    left join aware
        on asked.role = aware.role and asked.wave_number = aware.wave_number and brands.brand = aware.brand
)

select * from final
