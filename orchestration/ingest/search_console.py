"""Google Search Console exports: bulk export tables, saved API responses, UI export bundles.

Each parser turns one export into rows for the raw tables below, at the export's own grain
(no daily split is ever made up), or raises RejectedFile with a reason a marketer can act on.
"""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from ..config import Config
from . import pulled, values
from .detect import TABLE_KINDS, Signature, columns, shapes_of
from .inbox import Export, RejectedFile
from .parsed import Parsed, arrow_table
from .reading import (
    cell,
    column,
    csv_table,
    decode_text,
    guess_delimiter,
    header_line,
    json_object,
    one_member,
    utf8_file,
)

FAMILY = "search_console"

BULK_SITE_COLUMNS = (
    "data_date",
    "site_url",
    "query",
    "is_anonymized_query",
    "country",
    "search_type",
    "device",
    "impressions",
    "clicks",
    "sum_top_position",
)
BULK_URL_COLUMNS = (
    "data_date",
    "site_url",
    "url",
    "query",
    "is_anonymized_query",
    "country",
    "search_type",
    "device",
    "impressions",
    "clicks",
    "sum_position",
)
UI_DAILY_COLUMNS = columns("Date", "Clicks", "Impressions", "CTR", "Position")
UI_QUERY_COLUMNS = columns("Top queries", "Clicks", "Impressions", "CTR", "Position")
UI_FILTER_COLUMNS = columns("Filter", "Value")

SIGNATURES = [
    Signature(
        "search_console_pull",
        FAMILY,
        frozenset({"json"}),
        (columns(pulled.MARK, "site_url"),),
        "Search Console API pull (demandgen pull)",
    ),
    Signature(
        "search_console_bulk_url",
        FAMILY,
        TABLE_KINDS,
        (columns(*BULK_URL_COLUMNS),),
        "Search Console bulk export, URL table (searchdata_url_impression)",
    ),
    Signature(
        "search_console_bulk_site",
        FAMILY,
        TABLE_KINDS,
        (columns(*BULK_SITE_COLUMNS),),
        "Search Console bulk export, site table (searchdata_site_impression)",
    ),
    Signature(
        "search_console_api",
        FAMILY,
        frozenset({"json"}),
        (columns("rows[].keys", "rows[].impressions"),),
        "Search Console API response (searchanalytics.query)",
    ),
    # The last page of a paged API pull carries no rows, only the aggregation type.
    Signature(
        "search_console_api",
        FAMILY,
        frozenset({"json"}),
        (columns("responseAggregationType"),),
        "Search Console API response (searchanalytics.query)",
    ),
    Signature(
        "search_console_ui_export",
        FAMILY,
        frozenset({"csv"}),
        (UI_FILTER_COLUMNS, UI_DAILY_COLUMNS),
        "Search Console performance export (Chart.csv or Dates.csv with Filters.csv)",
    ),
]

LINEAGE = [("source_row", "BIGINT")]
RAW_TABLES: dict[str, list[tuple[str, str]]] = {
    "search_console_bulk_site_rows": [
        ("data_date", "DATE"),
        ("site_url", "VARCHAR"),
        ("query", "VARCHAR"),
        ("is_anonymized_query", "BOOLEAN"),
        ("country", "VARCHAR"),
        ("search_type", "VARCHAR"),
        ("device", "VARCHAR"),
        ("impressions", "BIGINT"),
        ("clicks", "BIGINT"),
        ("sum_top_position", "DOUBLE"),
    ]
    + LINEAGE,
    "search_console_bulk_url_rows": [
        ("data_date", "DATE"),
        ("site_url", "VARCHAR"),
        ("url", "VARCHAR"),
        ("query", "VARCHAR"),
        ("is_anonymized_query", "BOOLEAN"),
        ("country", "VARCHAR"),
        ("search_type", "VARCHAR"),
        ("device", "VARCHAR"),
        ("impressions", "BIGINT"),
        ("clicks", "BIGINT"),
        ("sum_position", "DOUBLE"),
    ]
    + LINEAGE,
    "search_console_api_rows": [
        ("property", "VARCHAR"),
        ("dimensions", "VARCHAR"),
        ("date", "DATE"),
        ("query", "VARCHAR"),
        ("page", "VARCHAR"),
        ("country", "VARCHAR"),
        ("device", "VARCHAR"),
        ("clicks", "BIGINT"),
        ("impressions", "BIGINT"),
        ("ctr", "DOUBLE"),
        ("position", "DOUBLE"),
        ("aggregation_type", "VARCHAR"),
        ("first_incomplete_date", "DATE"),
    ]
    + LINEAGE,
    "search_console_ui_daily_totals": [
        ("property", "VARCHAR"),
        ("date", "DATE"),
        ("clicks", "BIGINT"),
        ("impressions", "BIGINT"),
        ("ctr", "DOUBLE"),
        ("position", "DOUBLE"),
        ("search_type", "VARCHAR"),
        ("filters", "VARCHAR"),
    ]
    + LINEAGE,
    "search_console_ui_query_totals": [
        ("property", "VARCHAR"),
        ("period_start", "DATE"),
        ("period_end", "DATE"),
        ("query", "VARCHAR"),
        ("clicks", "BIGINT"),
        ("impressions", "BIGINT"),
        ("ctr", "DOUBLE"),
        ("position", "DOUBLE"),
        ("search_type", "VARCHAR"),
        ("filters", "VARCHAR"),
    ]
    + LINEAGE,
}


