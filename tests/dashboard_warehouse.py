"""A small serving warehouse for the dashboard tests, written by hand.

The real pipeline builds the real warehouse; this one only has the `marts` tables the dashboard
reads, with a few rows whose sums the tests can check by hand. Northwind's data runs to
Wednesday 2026-11-18: four full weeks and a partial one in 2026, the same weeks 364 days
earlier in 2025, and an incomplete day (2026-11-19) that must never be charted. Web traffic
covers two sites, described above `web_traffic_rows`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

PROPERTY = "sc-domain:northwind.example"
FIRST_DAY_THIS_YEAR = date(2026, 10, 19)  # a Monday
LAST_COMPLETE_DAY = date(2026, 11, 18)  # a Wednesday: the week of 2026-11-16 is partial
INCOMPLETE_DAY = date(2026, 11, 19)  # Search Console's freshest day, still filling in
YEAR = timedelta(days=364)  # 52 weeks, so weekdays line up

SCHEMA = """
create schema marts;
create table marts.scorecard (
    metric varchar, label varchar, period_start date, period_end date, value double, unit varchar,
    benchmark_low double, benchmark_high double, status varchar, explanation varchar, data_through date,
    comparison_start date, comparison_end date);
create table marts.branded_search_daily (
    date date, property varchar, segment varchar, clicks bigint, impressions bigint, is_complete boolean);
create table marts.branded_search_growth (
    time_window varchar, period_start date, period_end date, comparison_start date, comparison_end date,
    impressions bigint, comparison_impressions bigint, clicks bigint, comparison_clicks bigint,
    impressions_growth_pct double, clicks_growth_pct double);
create table marts.search_query_totals (
    property varchar, period_start date, period_end date, query varchar, segment varchar,
    clicks bigint, impressions bigint, source varchar);
create table marts.ingested_files (
    file_name varchar, sha256 varchar, detected_format varchar, status varchar, rows bigint, reason varchar,
    ingested_at timestamp, property varchar, data_start date, data_end date);
create table marts.benchmarks (
    metric varchar, label varchar, unit varchar, healthy_low double, healthy_high double, amber_low double,
    is_overridden boolean, source varchar);
create table marts.web_traffic_channels (
    property varchar, period_start date, period_end date, channel_group varchar, sessions bigint, users bigint,
    source_tool varchar, traffic_unit varchar, key_events double, is_complete boolean);
-- dbt's sums are HUGEINT, as here.
create table marts.direct_organic_share_monthly (
    property varchar, month_start date, month_end date, traffic_unit varchar, basis varchar,
    direct hugeint, organic hugeint, direct_organic hugeint, total hugeint, share_pct double);
create table marts.direct_organic_share (
    property varchar, time_window varchar, period_start date, period_end date, data_through date,
    traffic_unit varchar, basis varchar, direct hugeint, organic hugeint, total hugeint, share_pct double,
    is_measurable boolean);
create table marts.channel_disagreements (
    property varchar, period_start date, period_end date, source_medium varchar, channel_label varchar,
    file_channel_group varchar, rules_channel_group varchar, sessions hugeint, source_file varchar);
