"""The dashboard without a browser: queries, words and figures as pure functions, and the app factory."""

from __future__ import annotations

import os
from datetime import date, timedelta

import dash
import duckdb
import pandas as pd
import pytest

from dashboard import figures, queries
from dashboard.app import create_app
from dashboard.components import benchmark_text, format_value, period_text, scorecard_card
from tests.dashboard_warehouse import build_dashboard_warehouse, daily_rows


@pytest.fixture
def warehouse(tmp_path):
    return build_dashboard_warehouse(tmp_path / "serving.duckdb")


def hand_sum(segment: str, week_start: date, measure: str) -> int:
    days = {week_start + timedelta(days=n) for n in range(7)}
    column = {"clicks": 3, "impressions": 4}[measure]
    return sum(row[column] for row in daily_rows() if row[2] == segment and row[0] in days and row[5])


# --- queries ---------------------------------------------------------------------------------------

def test_weekly_sums_equal_hand_sums_of_the_daily_rows(warehouse):
    weekly = queries.branded_search_weekly(warehouse)

    for row in weekly.itertuples():
        week = row.week_start.date()
        assert row.impressions == hand_sum(row.segment, week, "impressions")
        assert row.clicks == hand_sum(row.segment, week, "clicks")
    assert set(weekly["segment"]) == {"branded", "non_branded"}  # anonymized cannot be classified


def test_weekly_has_only_full_weeks_of_complete_days(warehouse):
    weeks = sorted({ts.date() for ts in queries.branded_search_weekly(warehouse)["week_start"]})

    assert all(week.weekday() == 0 for week in weeks)  # ISO weeks start on Monday
    # The week of Monday 2026-11-16 has only three complete days (and one incomplete): dropped.
    assert weeks[-1] == date(2026, 11, 9)
    assert len(weeks) == 8  # four weeks in each year


def test_year_over_year_lines_up_weeks_364_days_apart(warehouse):
    yoy = queries.branded_year_over_year(warehouse)

    assert list(yoy["week_start"].dt.date) == [date(2026, 10, 19) + timedelta(weeks=n) for n in range(4)]
    first = yoy.iloc[0]
    assert first["last_year_week_start"].date() == date(2025, 10, 20)  # a Monday too
    assert first["impressions_this_year"] == hand_sum("branded", date(2026, 10, 19), "impressions")
    assert first["impressions_last_year"] == hand_sum("branded", date(2025, 10, 20), "impressions")


def test_growth_windows_put_the_trailing_28_days_first(warehouse):
    growth = queries.growth_windows(warehouse)

    assert list(growth["time_window"]) == ["trailing_28_days", "last_complete_quarter"]
    assert growth.loc[0, "impressions_growth_pct"] == 24.6
    assert pd.isna(growth.loc[1, "clicks_growth_pct"])


def test_top_branded_queries_come_from_the_latest_ui_export(warehouse):
    top = queries.top_branded_queries(warehouse, limit=3)

    assert list(top["query"]) == ["northwind analytics", "northwind", "northwind login"]
    assert set(top["source"]) == {"ui_export"}
    assert top.iloc[0]["period_end"].date() == date(2026, 11, 18)


def test_top_branded_queries_fall_back_to_the_daily_rollup(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.search_query_totals where source = 'ui_export'")

    top = queries.top_branded_queries(warehouse)

    assert list(top["query"]) == ["northwind api"]
    assert list(top["source"]) == ["daily_rollup"]


def test_scorecard_has_every_metric_row_in_the_design_order(warehouse):
    cards = queries.scorecard(warehouse)

    assert list(cards["metric"]) == ["branded_search_yoy_growth", "unaided_awareness_yoy_change"]
    assert "comparison_start" in cards.columns


def test_ingested_files_newest_first_and_counted(warehouse):
    files = queries.ingested_files(warehouse)

    assert files.iloc[0]["file_name"] == "Pages.csv"
    assert files["ingested_at"].is_monotonic_decreasing
    assert queries.ingest_summary(files) == {"loaded": 2, "duplicate": 1, "rejected": 1}


def test_missing_warehouse_is_no_data_yet(tmp_path):
    with pytest.raises(queries.NoDataYet, match="demandgen refresh"):
        queries.scorecard(tmp_path / "never-refreshed.duckdb")
    assert not (tmp_path / "never-refreshed.duckdb").exists()  # reading never creates the file


def test_missing_table_is_no_data_yet(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.branded_search_growth")

    with pytest.raises(queries.NoDataYet):
        queries.growth_windows(warehouse)


def swap_in_newer_warehouse(warehouse, tmp_path, value: float) -> None:
    newer = build_dashboard_warehouse(tmp_path / "newer.duckdb")
    with duckdb.connect(str(newer)) as con:
        con.execute("update marts.scorecard set value = ? where metric = 'branded_search_yoy_growth'", [value])
    os.replace(newer, warehouse)  # what the nightly publish does


def test_each_query_sees_a_warehouse_swapped_in_by_os_replace(warehouse, tmp_path):
    assert queries.scorecard(warehouse).loc[0, "value"] == 24.6

    swap_in_newer_warehouse(warehouse, tmp_path, 31.2)

    assert queries.scorecard(warehouse).loc[0, "value"] == 31.2


def test_a_request_still_reading_the_old_file_does_not_pin_it_for_the_next(warehouse, tmp_path):
    with queries.read_only(warehouse) as still_reading:
        swap_in_newer_warehouse(warehouse, tmp_path, 31.2)

        assert queries.scorecard(warehouse).loc[0, "value"] == 31.2
        assert still_reading.execute("select value from marts.scorecard order by metric").fetchone() == (24.6,)


def test_the_dashboard_cannot_write_to_the_warehouse(warehouse):
    with queries.read_only(warehouse) as con, pytest.raises(duckdb.Error, match="read-only|Cannot execute"):
        con.execute("delete from marts.scorecard")


# --- words on the page -----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "unit", "metric", "expected"), [
    (24.6, "percent", "branded_search_yoy_growth", "+24.6%"),
    (-3.25, "percent", "branded_search_yoy_growth", "-3.2%"),
    (62.0, "percent", "direct_organic_share", "62.0%"),
    (5.0, "points", "unaided_awareness_yoy_change", "+5.0 pts"),
    (7.0, "count", "target_media_mentions_per_quarter", "7"),
    (None, "percent", "branded_search_yoy_growth", "—"),
    (float("nan"), "count", "target_media_mentions_per_quarter", "—"),
])
def test_format_value(value, unit, metric, expected):
    assert format_value(value, unit, metric) == expected