def arrow_rows(table: str, rows: list[dict]) -> pa.Table:
    return arrow_table(RAW_TABLES[table], rows)


# --- bulk export ------------------------------------------------------------------------------

# A number as a spreadsheet re-saves it ("1,234"); like values.py, only a strict thousands pattern.
_UNGROUPED = (
    "case when regexp_full_match(trim({c}), '\\d{{1,3}}(,\\d{{3}})+(\\.\\d+)?') "
    "then replace(trim({c}), ',', '') else trim({c}) end"
)
_CHECKS = {  # how each bulk column is typed, and what a bad value is called in a rejection
    "DATE": ("try_cast(nullif(trim({c}), '') as date)", "a date like 2026-03-31"),
    "BIGINT": (
        f"case when try_cast({_UNGROUPED} as double) >= 0 and try_cast({_UNGROUPED} as double) % 1 = 0 "
        f"then try_cast({_UNGROUPED} as double)::bigint end",
        "a whole number of zero or more",
    ),
    "DOUBLE": (f"try_cast(nullif({_UNGROUPED}, '') as double)", "a number"),
    "BOOLEAN": ("try_cast(nullif(trim({c}), '') as boolean)", "true or false"),
    "VARCHAR": ("nullif({c}, '')", None),
}
_REQUIRED = {"data_date", "site_url", "impressions", "clicks"}


_BULK_TABLES = {
    "search_console_bulk_site": "search_console_bulk_site_rows",
    "search_console_bulk_url": "search_console_bulk_url_rows",
}
_SPAN = "min(data_date), max(data_date), string_agg(distinct site_url, ', ' order by site_url)"
# A direct load's reading of each raw type: (the type DuckDB's reader gives the column, the raw value from it).
# Counts are read as numbers, not BIGINT: a typed BIGINT read would round 1.5 to 2 rather than fail.
_DIRECT = {
    "DATE": ("DATE", "{c}"),
    "BOOLEAN": ("BOOLEAN", "{c}"),
    "DOUBLE": ("DOUBLE", "{c}"),
    "BIGINT": ("DOUBLE", "case when {c} >= 0 and {c} % 1 = 0 then {c}::bigint end"),
    "VARCHAR": ("VARCHAR", "nullif({c}, '')"),
}
# Parquet columns already typed as these read as the careful path's text round trip would.
_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}


def _grain(table: str) -> str:
    return "by_page" if table == "search_console_bulk_url_rows" else "by_property"


def direct_bulk_load(export: Export, signature: Signature):
    """For a bulk export of one file, a `land(con, lineage)` for landing's transaction that has DuckDB read
    the file straight into its raw table (see _land_bulk); None for every other export."""
    table = _BULK_TABLES.get(signature.format)
    if table is None or len(export.members) != 1:
        return None
    return lambda con, lineage: _land_bulk(con, lineage, export, export.members[0], table)


