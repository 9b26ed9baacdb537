"""Web analytics exports: traffic by channel from GA4 (report downloads, Data API responses), Plausible and Matomo.

Every tool lands in one raw table as the file says it: the channel label, or the source / medium,
as exported; dbt decides the GA4 default channel group (int_web__channel_rows). Each row says what it
counts (`traffic_unit`): GA4 and Matomo count sessions (Matomo calls them visits), Plausible's
channel tables only visitors. A row covers one day when the export is daily, else the export's
whole date range; nothing is split or summed here. Each parser raises RejectedFile with a reason a
marketer can act on.
"""

from __future__ import annotations

import calendar
import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from demandgen.settings import DBT_PROJECT_DIR

from ..config import Config
from . import pulled, values
from .detect import Signature, columns, shapes_of
from .inbox import Export, RejectedFile
from .parsed import Parsed, arrow_table
from .reading import cell, column, csv_records, csv_table, decode_text, is_blank, json_object, one_member

FAMILY = "web_analytics"
TABLE = "web_analytics_channel_rows"

RAW_TABLES: dict[str, list[tuple[str, str]]] = {
    TABLE: [
        ("property", "VARCHAR"),
        ("source_tool", "VARCHAR"),  # 'ga4' | 'plausible' | 'matomo'
        ("report", "VARCHAR"),  # 'ga4_ui_csv', 'ga4_api', 'plausible_channels', ...
        ("section", "VARCHAR"),  # the table's title in a many-table GA4 download
        ("period_start", "DATE"),
        ("period_end", "DATE"),  # a daily row has start = end
        ("channel_dimension", "VARCHAR"),  # the exported header of the channel column
        ("channel_label", "VARCHAR"),  # the channel as exported; NULL when only a source is
        ("source_medium", "VARCHAR"),  # 'google / organic' (Plausible: its source) or NULL
        ("sessions", "BIGINT"),
        ("users", "BIGINT"),
        ("key_events", "DOUBLE"),  # NULL where the tool has none
        ("traffic_unit", "VARCHAR"),  # 'sessions', or 'visitors' when there are no sessions
        ("source_row", "BIGINT"),
    ]
}
EMPTY_ROW = dict.fromkeys(name for name, _ in RAW_TABLES[TABLE])
# What GA4's Data API says about a report beside its rows: rows it withheld (thresholding), rows it folded into
# "(other)", and sampling. One row per response that says any of it; the traffic page shows them.
CAVEATS = "web_analytics_report_caveats"
RAW_TABLES[CAVEATS] = [
    ("property", "VARCHAR"),
    ("source_tool", "VARCHAR"),  # 'ga4'
    ("period_start", "DATE"),  # the days the report asked for (or, without its request, the days it has rows for)
    ("period_end", "DATE"),
    ("subject_to_thresholding", "BOOLEAN"),
    ("data_loss_from_other_row", "BOOLEAN"),
    ("samples_read_count", "BIGINT"),  # sampled: the events read, of sampling_space_size
    ("sampling_space_size", "BIGINT"),
]

# --- what each export looks like ----------------------------------------------------------------

# The session-scoped channel dimensions of GA4's Traffic acquisition report (older, current name).
# "First user ..." dimensions belong to User acquisition (a user counted once, at their first
# visit): another question, never mixed in.
GA4_CHANNEL_DIMENSIONS = ("Session default channel group", "Session primary channel group (Default Channel Group)")
GA4_SOURCE_MEDIUM = ("Session source / medium", "Source / medium")
GA4_SESSIONS = ("Sessions",)
# The UI's "Users" column is GA4's activeUsers metric (some reports and newer downloads call it
# "Active users"), so whichever is there is the same number; Users is taken when a report has both
# names. "Total users" (totalUsers) is the fallback when neither is present.
GA4_USERS = ("Users", "Active users", "Total users")
GA4_KEY_EVENTS = ("Key events", "Conversions")  # "Conversions" was renamed "Key events" in 2024
# Explorations add a totals row under the header; its first cell is empty or says so.
GA4_TOTAL_LABELS = {"", "grand total", "totals", "total"}
# GA4 writes "(not set)" for sessions it could not attribute and "(other)" for rows folded away by
# its row limits: labels of its channel columns, but no channel names (a column of only these is no
# channel column).
GA4_UNATTRIBUTED = {"(not set)", "(other)"}
GA4_PREAMBLE_KEYS = {"account", "property", "start date", "end date"}

