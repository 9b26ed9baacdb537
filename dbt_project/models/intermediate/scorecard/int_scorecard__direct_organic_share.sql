-- The direct + organic light for one site, month by month: each complete month's share, the last
-- complete month being the scorecard's (with the trailing 28 days beside it). The site is the one
-- measured in sessions with the most traffic in its last complete month: a second site measured only
-- in visitors (a docs site on Plausible, say) is shown on the traffic page, not in the light.
with shares as (
    select * from {{ ref('direct_organic_share') }}
),

monthly as (
    select * from {{ ref('direct_organic_share_monthly') }}
),

benchmarks as (
    select * from {{ ref('int_scorecard__benchmarks') }}
    where metric = 'direct_organic_share'
),

site as (
    select
        property,
        source_tool
    from shares
    where time_window = 'last_complete_month'
    order by case when traffic_unit = 'sessions' then 0 else 1 end, total desc nulls last, property asc, source_tool asc
    limit 1
),

last_complete_month as (
    select shares.*
    from shares
    inner join site on shares.property = site.property and shares.source_tool = site.source_tool
    where shares.time_window = 'last_complete_month'
),

trailing_28_days as (
    select shares.*
    from shares
    inner join site on shares.property = site.property and shares.source_tool = site.source_tool
    where shares.time_window = 'trailing_28_days' and shares.is_measurable
),

months as (
    select
        last_complete_month.property,
        last_complete_month.period_start,
        last_complete_month.period_end,
        last_complete_month.traffic_unit,
        last_complete_month.total,
        last_complete_month.share_pct,
        trailing_28_days.share_pct as trailing_28_days_share_pct,
        trailing_28_days.period_end as trailing_28_days_end,
        last_complete_month.data_through,
        true as is_current
    from last_complete_month
    left join trailing_28_days on true
    union all
    select
        monthly.property,
        monthly.month_start as period_start,
        monthly.month_end as period_end,
        monthly.traffic_unit,
        monthly.total,
        monthly.share_pct,
        null as trailing_28_days_share_pct,
        cast(null as date) as trailing_28_days_end,
        monthly.month_end as data_through,
        false as is_current
    from monthly
    inner join site on monthly.property = site.property and monthly.source_tool = site.source_tool
    inner join last_complete_month on monthly.month_start < last_complete_month.period_start
),

organic_words as (
    select
        case
            when coalesce({{ dbt.bool_or("setting = 'organic_includes_social_and_video' and value = 'true'") }}, false)
                then 'Direct + Organic Search, Social and Video'
            else 'Direct + Organic Search'
        end as channels
    from {{ ref('stg_demandgen__metric_settings') }}
),

lit as (
    select
        months.*,
        coalesce(months.is_current, true) as is_current_light,
        benchmarks.healthy_low as benchmark_low,
        benchmarks.healthy_high as benchmark_high,
        benchmarks.amber_low,
        {{ traffic_light('months.share_pct', 'months.share_pct is not null') }} as status,
        organic_words.channels
    from benchmarks
    cross join organic_words
    left join months on true
),

final as (
    select
        'direct_organic_share' as metric,
        period_start,
        period_end,
        share_pct as value,
        benchmark_low,
        benchmark_high,
        status,
        case
            when property is null
                then 'No web analytics exports (GA4, Plausible or Matomo) have been loaded yet.'
            when share_pct is null
                then
                    'Not a complete month of traffic for ' || property || ' in '
                    || {{ format_month('period_start') }}
                    || ' yet: load daily exports covering every day of it, or an export of exactly that month.'
            else
                channels || ' brought ' || {{ format_percent('share_pct') }}
                || ' of ' || {{ format_count('total') }} || ' '
                || case
                    when traffic_unit = 'sessions' then 'sessions'
                    else 'visitors (the tool counts no sessions)'
                end
                || ' on ' || property || ' in ' || {{ format_month('period_start') }}
                || coalesce(
                    ' (' || {{ format_percent('trailing_28_days_share_pct') }} || ' over the 28 days to '
                    || {{ format_day('trailing_28_days_end') }} || ')', ''
                )
                || '. ' || case
                    when status = 'green'
                        then
                            'Healthy: at least ' || {{ format_percent('benchmark_low') }}
                            || ' of visits come from people who know the name or search for the problem.'
                    when status = 'amber'
                        then
                            'Below the ' || {{ format_percent('benchmark_low') }}
                            || ' of healthy demand generation: much of the traffic is bought or captured.'
                    else
                        'Well below ' || {{ format_percent('benchmark_low') }}
                        || ': most traffic is bought or captured rather than demanded.'
                end
        end as explanation,
        data_through,
        cast(null as date) as comparison_start,
        cast(null as date) as comparison_end,
        'calendar_month' as time_window,
        is_current_light as is_current
    from lit
)

select * from final