def _land_bulk(con: duckdb.DuckDBPyConnection, lineage: list, export: Export, member: str, table: str) -> Parsed | None:
    """Read the file once, typed as its raw table, into that table, then check what landed in one scan.
    None (the caller rolls back) for whatever only the careful path can judge and name the row of: a value
    DuckDB cannot type ("1,234", a decimal count, a bad date), a missing or negative one, a damaged file."""
    columns = [(c, t) for c, t in RAW_TABLES[table] if c != "source_row"]
    must_have = [c for c, t in columns if c in _REQUIRED or t == "BIGINT"]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = _local_file(export, member, Path(tmp))
            types = {c: _DIRECT[t][0] for c, t in columns}
            source, path = _bulk_source(path, member, Path(tmp), types)
            found = {
                name.lower(): (name, kind)
                for name, kind, *_ in con.execute(f"describe select * from {source}").fetchall()
            }
            selects = []
            for c, t in columns:
                name, kind = found.get(c, (None, None))
                if name is not None and kind != types[c] and not (t == "BIGINT" and kind in _INTEGERS):
                    return None  # a Parquet column typed otherwise: the careful path reads it as text
                selects.append(_DIRECT[t][1].format(c=f'"{name}"') if name else "null")
            first_row = 1 if source.startswith("read_parquet") else 2
            con.execute(
                f"insert into raw.{table} select {', '.join(selects)}, row_number() over () + {first_row - 1}, "
                f"{', '.join('?' * len(lineage))} from {source}",
                lineage,
            )
        except (duckdb.Error, RejectedFile):
            return None
    [(rows, bad, start, end, sites)] = con.execute(
        f"select count(*), count(*) filter (where {' or '.join(f'{c} is null' for c in must_have)}), {_SPAN} "
        f"from raw.{table} where load_id = ?",
        lineage[:1],
    ).fetchall()
    return None if bad else Parsed({}, sites, start, end, _grain(table), landed_rows=rows)


def _local_file(export: Export, member: str, tmp: Path) -> Path:
    """The member as a file DuckDB can read: a zip member is unpacked into tmp (bounded read)."""
    path = export.local_path(member)
    if path is None:
        path = tmp / Path(member).name
        path.write_bytes(export.read(member))
    return path


def parse_bulk(export: Export, member: str, table: str, signature: Signature) -> Parsed:
    """Read a bulk-export CSV or Parquet with DuckDB's own readers, type-check every row."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _local_file(export, member, Path(tmp))
        con = duckdb.connect()
        try:
            source, path = _bulk_source(path, member, Path(tmp))
            # CSV rows count as a spreadsheet shows them (the header is row 1); Parquet has no header row.
            first_row = 1 if source.startswith("read_parquet") else 2
            names = {d[0].lower(): d[0] for d in con.execute(f"select * from {source} limit 0").description}
            cols = [c for c, _ in RAW_TABLES[table] if c != "source_row"]
            typed = []
            for c, sql_type in RAW_TABLES[table]:
                if c == "source_row":
                    continue
                raw = f'cast("{names[c]}" as varchar)' if c in names else "null"
                typed.append(f"{_CHECKS[sql_type][0].format(c=raw)} as {c}, {raw} as raw_{c}")
            con.execute(
                f"create temp table t as select row_number() over () + {first_row - 1} as source_row, "
                f"{', '.join(typed)} from {source}"
            )
            for c, sql_type in RAW_TABLES[table]:
                expected = _CHECKS.get(sql_type, (None, None))[1]
                if c == "source_row" or (expected is None and c not in _REQUIRED):
                    continue
                bad = con.execute(
                    f"select source_row, raw_{c} from t where {c} is null and "
                    f"(raw_{c} is not null and trim(raw_{c}) <> '' or {c in _REQUIRED}) "
                    "order by source_row limit 1"
                ).fetchone()
                if bad:
                    what = f"{values.quoted(bad[1])} is not {expected}" if bad[1] not in (None, "") else "is empty"
                    raise RejectedFile(f"{member} row {bad[0]}: {c} {what}")
            arrow = con.sql(f"select {', '.join(cols)}, source_row from t order by source_row").to_arrow_table()
            span = con.execute(f"select {_SPAN} from t").fetchone()
        except duckdb.Error as e:  # named by the member, not by the (temporary) file DuckDB read
            raise RejectedFile(_bulk_error(member, signature, str(e).replace(str(path), member))) from None
        finally:
            con.close()
    return Parsed({table: arrow}, span[2], span[0], span[1], _grain(table))


def _bulk_source(path: Path, member: str, tmp: Path, types: dict[str, str] | None = None) -> tuple[str, Path]:
    """The DuckDB reader for the file, and the file it reads. A CSV is read with the dialect its header
    shows, never sniffed: a sniffer shown a cut-off last line settles on a dialect that misreads it.
    Columns are read as text, or given `types` (lower-case name: type), typed so. DuckDB reads the CSV as
    UTF-8, so one in another encoding (UTF-16, Windows-1252) is read from a UTF-8 copy."""
    with path.open("rb") as f:
        if f.read(4) == b"PAR1":
            return f"read_parquet({_sql_text(str(path))})", path
    path = utf8_file(path, member, tmp)
    with path.open("rb") as f:
        head = f.read(65536)
    first, line = header_line(decode_text(head)) or (0, "")
    delimiter = guess_delimiter(line)
    names: dict[str, str] = {}
    for i, name in enumerate(next(csv.reader([line], delimiter=delimiter), [])):
        name = name.strip()
        names[name if name and name not in names else f"column{i + 1}"] = (types or {}).get(name.lower(), "VARCHAR")
    struct = "{" + ", ".join(f"{_sql_text(n)}: '{t}'" for n, t in names.items()) + "}"
    return (
        f"read_csv({_sql_text(str(path))}, skip = {first}, header = true, auto_detect = false, "
        f"columns = {struct}, delim = {_sql_text(delimiter)}, quote = '\"', escape = '\"', strict_mode = true, "
        f"null_padding = false, encoding = 'utf-8')"
    ), path


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _bulk_error(member: str, signature: Signature, error: str) -> str:
    """DuckDB's error as a sentence naming the row (its message quotes the line, which can be megabytes)."""
    line = re.search(r"CSV Error on Line: (\d+)", error)
    at = f"{member} row {line[1]}" if line else member
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", error)
    if counts:
        return f"{at}: {counts[2]} values under a header of {counts[1]} columns; the file is cut off or damaged"
    if "unterminated quote" in error:
        return f"{at}: a quoted value is never closed; the file is cut off or damaged"
    if "Maximum line size" in error:
        return f"{at}: a line of more than 2 MB, longer than any export writes; the file is damaged"
    first = error.splitlines()[0]
    return f"{member} could not be read as {signature.description}: {first[:200]}{'…' if len(first) > 200 else ''}"