# The Data API's names for the same dimensions and metrics (activeUsers is the UI's "Users").
API_CHANNEL_DIMENSIONS = ("sessionDefaultChannelGroup", "sessionPrimaryChannelGroup")
API_CUSTOM_CHANNEL_PREFIX = "sessionCustomChannelGroup:"
API_USERS = ("activeUsers", "totalUsers")
API_KEY_EVENTS = ("keyEvents", "conversions")

PLAUSIBLE_VISITORS = columns("date", "visitors", "pageviews")
PLAUSIBLE_BREAKDOWN = columns("name", "visitors")
# Plausible names its download "Plausible export <domain> <from>  to <to> .zip"; the CSVs inside
# never say which site they measure, so this is the one place a name is read (only the domain).
PLAUSIBLE_EXPORT_NAME = re.compile(r"plausible export (?P<domain>[^\s/]+)", re.IGNORECASE)

MATOMO_VISITS = ("Visits", "nb_visits")
# Matomo's "Users" (nb_users) counts logged-in user IDs, not people: unique visitors are the users here.
MATOMO_USERS = ("Unique visitors", "nb_uniq_visitors")
MATOMO_KEY_EVENTS = ("Conversions", "nb_conversions")

GA4_UI = "GA4 report download (CSV from Reports, e.g. Traffic acquisition)"
SIGNATURES = [
    Signature(
        "ga4_pull",
        FAMILY,
        frozenset({"json"}),
        (columns(pulled.MARK, "property_id"),),
        "GA4 Data API pull (demandgen pull)",
    ),
    Signature(
        "ga4_api",
        FAMILY,
        frozenset({"json"}),
        (columns("dimensionHeaders", "metricHeaders"),),
        "GA4 Data API response (runReport)",
    ),
    Signature(
        "ga4_api",
        FAMILY,
        frozenset({"json"}),
        (columns("dimension_headers", "metric_headers"),),
        "GA4 Data API response (runReport)",
    ),
    # Every download from GA4's reports opens with its date range in `#` lines, whatever table
    # comes first (a Reports snapshot may open with a chart's table).
    Signature("ga4_ui_csv", FAMILY, frozenset({"csv"}), (columns("# Start date", "# End date"),), GA4_UI),
    # The same table with its `#` lines gone (re-saved from a spreadsheet).
    *(
        Signature("ga4_ui_csv", FAMILY, frozenset({"csv"}), (columns(name),), GA4_UI)
        for name in GA4_CHANNEL_DIMENSIONS + GA4_SOURCE_MEDIUM[:1]
    ),
    Signature(
        "plausible_export",
        FAMILY,
        frozenset({"csv"}),
        (PLAUSIBLE_VISITORS, PLAUSIBLE_BREAKDOWN),
        "Plausible CSV export (the zip, or its folder, with visitors.csv and channels.csv)",
    ),
    Signature(
        "matomo_channel_type",
        FAMILY,
        frozenset({"csv"}),
        (columns("label", "nb_visits"),),
        "Matomo Channel Type export (Referrers > Channel Type, CSV or TSV)",
    ),
    Signature(
        "matomo_channel_type",
        FAMILY,
        frozenset({"csv"}),
        (columns("Label", "Visits"),),
        "Matomo Channel Type export (Referrers > Channel Type, CSV or TSV)",
    ),
]


# --- shared helpers -----------------------------------------------------------------------------


def _count(cells: list[str], index: int | None, header: list[str], where: str) -> int | None:
    return None if index is None else values.whole_number(cell(cells, index), where, header[index])


def _property(config: Config, why_missing: str) -> str:
    """The configured website, when the export does not name it (`why_missing` says so)."""
    if not config.web_analytics.property:
        raise RejectedFile(f"{why_missing}; set web_analytics.property in the config")
    return config.web_analytics.property


def _quoted(labels) -> str:
    return ", ".join(values.quoted(str(label)) for label in sorted(labels, key=str))


# Which labels each tool writes, and the GA4 channel each stands for, is dbt's seed: ingest turns away an
# export with a label the seed does not hold, so nothing lands that dbt could not place.
CHANNEL_LABELS = DBT_PROJECT_DIR / "seeds" / "channel_labels.csv"


@functools.cache
def _known_labels() -> dict[str, frozenset[str]]:
    with CHANNEL_LABELS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        tool: frozenset(r["label"].strip().lower() for r in rows if r["source_tool"] == tool)
        for tool in {r["source_tool"] for r in rows}
    }


def is_channel_label(label: str, tool: str) -> bool:
    """Whether `tool` ('ga4', 'plausible', 'matomo') writes this channel label (any case, spaces trimmed)."""
    return label.strip().lower() in _known_labels().get(tool, frozenset())


