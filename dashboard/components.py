"""What the pages are built from: the words and numbers a marketer reads, and the blocks that hold them.

The text functions are pure, so tests check "+24.6%" or "Healthy" without a browser.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import pandas as pd
from dash import dcc, html
from flask import current_app

from .queries import NO_DATA_MESSAGE, NoDataYet, one_connection, remembered
from .wording import format_value, quarter_name, stale_text  # noqa: F401 (used by pages)

# Where create_app leaves the warehouse path for the pages (one Flask app per Dash app, so two apps in
# one process, as in the tests, each read their own warehouse).
WAREHOUSE_CONFIG_KEY = "DEMANDGEN_WAREHOUSE"

YEAR = timedelta(days=364)  # comparisons a year earlier move back 52 weeks, so weekdays line up


def current_warehouse() -> str:
    """The warehouse path of the app serving this request."""
    return current_app.config[WAREHOUSE_CONFIG_KEY]


def page_remembered(layout):
    """A page's layout, built once per version of the serving warehouse and day, then served as built.

    A page is a function of the warehouse and today's date (what is stale, what changed recently) only, so
    between two refreshes every visitor gets the same components; building their figures is most of a
    page's time. Pages take no query string, so one layout per page and day.
    """

    @functools.wraps(layout)
    def remembered_layout(**_query_string):
        warehouse = current_warehouse()

        def build():
            with one_connection(warehouse):
                return layout()

        try:
            return remembered(warehouse, ("page", layout.__module__, date.today()), build)
        except NoDataYet as missing:  # no warehouse file yet: nothing to remember
            return no_data_message(missing)

    return remembered_layout


def period_text(start, end, comparison_start=None, comparison_end=None) -> str:
    """The period a value covers: "28 days to 2026-11-18, vs same weekdays a year earlier"."""
    if pd.isna(start) or pd.isna(end):
        return ""
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    days = (end - start).days + 1
    if is_calendar_month(start, end):
        text = month_text(start)
    elif is_calendar_quarter(start, end):
        text = f"{quarter_name(start)} ({start:%B} to {end:%B})"
    else:
        text = f"{days} days to {end}" if days <= 31 else f"{start} to {end}"
    if pd.isna(comparison_start) or pd.isna(comparison_end):
        return text
    comparison_start, comparison_end = pd.Timestamp(comparison_start).date(), pd.Timestamp(comparison_end).date()
    if (comparison_start, comparison_end) == (start - YEAR, end - YEAR):
        return f"{text}, vs same weekdays a year earlier"
    if is_calendar_quarter(comparison_start, comparison_end):
        return f"{text}, vs {quarter_name(comparison_start)}"
    return f"{text}, vs {comparison_start} to {comparison_end}"


def fieldwork_text(start, end, comparison_start=None, comparison_end=None) -> str:
    """A survey wave's days: "Survey fieldwork 2026-09-07 to 2026-09-25, vs 2025-09-09 to 2025-09-26"."""
    if pd.isna(start) or pd.isna(end):
        return ""
    text = f"Survey fieldwork {day(start)} to {day(end)}"
    if pd.isna(comparison_start) or pd.isna(comparison_end):
        return text
    return f"{text}, vs {day(comparison_start)} to {day(comparison_end)}"


def is_calendar_month(start, end) -> bool:
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    return start.day == 1 and end == start + pd.offsets.MonthEnd(1)


def is_calendar_quarter(start, end) -> bool:
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    return start.day == 1 and start.month % 3 == 1 and end == start + pd.offsets.QuarterEnd(1)


def month_text(value) -> str:
    """A calendar month in words: "October 2026"."""
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%B %Y}"


def day(value) -> str:
    return "" if pd.isna(value) else str(pd.Timestamp(value).date())


def no_data_message(missing: NoDataYet) -> html.Div:
    """What a page shows before the first refresh: what to do, not a traceback."""
    before, command = NO_DATA_MESSAGE.split("`")[:2]
    return html.Div(
        className="no-data",
        children=[
            html.P([before, html.Code(command)], className="no-data-title"),
            html.P(f"Details: {missing.detail}.", className="muted"),
        ],
    )