"""

SCORECARD = [
    ("branded_search_yoy_growth", "Branded search growth", date(2026, 10, 22), date(2026, 11, 18), 24.6, "percent",
     20.0, 40.0, "green",
     "Impressions of searches naming Northwind grew 24.6% on the same 28 days a year earlier: "
     "inside the healthy band, so demand for the brand is building.",
     date(2026, 11, 18), date(2025, 10, 23), date(2025, 11, 19)),
    ("direct_organic_share", "Direct + organic share of traffic", date(2026, 10, 1), date(2026, 10, 31), 56.3,
     "percent", 50.0, None, "green",
     "Direct + Organic Search brought 56.3% of 3,689 sessions on Northwind - GA4 in October 2026.",
     date(2026, 11, 18), None, None),
    # A second metric proves the scorecard renders whatever rows exist, including honest gaps.
    ("unaided_awareness_yoy_change", "Unaided awareness", date(2026, 9, 1), date(2026, 9, 30), None, "points",
     5.0, 10.0, "insufficient_data",
     "Only one survey wave so far: a change needs a wave from a year earlier.",
     date(2026, 9, 30), None, None),
]

GROWTH = [
    ("trailing_28_days", date(2026, 10, 22), date(2026, 11, 18), date(2025, 10, 23), date(2025, 11, 19),
     33_640, 27_000, 3_364, 2_800, 24.6, 20.1),
    ("last_complete_quarter", date(2026, 7, 1), date(2026, 9, 30), date(2025, 7, 2), date(2025, 10, 1),
     101_200, 88_000, 10_120, None, 15.0, None),
]

QUERY_TOTALS = [
    # The most recent UI export: the one the top-queries table must use.
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind analytics", "branded", 420, 5_100, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind", "branded", 310, 6_400, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind login", "branded", 150, 900, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind pricing", "branded", 95, 1_300, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "b2b marketing dashboard", "non_branded", 900, 40_000,
     "ui_export"),
    # An older UI export and a daily rollup, both to be ignored while the newer export exists.
    (PROPERTY, date(2026, 5, 1), date(2026, 7, 29), "northwind careers", "branded", 5_000, 9_000, "ui_export"),
    (PROPERTY, date(2026, 10, 19), date(2026, 11, 18), "northwind api", "branded", 7_000, 8_000, "daily_rollup"),
]

INGESTED_FILES = [
    ("Dates.csv", "a1" * 32, "search_console_ui_export", "loaded", 90, None, "2026-11-19 02:00:05", PROPERTY,
     date(2026, 8, 21), date(2026, 11, 18)),
    ("searchdata_site_impression.csv", "b2" * 32, "search_console_bulk_site", "loaded", 1_240, None,
     "2026-11-19 02:00:07", PROPERTY, date(2024, 10, 21), date(2026, 11, 19)),
    ("Dates (1).csv", "a1" * 32, "search_console_ui_export", "duplicate", 0, "Same file as Dates.csv, already loaded",
     "2026-11-19 02:00:09", PROPERTY, None, None),
    ("Pages.csv", "c3" * 32, None, "rejected", 0,
     "Search Console 'Pages' export without dates: export the Dates and Queries tabs instead",
     "2026-11-19 02:00:11", None, None, None),
]


BENCHMARKS = [
    ("branded_search_yoy_growth", "Branded search growth (YoY)", "percent", 20.0, 40.0, 0.0, False, "Practitioners"),
    ("direct_organic_share", "Direct + organic share of traffic", "percent", 50.0, None, 40.0, False, "Practitioners"),
]

# --- web traffic ------------------------------------------------------------------------------------
#
# Two sites. Northwind's GA4 property, in sessions: August 2026 as one month export only, September
# both day by day and as a month export (the days win; the export is never added to them), October
# and November day by day to 2026-11-18, plus the still-filling 2026-11-19. The docs site on
# Plausible, in visitors (Plausible counts no sessions per channel): two month exports, more traffic
# than the GA4 site but listed after it, as visitors and sessions are not the same thing.
GA4 = "Northwind - GA4"
DOCS = "docs.northwind.example"
# Sessions per day, per channel. September: 58 of 110 a day = 52.73%; October/November 67 of 119 = 56.30%.
SEPTEMBER_DAY = {"Direct": 32, "Organic Search": 26, "Paid Search": 30, "Referral": 12, "Email": 8,
                 "Organic Social": 2}
OCTOBER_DAY = {"Direct": 37, "Organic Search": 30, "Paid Search": 28, "Referral": 14, "Email": 9, "Unassigned": 1}
# August, one export of the whole month: 1,600 of 3,400 = 47.06%.
AUGUST_MONTH = {"Direct": 900, "Organic Search": 700, "Paid Search": 1_100, "Referral": 400, "Email": 300}
# A September month export whose numbers must never show up (the daily rows cover every day).
SEPTEMBER_MONTH_IGNORED = {"Direct": 1, "Organic Search": 1, "Paid Search": 5_000}
# The docs site in visitors: September 2,700 of 3,500 = 77.14%; October 3,200 of 4,000 = 80.0%.
DOCS_SEPTEMBER = {"Direct": 700, "Organic Search": 2_000, "Referral": 600, "Organic Social": 200}
DOCS_OCTOBER = {"Direct": 800, "Organic Search": 2_400, "Referral": 500, "Organic Social": 300}

DIRECT_ORGANIC_MONTHLY = [
    (GA4, date(2026, 8, 1), date(2026, 8, 31), "sessions", "period", 900, 700, 1_600, 3_400, 47.06),
    (GA4, date(2026, 9, 1), date(2026, 9, 30), "sessions", "daily", 30 * 32, 30 * 26, 30 * 58, 30 * 110, 52.73),
    (GA4, date(2026, 10, 1), date(2026, 10, 31), "sessions", "daily", 31 * 37, 31 * 30, 31 * 67, 31 * 119, 56.3),
    (DOCS, date(2026, 9, 1), date(2026, 9, 30), "visitors", "period", 700, 2_000, 2_700, 3_500, 77.14),
    (DOCS, date(2026, 10, 1), date(2026, 10, 31), "visitors", "period", 800, 2_400, 3_200, 4_000, 80.0),
]

DIRECT_ORGANIC_WINDOWS = [
    (GA4, "last_complete_month", date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 18), "sessions", "daily",
     31 * 37, 31 * 30, 31 * 119, 56.3, True),
    (GA4, "trailing_28_days", date(2026, 10, 22), date(2026, 11, 18), date(2026, 11, 18), "sessions", "daily",
     28 * 37, 28 * 30, 28 * 119, 56.3, True),
    # The docs site has no daily data, so no trailing 28 days row.
    (DOCS, "last_complete_month", date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 31), "visitors", "period",
     800, 2_400, 4_000, 80.0, True),
]

CHANNEL_DISAGREEMENTS = [
    (GA4, date(2026, 10, 1), date(2026, 10, 31), "linkedin.com / referral", "Referral", "Referral",
     "Organic Social", 42, "Traffic_acquisition_Session_source_medium.csv"),
]


def web_traffic_rows() -> list[tuple]:
    """Rows of `marts.web_traffic_channels` (see the comment above for what they hold)."""
    def ga4(start, end, channels, complete=True):
        return [(GA4, start, end, channel, sessions, sessions - 1, "ga4", "sessions", 0.0, complete)
                for channel, sessions in channels.items()]

    rows = ga4(date(2026, 8, 1), date(2026, 8, 31), AUGUST_MONTH)
    rows += ga4(date(2026, 9, 1), date(2026, 9, 30), SEPTEMBER_MONTH_IGNORED)
    day = date(2026, 9, 1)
    while day <= LAST_COMPLETE_DAY:
        rows += ga4(day, day, SEPTEMBER_DAY if day.month == 9 else OCTOBER_DAY)
        day += timedelta(days=1)
    rows += ga4(INCOMPLETE_DAY, INCOMPLETE_DAY, {"Direct": 3, "Paid Search": 90}, complete=False)
    for start, end, channels in ((date(2026, 9, 1), date(2026, 9, 30), DOCS_SEPTEMBER),
                                 (date(2026, 10, 1), date(2026, 10, 31), DOCS_OCTOBER)):
        rows += [(DOCS, start, end, channel, None, visitors, "plausible", "visitors", None, True)
                 for channel, visitors in channels.items()]
    return rows


def daily_rows() -> list[tuple]:
    """Rows of `marts.branded_search_daily`: both years, three segments, plus one incomplete day."""
    rows = []
    for year_offset, base in ((YEAR, 800), (timedelta(0), 1_000)):
        day = FIRST_DAY_THIS_YEAR - year_offset
        n = 0
        while day <= LAST_COMPLETE_DAY - year_offset:
            branded = base + 10 * n
            rows.append((day, PROPERTY, "branded", branded // 10, branded, True))
            rows.append((day, PROPERTY, "non_branded", 100 + n, 5_000 + n, True))
            rows.append((day, PROPERTY, "anonymized", 7, 300, True))
            day += timedelta(days=1)
            n += 1
    rows.append((INCOMPLETE_DAY, PROPERTY, "branded", 1, 50, False))
    rows.append((INCOMPLETE_DAY, PROPERTY, "non_branded", 2, 90, False))
    return rows


def build_dashboard_warehouse(path: str | Path) -> Path:
    """Write the warehouse to `path` and close it, as the nightly publish step leaves it."""
    path = Path(path)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        con.executemany("insert into marts.scorecard values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", SCORECARD)
        con.executemany("insert into marts.branded_search_daily values (?, ?, ?, ?, ?, ?)", daily_rows())
        con.executemany("insert into marts.branded_search_growth values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", GROWTH)
        con.executemany("insert into marts.search_query_totals values (?, ?, ?, ?, ?, ?, ?, ?)", QUERY_TOTALS)
        con.executemany("insert into marts.ingested_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", INGESTED_FILES)
        con.executemany("insert into marts.benchmarks values (?, ?, ?, ?, ?, ?, ?, ?)", BENCHMARKS)
        con.executemany("insert into marts.web_traffic_channels values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        web_traffic_rows())
        con.executemany("insert into marts.direct_organic_share_monthly values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        DIRECT_ORGANIC_MONTHLY)
        con.executemany("insert into marts.direct_organic_share values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        DIRECT_ORGANIC_WINDOWS)
        con.executemany("insert into marts.channel_disagreements values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        CHANNEL_DISAGREEMENTS)
        con.execute("checkpoint")
    finally:
        con.close()
    return path