def _unknown_channels(member: str, dimension: str, labels: set[str]) -> RejectedFile:
    return RejectedFile(
        f"{member}: the {dimension} column has channels that are not GA4 default channel groups: "
        f"{_quoted(labels)}; channels are compared across tools in GA4's default groups, so export the "
        "report with the Session default channel group (or Session source / medium) dimension instead"
    )


# --- GA4 report downloads -----------------------------------------------------------------------


@dataclass
class _Section:
    """One table of a GA4 download, with the `#` lines above it."""

    title: str | None
    header_row: int
    header: list[str]
    rows: list[tuple[int, list[str]]]
    start: date | None  # the download's Start date / End date as of this table
    end: date | None

    @property
    def name(self) -> str:
        return self.title or f"the {self.header[0]} table at row {self.header_row}"


def ga4_sections(text: str, member: str) -> tuple[dict[str, str], list[_Section]]:
    """The `#` preamble's key: value lines, and each table of a GA4 download.

    A Traffic acquisition download is one table under the preamble (sometimes followed by its
    chart's tables); a Reports snapshot stacks many, each under its own `#` lines.
    """
    lines = text.splitlines()
    meta: dict[str, str] = {}
    dates: dict[str, date] = {}
    comments: list[str] = []
    sections: list[_Section] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("#") or is_blank(stripped):
            if stripped.startswith("#"):  # with the delimiters a spreadsheet pads every line with gone
                comments.append(stripped[1:].rstrip(",;\t").strip())
            i += 1
            continue
        title = None
        for comment in comments:
            key, colon, value = comment.partition(":")
            key = key.strip().lower()
            if colon and key in GA4_PREAMBLE_KEYS:
                meta[key] = value.strip()
                if key in ("start date", "end date"):
                    dates[key] = values.yyyymmdd(value, f"{member} (the lines above the table)", key.capitalize())
            elif title is None and comment.strip("- ") and comment.lower() != "all users":
                title = comment  # the first line that is neither a rule, a key: value, nor the segment
        comments = []
        end = i + 1
        while end < len(lines) and not lines[end].lstrip().startswith("#"):
            end += 1
        (header_row, header), *records = csv_records("\n".join(lines[i:end]), member, first_row=i + 1)
        sections.append(
            _Section(
                title, header_row, [h.strip() for h in header], records, dates.get("start date"), dates.get("end date")
            )
        )
        i = end
    return meta, sections


@dataclass
class _Layout:
    """Where a GA4 table keeps what we read (column indexes)."""

    channel: int | None
    source_medium: int | None
    date: int | None
    sessions: int | None
    users: int | None
    key_events: int | None

    def kind(self, header: list[str]) -> str:
        """The channel dimension, as a grain: newer exports of the same kind replace older ones."""
        if self.channel is None:
            return "source_medium"
        name = header[self.channel]
        return "default_channel_group" if column([name], GA4_CHANNEL_DIMENSIONS) is not None else name.lower()


def _ga4_custom_channel(section: _Section, index: int, member: str) -> bool:
    """Whether a column that is no GA4 channel dimension by name is a custom channel group.

    A custom group is exported under its own name ("Session <group name>"), so it is recognised by
    its labels: every one a GA4 default group. One that says "channel" in its name but has other
    labels is refused by name, naming them.
    """
    name = section.header[index]
    labels = {cell(r, index) for _, r in section.rows if cell(r, 0).lower() not in GA4_TOTAL_LABELS}
    labels.discard("")
    unknown = {label for label in labels if not is_channel_label(label, "ga4")}
    if "channel" in name.lower():
        if unknown:
            raise _unknown_channels(member, name, unknown)
        return True
    return bool(labels) and not unknown and any(label.lower() not in GA4_UNATTRIBUTED for label in labels)