def test_benchmark_and_period_in_words():
    assert benchmark_text(20.0, 40.0, "percent", "branded_search_yoy_growth") == "Healthy: +20% to +40% a year"
    assert benchmark_text(50.0, None, "percent", "direct_organic_share") == "Healthy: 50% or more"
    assert benchmark_text(5.0, 10.0, "count", "target_media_mentions_per_quarter") == "Healthy: 5 to 10 a quarter"
    assert (period_text(date(2026, 10, 22), date(2026, 11, 18), date(2025, 10, 23), date(2025, 11, 19))
            == "28 days to 2026-11-18, vs same weekdays a year earlier")


def test_a_card_says_its_status_in_words(warehouse):
    cards = queries.scorecard(warehouse)

    assert "Healthy" in text_of(scorecard_card(cards.iloc[0]))
    assert "Insufficient data" in text_of(scorecard_card(cards.iloc[1]))


# --- figures ---------------------------------------------------------------------------------------

def test_weekly_figure_has_branded_and_non_branded_for_impressions_and_clicks(warehouse):
    fig = figures.branded_vs_non_branded(queries.branded_search_weekly(warehouse))

    assert [trace.name for trace in fig.data] == ["Branded", "Branded", "Non-branded", "Non-branded"]
    assert fig.data[0].line.color != fig.data[2].line.color
    assert fig.data[0].line.dash != fig.data[2].line.dash  # not colour alone


def test_year_over_year_figure_has_this_year_and_the_year_before(warehouse):
    fig = figures.this_year_vs_last_year(queries.branded_year_over_year(warehouse))

    assert [trace.name for trace in fig.data] == ["Last 52 weeks", "Same weeks a year earlier"]
    assert list(fig.data[1].y) == list(queries.branded_year_over_year(warehouse)["impressions_last_year"])


def test_growth_figure_shades_the_benchmark_band(warehouse):
    fig = figures.growth_windows(queries.growth_windows(warehouse), 20.0, 40.0)

    assert [trace.name for trace in fig.data] == ["Impressions", "Clicks"]
    last_28_days, last_quarter = fig.data[0].x
    assert last_28_days == "Last 28 days"
    assert last_quarter.startswith("Last complete quarter") and "clicks: no data a year earlier" in last_quarter
    band = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert [(shape.y0, shape.y1) for shape in band] == [(20.0, 40.0)]


def test_figures_say_when_there_is_nothing_to_plot():
    fig = figures.branded_vs_non_branded(pd.DataFrame(columns=["week_start", "segment", "impressions", "clicks"]))

    assert not fig.data
    assert "No complete weeks" in fig.layout.annotations[0].text


# --- the app factory -------------------------------------------------------------------------------

def test_two_apps_in_one_process_each_read_their_own_warehouse(warehouse, tmp_path):
    with_data = create_app(warehouse)
    without_data = create_app(tmp_path / "missing.duckdb")

    assert "+24.6%" in page_text(with_data, "/")
    assert "No data yet" in page_text(without_data, "/")
    for path in ("/branded-search", "/data"):
        assert "No data yet" in page_text(without_data, path)
    assert "northwind analytics" in page_text(with_data, "/branded-search")
    assert "Pages.csv" in page_text(with_data, "/data")


def page_text(app: dash.Dash, path: str) -> str:
    """Render a page's layout the way Dash's router does: inside a request to that app."""
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context(path):
        return text_of(page["layout"]())


def text_of(component) -> str:
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(child) for child in component)
    return text_of(getattr(component, "children", None))
