"""Branded search: is search for the brand growing, and against what."""

import dash
from dash import html

from dashboard import figures, queries
from dashboard.components import chart, current_warehouse, day, no_data_message, page_remembered, table

dash.register_page(
    __name__, path="/branded-search", name="Branded search", title="Branded search · Demand-gen health", order=1
)

METRIC = "branded_search_yoy_growth"
SOURCES = {"ui_export": "Search Console performance export", "daily_rollup": "daily Search Console data"}


@page_remembered
def layout(**_query_string):
    warehouse = current_warehouse()
    try:
        scorecard = queries.scorecard(warehouse)
        growth = queries.growth_windows(warehouse)
        weekly = queries.branded_search_weekly(warehouse)
        year_over_year = queries.branded_year_over_year(warehouse)
        top_queries = queries.top_branded_queries(warehouse, limit=10)
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    events = queries.optional(queries.events, warehouse)
    lights = scorecard[scorecard["metric"] == METRIC]
    light = lights.iloc[0] if len(lights) else None
    return html.Div(
        [
            html.H1("Branded search"),
            html.P(
                "Searches that name the brand are people who already know it: their growth is demand being "
                "created, whatever channel later gets the credit.",
                className="lede",
            ),
            html.Section(
                className="panel",
                children=[
                    html.H2("Growth vs a year earlier"),
                    chart(figures.growth_windows(growth, light), id="branded-search-growth-chart"),
                ],
            ),
            html.Section(
                className="panel",
                children=[
                    html.H2("Branded and non-branded search, per week"),
                    html.P(
                        "Full weeks of complete days only. Anonymized queries are left out: Google hides their "
                        "words, so they cannot be counted as branded or not.",
                        className="muted",
                    ),
                    chart(figures.branded_vs_non_branded(weekly, events), id="branded-search-weekly-chart"),
                ],
            ),
            html.Section(
                className="panel",
                children=[
                    html.H2("This year against last year"),
                    html.P("Branded impressions each week, beside the same week 52 weeks earlier.", className="muted"),
                    chart(figures.this_year_vs_last_year(year_over_year, events), id="branded-search-yoy-chart"),
                ],
            ),
            html.Section(
                className="panel",
                children=[
                    html.H2("Top branded queries"),
                    top_queries_table(top_queries),
                ],
            ),
        ]
    )


def top_queries_table(top_queries):
    if top_queries.empty:
        return html.P("No branded queries yet.", className="muted", id="branded-search-top-queries")
    first = top_queries.iloc[0]
    source = SOURCES.get(first["source"], first["source"])
    rows = [
        [query, f"{clicks:,}", f"{impressions:,}", f"{clicks / impressions:.1%}" if impressions else "—"]
        for query, clicks, impressions in top_queries[["query", "clicks", "impressions"]].itertuples(index=False)
    ]
    return html.Div(
        [
            html.P(
                f"By clicks, from the {source} for {day(first['period_start'])} to {day(first['period_end'])}.",
                className="muted",
            ),
            table(
                ["Query", "Clicks", "Impressions", "Click-through rate"],
                rows,
                column_classes=["", "number", "number", "number"],
                id="branded-search-top-queries",
            ),
        ]
    )
