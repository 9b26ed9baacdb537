with source as (
    select * from {{ source('raw', 'benchmark_overrides') }}
)

select
    metric,
    healthy_low,
    healthy_high,
    amber_low
from source
