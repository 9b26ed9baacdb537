"""Scorecard: one traffic light per metric, with the benchmark, period and reason behind it."""

import dash
from dash import html

from dashboard import queries
from dashboard.components import current_warehouse, day, no_data_message, scorecard_card

dash.register_page(__name__, path="/", name="Scorecard", title="Scorecard · Demand-gen health", order=0)


def layout(**_query_string):
    try:
        cards = queries.scorecard(current_warehouse())
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    if cards.empty:
        return html.P("The scorecard is empty: the last refresh computed no metrics.", className="no-data")
    return html.Div([
        html.H1("Demand generation scorecard"),
        html.P(["Each signal of healthy demand, against its healthy range. Newest data: ",
                html.Strong(day(cards["data_through"].max())), "."], className="lede"),
        html.Div([scorecard_card(row) for _, row in cards.iterrows()], id="scorecard-cards", className="cards"),
    ])
