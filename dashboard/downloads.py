"""CSV downloads of the warehouse's tables, for a spreadsheet.

The request names a download, never SQL: each name maps to one fixed query. Text that a
spreadsheet would read as a formula (a mention titled `=HYPERLINK(...)`) is neutralised.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import dash
import duckdb
from dash import html
from flask import Flask, Response, current_app

from .components import WAREHOUSE_CONFIG_KEY
from .queries import NoDataYet, read_only, remembered

# name: (what a marketer gets, the fixed query). The order is the one the Data page lists them in.
DOWNLOADS = {
    "scorecard": (
        "The traffic lights, with the numbers and words behind each",
        "select * from marts.scorecard order by metric",
    ),
    "branded_search_daily": (
        "Search Console clicks and impressions per day, branded or not",
        "select * from marts.branded_search_daily order by date, property, segment",
    ),
    "search_query_totals": (
        "Search Console queries per period",
        "select * from marts.search_query_totals order by period_start, period_end, property, clicks desc, query",
    ),
    "web_traffic_channels": (
        "Website sessions per channel, per day or export period",
        "select * from marts.web_traffic_channels "
        "order by property, period_start, period_end, channel_group, source_tool",
    ),
    "direct_organic_share_monthly": (
        "Direct + organic share per site and month",
        # `all`: site, tool, then month, in the mart's column order
        "select * from marts.direct_organic_share_monthly order by all",
    ),
    "awareness_waves": (
        "Unaided awareness per survey wave and brand, with 95% intervals",
        "select * from marts.awareness_waves order by wave_number, brand",
    ),
    "awareness_change": (
        "Each brand's awareness change against a year earlier",
        "select * from marts.awareness_change order by is_own_brand desc, brand",
    ),
    "media_mentions": (
        "Every story naming a tracked brand",
        "select * from marts.media_mentions order by published_at desc, mention_id, brand",
    ),
    "mentions_per_quarter": (
        "Mentions and share of voice per quarter and brand",
        "select * from marts.mentions_per_quarter order by quarter_start, brand",
    ),
    "share_of_search": (
        "Google Trends interest and share of search per period and brand",
        "select * from marts.share_of_search order by geo, granularity, period_start, brand",
    ),
    "ingested_files": (
        "Every export the pipeline has seen, and why any was rejected",
        "select * from marts.ingested_files order by ingested_at desc, file_name",
    ),
}

# OWASP's list for CSV injection: a spreadsheet treats a cell starting with one of these as a formula
# (tab and carriage return too, as some spreadsheets skip them before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell as a spreadsheet should read it: text that starts like a formula gets a leading `'`, so
    it shows as the text it is; anything that is not text (a negative number) is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(warehouse_path: str | Path, name: str) -> str:
    """The download `name` (a key of DOWNLOADS) as CSV text, neutralised, with a header row; written once
    per version of the serving file (see queries.remembered)."""
    return remembered(warehouse_path, ("csv", name), lambda: _write_csv(warehouse_path, name))


def _write_csv(warehouse_path: str | Path, name: str) -> str:
    _, sql = DOWNLOADS[name]
    with read_only(warehouse_path) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.BinderException as error:
            # The table is there but lacks a column the download names: a warehouse published by an older
            # version, which the next refresh rebuilds.
            raise NoDataYet(f"marts.{name} lacks a column: {str(error).splitlines()[0]}") from error
        header = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return out.getvalue()


def register(server: Flask) -> None:
    """Serve `/download/<name>.csv` from the app's own warehouse."""

    @server.route("/download/<name>.csv")
    def download(name: str) -> Response:
        if name not in DOWNLOADS:
            return _plain("No such download: the dashboard's Data page lists them.", 404)
        try:
            text = table_csv(current_app.config[WAREHOUSE_CONFIG_KEY], name)
        except NoDataYet as missing:
            return _plain(str(missing), 404)
        # A byte-order mark, so Excel reads the file as UTF-8 (accented brand and outlet names) instead of
        # the machine's legacy code page.
        return Response(
            "\ufeff" + text,
            mimetype="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"',
                "Cache-Control": "no-store",
            },
        )


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def link(name: str) -> html.A:
    """A link that downloads `name` (a key of DOWNLOADS) as CSV."""
    return html.A(
        f"{name}.csv",
        href=dash.get_relative_path(f"/download/{name}.csv"),
        download=f"{name}.csv",
        className="download-link",
        id=f"download-{name}",
    )


def download_line(*names: str, **props) -> html.P:
    """The downloads behind a page's table, in one line: "Download as CSV: a.csv · b.csv"."""
    parts: list = ["Download as CSV: ", link(names[0])]
    for name in names[1:]:
        parts += [" · ", link(name)]
    return html.P(parts, className="muted", **props)