# --- API responses ----------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[a-z]{3}")
# Saved responses travel without their request, so each key's dimension is inferred from its
# values; the first test every value of a key passes names it, and anything else is the query.
DIMENSION_TESTS = [
    ("date", lambda v: bool(_DATE.fullmatch(v))),
    ("page", lambda v: v.startswith(("http://", "https://"))),
    ("device", lambda v: v in {"DESKTOP", "MOBILE", "TABLET"}),
    ("country", lambda v: bool(_COUNTRY.fullmatch(v))),
]


def infer_dimensions(key_rows: list[list[str]]) -> list[str]:
    width = len(key_rows[0])
    dims = []
    for i in range(width):
        column = [k[i] for k in key_rows]
        dims.append(next((name for name, test in DIMENSION_TESTS if all(test(v) for v in column)), "query"))
    return dims


def _api_records(
    rows: list, dims: list[str], prop: str, aggregation, first_incomplete, where: str, keys: list[list[str]]
) -> list[dict]:
    """Rows of searchanalytics.query responses, their keys already checked and named by `dims`."""
    out = []
    for i, (row, k) in enumerate(zip(rows, keys), start=1):
        at = f"{where} row {i}"
        rec = dict(zip(dims, k))
        out.append(
            {
                "property": prop,
                "dimensions": ",".join(dims),
                "date": values.iso_date(rec["date"], at, "date"),
                "query": rec.get("query"),
                "page": rec.get("page"),
                "country": rec.get("country"),
                "device": rec.get("device"),
                "clicks": values.whole_number(str(row.get("clicks", "")), at, "clicks"),
                "impressions": values.whole_number(str(row.get("impressions", "")), at, "impressions"),
                "ctr": values.decimal(str(row.get("ctr", "")), at, "ctr"),
                "position": values.decimal(str(row.get("position", "")), at, "position"),
                "aggregation_type": aggregation,
                "first_incomplete_date": first_incomplete,
                "source_row": i,
            }
        )
    return out


def _api_keys(rows: list, where: str, width: int | None = None) -> list[list[str]]:
    keys = []
    for i, row in enumerate(rows, start=1):
        k = row.get("keys") if isinstance(row, dict) else None
        if not isinstance(k, list) or not k or not all(isinstance(x, str) for x in k):
            raise RejectedFile(f"{where} row {i}: has no 'keys' list of texts")
        expected = width or (len(keys[0]) if keys else len(k))
        if len(k) != expected:
            earlier = "the request has dimensions" if width else "earlier rows have"
            raise RejectedFile(f"{where} row {i}: has {len(k)} keys where {earlier} {expected}")
        keys.append(k)
    return keys


def _api_grain(dims: list[str]) -> str:
    # Daily totals (date only) and query rows are different grains; a page dimension makes it per-URL.
    return "by_page" if "page" in dims else ("by_property" if "query" in dims else "daily_totals")


