-- Each tracked brand's share of the search interest in all tracked brands, per period and region,
-- within one Google Trends download (see int_search__interest_series).
-- (100 * cast(... as double): a literal 100.0 is DECIMAL on Spark, which keeps 6 decimals; DuckDB divides in DOUBLE.)
with series as (
    select * from {{ ref('int_search__interest_series') }}
),

final as (
    select
        period_start,
        period_end,
        granularity,
        geo,
        brand,
        is_own_brand,
        interest,
        100
        * cast(interest as double)
        / nullif(sum(interest) over (partition by granularity, geo, period_start), 0) as share_pct,
        term,
        source_file,
        {{ dbt.bool_or('is_below_one') }} over (partition by granularity, geo, period_start) as has_below_one
    from series
)

select * from final
