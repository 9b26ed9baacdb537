select * from {{ ref('int_scorecard__benchmarks') }}
