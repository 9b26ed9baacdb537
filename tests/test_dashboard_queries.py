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
from tests.dashboard_warehouse import (AUGUST_MONTH, DOCS, DOCS_OCTOBER, GA4, OCTOBER_DAY, SEPTEMBER_DAY,
                                      build_dashboard_warehouse, daily_rows)


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

    assert list(cards["metric"]) == ["branded_search_yoy_growth", "direct_organic_share",
                                     "unaided_awareness_yoy_change"]
    assert "comparison_start" in cards.columns


def test_ingested_files_newest_first_and_counted(warehouse):
    files = queries.ingested_files(warehouse)

    assert files.iloc[0]["file_name"] == "Pages.csv"
    assert files["ingested_at"].is_monotonic_decreasing
    assert queries.ingest_summary(files) == {"loaded": 2, "duplicate": 1, "rejected": 1}


def times(days: int, per_day: dict[str, int]) -> dict[str, int]:
    return {channel: days * sessions for channel, sessions in per_day.items()}


def test_sites_in_sessions_come_before_sites_in_visitors(warehouse):
    sites = queries.traffic_properties(warehouse)

    # The docs site has more traffic (4,000 visitors in October against 3,689 sessions), but visitors
    # are not sessions: the site the scorecard's light is for comes first.
    assert list(sites["property"]) == [GA4, DOCS]
    assert list(sites["traffic_unit"]) == ["sessions", "visitors"]
    assert list(sites["source_tools"]) == ["ga4", "plausible"]
    assert sites.iloc[0]["data_through"].date() == date(2026, 11, 18)  # not the incomplete 2026-11-19