def ga4_layout(section: _Section, member: str) -> _Layout | str:
    """The table's layout, or why it is not traffic by channel (a sentence fragment)."""
    header = section.header
    found = ", ".join(h for h in header if h) or "no column names"
    date_i = column(header, ("Date",))
    source_medium = column(header, GA4_SOURCE_MEDIUM)
    channel = column(header, GA4_CHANNEL_DIMENSIONS)
    if channel is None:
        candidate = next((i for i, h in enumerate(header) if i not in (date_i, source_medium)), None)
        if candidate is not None and header[candidate].lower().startswith("first user") and source_medium is None:
            return (
                f"has a first-user channel column ({header[candidate]}), which counts users by how they first "
                "arrived; the Traffic acquisition report (session channels) is what is compared"
            )
        if candidate is not None and _ga4_custom_channel(section, candidate, member):
            channel = candidate
    if channel is None and source_medium is None:
        return (
            "has no channel column (expected Session default channel group, Session primary channel group "
            f"(Default Channel Group), a custom channel group or Session source / medium; found: {found})"
        )
    sessions, users = column(header, GA4_SESSIONS), column(header, GA4_USERS)
    if sessions is None and users is None:
        return f"has no traffic column (expected Sessions or Users/Active users; found: {found})"
    return _Layout(channel, source_medium, date_i, sessions, users, column(header, GA4_KEY_EVENTS))


def parse_ga4_ui(export: Export, member: str, config: Config) -> Parsed:
    meta, sections = ga4_sections(decode_text(export.read(member), member), member)
    if not sections:
        raise RejectedFile(f"{member} has no table in it, only `#` lines")
    usable, skipped = [], []
    for section in sections:
        layout = ga4_layout(section, member)
        (skipped if isinstance(layout, str) else usable).append((section, layout))
    if not usable:
        if len(sections) == 1:
            raise RejectedFile(f"{member}: {skipped[0][1]}")
        raise RejectedFile(
            f"{member}: none of its {len(sections)} tables is traffic by channel: "
            + "; ".join(f"{s.name} {why}" for s, why in skipped)
        )
    prop = meta.get("property") or _property(
        config, f"{member} has no '# Property:' line to say which website it measures"
    )

    out = []
    for section, layout in usable:
        if layout.date is None and (section.start is None or section.end is None):
            raise RejectedFile(
                f"{member}: has neither a Date column nor the '# Start date' and '# End date' "
                "lines, so the days it covers are unknown; download it from GA4 again (keeping "
                "the lines that start with #) or add Date as a dimension"
            )
        out += _ga4_rows(section, layout, member, prop, section.name if len(sections) > 1 else None)

    daily = all(layout.date is not None for _, layout in usable)
    kinds = "+".join(sorted({layout.kind(section.header) for section, layout in usable}))
    starts = [r["period_start"] for r in out] or [s.start for s, _ in usable if s.start]
    ends = [r["period_end"] for r in out] or [s.end for s, _ in usable if s.end]
    notes = (
        ["skipped sections: " + "; ".join(f"{s.name} ({why.split(' (')[0]})" for s, why in skipped)] if skipped else []
    )
    return Parsed(
        {TABLE: arrow_table(RAW_TABLES[TABLE], out)},
        prop,
        min(starts, default=None),
        max(ends, default=None),
        f"ga4:{'daily' if daily else 'period'}:{kinds}",
        notes,
    )


def _ga4_rows(section: _Section, layout: _Layout, member: str, prop: str, title: str | None) -> list[dict]:
    header = section.header
    dimension = header[layout.channel if layout.channel is not None else layout.source_medium]
    dimensions = [i for i in (layout.channel, layout.source_medium, layout.date) if i is not None]
    out, unknown = [], set()
    for n, cells in section.rows:
        # Totals rows (explorations) have an empty or "Grand total" first cell, or empty dimensions.
        if cell(cells, 0).lower() in GA4_TOTAL_LABELS or not all(cell(cells, i) for i in dimensions):
            continue
        at = f"{member} row {n}"
        label = cell(cells, layout.channel) if layout.channel is not None else None
        source_medium = cell(cells, layout.source_medium) if layout.source_medium is not None else None
        if label is not None and not is_channel_label(label, "ga4"):
            unknown.add(label)
            continue
        day = values.yyyymmdd(cell(cells, layout.date), at, header[layout.date]) if layout.date is not None else None
        out.append(
            {
                **EMPTY_ROW,
                "property": prop,
                "source_tool": "ga4",
                "report": "ga4_ui_csv",
                "section": title,
                "period_start": day or section.start,
                "period_end": day or section.end,
                "channel_dimension": dimension,
                "channel_label": label,
                "source_medium": source_medium,
                "sessions": _count(cells, layout.sessions, header, at),
                "users": _count(cells, layout.users, header, at),
                "key_events": (
                    values.decimal(cell(cells, layout.key_events), at, header[layout.key_events])
                    if layout.key_events is not None
                    else None
                ),
                "traffic_unit": "sessions" if layout.sessions is not None else "visitors",
                "source_row": n,
            }
        )
    if unknown:
        raise _unknown_channels(member, dimension, unknown)
    return out


