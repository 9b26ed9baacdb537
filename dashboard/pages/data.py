"""Data: every export the pipeline has seen, and why any was turned away."""

import dash
import pandas as pd
from dash import html

from dashboard import queries
from dashboard.components import current_warehouse, day, no_data_message, table

dash.register_page(__name__, path="/data", name="Data", title="Data · Demand-gen health", order=2)

STATUS = {"loaded": "✔ Loaded", "duplicate": "= Duplicate, skipped", "rejected": "✖ Rejected"}


def layout(**_query_string):
    try:
        files = queries.ingested_files(current_warehouse())
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    counts = queries.ingest_summary(files)
    return html.Div([
        html.H1("Data"),
        html.P("Every export dropped in the inbox, newest first. A rejected file changes nothing in the "
               "warehouse: fix it as its reason says and drop it again.", className="lede"),
        html.Div(id="data-summary", className="summary", children=[
            html.Div([html.Strong(f"{counts[status]:,}"), f" {label if counts[status] == 1 else plural}"],
                     className=f"summary-item status-{status}")
            for status, label, plural in (("loaded", "file loaded", "files loaded"),
                                          ("duplicate", "duplicate skipped", "duplicates skipped"),
                                          ("rejected", "rejected", "rejected"))
        ]),
        files_table(files) if len(files) else html.P("No files ingested yet.", className="muted"),
    ])


def files_table(files):
    rows = [[
        f"{file.ingested_at:%Y-%m-%d %H:%M}",
        [html.Div(file.file_name), html.Div(_about(file), className="muted")],
        STATUS.get(file.status, file.status),
        "" if pd.isna(file.rows) else f"{file.rows:,}",
        _dates(getattr(file, "data_start", None), getattr(file, "data_end", None)),
        html.Span(_text(file.reason), className="reason"),
    ] for file in files.itertuples(index=False)]
    return table(["Received", "File", "Status", "Rows", "Dates covered", "Reason"], rows,
                 row_classes=[f"row-{status}" for status in files["status"]],
                 column_classes=["nowrap", "", "nowrap", "number", "nowrap", "wide"], id="data-files-table")


def _about(file) -> str:
    """What the file was recognised as, and for which site: "Search console ui export · sc-domain:..."."""
    kind = _text(file.detected_format).replace("_", " ").capitalize()
    return " · ".join(part for part in (kind, _text(getattr(file, "property", None))) if part)


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def _dates(start, end) -> str:
    return "" if pd.isna(start) or pd.isna(end) else f"{day(start)} → {day(end)}"