def test_monthly_channel_sums_equal_hand_sums_and_never_add_days_to_a_month_export(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)

    def month(site, month_start):
        rows = by_channel[(by_channel["property"] == site) & (by_channel["month_start"] == pd.Timestamp(month_start))]
        return dict(zip(rows["channel_group"], rows["traffic"]))

    assert month(GA4, date(2026, 8, 1)) == AUGUST_MONTH  # the month export: no daily rows that month
    assert month(GA4, date(2026, 9, 1)) == times(30, SEPTEMBER_DAY)  # the days, not days + the month export
    assert month(GA4, date(2026, 10, 1)) == times(31, OCTOBER_DAY)
    assert month(DOCS, date(2026, 10, 1)) == DOCS_OCTOBER  # visitors, where Plausible has no sessions
    # November has only 18 complete days: not a month yet.
    assert sorted(set(by_channel["month_start"].dt.date)) == [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    assert set(by_channel.loc[by_channel["month_start"] == pd.Timestamp(2026, 9, 1), "basis"]) == {"daily", "period"}


def test_monthly_channels_add_up_to_the_months_total(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)
    monthly = queries.direct_organic_monthly(warehouse)

    sums = by_channel.groupby(["property", "month_start"])["traffic"].sum()
    assert list(sums) == list(monthly.set_index(["property", "month_start"])["total"])


def test_direct_organic_monthly_has_whole_numbers_and_the_rest_as_other(warehouse):
    monthly = queries.direct_organic_monthly(warehouse)
    october = monthly[(monthly["property"] == GA4) & (monthly["month_start"] == pd.Timestamp(2026, 10, 1))].iloc[0]

    assert (october["direct"], october["organic"], october["total"]) == (31 * 37, 31 * 30, 31 * 119)
    assert october["other"] == 31 * (28 + 14 + 9 + 1)
    assert october["share_pct"] == 56.3
    assert str(monthly["total"].dtype) == "int64"  # not the floats pandas makes of HUGEINT


def test_direct_organic_windows_put_the_last_complete_month_first(warehouse):
    windows = queries.direct_organic_windows(warehouse)

    assert list(zip(windows["property"], windows["time_window"])) == [
        (GA4, "last_complete_month"), (GA4, "trailing_28_days"), (DOCS, "last_complete_month")]
    assert list(windows["share_pct"]) == [56.3, 56.3, 80.0]


def test_channel_disagreements_are_listed(warehouse):
    disagreements = queries.channel_disagreements(warehouse)

    assert list(disagreements["source_medium"]) == ["linkedin.com / referral"]
    assert disagreements.iloc[0]["rules_channel_group"] == "Organic Social"
    assert disagreements.iloc[0]["sessions"] == 42


def test_organic_channels_read_off_the_numbers(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)
    monthly = queries.direct_organic_monthly(warehouse)

    assert queries.organic_channels(by_channel, monthly) == ("Organic Search",)
    # With the config's organic_includes_social_and_video, the docs site's organic has Organic Social in it.
    wider = monthly.copy()
    wider.loc[wider["property"] == DOCS, "organic"] += 200
    assert queries.organic_channels(by_channel, wider) == ("Organic Search", "Organic Social", "Organic Video")


def test_a_warehouse_without_channel_disagreements_still_shows_the_data_page(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.channel_disagreements")

    with pytest.raises(queries.NoDataYet):
        queries.channel_disagreements(warehouse)
    text = page_text(create_app(warehouse), "/data")
    assert "Pages.csv" in text and "Not computed yet" in text


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
    assert period_text(date(2026, 10, 1), date(2026, 10, 31)) == "October 2026"
    assert period_text(date(2026, 2, 1), date(2026, 2, 28)) == "February 2026"


def test_a_card_says_its_status_in_words(warehouse):
    cards = queries.scorecard(warehouse)

    assert "Healthy" in text_of(scorecard_card(cards.iloc[0]))
    assert "Insufficient data" in text_of(scorecard_card(cards.iloc[2]))


def test_the_direct_organic_card_reads_as_a_share_with_an_open_ended_benchmark(warehouse):
    cards = queries.scorecard(warehouse)
    card = text_of(scorecard_card(cards[cards["metric"] == "direct_organic_share"].iloc[0]))

    assert "56.3%" in card and "+56.3%" not in card
    assert "Healthy: 50% or more" in card and "+50%" not in card
    assert "October 2026" in card


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


def ga4_only(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["property"] == GA4]


def test_channel_mix_stacks_direct_and_organic_search_at_the_bottom(warehouse):
    fig = figures.channel_mix_figure(ga4_only(queries.traffic_monthly_by_channel(warehouse)), "sessions")

    names = [trace.name for trace in fig.data]
    assert names[:2] == ["Direct", "Organic Search"]  # drawn first: the bottom of each stack
    assert set(names) == {"Direct", "Organic Search", "Paid Search", "Referral", "Email", "Organic Social",
                          "Unassigned"}
    assert fig.layout.barmode == "stack"
    direct = fig.data[0]
    assert list(direct.x) == ["Aug 2026", "Sep 2026", "Oct 2026"]
    assert list(direct.y) == [900, 30 * 32, 31 * 37]
    organic_social = next(trace for trace in fig.data if trace.name == "Organic Social")
    assert list(organic_social.y) == [0, 60, 0]  # none those months: 0, not a hole plotly mis-stacks around
    # Demand channels solid, the rest hatched as well as paler: not colour alone.
    assert not fig.data[0].marker.pattern.shape
    assert all(trace.marker.pattern.shape for trace in fig.data[2:])
    assert fig.layout.yaxis.title.text == "Sessions per month"


def test_channel_mix_in_visitors_says_so(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)
    fig = figures.channel_mix_figure(by_channel[by_channel["property"] == DOCS], "visitors")

    assert fig.layout.yaxis.title.text == "Visitors per month"
    assert "visitors" in fig.data[0].hovertemplate


def test_share_figure_has_the_healthy_and_watch_lines_in_words(warehouse):
    fig = figures.direct_organic_share_figure(ga4_only(queries.direct_organic_monthly(warehouse)), 50.0, 40.0)

    share = fig.data[0]
    assert list(share.y) == [47.06, 52.73, 56.3]
    assert list(share.text) == ["47.1%", "52.7%", "56.3%"]
    assert list(share.marker.symbol) == ["triangle-up", "circle", "circle"]  # watch, healthy, healthy
    lines = {shape.y0: shape.line.dash for shape in fig.layout.shapes}
    assert lines == {50.0: "dash", 40.0: "dot"}
    labels = [annotation.text for annotation in fig.layout.annotations]
    assert "Healthy: 50% or more" in labels and "Unhealthy: below 40%" in labels


def test_share_figure_leaves_a_missing_month_as_a_gap():
    monthly = pd.DataFrame({"month_start": pd.to_datetime(["2026-07-01", "2026-09-01"]), "share_pct": [51.0, 49.0]})

    fig = figures.direct_organic_share_figure(monthly)

    assert list(fig.data[0].x) == ["Jul 2026", "Aug 2026", "Sep 2026"] and pd.isna(fig.data[0].y[1])


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
    for path in ("/branded-search", "/traffic", "/data"):
        assert "No data yet" in page_text(without_data, path)
    assert "northwind analytics" in page_text(with_data, "/branded-search")
    assert "Pages.csv" in page_text(with_data, "/data")
    assert "linkedin.com / referral" in page_text(with_data, "/data")


def test_the_traffic_page_has_a_section_per_site_sessions_first(warehouse):
    text = page_text(create_app(warehouse), "/traffic")

    assert text.index(GA4) < text.index(DOCS)
    assert "Measured in visitors, not sessions: Plausible counts no sessions" in text
    assert "56.3%" in text and "of 3,689 sessions in October 2026 came by Direct or Organic Search" in text
    assert "47.1%" in text and "Month export" in text  # August, from the month export
    assert "No daily data for this site" in text  # the docs site has no trailing 28 days


def test_the_traffic_page_says_when_the_last_month_cannot_be_measured(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""update marts.direct_organic_share
                       set share_pct = null, is_measurable = false, traffic_unit = null, direct = null,
                           organic = null, total = null
                       where property = ? and time_window = 'last_complete_month'""", [GA4])

    text = page_text(create_app(warehouse), "/traffic")

    assert "No share for October 2026: not every day of the month has data" in text
    assert "October 2026: not every day has data" in text


def test_the_traffic_page_before_any_web_analytics_export(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.web_traffic_channels")
        con.execute("delete from marts.direct_organic_share_monthly")
        con.execute("delete from marts.direct_organic_share")

    assert "No web analytics exports loaded yet" in page_text(create_app(warehouse), "/traffic")


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