def scorecard_card(row: pd.Series, note=None, stale: str | None = None, history=None) -> html.Article:
    """One metric's traffic light, with the numbers and words behind it (all as the warehouse wrote them),
    `note` (a badge such as `noise_badge`) beside the light when there is one, a "Stale" badge with `stale`
    (wording.stale_text) when the light's source has no recent data, a line saying since when it has had
    its colour when that changed recently, and `history` (a chart of the light over time) under it."""
    metric, status = row["metric"], row["status"]
    return html.Article(
        id=f"scorecard-card-{metric}",
        className=f"card status-{status}",
        children=[
            html.H2(row["label"], className="card-label"),
            html.Div(row["value_text"], id=f"scorecard-value-{metric}", className="card-value"),
            html.Div(
                id=f"scorecard-status-{metric}",
                className="status-badge",
                children=[
                    html.Span(row["status_symbol"], className="status-icon", **{"aria-hidden": "true"}),
                    row["status_word"],
                ],
            ),
            *(
                [html.P(since_text(row), id=f"scorecard-since-{metric}", className="card-since")]
                if row.get("changed_recently")
                else []
            ),
            *([stale_badge(stale, id=f"scorecard-stale-{metric}")] if stale else []),
            *([note] if note is not None else []),
            *([html.P(stale, id=f"scorecard-stale-text-{metric}", className="card-stale")] if stale else []),
            html.P(row["benchmark_text"], className="card-benchmark"),
            html.P(
                (fieldwork_text if row.get("time_window") == "survey_wave" else period_text)(
                    row["period_start"], row["period_end"], row.get("comparison_start"), row.get("comparison_end")
                ),
                className="card-period",
            ),
            html.P(row["explanation"], className="card-explanation"),
            html.P(f"Data through {day(row['data_through'])}", className="card-freshness"),
            *([history] if history is not None else []),
        ],
    )


def since_text(row: pd.Series) -> str:
    """When a light last changed colour, and from what: "Since 31 May 2025: Watch → Healthy"."""
    return f"Since {pd.Timestamp(row['status_since']):%-d %b %Y}: {row['status_before_word']} → {row['status_word']}"


def stale_lights(cards: pd.DataFrame, freshness: pd.DataFrame | None, today: date) -> dict[str, str]:
    """Metric -> why its light may be out of date, for the lights whose source is stale on `today`.
    A warehouse refreshed before freshness was checked has no `source` column or no freshness table: none."""
    if freshness is None or "source" not in cards:
        return {}
    why = {
        row.source: stale_text(row.label, row.latest_data_date, row.expected_within_days, today)
        for row in freshness.itertuples()
    }
    return {metric: why[source] for metric, source in zip(cards["metric"], cards["source"]) if why.get(source)}


def stale_badge(why: str, **props) -> html.Span:
    """A "Stale" badge beside a light whose source has no recent data: a word and a shape, not colour
    alone, with `why` as its tooltip."""
    return html.Span(
        className="stale-badge",
        title=why,
        **props,
        children=[
            html.Span("◷", className="status-icon", **{"aria-hidden": "true"}),
            "Stale",
        ],
    )


def noise_badge(change: pd.Series, **props) -> html.Span | None:
    """Whether a survey change (a row of `queries.awareness_change`) is more than sampling noise, as a
    badge: a light can be green on a change its 95% interval cannot tell from none. None when the
    waves cannot be compared."""
    if not change["is_comparable"]:
        return None
    real = bool(change["is_distinguishable"])
    # Words and a shape, not colour alone; "≈" for "about the same as no change".
    icon, words = ("◆", "A real change") if real else ("≈", "Within noise")
    return html.Span(
        className=f"noise-badge {'noise-real' if real else 'noise-within'}",
        **props,
        children=[
            html.Span(icon, className="status-icon", **{"aria-hidden": "true"}),
            words,
        ],
    )


def table(
    headers: list[str],
    rows: list[list],
    row_classes: list[str] | None = None,
    column_classes: list[str] | None = None,
    **props,
) -> html.Table:
    """A plain HTML table: light to render, and easy for a browser test to read."""
    row_classes = row_classes or [""] * len(rows)
    column_classes = column_classes or [""] * len(headers)
    return html.Table(
        className="table",
        **props,
        children=[
            html.Thead(html.Tr([html.Th(header, className=cls) for header, cls in zip(headers, column_classes)])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Td(cell, className=cls) for cell, cls in zip(row, column_classes)],
                        className=row_class,
                    )
                    for row, row_class in zip(rows, row_classes)
                ]
            ),
        ],
    )


def chart(figure, static: bool = False, **props) -> dcc.Graph:
    """A plotly figure on a page: no plotly logo, no toolbar buttons a marketer does not need, and none at all
    on a small `static` chart (a card's history)."""
    config = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
    if static:
        config["displayModeBar"] = False
    return dcc.Graph(figure=figure, config=config, **props)