def _first_incomplete(response: dict, where: str):
    meta = response.get("metadata") or {}
    found = meta.get("firstIncompleteDate") if isinstance(meta, dict) else None
    return None if found is None else values.iso_date(str(found), where, "metadata.firstIncompleteDate")


def parse_api(export: Export, member: str, config: Config) -> Parsed:
    where = member
    data = json_object(export, member, "Search Console API response")
    rows = data.get("rows") or []
    aggregation = data.get("responseAggregationType")
    first_incomplete = _first_incomplete(data, where)
    table = "search_console_api_rows"
    if not rows:  # the closing page of a paged pull: nothing to land, nothing wrong
        return Parsed(
            {table: arrow_rows(table, [])},
            config.search_console.property,
            None,
            None,
            "by_property",
            ["no rows (the last page of a paged API pull)"],
        )
    prop = config.search_console.property
    if not prop:
        raise RejectedFile(
            f"{where}: saved API responses do not say which Search Console property they "
            "come from; set search_console.property in the config"
        )
    keys = _api_keys(rows, where)
    dims = infer_dimensions(keys)
    repeated = {d for d in dims if dims.count(d) > 1}
    if repeated:
        raise RejectedFile(
            f"{where}: cannot tell which key is which (two keys look like {sorted(repeated)[0]}); "
            "save the request's dimensions with the response"
        )
    if "date" not in dims:
        raise RejectedFile(
            f"{where}: has no date dimension, so the days it covers are unknown; "
            "request the data with the 'date' dimension"
        )
    out = _api_records(rows, dims, prop, aggregation, first_incomplete, where, keys)
    dates = [r["date"] for r in out]
    return Parsed({table: arrow_rows(table, out)}, prop, min(dates), max(dates), _api_grain(dims))


def parse_pulled(export: Export, member: str, config: Config) -> Parsed:
    """A request `demandgen pull` made, with all its pages: the request names the property, the search type,
    the dimensions and the days it covers (the newest request for a day replaces older ones)."""
    data = pulled.envelope(export, member, pulled.SEARCH_CONSOLE_API, "site_url")
    prop = data["site_url"].strip()
    table = "search_console_api_rows"
    if pulled.solved(data):
        return Parsed({table: arrow_rows(table, [])}, prop, None, None, "pull_status", [data["solved"]])
    request = data["request"]
    search_type = str(request.get("type") or request.get("searchType") or "web").lower()
    if search_type != "web":
        raise RejectedFile(f"{member}: is a pull of {search_type} search; only web search is measured")
    dims = [str(d).lower() for d in request.get("dimensions") or []]
    if (
        "date" not in dims
        or len(set(dims)) != len(dims)
        or not set(dims) <= {"date", "query", "page", "country", "device"}
    ):
        raise RejectedFile(f"{member}: the request's dimensions {dims} are not a daily breakdown this product reads")
    start, end = pulled.request_dates(request, member, "startDate", "endDate")
    rows, incomplete = [], []
    for n, page in enumerate(data["pages"], start=1):
        response = page["response"]
        page_rows = response.get("rows") or []
        if not isinstance(page_rows, list):
            raise RejectedFile(f"{member} page {n}: rows is not a list; pull again")
        rows += page_rows
        found = _first_incomplete(response, f"{member} page {n}")
        incomplete += [found] if found else []
    keys = _api_keys(rows, member, len(dims))
    aggregation = data["pages"][0]["response"].get("responseAggregationType")
    out = _api_records(rows, dims, prop, aggregation, min(incomplete, default=None), member, keys)
    outside = next((r for r in out if not start <= r["date"] <= end), None)
    if outside:
        raise RejectedFile(
            f"{member} row {outside['source_row']}: {outside['date']} is outside the requested {start} to {end}"
        )
    notes = []
    if not out:
        notes.append("no rows: Search Console has no finished data for these days yet")
    return Parsed({table: arrow_rows(table, out)}, prop, start, end, _api_grain(dims), notes)


# --- UI export bundle -------------------------------------------------------------------------

_RANGE = re.compile(r"(?P<start>[A-Z][a-z]{2} \d{1,2}, \d{4})\s*-\s*(?P<end>[A-Z][a-z]{2} \d{1,2}, \d{4})")


