select * from {{ ref('int_benchmarks') }}
