"""A small serving warehouse for the dashboard tests, written by hand.

The real pipeline builds the real warehouse; this one only has the `marts` tables the dashboard
reads, with a few rows whose sums the tests can check by hand. Northwind's data runs to
Wednesday 2026-11-18: four full weeks and a partial one in 2026, the same weeks 364 days
earlier in 2025, and an incomplete day (2026-11-19) that must never be charted.
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
"""

SCORECARD = [
    ("branded_search_yoy_growth", "Branded search growth", date(2026, 10, 22), date(2026, 11, 18), 24.6, "percent",
     20.0, 40.0, "green",
     "Impressions of searches naming Northwind grew 24.6% on the same 28 days a year earlier: "
     "inside the healthy band, so demand for the brand is building.",
     date(2026, 11, 18), date(2025, 10, 23), date(2025, 11, 19)),
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
        con.execute("checkpoint")
    finally:
        con.close()
    return path