# --- GA4 Data API responses ---------------------------------------------------------------------


def _json(obj: dict, camel: str):
    """A field of a saved API response: camelCase as the REST API writes it, or snake_case (proto field names)."""
    return obj[camel] if camel in obj else obj.get(re.sub(r"(?<!^)([A-Z])", r"_\1", camel).lower())


def _ga4_api_rows(data: dict, member: str, prop_of: Callable[[], str], first_row: int = 1) -> tuple[str, list, str]:
    """(property, rows, the channel dimension's kind) of one runReport response; rows are numbered from
    `first_row` (a pull's pages continue each other's numbering)."""
    dims = [str(h.get("name", "")) for h in _json(data, "dimensionHeaders") or [] if isinstance(h, dict)]
    metrics = [str(h.get("name", "")) for h in _json(data, "metricHeaders") or [] if isinstance(h, dict)]
    found = ", ".join(dims + metrics) or "none"
    channel = column(dims, API_CHANNEL_DIMENSIONS)
    if channel is None:
        channel = next((i for i, d in enumerate(dims) if d.lower().startswith(API_CUSTOM_CHANNEL_PREFIX.lower())), None)
    source_medium = column(dims, ("sessionSourceMedium",))
    source, medium = column(dims, ("sessionSource",)), column(dims, ("sessionMedium",))
    if channel is None and source_medium is None and (source is None or medium is None):
        raise RejectedFile(
            f"{member}: has no channel dimension (expected sessionDefaultChannelGroup, "
            f"sessionPrimaryChannelGroup or sessionSourceMedium; found: {found})"
        )
    sessions, users = column(metrics, ("sessions",)), column(metrics, API_USERS)
    key_events = column(metrics, API_KEY_EVENTS)
    if sessions is None and users is None:
        raise RejectedFile(
            f"{member}: has no traffic metric (expected sessions or activeUsers/totalUsers; found: {found})"
        )
    date_i = column(dims, ("date",))
    if date_i is None:
        raise RejectedFile(
            f"{member}: has no date dimension, and a runReport response does not say which "
            "dates it covers; request it again with the 'date' dimension"
        )
    prop = prop_of()

    dimension = dims[channel if channel is not None else (source_medium if source_medium is not None else source)]
    out, unknown = [], set()
    for i, row in enumerate(_json(data, "rows") or [], start=first_row):
        at = f"{member} row {i}"
        if not isinstance(row, dict):
            raise RejectedFile(f"{at}: is not a row of dimension and metric values")
        dv = [v.get("value", "") if isinstance(v, dict) else "" for v in (_json(row, "dimensionValues") or [])]
        mv = [v.get("value", "") if isinstance(v, dict) else "" for v in (_json(row, "metricValues") or [])]
        if len(dv) != len(dims) or len(mv) != len(metrics):
            raise RejectedFile(
                f"{at}: has {len(dv)} dimension and {len(mv)} metric values where the headers "
                f"name {len(dims)} and {len(metrics)}"
            )
        label = dv[channel].strip() if channel is not None else None
        sm = (
            dv[source_medium].strip()
            if source_medium is not None
            else f"{dv[source].strip()} / {dv[medium].strip()}"
            if source is not None and medium is not None
            else None
        )
        if label is not None and not is_channel_label(label, "ga4"):
            unknown.add(label)
            continue
        day = values.yyyymmdd(dv[date_i], at, "date")
        out.append(
            {
                **EMPTY_ROW,
                "property": prop,
                "source_tool": "ga4",
                "report": "ga4_api",
                "period_start": day,
                "period_end": day,
                "channel_dimension": dimension,
                "channel_label": label,
                "source_medium": sm,
                "sessions": values.whole_number(mv[sessions], at, metrics[sessions]) if sessions is not None else None,
                "users": values.whole_number(mv[users], at, metrics[users]) if users is not None else None,
                "key_events": values.decimal(mv[key_events], at, metrics[key_events])
                if key_events is not None
                else None,
                "traffic_unit": "sessions" if sessions is not None else "visitors",
                "source_row": i,
            }
        )
    if unknown:
        raise _unknown_channels(member, dimension, unknown)
    kind = (
        "source_medium"
        if channel is None
        else (
            "default_channel_group"
            if column([dims[channel]], API_CHANNEL_DIMENSIONS) is not None
            else dims[channel].lower()
        )
    )
    return prop, out, kind


