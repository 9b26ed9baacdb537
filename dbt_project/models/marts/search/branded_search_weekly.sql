-- Branded and non-branded web search per ISO week (Monday to Sunday), all properties summed, beside the
-- same week 52 weeks (364 days) earlier so Mondays line up with Mondays. Only complete days count, and only
-- weeks with all seven: Search Console's last two or three days are still filling in, and a part week would
-- show as a fake drop at the end (or start) of every chart. Anonymized queries are left out: Google hides
-- their text, so they cannot be called branded or not.
with days as (
    select * from {{ ref('branded_search_daily') }}
    where is_complete and segment in ('branded', 'non_branded')
),

weeks as (
    select
        cast({{ dbt.date_trunc('week', 'date') }} as date) as week_start,
        segment,
        cast(sum(impressions) as bigint) as impressions,
        cast(sum(clicks) as bigint) as clicks,
        count(distinct date) as days
    from days
    group by cast({{ dbt.date_trunc('week', 'date') }} as date), segment
),

full_weeks as (
    select
        week_start,
        segment,
        impressions,
        clicks
    from weeks
    where days = 7
),

final as (
    select
        this_week.week_start,
        {{ add_days(6, 'this_week.week_start') }} as week_end,
        this_week.segment,
        this_week.impressions,
        this_week.clicks,
        {{ add_days(-364, 'this_week.week_start') }} as year_earlier_week_start,
        year_earlier.impressions as year_earlier_impressions,
        year_earlier.clicks as year_earlier_clicks
    from full_weeks as this_week
    left join full_weeks as year_earlier
        on
            this_week.segment = year_earlier.segment
            and year_earlier.week_start = {{ add_days(-364, 'this_week.week_start') }}
)

select * from final
