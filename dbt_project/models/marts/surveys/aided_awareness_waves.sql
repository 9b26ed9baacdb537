-- Aided awareness (ticked in a list of brands) per wave and tracked brand, with its Wilson 95% interval.
select
    wave,
    wave_number,
    brand,
    is_own_brand,
    fieldwork_start,
    fieldwork_end,
    respondents,
    aware,
    awareness_pct,
    ci_low_pct,
    ci_high_pct
from {{ ref('int_surveys__awareness_by_wave') }}
where role = 'aided'