def _ui_metrics(header: list[str], cells: list[str], at: str) -> dict:
    """Clicks, impressions, CTR and position: the columns the daily table and the queries table share."""
    clicks, impressions, ctr, position = (column(header, [n]) for n in ("Clicks", "Impressions", "CTR", "Position"))
    return {
        "clicks": values.whole_number(cell(cells, clicks), at, "Clicks"),
        "impressions": values.whole_number(cell(cells, impressions), at, "Impressions"),
        "ctr": values.percent_as_fraction(cell(cells, ctr), at, "CTR"),
        "position": values.decimal(cell(cells, position), at, "Position"),
    }


def parse_ui_export(export: Export, config: Config) -> Parsed:
    shapes = shapes_of(export)
    filters_member = next(s.member for s in shapes if s.columns >= UI_FILTER_COLUMNS)
    daily_member = next(s.member for s in shapes if s.columns >= UI_DAILY_COLUMNS)
    query_member = next((s.member for s in shapes if s.columns >= UI_QUERY_COLUMNS), None)
    if query_member is None:
        # No queries: rather than load daily totals only, as from an export without them, make sure
        # no damaged table could have been Queries.csv. Every table but Filters.csv has Clicks and
        # Impressions, and none is cut off inside a character (decoding it whole raises that).
        tables = [s for s in shapes if s.member.lower().endswith(".csv")]
        for shape in tables:
            decode_text(export.read(shape.member), shape.member)
        damaged = [
            s.member
            for s in tables
            if not (columns("Clicks", "Impressions") <= s.columns or s.columns >= UI_FILTER_COLUMNS)
        ]
        if damaged:
            raise RejectedFile(
                f"{damaged[0]} has no Clicks and Impressions columns, and no table of queries "
                "was found; the export is damaged, download it again"
            )

    header, body = csv_table(export, filters_member, delimiter=",")
    name, value = column(header, ["Filter"]), column(header, ["Value"])
    filters = {cell(r, name): cell(r, value) for _, r in body}
    search_type = filters.pop("Search type", "Web")
    date_filter = filters.pop("Date", "")
    if date_filter.lower().startswith("compare"):
        raise RejectedFile(f"{filters_member}: is a comparison export ({date_filter}); export a single date range")
    other_filters = "; ".join(f"{k}: {v}" for k, v in sorted(filters.items()))

    prop = config.search_console.property
    if not prop:
        raise RejectedFile(
            "Search Console UI exports do not say which property they come from; "
            "set search_console.property in the config"
        )

    header, body = csv_table(export, daily_member, delimiter=",")
    day = column(header, ["Date"])
    daily = []
    for n, r in body:
        at = f"{daily_member} row {n}"
        daily.append(
            {
                "property": prop,
                "date": values.iso_date(cell(r, day), at, "Date"),
                **_ui_metrics(header, r, at),
                "search_type": search_type,
                "filters": other_filters,
                "source_row": n,
            }
        )
    if not daily:
        raise RejectedFile(f"{daily_member} has no days in it")
    days = [d["date"] for d in daily]
    explicit = _RANGE.fullmatch(date_filter)
    # Relative ranges ("Last 3 months") resolve against the daily table's own dates.
    start, end = (
        (values.month_day_year(explicit["start"]), values.month_day_year(explicit["end"]))
        if explicit
        else (min(days), max(days))
    )

    queries = []
    if query_member:
        header, body = csv_table(export, query_member, delimiter=",")
        query = column(header, ["Top queries"])
        for n, r in body:
            at = f"{query_member} row {n}"
            queries.append(
                {
                    "property": prop,
                    "period_start": start,
                    "period_end": end,
                    "query": r[query],  # as written, spaces and all, as the bulk export keeps it
                    **_ui_metrics(header, r, at),
                    "search_type": search_type,
                    "filters": other_filters,
                    "source_row": n,
                }
            )
    tables = {
        "search_console_ui_daily_totals": arrow_rows("search_console_ui_daily_totals", daily),
        "search_console_ui_query_totals": arrow_rows("search_console_ui_query_totals", queries),
    }
    notes = [] if query_member else ["no Queries.csv in this export: daily totals only"]
    return Parsed(tables, prop, start, end, f"ui:{search_type}:{other_filters}", notes)


def parse(export: Export, signature: Signature, config: Config) -> Parsed:
    if signature.format == "search_console_ui_export":
        return parse_ui_export(export, config)
    member = one_member(export, signature.description)
    if signature.format == "search_console_api":
        return parse_api(export, member, config)
    if signature.format == "search_console_pull":
        return parse_pulled(export, member, config)
    return parse_bulk(export, member, _BULK_TABLES[signature.format], signature)
