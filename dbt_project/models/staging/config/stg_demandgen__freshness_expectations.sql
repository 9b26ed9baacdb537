with source as (
    select * from {{ source('raw', 'freshness_expectations') }}
)

select
    source,
    expected_within_days
from source