def _ga4_caveats(responses: list[dict], prop: str, start: date | None, end: date | None) -> list[dict]:
    """One row when the report's metadata (on any of its pages) says rows were withheld, folded into "(other)",
    or sampled. Each page repeats what applies to the whole report."""
    metas = [
        meta
        for response in responses
        if _json(response, "rows") and isinstance(meta := _json(response, "metadata") or {}, dict)
    ]
    if start is None or not metas:  # a caveat about no rows says nothing
        return []
    samples: list[dict] = []
    for meta in metas:  # the first page that has sampling metadata: each page repeats the report's
        found = _json(meta, "samplingMetadatas")
        if isinstance(found, list) and found:
            samples = [m for m in found if isinstance(m, dict)]
            break
    row = {
        "property": prop,
        "source_tool": "ga4",
        "period_start": start,
        "period_end": end,
        "subject_to_thresholding": any(bool(_json(m, "subjectToThresholding")) for m in metas),
        "data_loss_from_other_row": any(bool(_json(m, "dataLossFromOtherRow")) for m in metas),
        # int64 fields travel as JSON strings
        "samples_read_count": sum(int(_json(m, "samplesReadCount") or 0) for m in samples) if samples else None,
        "sampling_space_size": sum(int(_json(m, "samplingSpaceSize") or 0) for m in samples) if samples else None,
    }
    return [row] if row["subject_to_thresholding"] or row["data_loss_from_other_row"] or samples else []


def _ga4_parsed(prop: str, out: list, kind: str, caveats: list, start, end, notes: list[str]) -> Parsed:
    tables = {TABLE: arrow_table(RAW_TABLES[TABLE], out), CAVEATS: arrow_table(RAW_TABLES[CAVEATS], caveats)}
    return Parsed(tables, prop, start, end, f"ga4:daily:{kind}", notes, side_tables=frozenset({CAVEATS}))


def parse_ga4_api(export: Export, member: str, config: Config) -> Parsed:
    data = json_object(export, member, "GA4 Data API response")
    prop, out, kind = _ga4_api_rows(
        data, member, lambda: _property(config, "GA4 Data API responses do not say which website they measure")
    )
    days = [r["period_start"] for r in out]
    start, end = min(days, default=None), max(days, default=None)
    notes = [] if out else ["no rows (GA4 had no traffic for this request)"]
    try:
        caveats = _ga4_caveats([data], prop, start, end)
    except ValueError:
        raise RejectedFile(f"{member}: metadata.samplingMetadatas holds a count that is not a number") from None
    return _ga4_parsed(prop, out, kind, caveats, start, end, notes)


def parse_ga4_pulled(export: Export, member: str, config: Config) -> Parsed:
    """A runReport request `demandgen pull` made, with all its pages: the envelope names the property (as the
    config named it when pulled) and the days asked for (the newest request for a day replaces older ones)."""
    data = pulled.envelope(export, member, pulled.GA4_API, "property_id")
    prop = data.get("property") if isinstance(data.get("property"), str) and data["property"].strip() else None
    if prop is None:
        raise RejectedFile(f"{member}: does not say which site GA4 property {data['property_id']} is (no property)")
    if pulled.solved(data):
        return _ga4_parsed(prop, [], "default_channel_group", [], None, None, [data["solved"]])
    ranges = data["request"].get("dateRanges")
    if not isinstance(ranges, list) or len(ranges) != 1 or not isinstance(ranges[0], dict):
        raise RejectedFile(f"{member}: the request does not have one date range")
    start, end = pulled.request_dates(ranges[0], member, "startDate", "endDate")
    out, kinds = [], set()
    for page in data["pages"]:
        _, rows, kind = _ga4_api_rows(page["response"], member, lambda: prop, len(out) + 1)
        out += rows
        kinds.add(kind)
    if len(kinds) != 1:
        raise RejectedFile(f"{member}: its pages have different channel dimensions; pull again")
    outside = next((r for r in out if not start <= r["period_start"] <= end), None)
    if outside:
        raise RejectedFile(
            f"{member} row {outside['source_row']}: {outside['period_start']} is outside the requested {start} to {end}"
        )
    try:
        caveats = _ga4_caveats([page["response"] for page in data["pages"]], prop, start, end)
    except ValueError:
        raise RejectedFile(f"{member}: metadata.samplingMetadatas holds a count that is not a number") from None
    notes = [] if out else ["no rows (GA4 had no traffic for this request)"]
    return _ga4_parsed(prop, out, kinds.pop(), caveats, start, end, notes)


# --- Plausible ----------------------------------------------------------------------------------


