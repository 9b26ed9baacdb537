-- Search interest per tracked brand, period and region, from one Google Trends download per
-- period: Trends scales each download to its own peak, so downloads with different term sets are
-- never mixed. The download covering the most tracked brands is used, then the newest. A brand is
-- the Trends term equal to one of its config terms or misspellings; where a download has two
-- terms of one brand, the one with the most interest stands for it (Trends counts a search for
-- "northwind analytics" under "northwind" too, so adding them would count it twice).
with interest as (
    select * from {{ ref('stg_trends__interest') }}
),

exports as (
    select * from {{ ref('int_pipeline__loaded_exports') }}
),

terms as (
    select distinct
        brand,
        is_own_brand,
        term_normalized
    from {{ ref('stg_demandgen__brand_terms') }}
    where kind in ('term', 'misspelling')
),

branded as (
    select
        interest.*,
        terms.brand,
        terms.is_own_brand
    from interest
    inner join terms on interest.term_normalized = terms.term_normalized
),

brand_terms as (
    select
        load_id,
        brand,
        term
    -- Summed in a subquery: Spark's QUALIFY cannot order the window by an aggregate.
    from (
        select
            load_id,
            brand,
            term,
            sum(interest) as interest
        from branded
        group by load_id, brand, term
    ) as term_interest
    qualify row_number() over (partition by load_id, brand order by interest desc, term asc) = 1
),

downloads as (
    select
        branded.load_id,
        count(distinct branded.brand) as tracked_brands,
        max(exports.export_data_end) as data_end
    from branded
    inner join exports on branded.load_id = exports.load_id
    group by branded.load_id
),

chosen as (
    select distinct
        branded.granularity,
        branded.geo,
        branded.period_start,
        branded.load_id
    from branded
    inner join downloads on branded.load_id = downloads.load_id
    -- A share needs at least two tracked brands in the same download.
    where downloads.tracked_brands >= 2
    qualify row_number() over (
        partition by branded.granularity, branded.geo, branded.period_start
        order by downloads.tracked_brands desc, downloads.data_end desc, branded.load_id desc
    ) = 1
),

final as (
    select
        branded.granularity,
        branded.period_start,
        branded.period_end,
        branded.geo,
        branded.brand,
        branded.is_own_brand,
        branded.term,
        branded.interest,
        branded.value_as_written = '<1' as is_below_one,
        branded.load_id,
        branded.source_file
    from branded
    inner join chosen
        on
            branded.load_id = chosen.load_id and branded.granularity = chosen.granularity
            and branded.geo = chosen.geo and branded.period_start = chosen.period_start
    inner join brand_terms
        on
            branded.load_id = brand_terms.load_id and branded.brand = brand_terms.brand
            and branded.term = brand_terms.term
)

select * from final
