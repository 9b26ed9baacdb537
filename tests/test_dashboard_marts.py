"""The marts the dashboard reads, as the real refresh built them from Northwind's exports
(tests/dashboard_warehouse.py): every sum, share, order and word against what a person works out from the rows
written there.

These rules used to be computed in the dashboard; dbt is their one home now (weekly roll-ups, the 364-day
year-earlier join, months from days or from a month export, quarters without mentions, the series to chart,
the top queries' period). Cases the exports cannot show are dbt unit tests beside the models.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from tests.dashboard_warehouse import (
    ANONYMIZED,
    AUGUST_MONTH,
    CHANGES,
    CONTOSO,
    DOCS,
    DOCS_OCTOBER,
    DOCS_SEPTEMBER,
    FABRIKAM,
    FIRST_DAY,
    GA4,
    INCOMPLETE_DAY,
    LAST_COMPLETE_DAY,
    MENTIONS_PER_QUARTER,
    NOT_ICP,
    OCTOBER_DAY,
    OWN_BRAND,
    QUARTERS,
    SEPTEMBER_DAY,
    WAVES,
    YEAR,
    branded,
    days,
    non_branded,
)
from tests.pipeline_support import query


def rows(warehouse, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def week_sum(measure, monday: date, index: int) -> int:
    return sum(measure(monday + timedelta(days=n))[index] for n in range(7))


# --- branded search -----------------------------------------------------------------------------------------

THIS_YEARS_WEEKS = [FIRST_DAY + timedelta(weeks=n) for n in range(4)]  # 2026-10-19 to 2026-11-09
LAST_YEARS_WEEKS = [week - YEAR for week in THIS_YEARS_WEEKS]  # 2025-10-20 to 2025-11-10


def test_weekly_sums_equal_hand_sums_of_the_days(dashboard_warehouse):
    weekly = rows(dashboard_warehouse, "select * from marts.branded_search_weekly order by segment, week_start")

    assert {row["segment"] for row in weekly} == {"branded", "non_branded"}  # anonymized cannot be classified
    for row in weekly:
        measure = branded if row["segment"] == "branded" else non_branded
        assert row["impressions"] == week_sum(measure, row["week_start"], 0), row
        assert row["clicks"] == week_sum(measure, row["week_start"], 1), row
    first = weekly[4]  # branded, week of 2026-10-19: days n = 0 to 6
    assert (first["week_start"], first["impressions"], first["clicks"]) == (
        FIRST_DAY,
        7 * 1_000 + 10 * 21,
        7 * 110 + 11 * 21,
    )


def test_only_full_weeks_of_complete_days_are_weeks(dashboard_warehouse):
    weeks = [
        week
        for (week,) in query(
            dashboard_warehouse, "select distinct week_start from marts.branded_search_weekly order by 1"
        )
    ]

    # Mondays only; the week of 2026-11-16 has three complete days and the still-filling 19th, and the week of
    # 2025-11-17 three days: neither is a week.
    assert weeks == LAST_YEARS_WEEKS + THIS_YEARS_WEEKS
    assert query(
        dashboard_warehouse,
        "select segment, impressions, is_complete from marts.branded_search_daily where date = ? order by segment",
        [INCOMPLETE_DAY],
    ) == [("branded", branded(INCOMPLETE_DAY)[0], False), ("non_branded", non_branded(INCOMPLETE_DAY)[0], False)]


def test_each_week_sits_beside_the_week_364_days_earlier(dashboard_warehouse):
    weekly = rows(
        dashboard_warehouse, "select * from marts.branded_search_weekly where segment = 'branded' order by week_start"
    )

    for row in weekly:
        assert row["year_earlier_week_start"] == row["week_start"] - YEAR  # a Monday too
        if row["week_start"] in THIS_YEARS_WEEKS:
            assert row["year_earlier_impressions"] == week_sum(branded, row["week_start"] - YEAR, 0)
            assert row["year_earlier_clicks"] == week_sum(branded, row["week_start"] - YEAR, 1)
        else:
            assert row["year_earlier_impressions"] is None  # no data two years back
    assert weekly[4]["year_earlier_impressions"] == 7 * 800 + 8 * 21  # 5,768, the week of 2025-10-20


def test_growth_compares_the_28_days_to_the_last_complete_day_with_the_same_weekdays_a_year_earlier(
    dashboard_warehouse,
):
    growth = rows(dashboard_warehouse, "select * from marts.branded_search_growth order by time_window desc")

    trailing = growth[0]
    assert (trailing["period_start"], trailing["period_end"]) == (date(2026, 10, 22), LAST_COMPLETE_DAY)  # n = 3 to 30
    assert (trailing["comparison_start"], trailing["comparison_end"]) == (date(2025, 10, 23), date(2025, 11, 19))
    window = days(date(2026, 10, 22), LAST_COMPLETE_DAY)
    assert trailing["impressions"] == sum(branded(d)[0] for d in window) == 28 * 1_000 + 10 * 462  # 32,620
    assert trailing["comparison_impressions"] == sum(branded(d - YEAR)[0] for d in window) == 28 * 800 + 8 * 462
    assert (trailing["impressions_growth_pct"], trailing["clicks_growth_pct"]) == (25.0, 10.0)  # 32,620 / 26,096
    quarter = growth[1]
    assert quarter["time_window"] == "last_complete_quarter" and not quarter["is_comparable"]  # no Q3 data


def test_top_branded_queries_are_the_newest_ui_exports(dashboard_warehouse):
    top = query(
        dashboard_warehouse,
        "select query, clicks, period_start, source from marts.top_branded_queries order by query_rank",
    )

    # Not the older export's "northwind careers" (5,000 clicks), nor the daily data's "northwind app" (6,688 in
    # November), nor the export's non-branded "b2b marketing dashboard" (900).
    assert top == [
        ("northwind analytics", 420, date(2026, 8, 21), "ui_export"),
        ("northwind", 310, date(2026, 8, 21), "ui_export"),
        ("northwind login", 150, date(2026, 8, 21), "ui_export"),
        ("northwind pricing", 95, date(2026, 8, 21), "ui_export"),
    ]


def test_the_daily_rollup_sums_each_query_per_month(dashboard_warehouse):
    october = rows(
        dashboard_warehouse,
        """select * from marts.search_query_totals
           where source = 'daily_rollup' and query = 'northwind app' and period_start = '2026-10-01'""",
    )[0]

    # 19 to 31 October: n = 0 to 12.
    assert (october["period_end"], october["segment"]) == (date(2026, 10, 31), "branded")
    assert (october["impressions"], october["clicks"]) == (13 * 1_000 + 10 * 78, 13 * 110 + 11 * 78)


def test_anonymized_rows_are_their_own_segment(dashboard_warehouse):
    anonymized = query(
        dashboard_warehouse,
        "select count(*), min(impressions), max(clicks) from marts.branded_search_daily where segment = 'anonymized'",
    )
    # Every day of the bulk export (31 last year, 28 this year); the API responses have none.
    assert anonymized == [(31 + 28, ANONYMIZED[0], ANONYMIZED[1])]


# --- web traffic ----------------------------------------------------------------------------------------------


def times(n: int, per_day: dict[str, int]) -> dict[str, int]:
    return {channel: n * sessions for channel, sessions in per_day.items()}


def test_sites_in_sessions_come_before_sites_in_visitors(dashboard_warehouse):
    sites = rows(dashboard_warehouse, "select * from marts.web_traffic_sites order by site_rank")

    # The docs site had more traffic in October (4,000 visitors against 3,689 sessions), but visitors are not
    # sessions: the site the scorecard's light is for comes first.
    assert [(s["property"], s["traffic_unit"], s["last_month_total"]) for s in sites] == [
        (GA4, "sessions", 31 * 119),
        (DOCS, "visitors", sum(DOCS_OCTOBER.values())),
    ]
    assert sites[0]["data_through"] == LAST_COMPLETE_DAY


def test_a_month_is_its_days_when_every_day_is_there_else_its_export(dashboard_warehouse):
    channels = rows(dashboard_warehouse, "select * from marts.web_traffic_monthly_channels")

    def month(site, month_start):
        found = [c for c in channels if c["property"] == site and c["month_start"] == month_start]
        return {c["channel_group"]: c["traffic"] for c in found}, {c["basis"] for c in found}

    assert month(GA4, date(2026, 8, 1)) == (AUGUST_MONTH, {"period"})  # the month export: no days that month
    assert month(GA4, date(2026, 9, 1)) == (times(30, SEPTEMBER_DAY), {"daily"})  # never days + the export
    assert month(GA4, date(2026, 10, 1)) == (times(31, OCTOBER_DAY), {"daily"})
    assert month(DOCS, date(2026, 9, 1)) == (DOCS_SEPTEMBER, {"period"})  # visitors: Plausible has no sessions
    assert month(DOCS, date(2026, 10, 1)) == (DOCS_OCTOBER, {"period"})
    # November has 18 days: not a month yet.
    assert {c["month_start"] for c in channels} == {date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)}


def test_each_months_share_and_its_light(dashboard_warehouse):
    months = query(
        dashboard_warehouse,
        """select property, month_start, direct, organic, other, total, share_pct, status_word, status_symbol
           from marts.direct_organic_share_monthly order by property, month_start""",
    )

    assert months == [
        # 1,600 of 3,400: below the healthy 50%, above the unhealthy 40%
        (GA4, date(2026, 8, 1), 900, 700, 400 + 1_100 + 300, 3_400, 47.06, "Watch", "▲"),
        (GA4, date(2026, 9, 1), 30 * 32, 30 * 26, 30 * (30 + 12 + 8 + 2), 30 * 110, 52.73, "Healthy", "✔"),
        (GA4, date(2026, 10, 1), 31 * 37, 31 * 30, 31 * (28 + 14 + 9 + 1), 31 * 119, 56.3, "Healthy", "✔"),
        (DOCS, date(2026, 9, 1), 700, 2_000, 800, 3_500, 77.14, "Healthy", "✔"),
        (DOCS, date(2026, 10, 1), 800, 2_400, 800, 4_000, 80.0, "Healthy", "✔"),
    ]
    # The config leaves organic_includes_social_and_video out: Organic Social is not organic (September's 60).
    assert query(dashboard_warehouse, "select distinct organic_channels from marts.direct_organic_share_monthly") == [
        ("Organic Search",)
    ]


def test_the_channels_of_a_month_add_up_to_its_total(dashboard_warehouse):
    sums = query(
        dashboard_warehouse,
        """select m.property, m.month_start, m.total, sum(c.traffic)
           from marts.direct_organic_share_monthly m
           join marts.web_traffic_monthly_channels c using (property, month_start)
           group by all order by all""",
    )
    assert all(total == channels for *_, total, channels in sums) and len(sums) == 5


def test_the_trailing_28_days_end_on_the_last_day_with_data(dashboard_warehouse):
    windows = query(
        dashboard_warehouse,
        """select property, time_window, period_start, period_end, direct, organic, total, share_pct, status_word
           from marts.direct_organic_share order by property, time_window""",
    )

    assert windows == [
        (
            GA4,
            "last_complete_month",
            date(2026, 10, 1),
            date(2026, 10, 31),
            31 * 37,
            31 * 30,
            31 * 119,
            56.3,
            "Healthy",
        ),
        (GA4, "trailing_28_days", date(2026, 10, 22), LAST_COMPLETE_DAY, 28 * 37, 28 * 30, 28 * 119, 56.3, "Healthy"),
        # The docs site has month exports only: its last complete month, and no trailing 28 days.
        (DOCS, "last_complete_month", date(2026, 10, 1), date(2026, 10, 31), 800, 2_400, 4_000, 80.0, "Healthy"),
    ]


def test_a_channel_the_rules_read_otherwise_is_reported_not_counted(dashboard_warehouse):
    assert query(
        dashboard_warehouse,
        """select period_start, source_medium, file_channel_group, rules_channel_group, sessions
           from marts.channel_disagreements""",
    ) == [(date(2026, 9, 1), "linkedin.com / referral", "Referral", "Organic Social", 42)]


# --- brand surveys ------------------------------------------------------------------------------------------


def wilson(aware: int, respondents: int) -> tuple[float, float]:
    z = 1.96
    centre = (aware + z * z / 2) / (respondents + z * z)
    half = z / (respondents + z * z) * (aware * (respondents - aware) / respondents + z * z / 4) ** 0.5
    return round(100 * (centre - half), 2), round(100 * (centre + half), 2)


@pytest.mark.parametrize(("table", "counts"), [("awareness_waves", "aware"), ("aided_awareness_waves", "aided")])
def test_awareness_is_the_share_of_icp_respondents_naming_the_brand_with_wilsons_interval(
    dashboard_warehouse, table, counts
):
    found = rows(dashboard_warehouse, f"select * from marts.{table} order by wave_number, brand")

    expected = [
        (wave, brand, wave_rows["icp"], aware)
        for wave, wave_rows in WAVES.items()
        if wave_rows[counts]
        for brand, aware in sorted(wave_rows[counts].items())
    ]
    # The ten respondents outside the profile in each wave, who all wrote "Northwind", count nowhere.
    assert [(r["wave"], r["brand"], r["respondents"], r["aware"]) for r in found] == expected
    for r in found:
        assert r["awareness_pct"] == 100 * r["aware"] / r["respondents"]
        assert (round(r["ci_low_pct"], 2), round(r["ci_high_pct"], 2)) == wilson(r["aware"], r["respondents"]), r
    assert {r["fieldwork_start"]: r["fieldwork_end"] for r in found} == {
        w["fieldwork"][0]: w["fieldwork"][1] for w in WAVES.values() if w[counts]
    }


def test_the_change_is_the_latest_wave_against_the_wave_a_year_before(dashboard_warehouse):
    changes = rows(dashboard_warehouse, "select * from marts.awareness_change")

    assert {(c["wave"], c["comparison_wave"]) for c in changes} == {("2026-09", "2025-09")}  # not March 2026
    for c in changes:
        expected = CHANGES[c["brand"]]
        found = (c["change_points"], round(c["change_ci_low_points"], 2), round(c["change_ci_high_points"], 2))
        assert found == expected[:3], c["brand"]
        assert c["is_distinguishable"] == expected[3]


def test_every_name_written_is_counted_over_every_respondent_with_how_it_matched(dashboard_warehouse):
    names = query(
        dashboard_warehouse,
        """select mention, brand, match_kind, respondents, first_wave, last_wave
           from marts.awareness_mentions order by mention""",
    )

    not_icp = len(NOT_ICP)  # per wave, all writing "Northwind"
    assert names == [
        ("acme analytics", None, "unmatched", 9, "2025-09", "2025-09"),
        ("contoso", CONTOSO, "term", 60 + 40 + (66 - 3), "2025-09", "2026-09"),
        ("contosso metrics", CONTOSO, "fuzzy", 3, "2026-09", "2026-09"),
        ("fabrikam", FABRIKAM, "term", 48 + 25 + 28, "2025-09", "2026-09"),
        ("hubspot", None, "unmatched", 8 + 6, "2025-09", "2026-03"),
        ("north wind", OWN_BRAND, "misspelling", 6 + 6, "2025-09", "2026-03"),
        ("northwind", OWN_BRAND, "term", (80 - 6) + (55 - 6 - 2) + (106 - 3) + 3 * not_icp, "2025-09", "2026-09"),
        ("nortwind", OWN_BRAND, "fuzzy", 2 + 3, "2026-03", "2026-09"),
        ("nwa", None, "unmatched", 2, "2026-09", "2026-09"),
    ]


def test_first_heard_is_a_share_of_those_who_answered(dashboard_warehouse):
    answers = query(
        dashboard_warehouse,
        """select wave, answer, respondents, respondents_answering, round(share_pct, 2)
           from marts.first_heard_channels order by wave, respondents desc""",
    )

    assert answers == [
        ("2026-03", "Trade show", 30, 55, 54.55),
        ("2026-03", "Search engine", 25, 55, 45.45),
        ("2026-09", "Search engine", 40, 106, 37.74),
        ("2026-09", "Colleague or friend", 30, 106, 28.30),
        ("2026-09", "LinkedIn", 20, 106, 18.87),
        ("2026-09", "Podcast", 16, 106, 15.09),
    ]


def test_a_question_the_config_does_not_name_is_guessed(dashboard_warehouse):
    chosen = query(
        dashboard_warehouse,
        """select file_name, role, chosen_by from marts.survey_questions
           where role is not null and role <> 'icp' order by all""",
    )

    # The config names the unaided and aided questions; "how did you first hear" is a guess, in the two files
    # that ask it.
    assert chosen == [
        (f"surveys/{WAVES['2026-09']['file']}", "aided", "config"),
        (f"surveys/{WAVES['2026-09']['file']}", "first_heard", "guess"),
        (f"surveys/{WAVES['2026-09']['file']}", "unaided", "config"),
        (f"surveys/{WAVES['2026-03']['file']}", "aided", "config"),
        (f"surveys/{WAVES['2026-03']['file']}", "first_heard", "guess"),
        (f"surveys/{WAVES['2026-03']['file']}", "unaided", "config"),
        (f"surveys/{WAVES['2025-09']['file']}", "unaided", "config"),
    ]


# --- media mentions and share of search -------------------------------------------------------------------


def test_mentions_per_quarter_count_every_brand_every_quarter(dashboard_warehouse):
    found = rows(dashboard_warehouse, "select * from marts.mentions_per_quarter order by quarter_start, brand")

    assert len(found) == len(QUARTERS) * 3
    for r in found:
        quarter = next(q for q, start in QUARTERS.items() if start == r["quarter_start"])
        counts = MENTIONS_PER_QUARTER[quarter]
        # A brand with no story in a quarter (Fabrikam in Q1 2026) has a row of zeros.
        mentions, target = counts.get(r["brand"], (0, 0))
        total, all_target = (sum(c[i] for c in counts.values()) for i in (0, 1))
        assert (r["mentions"], r["target_media_mentions"]) == (mentions, target), (quarter, r["brand"])
        assert (r["all_mentions"], r["all_target_media_mentions"]) == (total, all_target)
        assert r["share_of_voice_pct"] == 100 * mentions / total
        assert r["target_share_of_voice_pct"] == 100 * target / all_target
        # A quarter is complete once a later story has come in: every one but Q4 2026 (to 2026-11-12).
        assert r["is_complete"] == (quarter != "Q4 2026")
    q1 = [r for r in found if r["quarter_start"] == QUARTERS["Q1 2026"] and r["brand"] == FABRIKAM]
    assert [(r["mentions"], r["share_of_voice_pct"]) for r in q1] == [(0, 0.0)]


def test_copies_of_one_story_are_one_mention(dashboard_warehouse):
    own = rows(
        dashboard_warehouse,
        """select * from marts.media_mentions
           where is_own_brand and published_at >= '2026-10-01' order by published_at desc""",
    )

    # The Series B story: two Meltwater copies (one syndicated, "| Yahoo Finance") and Google Alerts' link to
    # the same address with a tracking parameter. Shown from the best target-media copy: MarTech, tier 2.
    series_b = own[0]
    assert (series_b["copies"], series_b["source_tool"]) == (3, "google_alerts, meltwater")
    assert (series_b["outlet"], series_b["media_tier"], series_b["sentiment"]) == ("MarTech", 2, "Positive")
    assert [(m["domain"], m["is_target_media"], m["media_tier"], m["copies"]) for m in own] == [
        ("martech.org", True, 2, 3),
        ("techcrunch.com", True, None, 1),  # a target without a tier
        ("growthnotes.example", False, None, 1),
        ("marketingweek.com", True, 1, 2),  # a target by its outlet's name
    ]
    techcrunch = query(
        dashboard_warehouse,
        """select brand from marts.media_mentions
           where domain = 'techcrunch.com' and published_at > '2026-11-01' order by 1""",
    )
    assert techcrunch == [(CONTOSO,), (OWN_BRAND,)]  # one story naming two brands counts for both


def test_share_of_search_is_each_brands_share_of_the_periods_interest(dashboard_warehouse):
    october = query(
        dashboard_warehouse,
        """select brand, interest, round(share_pct, 2), has_below_one from marts.share_of_search
           where geo = 'Worldwide' and granularity = 'month' and period_start = '2026-10-01' order by brand""",
    )

    # 44, 55 and Fabrikam's '<1', counted as 0.5: of 99.5.
    assert october == [(CONTOSO, 55.0, 55.28, True), (FABRIKAM, 0.5, 0.5, True), (OWN_BRAND, 44.0, 44.22, True)]


# --- the lights ---------------------------------------------------------------------------------------------


def test_each_light_from_the_exports(dashboard_warehouse):
    lights = query(
        dashboard_warehouse,
        "select metric, value, status, value_text, benchmark_text from marts.scorecard order by display_order",
    )

    assert lights == [
        ("branded_search_yoy_growth", 25.0, "green", "+25.0%", "Healthy: +20% to +40% a year"),  # 32,620 / 26,096
        ("direct_organic_share", 56.3, "green", "56.3%", "Healthy: 50% or more"),  # GA4, October 2026
        ("target_media_mentions_per_quarter", 7.0, "green", "7", "Healthy: 5 to 10 a quarter"),  # Q3 2026
        ("share_of_voice", 16.0, "green", "+16.0 pts", "Healthy: +1 pt or more a year"),  # 9/25 - 4/20
        ("share_of_search", 6.0, "green", "+6.0 pts", "Healthy: +1 pt or more a year"),  # 36% - 30%
        ("unaided_awareness_yoy_change", 6.5, "green", "+6.5 pts", "Healthy: +5 pts to +10 pts a year"),
    ]


def test_since_when_each_light_has_had_its_colour(dashboard_warehouse):
    since = {
        metric: (since, before, recently)
        for metric, since, before, recently in query(
            dashboard_warehouse,
            "select metric, status_since, status_before_word, changed_recently from marts.scorecard",
        )
    }

    # Healthy since September, after a Watch August: within four months of the data, so recently.
    assert since["direct_organic_share"] == (date(2026, 9, 30), "Watch", True)
    # Healthy since Q1 2026 (5 target-media mentions), after Q4 2025's 3: two quarters before its newest data.
    assert since["target_media_mentions_per_quarter"] == (date(2026, 3, 31), "Watch", False)
    # Branded search first had a year to compare with on Sunday 2026-11-15.
    assert since["branded_search_yoy_growth"] == (date(2026, 11, 15), "Insufficient data", True)


def test_a_lights_history_has_a_point_per_period(dashboard_warehouse):
    target_media = query(
        dashboard_warehouse,
        """select period_end, value, status_word from marts.scorecard_history
           where metric = 'target_media_mentions_per_quarter' order by period_end""",
    )

    # The own brand's target-media mentions each complete quarter: below 3 is Unhealthy, 3 to 5 Watch.
    assert target_media == [
        (date(2025, 9, 30), 2.0, "Unhealthy"),
        (date(2025, 12, 31), 3.0, "Watch"),
        (date(2026, 3, 31), 5.0, "Healthy"),
        (date(2026, 6, 30), 6.0, "Healthy"),
        (date(2026, 9, 30), 7.0, "Healthy"),
    ]