def plausible_property(export: Export, config: Config) -> str:
    name = re.sub(r"\.zip$", "", PurePosixPath(export.name).name, flags=re.IGNORECASE)
    named = PLAUSIBLE_EXPORT_NAME.match(name)
    if named:
        return named["domain"]
    return _property(
        config,
        "the files of a Plausible export do not say which website they measure, and this "
        "one is not named 'Plausible export <domain> ...' as Plausible names its downloads",
    )


def plausible_period(days: list[date], member: str) -> tuple[date, date, str | None]:
    """The export's first and last day, from visitors.csv's dates.

    visitors.csv has one row per day for short ranges; a long range is exported by week or month,
    each row dated by its bucket's first day (Plausible's main graph; unverified in real exports),
    so the last bucket's remaining days are counted in.
    """
    days = sorted(set(days))
    gaps = {(b - a).days for a, b in zip(days, days[1:])}
    if gaps <= {1}:
        return days[0], days[-1], None
    last = days[-1]
    if gaps == {7}:
        return days[0], date.fromordinal(last.toordinal() + 6), f"{member} has one row per week"
    if all(d.day == 1 for d in days[1:]) and gaps <= {28, 29, 30, 31}:
        end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
        return days[0], end, f"{member} has one row per month"
    return days[0], days[-1], None


def parse_plausible(export: Export, config: Config) -> Parsed:
    shapes = [s for s in shapes_of(export) if s.kind == "csv"]
    visitors_member = next(s.member for s in shapes if s.columns >= PLAUSIBLE_VISITORS)
    # channels.csv, sources.csv and the utm_*.csv tables share their columns: only Plausible's own
    # member names tell them apart (a browser renames the download, never the files inside it).
    breakdowns = {PurePosixPath(s.member).name.lower(): s.member for s in shapes if s.columns >= PLAUSIBLE_BREAKDOWN}
    members = {PurePosixPath(m).name.lower(): m for m in export.members}
    name = next((name for name in ("channels.csv", "sources.csv") if name in members), None)
    if name is None:
        raise RejectedFile(
            "is a Plausible export without channels.csv or sources.csv; "
            "download the export again from the Plausible dashboard"
        )
    # A damaged channels.csv is not to be stood in for by sources.csv: the export is broken.
    if name not in breakdowns:
        raise RejectedFile(
            f"{members[name]} has no name and visitors columns; the export is damaged, "
            "download it again from the Plausible dashboard"
        )
    member = breakdowns[name]
    report = "plausible_channels" if name == "channels.csv" else "plausible_sources"

    # The export's dates come from its own daily table: the download's name is not to be trusted.
    header, body = csv_table(export, visitors_member)
    date_i = column(header, ("date",))
    days = [
        values.iso_date(cell(r, date_i), f"{visitors_member} row {n}", header[date_i])
        for n, r in body
        if cell(r, date_i)
    ]
    if not days:
        raise RejectedFile(f"{visitors_member} has no days in it, so the dates the export covers are unknown")
    start, end, bucket_note = plausible_period(days, visitors_member)
    prop = plausible_property(export, config)

    header, body = csv_table(export, member)
    name_i, visitors_i = column(header, ("name",)), column(header, ("visitors",))
    out, unknown = [], set()
    for n, cells in body:
        at = f"{member} row {n}"
        name = cell(cells, name_i)
        # sources.csv names the referring site or utm_source: every source has a channel (dbt's rules decide it).
        label, source = (name, None) if report == "plausible_channels" else (None, name)
        if label is not None and not is_channel_label(label, "plausible"):
            unknown.add(name)
            continue
        out.append(
            {
                **EMPTY_ROW,
                "property": prop,
                "source_tool": "plausible",
                "report": report,
                "period_start": start,
                "period_end": end,
                "channel_dimension": header[name_i],
                "channel_label": label,
                "source_medium": source,
                # Plausible's channel and source tables count unique visitors only, never visits.
                "users": values.whole_number(cell(cells, visitors_i), at, header[visitors_i]),
                "traffic_unit": "visitors",
                "source_row": n,
            }
        )
    if unknown:
        raise RejectedFile(
            f"{member}: has channels Plausible is not known to write: {_quoted(unknown)}; "
            "only channels with a GA4 counterpart can be compared across tools"
        )
    # Channels and sources are the same grain (visitors by channel over the period): either replaces the other.
    notes = [
        note
        for note in (
            bucket_note and f"{bucket_note}: the export is taken to run to the end of its last one",
            report == "plausible_sources" and "no channels.csv (an older export): channels derived from sources.csv",
        )
        if note
    ]
    return Parsed({TABLE: arrow_table(RAW_TABLES[TABLE], out)}, prop, start, end, "plausible:period:channel", notes)


