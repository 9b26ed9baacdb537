with source as (
    select * from {{ source('raw', 'metric_settings') }}
)

select
    setting,
    value
from source
