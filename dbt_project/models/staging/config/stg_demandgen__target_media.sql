with source as (
    select * from {{ source('raw', 'target_media') }}
)

select
    name,
    kind,
    tier,
    case
        when kind = 'domain' then regexp_replace(lower(trim(name)), '^(https?://)?(www\.)?', '')
        else {{ normalize_for_matching('name') }}
    end as match_value
from source