# --- Matomo -------------------------------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def matomo_period(value: str, where: str, column: str) -> tuple[date, date]:
    """A Matomo multi-period export's Date cell: a day '2025-09-01' (the form seen in real exports),
    a range or week '2025-09-01,2025-09-07', or a month '2025-09'."""
    value = value.strip()
    if _DAY.fullmatch(value):
        day = values.iso_date(value, where, column)
        return day, day
    first, comma, last = value.partition(",")
    if comma and _DAY.fullmatch(first.strip()) and _DAY.fullmatch(last.strip()):
        return values.iso_date(first, where, column), values.iso_date(last, where, column)
    month = _MONTH.fullmatch(value)
    if month and 1 <= int(month[2]) <= 12:
        year, number = int(month[1]), int(month[2])
        return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    raise RejectedFile(f"{where}: {column} {values.quoted(value)} is not a date like 2025-09-01")


def parse_matomo(export: Export, member: str, config: Config) -> Parsed:
    header, body = csv_table(export, member, complete=False)  # a day without visits is its date alone
    date_i, label_i = column(header, ("Date",)), column(header, ("Label",))
    visits_i, users_i = column(header, MATOMO_VISITS), column(header, MATOMO_USERS)
    key_events_i = column(header, MATOMO_KEY_EVENTS)
    # A single-period export carries no date at all (not in the rows, not in a header line), so
    # the days it covers cannot be known: only an export with the Date column can be loaded.
    if date_i is None:
        raise RejectedFile(
            f"{member}: this Matomo export has no Date column, so the days it covers are unknown; "
            "export Channel Type again for a list of days (period 'day' with a date range, e.g. "
            "&period=day&date=2025-09-01,2025-09-30 in the export URL), which adds a Date column"
        )
    prop = _property(config, "Matomo exports do not say which website they measure")
    out, unknown = [], set()
    for n, cells in body:
        label = cell(cells, label_i)
        if not label:  # a day without visits is written as its date alone
            continue
        at = f"{member} row {n}"
        if len(cells) < len(header):
            raise RejectedFile(
                f"{at}: {len(cells)} values under a header of {len(header)} columns; the file is cut off or damaged"
            )
        if not is_channel_label(label, "matomo"):
            unknown.add(label)
            continue
        start, end = matomo_period(cell(cells, date_i), at, header[date_i])
        users = cell(cells, users_i)  # Matomo leaves unique visitors empty for periods it did not compute them for
        out.append(
            {
                **EMPTY_ROW,
                "property": prop,
                "source_tool": "matomo",
                "report": "matomo_channel_type",
                "period_start": start,
                "period_end": end,
                "channel_dimension": header[label_i],
                "channel_label": label,
                "sessions": values.whole_number(cell(cells, visits_i), at, header[visits_i]),
                "users": values.whole_number(users, at, header[users_i]) if users else None,
                "key_events": (
                    values.decimal(cell(cells, key_events_i), at, header[key_events_i])
                    if key_events_i is not None
                    else None
                ),
                "traffic_unit": "sessions",
                "source_row": n,
            }
        )
    if unknown:
        raise RejectedFile(
            f"{member}: labels {_quoted(unknown)} are not Matomo channel types (Direct Entry, "
            "Search Engines, Websites, Social Networks, Campaigns); export Referrers > Channel Type "
            "with Matomo's language set to English"
        )
    daily = all(r["period_start"] == r["period_end"] for r in out)
    start = min((r["period_start"] for r in out), default=None)
    end = max((r["period_end"] for r in out), default=None)
    return Parsed(
        {TABLE: arrow_table(RAW_TABLES[TABLE], out)},
        prop,
        start,
        end,
        f"matomo:{'daily' if daily else 'period'}:channel_type",
        [] if out else ["no visits in this export"],
    )


# --- entry point --------------------------------------------------------------------------------

ONE_FILE_PARSERS: dict[str, Callable[[Export, str, Config], Parsed]] = {
    "ga4_ui_csv": parse_ga4_ui,
    "ga4_api": parse_ga4_api,
    "ga4_pull": parse_ga4_pulled,
    "matomo_channel_type": parse_matomo,
}


def parse(export: Export, signature: Signature, config: Config) -> Parsed:
    if signature.format == "plausible_export":
        return parse_plausible(export, config)
    return ONE_FILE_PARSERS[signature.format](export, one_member(export, signature.description), config)
