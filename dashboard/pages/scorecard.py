"""Scorecard: one traffic light per metric, with the benchmark, period and reason behind it."""

from datetime import date

import dash
import pandas as pd
from dash import html

from dashboard import figures, queries
from dashboard.components import (
    chart,
    current_warehouse,
    day,
    no_data_message,
    noise_badge,
    page_remembered,
    scorecard_card,
    stale_lights,
)

dash.register_page(__name__, path="/", name="Scorecard", title="Scorecard · Demand-gen health", order=0)

AWARENESS = "unaided_awareness_yoy_change"


@page_remembered
def layout(**_query_string):
    warehouse = current_warehouse()
    try:
        cards = queries.scorecard(warehouse)
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    if cards.empty:
        return html.P("The scorecard is empty: the last refresh computed no metrics.", className="no-data")
    notes = {AWARENESS: awareness_noise(warehouse, cards)}
    stale = stale_lights(cards, queries.optional(queries.source_freshness, warehouse), date.today())
    history = queries.optional(queries.scorecard_history, warehouse)
    events = queries.optional(queries.events, warehouse)
    return html.Div(
        [
            html.H1("Demand generation scorecard"),
            html.P(
                [
                    "Each signal of healthy demand, against its healthy range. Newest data: ",
                    html.Strong(day(cards["data_through"].max())),
                    ".",
                ],
                className="lede",
            ),
            html.Div(
                [
                    scorecard_card(
                        row, notes.get(row["metric"]), stale.get(row["metric"]), history_chart(row, history, events)
                    )
                    for _, row in cards.iterrows()
                ],
                id="scorecard-cards",
                className="cards",
            ),
        ]
    )


def awareness_noise(warehouse, cards):
    """Whether the own brand's awareness change is more than sampling noise, read from the same numbers
    the light was set from (marts.awareness_change): a light can be green on a change that its 95%
    interval cannot tell from none."""
    light = cards[cards["metric"] == AWARENESS]
    if light.empty or pd.isna(light.iloc[0]["value"]):
        return None  # no change on the card to qualify
    try:
        changes = queries.awareness_change(warehouse)
    except queries.NoDataYet:
        return None  # a warehouse refreshed before surveys were supported
    own = changes[changes["is_own_brand"]]
    return noise_badge(own.iloc[0], id=f"scorecard-noise-{AWARENESS}") if len(own) else None


def history_chart(light, history, events):
    """The light over the past periods, with the healthy band and the events (none for a warehouse refreshed
    before history was kept)."""
    if history is None:
        return None
    rows = history[history["metric"] == light["metric"]]
    return chart(
        figures.light_history_figure(rows, light, events),
        id=f"scorecard-history-{light['metric']}",
        className="card-history",
        static=True,
    )
