-- One row per wave: its fieldwork period, and its name (the month fieldwork began; a second
-- wave beginning in the same month is told apart by a suffix).
with respondents as (
    select * from {{ ref('int_surveys__respondents') }}
),

waves as (
    select
        wave_number,
        min(response_date) as fieldwork_start,
        max(response_date) as fieldwork_end,
        count(*) as responses_counted,
        {{ string_agg_ordered('source_tool', "', '", 'source_tool', distinct=true) }} as source_tools
    from respondents
    group by wave_number
),

-- A wave's middle day (half its fieldwork days after the first, rounded down) is the day the comparison
-- with a year earlier measures from.
{%- set half_fieldwork_days = 'cast(floor(' ~ days_between('fieldwork_start', 'fieldwork_end') ~ ' / 2) as integer)' %}
final as (
    select
        wave_number,
        {{ format_year_month('fieldwork_start') }}
        || case
            when row_number() over (partition by {{ format_year_month('fieldwork_start') }} order by wave_number) > 1
                then '-' || cast(row_number() over (
                    partition by {{ format_year_month('fieldwork_start') }} order by wave_number
                ) as {{ dbt.type_string() }})
            else ''
        end as wave,
        fieldwork_start,
        fieldwork_end,
        {{ add_days(half_fieldwork_days, 'fieldwork_start') }} as fieldwork_midpoint,
        responses_counted,
        source_tools
    from waves
)

select * from final
