"""dashboard/figures.py: each chart from what the pages read (Northwind's warehouse, or a frame made here), checked
without a browser: its traces, shapes and words."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import figures, queries
from tests.dashboard_warehouse import CONTOSO, DOCS, FABRIKAM, GA4, OWN_BRAND

QUARTERS = ["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026 (so far)"]


def benchmark(warehouse, metric: str) -> pd.Series:
    found = queries.benchmarks(warehouse)
    return found[found["metric"] == metric].iloc[0]


def light(warehouse, metric: str) -> pd.Series:
    cards = queries.scorecard(warehouse)
    return cards[cards["metric"] == metric].iloc[0]


def events(*rows: tuple) -> pd.DataFrame:
    """Events as queries.events reads them: (first day, last day, label)."""
    return pd.DataFrame(
        [(pd.Timestamp(start), pd.Timestamp(end), label) for start, end, label in rows],
        columns=["event_date", "end_date", "label"],
    )


def marks(fig) -> dict[str, tuple]:
    """Each event drawn: its label -> (line or rect, x0, x1)."""
    return {
        shape.name.removeprefix("event: "): (shape.type, shape.x0, shape.x1)
        for shape in fig.layout.shapes
        if (shape.name or "").startswith("event: ")
    }


# --- events on time charts ---------------------------------------------------------------------------------


def test_a_one_day_event_is_a_line_a_run_of_days_a_band_and_one_outside_the_chart_is_not_drawn():
    fig = figures.go.Figure()

    figures.mark_events_on_dates(
        fig,
        events(
            ("2026-10-28", "2026-10-28", "Series B announced"),
            ("2026-11-02", "2026-11-08", "Brand campaign"),
            ("2026-12-24", "2026-12-24", "After the chart"),
            ("2026-09-20", "2026-10-21", "Begins before the chart"),
        ),
        "2026-10-19",
        "2026-11-15",
    )

    assert marks(fig) == {
        "Series B announced": ("line", pd.Timestamp(2026, 10, 28), pd.Timestamp(2026, 10, 28)),
        # A band covers its last day whole: to the start of the next.
        "Brand campaign": ("rect", pd.Timestamp(2026, 11, 2), pd.Timestamp(2026, 11, 9)),
        # Cut at the chart's first day.
        "Begins before the chart": ("rect", pd.Timestamp(2026, 10, 19), pd.Timestamp(2026, 10, 22)),
    }
    shown = [a for a in fig.layout.annotations]
    assert [a.text for a in shown] == ["Series B announced", "Brand campaign", "Begins before the chart"]
    assert [a.x for a in shown] == [pd.Timestamp(2026, 10, 28), pd.Timestamp(2026, 11, 2), pd.Timestamp(2026, 10, 19)]
    assert [a.yshift for a in shown] == [0, -14, 0]  # every other label a line lower, so neighbours never overlap


def test_a_long_event_label_is_cut_on_the_chart_and_whole_on_hover():
    fig = figures.go.Figure()
    label = "Brand campaign: Know your numbers, in six countries"

    figures.mark_events_on_dates(fig, events(("2026-11-02", "2026-11-02", label)), "2026-11-01", "2026-11-30")

    (annotation,) = fig.layout.annotations
    assert annotation.text == "Brand campaign: Know your n…" and len(annotation.text) == 28
    assert annotation.hovertext == label


def test_no_events_draw_nothing():
    fig = figures.go.Figure()
    figures.mark_events_on_dates(fig, None, "2026-10-19", "2026-11-15")
    figures.mark_events_on_dates(fig, events(), "2026-10-19", "2026-11-15")
    figures.mark_events_on_categories(fig, events(("2026-10-28", "2026-10-28", "x")), [], [])

    assert not fig.layout.shapes and not fig.layout.annotations


MONTHS = pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"])


def test_on_an_axis_of_periods_an_event_lands_on_its_period():
    fig = figures.go.Figure()

    figures.mark_events_on_categories(
        fig,
        events(
            ("2026-09-15", "2026-09-15", "In September"),
            ("2026-08-20", "2026-10-05", "August to October"),
            ("2026-07-04", "2026-07-04", "Before the chart"),
            ("2026-10-20", "2026-11-20", "Runs past the chart"),
        ),
        MONTHS,
        MONTHS + pd.offsets.MonthEnd(0),
    )

    assert marks(fig) == {
        "In September": ("line", 1.0, 1.0),
        "August to October": ("rect", 0.0 - 0.45, 2.0 + 0.45),
        "Runs past the chart": ("line", 2.0, 2.0),  # what of it the chart shows is October
    }


def test_on_an_axis_of_survey_waves_an_event_between_two_waves_lands_between_them():
    starts = pd.to_datetime(["2025-09-09", "2026-03-02", "2026-09-07"])
    ends = pd.to_datetime(["2025-09-26", "2026-03-20", "2026-09-25"])
    fig = figures.go.Figure()

    figures.mark_events_on_categories(
        fig,
        events(
            ("2026-06-15", "2026-06-15", "Rebrand"),
            ("2026-03-10", "2026-03-12", "Trade show"),
            ("2026-10-28", "2026-10-28", "After the last wave"),
        ),
        starts,
        ends,
    )

    assert marks(fig) == {"Rebrand": ("line", 1.5, 1.5), "Trade show": ("line", 1.0, 1.0)}


def test_the_pages_time_charts_mark_the_configs_events_in_their_range(dashboard_warehouse):
    found = queries.events(dashboard_warehouse)

    # Weekly branded search runs from the week of 2025-10-20 to that of 2026-11-09: the 2024 blog launch is
    # before it.
    weekly = figures.branded_vs_non_branded(queries.branded_search_weekly(dashboard_warehouse), found)
    assert marks(weekly) == {
        "Rebrand": ("line", pd.Timestamp(2026, 6, 15), pd.Timestamp(2026, 6, 15)),
        "Series B announced": ("line", pd.Timestamp(2026, 10, 28), pd.Timestamp(2026, 10, 28)),
        "Brand campaign: Know your numbers": ("rect", pd.Timestamp(2026, 11, 2), pd.Timestamp(2026, 11, 9)),
    }
    # Quarters Q3 2025 to Q4 2026: the rebrand in Q2 2026, Series B and the campaign both in Q4 2026.
    bars = figures.target_media_figure(
        queries.mentions_per_quarter(dashboard_warehouse),
        benchmark(dashboard_warehouse, "target_media_mentions_per_quarter"),
        found,
    )
    assert marks(bars) == {
        "Rebrand": ("line", 3.0, 3.0),
        "Series B announced": ("line", 5.0, 5.0),
        "Brand campaign: Know your numbers": ("line", 5.0, 5.0),
    }
    # Survey waves: the rebrand between March and September 2026; Series B after the last wave.
    waves = figures.awareness_by_wave(queries.awareness_waves(dashboard_warehouse), events=found)
    assert marks(waves) == {"Rebrand": ("line", 1.5, 1.5)}


# --- a light's history on its card ---------------------------------------------------------------------------


def history(*points: tuple) -> pd.DataFrame:
    """Rows of queries.scorecard_history for one light: (period end, value, status)."""
    words = {"green": "Healthy", "amber": "Watch", "red": "Unhealthy", "insufficient_data": "Insufficient data"}
    return pd.DataFrame(
        [
            (pd.Timestamp(end), value, "—" if value is None else f"{value:.1f}%", status, words[status])
            for end, value, status in points
        ],
        columns=["period_end", "value", "value_text", "status", "status_word"],
    )


SHARE_LIGHT = pd.Series({"metric": "direct_organic_share", "benchmark_low": 50.0, "benchmark_high": float("nan")})


def test_a_lights_history_has_a_point_per_period_shaped_by_its_status():
    fig = figures.light_history_figure(
        history(
            ("2026-06-30", None, "insufficient_data"),
            ("2026-07-31", 38.0, "red"),
            ("2026-08-31", 47.06, "amber"),
            ("2026-09-30", 52.73, "green"),
        ),
        SHARE_LIGHT,
    )

    (points,) = fig.data
    # A period without a value is no point; each other has its status's shape as well as its colour.
    assert list(points.x) == [pd.Timestamp(2026, 7, 31), pd.Timestamp(2026, 8, 31), pd.Timestamp(2026, 9, 30)]
    assert list(points.y) == [38.0, 47.06, 52.73]
    assert list(points.marker.symbol) == ["x", "triangle-up", "circle"]
    assert len(set(points.marker.color)) == 3
    assert [list(row) for row in points.customdata] == [
        ["38.0%", "Unhealthy"],
        ["47.1%", "Watch"],
        ["52.7%", "Healthy"],
    ]


def test_the_healthy_band_is_shaded_to_its_top_or_above_the_highest_point():
    open_ended = figures.light_history_figure(history(("2026-09-30", 52.73, "green")), SHARE_LIGHT)
    band = pd.Series({"metric": "branded_search_yoy_growth", "benchmark_low": 20.0, "benchmark_high": 40.0})
    bounded = figures.light_history_figure(history(("2026-11-15", 25.0, "green")), band)

    [(low, top)] = [(s.y0, s.y1) for s in open_ended.layout.shapes if s.type == "rect"]
    assert low == 50.0 and top > 52.73  # 50% or more: up past the highest point
    assert [(s.y0, s.y1) for s in bounded.layout.shapes if s.type == "rect"] == [(20.0, 40.0)]


def test_a_lights_history_marks_only_the_events_within_its_periods():
    fig = figures.light_history_figure(
        history(("2026-08-31", 47.06, "amber"), ("2026-10-31", 56.3, "green")),
        SHARE_LIGHT,
        events(("2024-06-03", "2024-06-03", "Blog launched"), ("2026-10-28", "2026-10-28", "Series B announced")),
    )

    assert list(marks(fig)) == ["Series B announced"]


def test_a_light_with_no_value_yet_says_it_has_no_history():
    fig = figures.light_history_figure(history(("2026-06-30", None, "insufficient_data")), SHARE_LIGHT)

    assert not fig.data and fig.layout.annotations[0].text == "No history yet"


# --- branded search ------------------------------------------------------------------------------------------


def test_weekly_figure_has_branded_and_non_branded_for_impressions_and_clicks(dashboard_warehouse):
    fig = figures.branded_vs_non_branded(queries.branded_search_weekly(dashboard_warehouse))

    assert [trace.name for trace in fig.data] == ["Branded", "Branded", "Non-branded", "Non-branded"]
    assert fig.data[0].line.color != fig.data[2].line.color
    assert fig.data[0].line.dash != fig.data[2].line.dash  # not colour alone
    # The weeks between last year's and this year's are gaps in the line, not a line drawn across them.
    impressions = pd.Series(fig.data[0].y, index=fig.data[0].x)
    assert impressions[pd.Timestamp(2026, 10, 19)] == 7 * 1_000 + 10 * 21
    assert impressions.isna().sum() == len(impressions) - 8


def test_year_over_year_figure_has_this_year_and_the_year_before(dashboard_warehouse):
    fig = figures.this_year_vs_last_year(queries.branded_year_over_year(dashboard_warehouse))

    assert [trace.name for trace in fig.data] == ["Last 52 weeks", "Same weeks a year earlier"]
    # Each week of 2025 from 20 October: 7 × 800 + 8 × (the week's day numbers).
    assert list(fig.data[1].y) == [5_768, 6_160, 6_552, 6_944]
    assert list(fig.data[1].customdata) == ["2025-10-20", "2025-10-27", "2025-11-03", "2025-11-10"]


def test_growth_figure_shades_the_lights_band_in_its_words(dashboard_warehouse):
    fig = figures.growth_windows(
        queries.growth_windows(dashboard_warehouse), light(dashboard_warehouse, "branded_search_yoy_growth")
    )

    assert [trace.name for trace in fig.data] == ["Impressions", "Clicks"]
    last_28_days, last_quarter = fig.data[0].x
    assert last_28_days == "Last 28 days"
    assert last_quarter.startswith("Last complete quarter")
    assert "impressions: no data a year earlier" in last_quarter and "clicks: no data a year earlier" in last_quarter
    assert list(fig.data[0].text) == ["+25.0%", ""]
    band = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert [(shape.y0, shape.y1) for shape in band] == [(20.0, 40.0)]
    assert [a.text for a in fig.layout.annotations] == ["Healthy: +20% to +40% a year"]


def test_figures_say_when_there_is_nothing_to_plot():
    fig = figures.branded_vs_non_branded(pd.DataFrame(columns=["week_start", "segment", "impressions", "clicks"]))

    assert not fig.data
    assert "No complete weeks" in fig.layout.annotations[0].text


# --- web traffic -------------------------------------------------------------------------------------------


def of(frame: pd.DataFrame, site: str) -> pd.DataFrame:
    return frame[frame["property"] == site]


def test_channel_mix_stacks_direct_and_organic_search_at_the_bottom(dashboard_warehouse):
    fig = figures.channel_mix_figure(of(queries.traffic_monthly_by_channel(dashboard_warehouse), GA4), "sessions")

    names = [trace.name for trace in fig.data]
    assert names[:2] == ["Direct", "Organic Search"]  # drawn first: the bottom of each stack
    assert set(names) == {
        "Direct",
        "Organic Search",
        "Paid Search",
        "Referral",
        "Email",
        "Organic Social",
        "Unassigned",
    }
    assert fig.layout.barmode == "stack"
    direct = fig.data[0]
    assert list(direct.x) == ["Aug 2026", "Sep 2026", "Oct 2026"]
    assert list(direct.y) == [900, 30 * 32, 31 * 37]
    organic_social = next(trace for trace in fig.data if trace.name == "Organic Social")
    assert list(organic_social.y) == [0, 30 * 2, 0]  # none those months: 0, not a hole plotly mis-stacks around
    # Demand channels solid, the rest hatched as well as paler: not colour alone.
    assert not fig.data[0].marker.pattern.shape
    assert all(trace.marker.pattern.shape for trace in fig.data[2:])
    assert fig.layout.yaxis.title.text == "Sessions per month"


def test_channel_mix_draws_organic_social_with_the_demand_when_the_share_counts_it(dashboard_warehouse):
    fig = figures.channel_mix_figure(
        of(queries.traffic_monthly_by_channel(dashboard_warehouse), DOCS),
        "visitors",
        ("Organic Search", "Organic Social", "Organic Video"),
    )

    assert [trace.name for trace in fig.data][:3] == ["Direct", "Organic Search", "Organic Social"]
    assert fig.data[2].marker.pattern.shape == "."  # dotted, to tell it from Organic Search
    assert fig.layout.yaxis.title.text == "Visitors per month"
    assert "visitors" in fig.data[0].hovertemplate


def test_share_figure_shapes_each_month_by_the_status_the_warehouse_gives(dashboard_warehouse):
    monthly = of(queries.direct_organic_monthly(dashboard_warehouse), GA4)
    fig = figures.direct_organic_share_figure(monthly, benchmark(dashboard_warehouse, "direct_organic_share"))

    share = fig.data[0]
    assert list(share.y) == [47.06, 52.73, 56.3]
    assert list(share.text) == ["47.1%", "52.7%", "56.3%"]
    assert list(share.marker.symbol) == ["triangle-up", "circle", "circle"]  # Watch, Healthy, Healthy
    assert list(share.customdata) == ["Watch", "Healthy", "Healthy"]
    # The shape follows the warehouse's status, never a threshold in Python: a month it calls Unhealthy is a cross.
    recoloured = monthly.assign(status=["green", "red", "green"], status_word=["Healthy", "Unhealthy", "Healthy"])
    assert list(
        figures.direct_organic_share_figure(recoloured, benchmark(dashboard_warehouse, "direct_organic_share"))
        .data[0]
        .marker.symbol
    ) == ["circle", "x", "circle"]


def test_share_figure_draws_the_healthy_and_unhealthy_lines_in_the_warehouses_words(dashboard_warehouse):
    fig = figures.direct_organic_share_figure(
        of(queries.direct_organic_monthly(dashboard_warehouse), GA4),
        benchmark(dashboard_warehouse, "direct_organic_share"),
    )

    lines = {shape.y0: shape.line.dash for shape in fig.layout.shapes}
    assert lines == {50.0: "dash", 40.0: "dot"}
    assert [annotation.text for annotation in fig.layout.annotations] == [
        "Healthy: 50% or more",
        "Unhealthy: below 40%",
    ]


def test_share_figure_leaves_a_missing_month_as_a_gap(dashboard_warehouse):
    monthly = pd.DataFrame(
        {
            "month_start": pd.to_datetime(["2026-07-01", "2026-09-01"]),
            "share_pct": [51.0, 49.0],
            "status": ["green", "amber"],
            "status_word": ["Healthy", "Watch"],
        }
    )

    fig = figures.direct_organic_share_figure(monthly, benchmark(dashboard_warehouse, "direct_organic_share"))

    assert list(fig.data[0].x) == ["Jul 2026", "Aug 2026", "Sep 2026"] and pd.isna(fig.data[0].y[1])
    assert list(fig.data[0].marker.symbol) == ["circle", "circle-open", "triangle-up"]  # no status: hollow


# --- brand surveys -----------------------------------------------------------------------------------------


def test_awareness_figure_has_a_point_and_interval_per_brand_and_wave(dashboard_warehouse):
    fig = figures.awareness_by_wave(queries.awareness_waves(dashboard_warehouse))

    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    own = fig.data[0]
    assert list(own.x) == ["September 2025", "March 2026", "September 2026"]
    assert list(own.y) == [20.0, 22.0, 26.5]
    # Error bars from the Wilson ends: September 2026 is 26.5 - 22.41 below and 31.03 - 26.5 above.
    assert round(own.error_y.arrayminus[2], 2) == 4.09 and round(own.error_y.array[2], 2) == 4.53
    assert own.marker.size > fig.data[1].marker.size  # the own brand stands out
    assert len({trace.marker.symbol for trace in fig.data}) == 3  # not colour alone


def test_first_heard_figure_puts_the_most_common_answer_on_top(dashboard_warehouse):
    fig = figures.first_heard_figure(queries.first_heard_channels(dashboard_warehouse))

    assert list(fig.data[0].y) == ["Podcast", "LinkedIn", "Colleague or friend", "Search engine"]  # bottom up
    assert list(fig.data[0].text) == ["15%", "19%", "28%", "38%"]  # of the 106 who answered


# --- share of voice and share of search ----------------------------------------------------------------------


def test_share_of_voice_figure_has_a_line_per_brand_the_current_quarter_hollow(dashboard_warehouse):
    fig = figures.share_of_voice_figure(queries.mentions_per_quarter(dashboard_warehouse))

    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    own, contoso, fabrikam = fig.data
    assert list(own.x) == QUARTERS
    assert list(own.y) == [20.0, 25.0, 40.0, 40.0, 36.0, 50.0]  # 4/20, 5/20, 6/15, 8/20, 9/25, 4/8
    assert list(fabrikam.y) == [30.0, 30.0, 0.0, 20.0, 20.0, 12.5]  # no story in Q1 2026: 0
    assert list(own.marker.symbol) == ["circle"] * 5 + ["circle-open"]  # Q4 2026 is not over
    assert own.line.width > contoso.line.width and own.line.dash == "solid" != contoso.line.dash
    assert own.customdata[4].tolist() == [9, 25]  # 9 of 25 mentions in Q3 2026


def test_target_share_of_voice_figure_counts_target_media_only(dashboard_warehouse):
    fig = figures.share_of_voice_figure(queries.mentions_per_quarter(dashboard_warehouse), "target_share_of_voice_pct")

    assert list(fig.data[0].y) == [25.0, 37.5, 62.5, 60.0, 70.0, 75.0]  # 2/8, 3/8, 5/8, 6/10, 7/10, 3/4
    assert "target-media mentions" in fig.data[0].hovertemplate


def test_target_media_bars_over_the_benchmarks_band(dashboard_warehouse):
    fig = figures.target_media_figure(
        queries.mentions_per_quarter(dashboard_warehouse),
        benchmark(dashboard_warehouse, "target_media_mentions_per_quarter"),
    )

    bars = fig.data[0]
    assert list(bars.x) == QUARTERS
    assert list(bars.y) == [2, 3, 5, 6, 7, 3]
    assert list(bars.text) == ["2", "3", "5", "6", "7", "3 so far"]
    assert list(bars.marker.pattern.shape) == [""] * 5 + ["/"]  # the quarter under way is hatched
    band = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert [(shape.y0, shape.y1) for shape in band] == [(5.0, 10.0)]
    assert [annotation.text for annotation in fig.layout.annotations] == ["Healthy: 5 to 10 a quarter"]
    assert fig.layout.yaxis.range[1] >= 10 * 1.25  # the whole band shows above the bars


def test_target_media_with_an_open_ended_benchmark_is_a_line(dashboard_warehouse):
    open_ended = benchmark(dashboard_warehouse, "target_media_mentions_per_quarter").copy()
    open_ended["healthy_high"], open_ended["benchmark_text"] = float("nan"), "Healthy: 5 or more a quarter"

    fig = figures.target_media_figure(queries.mentions_per_quarter(dashboard_warehouse), open_ended)

    assert [(shape.type, shape.y0) for shape in fig.layout.shapes] == [("line", 5.0)]
    assert [annotation.text for annotation in fig.layout.annotations] == ["Healthy: 5 or more a quarter"]


def test_a_missing_quarter_is_an_empty_slot_not_a_squeezed_axis(dashboard_warehouse):
    quarters = queries.mentions_per_quarter(dashboard_warehouse)

    fig = figures.target_media_figure(
        quarters[quarters["quarter_start"] != pd.Timestamp(2026, 1, 1)],
        benchmark(dashboard_warehouse, "target_media_mentions_per_quarter"),
    )

    assert list(fig.data[0].x) == QUARTERS and pd.isna(fig.data[0].y[2])


def test_share_of_search_figure_has_a_line_per_brand_own_brand_first(dashboard_warehouse):
    fig = figures.share_of_search_figure(queries.share_of_search(dashboard_warehouse, "Worldwide", "month"), "month")

    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    fabrikam = pd.Series(fig.data[2].y, index=fig.data[2].x)
    assert round(fabrikam[pd.Timestamp(2026, 10, 1)], 2) == 0.5  # October's '<1' as 0.5 of 99.5
    assert (fabrikam[pd.Timestamp(2024, 10, 1)], fabrikam[pd.Timestamp(2025, 10, 1)]) == (20.0, 16.0)
    assert fig.data[0].line.width > fig.data[1].line.width
    assert fig.layout.xaxis.hoverformat == "%B %Y"
    assert fig.data[0].mode == "lines+markers"  # 25 months: few enough for markers


@pytest.mark.parametrize("empty", ["share_of_voice_figure", "share_of_search_figure", "awareness_by_wave"])
def test_an_empty_frame_is_a_chart_that_says_so(empty):
    fig = getattr(figures, empty)(pd.DataFrame(columns=["brand", "is_own_brand"]))

    assert not fig.data and fig.layout.annotations[0].text.startswith("No ")


def test_the_dates_of_a_frame_need_not_be_timestamps():
    fig = figures.go.Figure()
    figures.mark_events_on_dates(
        fig, events(("2026-10-28", "2026-10-28", "Series B")), date(2026, 10, 1), date(2026, 10, 31)
    )

    assert list(marks(fig)) == ["Series B"]
