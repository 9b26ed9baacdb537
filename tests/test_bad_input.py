"""Damaged, re-encoded and re-saved copies of every good export: each loads as the original did, or is
rejected whole with one sentence naming the file (or zip member) and, for a bad line, its row.

Each case is a real-format fixture (tests/fixtures/) dropped into an inbox the way users drop it (a
file, a folder, a zip). Hypothesis derives copies of one member of it, and `ingest_inbox` loads each
copy into a fresh in-memory DuckDB. What counts as right depends on what was done to the copy:

- Lossless changes (the same table written another way): UTF-8 with or without a BOM, UTF-16 LE or
  BE with a BOM, Latin-1 when every character fits; a spreadsheet's re-save (CRLF line ends, every
  line padded with empty columns, the lines above the table too, "1,234" in quoted number cells);
  columns in another order, for the formats read by column name. The copy loads and its raw rows
  equal the original's (lineage columns aside; for reordered surveys, the column a question sits at
  aside), or it is rejected whole.
- Decimal commas ("17,5 %", as a German spreadsheet writes them): the same rows, or rejected whole.
- Truncation (an interrupted download), at a random character of the text or a random byte of the
  file. A cut inside a character (UTF-8, UTF-16) is rejected whole. Otherwise: rejected whole, or the
  rows of the records complete before the cut load exactly as in the original and none of them is
  missing. The record the cut falls in may load only when the cut fell inside its last field: a file
  cut there is a well-formed file with a shorter last value (most of these tools write no final line
  break), which no reader can tell from a real one. Values that describe the whole export (a period
  read off the daily table, the kind of a survey column read off every answer) are left out of that
  comparison, since a shorter file honestly covers less.
- Empty, header-only and random binary members, a 5 MB line without a line break, and a field over
  Python's 128 KB csv limit (explicit tests, one per case): rejected whole, or (header-only, empty or
  binary member of a bundle) loaded with nothing from that member and the rest as in the original,
  or (the long field) loaded with the long value kept whole and every other row as in the original.

Whatever the copy, nothing escapes `ingest_inbox`, and a rejection is one line with no traceback that
names the file or member (and, where a row is named, the right row), recorded in raw.ingested_files,
with no rows from it in any raw table. Zips get the same treatment with generated names, nesting,
sizes and damage, on top of the worked examples in test_inbox_safety.py, and so do Parquet extracts
cut short. Last come the bugs this suite found, each as one plain example.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from unittest import mock

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from orchestration.config import parse_config
from orchestration.ingest import inbox as inbox_module
from orchestration.ingest.landing import ingest_inbox, raw_tables
from tests.exports import BULK_PARQUET_ROWS, BULK_PARQUET_SCHEMA, MATOMO_TRANSLATED, matomo_bytes

FIXTURES = Path(__file__).parent / "fixtures"
BRAND = {"name": "Northwind Analytics", "terms": ["northwind"]}
CONFIG = parse_config(
    {
        "brand": BRAND,
        "search_console": {"property": "sc-domain:northwind-analytics.com"},
        "web_analytics": {"property": "northwind-analytics.com"},
        "mentions_csv": {
            "date": "Published",
            "title": "Headline",
            "url": "Link",
            "outlet": "Source",
            "text": "Summary",
            "sentiment": "Tone",
        },
    },
    "demandgen.yaml",
)
LINEAGE = {"load_id", "source_file", "source_sha256", "ingested_at"}
ROW_TABLES = sorted(t for t, cols in raw_tables().items() if "source_file" in {c for c, _ in cols})
UNEXPECTED = "could not be read ("  # what landing.py says of an exception no parser turned into a reason
MAX_REASON = 2000  # a sentence (the list of every format known is the longest), never a dump of the file
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the good exports ----------------------------------------------------------------------------------

# Survey question kinds and ids are read off every answer in a column (Typeform's choice columns are
# recognised by holding their own header), so fewer answers can honestly change them.
READ_OFF_EVERY_ANSWER = {"survey_questions": None, "survey_answers": {"question_id", "choice"}}


@dataclass(frozen=True)
class Case:
    """One good export, and which of its members the copies change."""

    id: str
    source: Path  # a fixture file, folder or zip
    name: str  # as dropped into the inbox
    kind: str  # 'file', 'folder' or 'zip'
    member: str  # the member that is changed
    table: bool = True  # one CSV/TSV table (else JSON, XML or stacked tables: changed as bytes only)
    reorder: str | None = "all"  # columns that may move: 'all', 'tail' (the first stays), None
    by_record: bool = False  # source_row counts records (DuckDB's reader), not lines
    fed: tuple[str, ...] | None = None  # the raw tables the member's lines feed (None: all of them)
    # Columns (None: the whole table) that describe the whole export rather than one line of the member.
    export_wide: dict = field(default_factory=dict, hash=False)
    reorder_ignores: frozenset[str] = frozenset()
    content: bytes | None = None  # built here instead of read from `source`

    def members(self) -> dict[str, bytes]:
        if self.content is not None:
            return {self.member: self.content}
        if self.source.is_dir():
            return {p.name: p.read_bytes() for p in sorted(self.source.iterdir())}
        if self.source.suffix == ".zip":
            with zipfile.ZipFile(self.source) as z:
                return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}
        return {self.member: self.source.read_bytes()}


SC, WA, SV, TR, MN = (FIXTURES / f for f in ("search_console", "web_analytics", "surveys", "trends", "mentions"))
QUALTRICS = SV / "Brand tracker Q4 2025_October 17, 2025_09.12.csv"
FORMS = SV / "Vendor awareness October 2026 (Responses) - Form Responses 1.csv"
PLAUSIBLE = "Plausible export northwind-analytics.com 2025-09-01  to 2025-09-07 "
CASES = [
    Case(
        "bulk_site_csv",
        SC / "bulk_site_impression.csv",
        "searchdata_site_impression.csv",
        "file",
        "searchdata_site_impression.csv",
        by_record=True,
    ),
    Case("bulk_url_csv", SC / "bulk_url_impression.csv", "bq-results.csv", "file", "bq-results.csv", by_record=True),
    Case("api_date_query_json", SC / "api_date_query.json", "response.json", "file", "response.json", table=False),
    Case(
        "api_query_country_device_json",
        SC / "api_query_country_device_date.json",
        "page 1.json",
        "file",
        "page 1.json",
        table=False,
    ),
    Case(
        "ui_export_folder_dates",
        SC / "ui_dates_last_3_months",
        "Performance-on-Search-2026-03-10",
        "folder",
        "Dates.csv",
        fed=("search_console_ui_daily_totals",),
        # "Last 3 months" resolves against Dates.csv's days: fewer days, a shorter period for the queries.
        export_wide={"search_console_ui_query_totals": {"period_start", "period_end"}},
    ),
    Case(
        "ui_export_zip_queries",
        SC / "ui_dates_last_3_months",
        "Performance-on-Search-2026-03-10.zip",
        "zip",
        "Queries.csv",
        fed=("search_console_ui_query_totals",),
    ),
    Case(
        "ui_export_zip_chart",
        SC / "ui_chart_custom_range",
        "Performance-on-Search-2026-04-01.zip",
        "zip",
        "Chart.csv",
        fed=("search_console_ui_daily_totals",),
    ),
    Case("ga4_daily_csv", WA / "ga4_traffic_acquisition_daily.csv", "data-export.csv", "file", "data-export.csv"),
    Case(
        "ga4_source_medium_csv",
        WA / "ga4_traffic_acquisition_source_medium.csv",
        "Traffic_acquisition.csv",
        "file",
        "Traffic_acquisition.csv",
    ),
    # A custom channel group is known by its place (the first dimension), so its columns stay put.
    Case(
        "ga4_custom_channel_csv",
        WA / "ga4_custom_channel_group.csv",
        "custom.csv",
        "file",
        "custom.csv",
        reorder="tail",
    ),
    Case(
        "ga4_reports_snapshot_csv",
        WA / "ga4_reports_snapshot.csv",
        "Reports_snapshot.csv",
        "file",
        "Reports_snapshot.csv",
        table=False,
    ),
    Case("ga4_api_json", WA / "ga4_api_date_channel.json", "runReport.json", "file", "runReport.json", table=False),
    Case("plausible_folder_channels", WA / "plausible_export", PLAUSIBLE, "folder", "channels.csv"),
    # visitors.csv only says which days the export covers.
    Case(
        "plausible_zip_visitors",
        WA / "plausible_export",
        PLAUSIBLE + ".zip",
        "zip",
        "visitors.csv",
        fed=(),
        export_wide={"web_analytics_channel_rows": {"period_start", "period_end"}},
    ),
    Case(
        "matomo_utf16_csv",
        WA,
        "Referrers_getReferrerType.csv",
        "file",
        "Referrers_getReferrerType.csv",
        content=matomo_bytes(MATOMO_TRANSLATED),
    ),
    Case(
        "qualtrics_csv",
        QUALTRICS,
        QUALTRICS.name,
        "file",
        QUALTRICS.name,
        export_wide=READ_OFF_EVERY_ANSWER,
        reorder_ignores=frozenset({"position"}),
    ),
    # SurveyMonkey writes a question's text above its first column only, Typeform a choice question's
    # columns side by side: their column order carries meaning.
    Case(
        "surveymonkey_zip",
        SV / "Brand awareness spring 2025.zip",
        "Brand awareness spring 2025.zip",
        "zip",
        "CSV/Brand awareness spring 2025.csv",
        reorder=None,
        export_wide=READ_OFF_EVERY_ANSWER,
    ),
    Case(
        "typeform_csv",
        SV / "responses-Xy12AbCd-2026-04-20.csv",
        "responses-Xy12AbCd-2026-04-20.csv",
        "file",
        "responses-Xy12AbCd-2026-04-20.csv",
        reorder=None,
        export_wide=READ_OFF_EVERY_ANSWER,
    ),
    # Forms has no question ids: a question is known by its column (C4), which moves with it.
    Case(
        "google_forms_csv",
        FORMS,
        FORMS.name,
        "file",
        FORMS.name,
        reorder="tail",
        export_wide=READ_OFF_EVERY_ANSWER,
        reorder_ignores=frozenset({"position", "question_id"}),
    ),
    Case(
        "trends_monthly_csv", TR / "multiTimeline.csv", "multiTimeline.csv", "file", "multiTimeline.csv", reorder="tail"
    ),
    Case(
        "trends_weekly_csv",
        TR / "multiTimeline (2).csv",
        "multiTimeline (2).csv",
        "file",
        "multiTimeline (2).csv",
        reorder="tail",
    ),
    Case(
        "meltwater_utf16_tsv",
        MN / "Meltwater export 2026-Q3.csv",
        "Meltwater export 2026-Q3.csv",
        "file",
        "Meltwater export 2026-Q3.csv",
    ),
    Case("meltwater_older_csv", MN / "meltwater_2025_q3.csv", "meltwater_2025_q3.csv", "file", "meltwater_2025_q3.csv"),
    Case("mapped_mentions_csv", MN / "brand24_mentions.csv", "brand24_mentions.csv", "file", "brand24_mentions.csv"),
    Case(
        "google_alerts_xml",
        MN / "alerts_northwind.xml",
        "alerts_northwind.xml",
        "file",
        "alerts_northwind.xml",
        table=False,
    ),
]
CASE_IDS = [c.id for c in CASES]


# --- loading a copy ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    files: list[tuple]  # (file_name, status, rows, reason) per raw.ingested_files row
    tables: dict[str, list[dict]]  # every raw row table's rows, lineage columns left out

    @property
    def loaded(self) -> bool:
        return [f[1] for f in self.files] == ["loaded"]


_CONNECTION: list[duckdb.DuckDBPyConnection] = []
_DATABASE_NUMBERS = itertools.count()


@contextmanager
def fresh_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """A new, empty in-memory database as the connection's default one (attaching one takes a
    fraction of the time opening a connection does, which adds up over hundreds of examples)."""
    if not _CONNECTION:
        _CONNECTION.append(duckdb.connect())
    con, name = _CONNECTION[0], f"example_{next(_DATABASE_NUMBERS)}"
    con.execute(f"attach ':memory:' as {name}")
    con.execute(f"use {name}")
    try:
        yield con
    finally:
        con.execute("use memory")
        con.execute(f"detach {name}")


def drop(case: Case, members: dict[str, bytes], inbox: Path) -> None:
    if case.kind == "file":
        [data] = members.values()
        (inbox / case.name).write_bytes(data)
    elif case.kind == "folder":
        for member, data in members.items():
            (inbox / case.name / member).parent.mkdir(parents=True, exist_ok=True)
            (inbox / case.name / member).write_bytes(data)
    else:
        with zipfile.ZipFile(inbox / case.name, "w", zipfile.ZIP_DEFLATED) as z:
            for member, data in members.items():
                z.writestr(member, data)


def ingest(drop_files, files_after: list[str] | None = None) -> Outcome:
    """What `ingest_inbox` makes of an inbox that `drop_files(inbox)` filled (and, given `files_after`,
    every file under the inbox's parent folder afterwards, into that list)."""
    with tempfile.TemporaryDirectory() as tmp, fresh_warehouse() as con:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        drop_files(inbox)
        ingest_inbox(con, inbox, CONFIG, "run-1")  # an exception escaping it fails the test
        if files_after is not None:
            files_after += sorted(p.relative_to(tmp).as_posix() for p in Path(tmp).rglob("*"))
        files = con.execute(
            "select file_name, status, rows, reason from raw.ingested_files order by file_name"
        ).fetchall()
        tables = {}
        for table in ROW_TABLES:
            cursor = con.execute(f"select * from raw.{table}")
            names = [d[0] for d in cursor.description]
            tables[table] = [{n: v for n, v in zip(names, row) if n not in LINEAGE} for row in cursor.fetchall()]
    return Outcome(files, tables)


def load(case: Case, member_bytes: bytes) -> Outcome:
    return ingest(lambda inbox: drop(case, {**case.members(), case.member: member_bytes}, inbox))


_ORIGINALS: dict[str, Outcome] = {}


def original(case: Case) -> Outcome:
    """The unchanged export's load, once per case."""
    if case.id not in _ORIGINALS:
        outcome = load(case, case.members()[case.member])
        assert outcome.loaded, f"the good fixture of {case.id} did not load: {outcome.files}"
        _ORIGINALS[case.id] = outcome
    return _ORIGINALS[case.id]


# --- the oracle ----------------------------------------------------------------------------------------


def assert_readable(reason: str, file_name: str, members: list[str]) -> None:
    assert reason and "\n" not in reason and "Traceback" not in reason and 'File "' not in reason, reason
    assert not reason.startswith(UNEXPECTED), f"an unexpected error, not a reason: {reason}"
    assert len(reason) <= MAX_REASON, f"a {len(reason)}-character reason: {reason[:200]}..."
    # A reason about the whole file starts with a verb and is shown after the file's name; any other
    # names the member (a folder's file is an export of its own once the folder is not one export).
    named = any(PurePosixPath(name).name in reason for name in [file_name, *members])
    assert named or reason.startswith(("is ", "holds ")), f"{reason!r} names neither the file nor {members}"


def assert_rejected_whole(outcome: Outcome, members: list[str], rows: set[int] | None = None) -> None:
    """Every file rejected, nothing landed, and each reason a readable sentence naming the file or one of
    the `members` (and, given `rows`, one of them when it names a row at all)."""
    assert outcome.files, "nothing was recorded in raw.ingested_files"
    for file_name, status, count, reason in outcome.files:
        assert status == "rejected" and count == 0, outcome.files
        assert_readable(reason, file_name, members)
        named = re.search(r" row (\d+)", reason)
        if rows and named:
            assert int(named[1]) in rows, f"{reason!r} names another row than the damaged one ({sorted(rows)})"
    assert {t: found for t, found in outcome.tables.items() if found} == {}, "a rejected file left rows behind"


def comparable(rows: list[dict], leave_out: set[str] = frozenset()) -> list[str]:
    return sorted(repr(sorted((k, v) for k, v in r.items() if k not in leave_out)) for r in rows)


def export_wide(case: Case, table: str) -> set[str]:
    return set(case.export_wide.get(table) or ())


def fed(case: Case, table: str) -> bool:
    return case.fed is None or table in case.fed


def assert_same_rows(case: Case, outcome: Outcome, leave_out: frozenset[str] = frozenset()) -> None:
    expected = original(case)
    for table in ROW_TABLES:
        assert comparable(outcome.tables[table], leave_out) == comparable(expected.tables[table], leave_out), (
            f"{table} differs from the original's load"
        )


def assert_nothing_from_member(case: Case, outcome: Outcome) -> None:
    """Loaded without the member's lines: the tables it feeds empty, the others as in the original."""
    expected = original(case)
    for table in ROW_TABLES:
        if fed(case, table):
            assert outcome.tables[table] == [], f"{table} has rows though the member has none"
        elif case.export_wide.get(table, set()) is not None:
            leave_out = export_wide(case, table)
            assert comparable(outcome.tables[table], leave_out) == comparable(expected.tables[table], leave_out)


# --- the member as a table: parse, change, write back --------------------------------------------------


@dataclass
class Table:
    preamble: list[str]  # lines above the header (GA4's `#` lines, Trends' Category line), with ends
    records: list[list[str]]  # the header, then every record
    delimiter: str
    newline: str
    final_newline: bool


@dataclass
class Written:
    text: str
    starts: list[tuple[int, int]]  # (character offset, line number) where each record starts
    ends: list[int]  # character offset just past each record's last field

    def rows(self, i: int) -> set[int]:
        """The numbers a reason may give record i: its first line, or its row as a spreadsheet shows it
        (counted from the header's line, or from the top of the file)."""
        return {self.starts[i][1], self.starts[0][1] + i, i + 1}


def encoding_of(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith(b"\xff\xfe"):
        return "utf-16-le-bom"
    if raw.startswith(b"\xfe\xff"):
        return "utf-16-be-bom"
    return "utf-8"


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)  # utf-8, utf-8-sig (with its BOM), latin-1


def decode(raw: bytes) -> str:
    encoding = encoding_of(raw)
    return raw.decode({"utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(encoding, encoding))


def parse_table(text: str) -> Table:
    lines = text.splitlines(keepends=True)
    first = 0
    # GA4's `#` lines and Trends' Category line; Typeform's header is a `#` column's name ("#,...").
    while first < len(lines) and (
        not lines[first].strip()
        or lines[first].startswith("Category:")
        or lines[first].startswith("#")
        and not lines[first].startswith("#,")
    ):
        first += 1
    header = lines[first]
    delimiter = "\t" if header.count("\t") > header.count(",") else ","
    records = list(csv.reader(io.StringIO("".join(lines[first:]), newline=""), delimiter=delimiter))
    return Table(lines[:first], records, delimiter, "\r\n" if "\r\n" in text else "\n", text.endswith(("\n", "\r")))


def write_table(table: Table) -> Written:
    out = io.StringIO()
    out.write("".join(table.preamble))
    writer = csv.writer(out, delimiter=table.delimiter, lineterminator=table.newline)
    starts, ends = [], []
    for record in table.records:
        starts.append((out.tell(), out.getvalue().count("\n") + 1))
        writer.writerow(record)
        ends.append(out.tell() - len(table.newline))
    text = out.getvalue()
    return Written(text if table.final_newline else text[: -len(table.newline)], starts, ends)


def member_table(case: Case) -> tuple[Table, str]:
    raw = case.members()[case.member]
    return parse_table(decode(raw)), encoding_of(raw)


def pad(table: Table, extra: int) -> None:
    """As a spreadsheet saves a table: every line as wide as the widest plus `extra` empty columns, the
    lines above the table and the blank ones too ("# Start date: 20250901,,,,")."""
    width = max(len(r) for r in table.records) + extra
    table.records = [r + [""] * (width - len(r)) for r in table.records]
    ends = [len(line) - len(line.rstrip("\r\n")) for line in table.preamble]
    table.preamble = [
        line[: len(line) - end] + table.delimiter * (width - 1) + line[len(line) - end :]
        for line, end in zip(table.preamble, ends)
    ]


def excel_numbers(record: list[str]) -> list[str]:
    """Whole numbers of 4 to 7 digits as a spreadsheet shows them: 1234 -> "1,234" (quoted on writing)."""
    return [f"{int(c):,}" if c.isdigit() and 4 <= len(c) <= 7 and not c.startswith("0") else c for c in record]


def decimal_commas(record: list[str]) -> list[str]:
    """Decimals as a German spreadsheet writes them: 17.5% -> "17,5 %", 2.25 -> "2,25"."""
    out = []
    for c in record:
        body, percent = (c[:-1], " %") if c.endswith("%") else (c, "")
        whole, dot, fraction = body.partition(".")
        out.append(f"{whole},{fraction}{percent}" if dot and whole.isdigit() and fraction.isdigit() else c)
    return out


def fits_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


# --- copies --------------------------------------------------------------------------------------------


@dataclass
class Copy:
    data: bytes = field(repr=False)
    what: str  # what was done, for the failure message
    written: Written | None = field(default=None, repr=False)  # the text before encoding (tables only)
    cut: bool = False
    cut_at: int | None = None  # where in the written text the cut fell, when it is known
    inside_character: bool = False  # the cut fell inside a character's bytes
    decimal_commas: bool = False
    reordered: bool = False

    def cut_record(self) -> int | None:
        """The record the cut fell inside (0: the header), if any."""
        if self.written is None or self.cut_at is None:
            return None
        spans = zip(self.written.starts, self.written.ends)
        return next((i for i, ((start, _), end) in enumerate(spans) if start < self.cut_at < end), None)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "latin-1"]


@st.composite
def copies(draw, case: Case) -> Copy:
    """A table member written another way, maybe with decimal commas, maybe cut at a character or byte."""
    table, original_encoding = member_table(case)
    width = max(len(r) for r in table.records)
    changes = []
    if draw(st.booleans()):
        table.newline = "\r\n"
        changes.append("CRLF")
    if draw(st.booleans()):
        extra = draw(st.integers(1, 3))
        pad(table, extra)
        changes.append(f"{extra} empty trailing columns")
    if draw(st.booleans()):
        table.records = [table.records[0]] + [excel_numbers(r) for r in table.records[1:]]
        changes.append("1,234")
    reordered = False
    if case.reorder and draw(st.booleans()):
        keep = 1 if case.reorder == "tail" else 0
        order = list(range(keep)) + draw(st.permutations(range(keep, width)))
        table.records = [[r[i] if i < len(r) else "" for i in order] for r in table.records]
        reordered = order != list(range(width))
        changes.append(f"columns in the order {order}")
    commas = draw(st.sampled_from([False, False, False, True]))
    if commas:
        table.records = [table.records[0]] + [decimal_commas(r) for r in table.records[1:]]
        changes.append("decimal commas")
    written = write_table(table)
    encoding = draw(
        st.sampled_from(
            [original_encoding]
            + [e for e in ENCODINGS if e != original_encoding and (e != "latin-1" or fits_latin1(written.text))]
        )
    )
    changes.append(encoding)
    data = encode(written.text, encoding)
    copy = Copy(data, "", written, decimal_commas=commas, reordered=reordered)
    cut = draw(st.sampled_from(["none", "none", "character", "byte"]))
    if cut == "character":
        copy.cut_at = draw(st.integers(0, len(written.text) - 1))
        copy.data = encode(written.text[: copy.cut_at], encoding)
        changes.append(f"cut at character {copy.cut_at}")
    elif cut == "byte":
        at = draw(st.integers(0, len(data) - 1))
        copy.data = data[:at]
        whole = characters_within(written.text, encoding, at)
        copy.inside_character = whole is None or len(encode(written.text[:whole], encoding)) != at
        copy.cut_at = None if copy.inside_character else whole
        changes.append(f"cut at byte {at}")
    copy.cut = cut != "none"
    copy.what = ", ".join(changes)
    return copy


def characters_within(text: str, encoding: str, size: int) -> int | None:
    """How many of the text's characters fit, encoded, in `size` bytes (None: not even its BOM)."""
    if len(encode("", encoding)) > size:
        return None
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(encode(text[:middle], encoding)) <= size else (low, middle - 1)
    return low


@st.composite
def byte_copies(draw, case: Case) -> Copy:
    """JSON, XML and GA4's stacked tables: re-encoded, or cut at a byte."""
    raw = case.members()[case.member]
    text = decode(raw)
    if draw(st.booleans()):
        encoding = draw(st.sampled_from([e for e in ENCODINGS if e != "latin-1" or fits_latin1(text)]))
        return Copy(encode(text, encoding), encoding)
    at = draw(st.integers(0, len(raw) - 1))
    return Copy(raw[:at], f"cut at byte {at}", cut=True)


def assert_cut_load(case: Case, outcome: Outcome, copy: Copy) -> None:
    """Loaded after a cut: the complete records' rows exactly, nothing made up, the cut record only
    when the cut fell inside its last field."""
    expected = original(case)
    if copy.written is None:  # a byte format: whatever loaded must be in the original
        for table in ROW_TABLES:
            leave_out = export_wide(case, table)
            assert set(comparable(outcome.tables[table], leave_out)) <= set(
                comparable(expected.tables[table], leave_out)
            ), f"{table}: rows that are not in the original"
        return
    written, cut = copy.written, copy.cut_at
    complete = {number for i, number in enumerate(record_numbers(case, written)) if i and written.ends[i] <= cut}
    i = copy.cut_record()
    cut_number = record_numbers(case, written)[i] if i else None
    header = next(
        csv.reader(
            io.StringIO(written.text[written.starts[0][0] : written.ends[0]], newline=""),
            delimiter=delimiter_of(written),
        )
    )
    cut_cells = (
        next(
            csv.reader(
                io.StringIO(written.text[written.starts[i][0] : cut], newline=""), delimiter=delimiter_of(written)
            ),
            [],
        )
        if i
        else []
    )
    cut_in_last_field = len(cut_cells) >= len(header)
    for table in ROW_TABLES:
        got, want, leave_out = outcome.tables[table], expected.tables[table], export_wide(case, table)
        if case.export_wide.get(table, set()) is None:
            continue  # the whole table is read off every line
        if not fed(case, table) or not want or "source_row" not in want[0]:
            if written.ends[0] <= cut:  # the header is whole
                assert comparable(got, leave_out) == comparable(want, leave_out), f"{table} changed"
            continue
        kept = [r for r in got if r["source_row"] != cut_number]
        assert comparable(kept, leave_out) == comparable([r for r in want if r["source_row"] in complete], leave_out), (
            f"{table}: the rows of the records complete before the cut differ from the original's"
        )
        partial = [r for r in got if r["source_row"] == cut_number]
        assert not partial or cut_in_last_field, f"{table}: the record cut short was loaded: {partial}"
        assert len(partial) <= len([r for r in want if r["source_row"] == cut_number])


def record_numbers(case: Case, written: Written) -> list[int]:
    """Each record's source_row as the parsers number them: its row as a spreadsheet shows it."""
    return [i + 1 if case.by_record else written.starts[0][1] + i for i in range(len(written.starts))]


def delimiter_of(written: Written) -> str:
    header = written.text[written.starts[0][0] : written.ends[0]]
    return "\t" if header.count("\t") > header.count(",") else ","


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@EXAMPLES
@given(data=st.data())
def test_a_changed_copy_loads_as_the_original_or_is_rejected_whole(case, data):
    copy = data.draw(copies(case) if case.table else byte_copies(case), label="copy")
    outcome = load(case, copy.data)
    kind = "cut" if copy.cut else "decimal commas" if copy.decimal_commas else "lossless"
    event(f"{kind}: {'loaded' if outcome.loaded else 'rejected'}")
    if copy.inside_character:
        assert not outcome.loaded, "a file cut inside a character was loaded"
    if not outcome.loaded:
        i = copy.cut_record()
        # A decimal comma earlier in the file may be what is named, rather than the cut.
        rows = copy.written.rows(i) if i and not copy.decimal_commas else None
        assert_rejected_whole(outcome, [case.member], rows)
    elif copy.cut:
        assert_cut_load(case, outcome, copy)
    else:
        assert_same_rows(case, outcome, case.reorder_ignores if copy.reordered else frozenset())


# --- worse damage: one explicit example per case ---------------------------------------------------------

HUGE_LINE = "x" * 5_000_000  # 5 MB without a line break
LONG_VALUE = "northwind " * 20_000  # 200 KB, over Python's csv field limit of 128 KB
DAMAGE = ["empty", "binary", "5 MB line", "header only", "200 KB field"]


def damaged(case: Case, damage: str) -> tuple[bytes, set[int] | None]:
    """The member with `damage` done to it, and the rows a reason naming a row may name."""
    raw = case.members()[case.member]
    if damage == "empty":
        return b"", None
    if damage == "binary":
        return random.Random(case.id).randbytes(4096), None
    if not case.table:  # a line of junk after the JSON or XML document
        return raw + encode("\n" + HUGE_LINE, encoding_of(raw))[len(encode("", encoding_of(raw))) :], None
    table, encoding = member_table(case)
    if damage == "header only":
        table.records = table.records[:1]
        return encode(write_table(table).text, encoding), None
    if damage == "5 MB line":
        table.records.append([HUGE_LINE])
        table.final_newline = False
        written = write_table(table)
        return encode(written.text, encoding), written.rows(len(table.records) - 1)
    # The first record's longest value (a query, a title, an answer) made 200 KB long.
    record = table.records[1]
    record[max(range(len(record)), key=lambda i: len(record[i]))] = LONG_VALUE
    return encode(write_table(table).text, encoding), write_table(table).rows(1)


@pytest.mark.parametrize(
    "case, damage",
    [(c, d) for c in CASES for d in DAMAGE if c.table or d in DAMAGE[:3]],
    ids=[f"{c.id}-{d}" for c in CASES for d in DAMAGE if c.table or d in DAMAGE[:3]],
)
def test_an_empty_binary_header_only_or_huge_member_is_rejected_whole_or_loads_nothing_made_up(case, damage):
    data, rows = damaged(case, damage)

    outcome = load(case, data)

    if not outcome.loaded:
        assert_rejected_whole(outcome, [case.member], rows)
    elif damage == "200 KB field":
        holding = {
            t: [r for r in found if any(LONG_VALUE in str(v) for v in r.values())]
            for t, found in outcome.tables.items()
        }
        assert any(holding.values()), "the long value was cut or lost"
        for table in ROW_TABLES:
            others = [r for r in outcome.tables[table] if r not in holding[table]]
            assert set(comparable(others)) <= set(comparable(original(case).tables[table])), table
            assert len(outcome.tables[table]) == len(original(case).tables[table]), table
    else:
        assert damage in ("header only", "empty", "binary") and (damage == "header only" or case.kind != "file"), (
            f"a {damage} file was loaded"
        )
        assert_nothing_from_member(case, outcome)


# --- zips: generated names, nesting, sizes and damage ------------------------------------------------------

BULK = SC / "bulk_site_impression.csv"  # 9 records
UI_ZIP = next(c for c in CASES if c.id == "ui_export_zip_queries")
PATH_PARTS = ["..", ".", "Queries", "export 2026", "Ünïcode", "C:", "d:", "~", "2026-03"]


def zipped(members: dict[str, bytes], name: str = "export.zip"):
    def drop_zip(inbox: Path) -> None:
        with zipfile.ZipFile(inbox / name, "w", zipfile.ZIP_DEFLATED) as z:
            for member, data in members.items():
                z.writestr(member, data)

    return drop_zip


def unsafe(name: str) -> bool:
    """By hand: a path that could land outside the folder it is unpacked into (from its root, a parent,
    or a drive: "./C:/x" is "C:/x" to an unzipper that drops the "./")."""
    path = name.replace("\\", "/")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return path.startswith("/") or ".." in parts or ":" in parts[0]


@EXAMPLES
@given(
    parts=st.lists(st.sampled_from(PATH_PARTS), max_size=4),
    separator=st.sampled_from(["/", "\\"]),
    rooted=st.booleans(),
)
def test_a_zip_member_s_path_is_refused_exactly_when_it_could_leave_the_inbox(parts, separator, rooted):
    name = ("/" if rooted else "") + separator.join(parts + ["search data.csv"])
    files_after: list[str] = []

    outcome = ingest(zipped({name: BULK.read_bytes()}), files_after)

    assert files_after == ["inbox", "inbox/export.zip"]  # nothing unpacked anywhere, in or out
    if unsafe(name):
        assert outcome.files == [
            ("export.zip", "rejected", 0, f"holds a member with an unsafe path ({name!r}); it was not opened")
        ]
        assert_rejected_whole(outcome, [name])
    else:
        assert [f[:3] for f in outcome.files] == [("export.zip", "loaded", 9)]


@EXAMPLES
@given(
    position=st.integers(0, 7),
    depth=st.integers(1, 3),
    inner_name=st.sampled_from(["Performance-on-Search.zip", "Queries (1).csv", "data", "inner.ZIP"]),
)
def test_a_zip_holding_a_zip_anywhere_is_rejected_naming_it(position, depth, inner_name):
    inner = BULK.read_bytes()
    for level in range(depth):  # a zip in a zip in a zip...
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr(f"level {level}.csv" if level == 0 else f"level {level}.zip", inner)
        inner = buffer.getvalue()
    members = list(UI_ZIP.members().items())
    members.insert(min(position, len(members)), (inner_name, inner))

    outcome = ingest(zipped(dict(members)))

    assert outcome.files == [
        ("export.zip", "rejected", 0, f"holds another zip ({inner_name}); unzip it and drop the inner export instead")
    ]
    assert_rejected_whole(outcome, [inner_name])


@EXAMPLES
@given(extra_rows=st.integers(0, 3000))
def test_a_zip_member_is_refused_exactly_when_it_unpacks_to_more_than_the_limit(extra_rows):
    limit = 64 * 1024
    row = b"2026-03-04,sc-domain:northwind-analytics.com,northwind,false,usa,WEB,DESKTOP,10,1,2.0\n"
    content = BULK.read_bytes() + row * extra_rows  # compresses to a few KB however long
    with mock.patch.object(inbox_module, "MAX_MEMBER_BYTES", limit):
        outcome = ingest(zipped({"bq-results.csv": content}))

    if len(content) > limit:
        assert [f[:3] for f in outcome.files] == [("export.zip", "rejected", 0)]
        assert outcome.files[0][3].startswith("bq-results.csv inside the zip unpacks to more than ")
        assert_rejected_whole(outcome, ["bq-results.csv"])
    else:
        assert [f[:3] for f in outcome.files] == [("export.zip", "loaded", 9 + extra_rows)]


@EXAMPLES
@given(data=st.data())
def test_a_password_protected_member_anywhere_is_rejected_naming_it(data):
    members = UI_ZIP.members()
    locked = data.draw(st.sampled_from(sorted(members)), label="locked member")

    def drop_locked(inbox: Path) -> None:
        path = inbox / "export.zip"
        with zipfile.ZipFile(path, "w") as z:
            for name, content in members.items():
                z.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 10, 9, 0, 0)), content)
            info = z.getinfo(locked)
            info.flag_bits |= 0x1  # "encrypted", in the central directory written at close...
        raw = bytearray(path.read_bytes())
        raw[info.header_offset + 6] |= 0x1  # ...and in the member's own header
        path.write_bytes(bytes(raw))

    outcome = ingest(drop_locked)

    # Members are checked in the zip's order: the locked one is the first problem found.
    assert outcome.files == [
        (
            "export.zip",
            "rejected",
            0,
            f"{locked} inside the zip is password-protected; export it again without a password",
        )
    ]
    assert_rejected_whole(outcome, [locked])


def names_in(raw: bytes) -> list[str]:
    try:
        return zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return []


@EXAMPLES
@given(data=st.data())
def test_a_cut_or_corrupted_zip_is_rejected_whole_or_loads_exactly_as_before(data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in UI_ZIP.members().items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 10, 9, 0, 0)), content)
    raw = bytearray(buffer.getvalue())
    if data.draw(st.booleans(), label="cut (else one byte changed)"):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1), label="cut at")]
    else:
        at = data.draw(st.integers(0, len(raw) - 1), label="byte")
        raw[at] ^= data.draw(st.integers(1, 255), label="xor")

    outcome = ingest(lambda inbox: (inbox / UI_ZIP.name).write_bytes(bytes(raw)))

    event("loaded" if outcome.loaded else "rejected")
    if outcome.loaded:  # the change hit something no reader looks at (a timestamp, say)
        assert_same_rows(UI_ZIP, outcome)
    else:  # a reason may name a member by the name the changed byte gave it ("Qages.csv")
        assert_rejected_whole(outcome, list(UI_ZIP.members()) + names_in(bytes(raw)))


# --- the bugs this suite found, one plain example each -------------------------------------------------------


def fixture_text(case_id: str) -> str:
    case = next(c for c in CASES if c.id == case_id)
    return decode(case.members()[case.member])


def reason_for(case_id: str, data: bytes) -> str:
    case = next(c for c in CASES if c.id == case_id)
    outcome = load(case, data)
    assert_rejected_whole(outcome, [case.member])
    [(_, _, _, reason)] = outcome.files
    return reason


@pytest.mark.parametrize(
    "case_id, kept_text, reason",
    [
        # A cut in the 4th record leaves 4 of its 10 values; DuckDB's sniffer used to read the cut line as a
        # change of dialect and call the first row's date empty.
        (
            "bulk_site_csv",
            "2026-03-01,sc-domain:northwind-analytics.com,,true",
            "searchdata_site_impression.csv row 4: 4 values under a header of 10 columns; "
            "the file is cut off or damaged",
        ),
        # The 4th record of GA4's table (row 14, under 9 `#` lines and the header) cut after Engaged sessions:
        # it used to load, its Conversions missing.
        (
            "ga4_daily_csv",
            "Referral,20250902,22,25,18",
            "data-export.csv row 14: 5 values under a header of 11 columns; the file is cut off or damaged",
        ),
        # "Referral,58,..." cut to "Referral,5": it used to load as 5 visitors.
        (
            "plausible_folder_channels",
            "Referral,5",
            "channels.csv row 4: 2 values under a header of 4 columns; the file is cut off or damaged",
        ),
        # 2025-03 is the 6th month under the header on row 3; it used to load with northwind at 1 and no others.
        (
            "trends_monthly_csv",
            "2025-03,1",
            "multiTimeline.csv row 9: 2 values under a header of 4 columns; the file is cut off or damaged",
        ),
        # It used to load as a mention whose URL is "h".
        (
            "meltwater_older_csv",
            "2025-08-05,Northwind launches its dashboard suite,h",
            "meltwater_2025_q3.csv row 2: 3 values under a header of 9 columns; the file is cut off or damaged",
        ),
        # The 10th response (row 13 under 3 header rows) is cut inside its quoted multi-line answer: it used to
        # load as "Nortwind / Contso" with no aided answers.
        (
            "qualtrics_csv",
            "2025-10-13 10:10:10,2025-10-13 10:16:52,IP Address,203.0.113.7,100,337,True,"
            '2025-10-13 10:16:52,R_0j1K2l3M4n5O6p7,anonymous,EN,Marketing,,"1,000-4,999 employees",'
            '"Nortwind\nContso',
            "Brand tracker Q4 2025_October 17, 2025_09.12.csv row 13: a quoted value is never closed; "
            "the file is cut off or damaged",
        ),
    ],
)
def test_a_file_cut_inside_a_record_is_rejected_naming_that_row(case_id, kept_text, reason):
    text = fixture_text(case_id)
    newline = "\r\n" if "\r\n" in text else "\n"
    whole_lines = text[: text.index(kept_text.split("\n")[0])]
    assert whole_lines.endswith(newline) and kept_text in text
    case = next(c for c in CASES if c.id == case_id)

    assert reason_for(case_id, encode(whole_lines + kept_text, encoding_of(case.members()[case.member]))) == reason


def test_a_utf8_file_cut_inside_a_character_is_rejected_not_read_as_windows_1252():
    # Read as Windows-1252 it used to load "CafÃ© Northwind" and a URL ending in "Ã".
    content = (
        "Published,Headline,Link\n2026-09-25,Café Northwind,https://a.example/1\n2026-09-26,Review,https://a.example/é"
    )
    cut = content.encode()[:-1]  # "é" is two bytes in UTF-8: the first one is left

    assert reason_for("mapped_mentions_csv", cut) == (
        "brand24_mentions.csv ends in the middle of a character: the file is cut off; download it again"
    )


@pytest.mark.parametrize("case_id", ["meltwater_utf16_tsv", "bulk_site_csv"])
def test_a_utf16_file_cut_inside_a_character_is_rejected_with_a_sentence(case_id):
    # It used to say "could not be read (UnicodeDecodeError: 'utf-16-le' codec can't decode ...)".
    case = next(c for c in CASES if c.id == case_id)
    whole = encode(fixture_text(case_id), "utf-16-le-bom")

    assert reason_for(case_id, whole[:-1]) == (
        f"{case.member} ends in the middle of a character: the file is cut off; download it again"
    )


@pytest.mark.parametrize(
    "case_id",
    [
        "typeform_csv",
        "google_forms_csv",
        "surveymonkey_zip",
        "trends_monthly_csv",
        "trends_weekly_csv",
        "ga4_daily_csv",
        "ga4_source_medium_csv",
    ],
)
def test_empty_columns_a_spreadsheet_adds_on_saving_change_nothing(case_id):
    # Typeform and Forms used to gain a question with no text, SurveyMonkey an answer-less column of its
    # last question; Trends rejected the download ("column '' is not a Trends term", or, with its blank
    # line padded to ",,,", not recognised); GA4 read "20250901,,,," as its start date, or its padded blank
    # line as the table's header.
    case = next(c for c in CASES if c.id == case_id)
    table, encoding = member_table(case)
    pad(table, 2)

    outcome = load(case, encode(write_table(table).text, encoding))

    assert outcome.loaded, outcome.files
    assert_same_rows(case, outcome)


@pytest.mark.parametrize("damage", [b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256))])
def test_a_plausible_export_with_a_damaged_channels_csv_is_rejected_not_read_from_sources_csv(damage):
    # It used to load sources.csv instead, noting "no channels.csv (an older export)".
    case = next(c for c in CASES if c.id == "plausible_folder_channels")

    assert reason_for(case.id, damage) == (
        "channels.csv has no name and visitors columns; the export is damaged, "
        "download it again from the Plausible dashboard"
    )


def test_a_search_console_export_with_a_damaged_queries_csv_is_rejected_not_loaded_without_queries():
    # It used to load the daily totals only, noting "no Queries.csv in this export".
    assert reason_for("ui_export_zip_queries", b"") == (
        "Queries.csv has no Clicks and Impressions columns, and no table of queries was found; the export is "
        "damaged, download it again"
    )


def test_a_long_value_is_quoted_by_its_start_only():
    # A 110 KB label (under the csv module's limit) used to be quoted whole in the reason.
    text = fixture_text("ga4_daily_csv").replace("Organic Social,", "Newsletter " * 10_000 + ",")

    reason = reason_for("ga4_daily_csv", text.encode())

    assert reason.startswith(
        "data-export.csv: the Session default channel group column has channels that are not "
        "GA4 default channel groups: 'Newsletter Newsletter Newsletter Newsletter Newsletter "
        "Newsl…'; "
    )  # its first 60 characters
    assert len(reason) < 400


def test_a_value_over_the_csv_module_s_limit_is_rejected_naming_its_row():
    # It used to say "could not be read (Error: field larger than field limit (131072))".
    text = fixture_text("ga4_daily_csv").replace("Organic Social,", "x" * 200_000 + ",")

    assert reason_for("ga4_daily_csv", text.encode()) == (
        "data-export.csv row 16: a value longer than 128 KB, more than any export writes; the file is damaged"
    )


@pytest.mark.parametrize("encoding", ["utf-16-le-bom", "utf-16-be-bom", "latin-1"])
def test_a_bulk_csv_saved_again_in_another_encoding_loads_the_same_rows(encoding):
    # These used to be rejected in DuckDB's words ("Invalid Input Error: CSV Error on Line: 1"). The site
    # table has a Japanese query: the Latin-1 copy has it as "?", as a spreadsheet would save it.
    case = next(c for c in CASES if c.id == "bulk_site_csv")
    text = fixture_text(case.id)
    if encoding == "latin-1":
        text = text.replace("ノースウィンド 料金", "?")

    outcome = load(case, encode(text, encoding))

    assert outcome.loaded, outcome.files
    expected = [
        {**r, "query": "?"} if encoding == "latin-1" and r["query"] == "ノースウィンド 料金" else r
        for r in original(case).tables["search_console_bulk_site_rows"]
    ]
    assert comparable(outcome.tables["search_console_bulk_site_rows"]) == comparable(expected)


def test_a_bulk_csv_with_a_line_over_2_mb_is_rejected_naming_its_row():
    # It used to be DuckDB's "Invalid Input Error: CSV Error on Line: 12" (the line, not the row).
    text = fixture_text("bulk_site_csv") + HUGE_LINE  # row 11: the header and nine records come first

    assert reason_for("bulk_site_csv", text.encode()) == (
        "searchdata_site_impression.csv row 11: a line of more than 2 MB, longer than any export writes; "
        "the file is damaged"
    )


def test_a_saved_api_response_cut_short_is_rejected_as_invalid_json():
    # It used to be "not an export this product recognises", which sends the user looking elsewhere.
    whole = (SC / "api_date_query.json").read_bytes()

    reason = reason_for("api_date_query_json", whole[:300])

    assert reason.startswith("response.json is not valid JSON (")
    assert reason.endswith("); the file is damaged or cut off, save it again")


@pytest.mark.parametrize(
    "case_id, cells, expected",
    [
        # The 1st record's impressions 120 -> 1200; everything else as it was.
        (
            "bulk_site_csv",
            ("DESKTOP,120,40", 'DESKTOP,"1,200",40'),
            ("search_console_bulk_site_rows", "impressions", 1200),
        ),
        # Organic Search on 20250901: 142 sessions -> 1142.
        (
            "ga4_daily_csv",
            ("20250901,118,142,", '20250901,118,"1,142",'),
            ("web_analytics_channel_rows", "sessions", 1142),
        ),
        # Organic Search: 301 visitors -> 1301.
        (
            "plausible_folder_channels",
            ("Organic Search,301,", 'Organic Search,"1,301",'),
            ("web_analytics_channel_rows", "users", 1301),
        ),
        # Dates.csv's 2026-03-06: 100 impressions -> 1100.
        (
            "ui_export_folder_dates",
            ("2026-03-06,22,100,", '2026-03-06,22,"1,100",'),
            ("search_console_ui_daily_totals", "impressions", 1100),
        ),
    ],
)
def test_a_spreadsheet_s_thousands_separator_in_a_number_loads_the_number(case_id, cells, expected):
    # The bulk export (read by DuckDB) used to reject "1,200" as not a whole number.
    case = next(c for c in CASES if c.id == case_id)
    text = fixture_text(case_id)
    old, new = cells
    assert text.count(old) == 1
    table, column, number = expected

    outcome = load(
        case, text.replace(old, new).encode(encoding_of(case.members()[case.member]).replace("utf-8-sig", "utf-8"))
    )

    assert outcome.loaded, outcome.files
    changed = [r for r in outcome.tables[table] if r not in original(case).tables[table]]
    assert [r[column] for r in changed] == [number]
    assert len(outcome.tables[table]) == len(original(case).tables[table])


def test_a_folder_holding_a_cut_utf16_file_is_still_looked_through():
    # Deciding whether the folder is one export read the head of each file, and a UTF-16 head of odd
    # length raised out of ingest_inbox: no file of the inbox was loaded or rejected.
    meltwater = (MN / "Meltwater export 2026-Q3.csv").read_bytes()

    def drop_folder(inbox: Path) -> None:
        (inbox / "exports").mkdir()
        (inbox / "exports" / "Meltwater export 2026-Q3.csv").write_bytes(meltwater[:-1])
        (inbox / "exports" / "meltwater_2025_q3.csv").write_bytes((MN / "meltwater_2025_q3.csv").read_bytes())

    outcome = ingest(drop_folder)

    assert outcome.files == [
        (
            "exports/Meltwater export 2026-Q3.csv",
            "rejected",
            0,
            "Meltwater export 2026-Q3.csv ends in the middle of a character: the file is cut off; download it again",
        ),
        ("exports/meltwater_2025_q3.csv", "loaded", 3, None),
    ]


def parquet_extract() -> bytes:
    """The site table's nine records as a BigQuery Parquet extract."""
    buffer = io.BytesIO()
    rows = [dict(zip(BULK_PARQUET_SCHEMA.names, r)) for r in BULK_PARQUET_ROWS]
    pq.write_table(pa.Table.from_pylist(rows, schema=BULK_PARQUET_SCHEMA), buffer)
    return buffer.getvalue()


@EXAMPLES
@given(data=st.data())
def test_a_parquet_extract_cut_short_is_rejected_as_damaged(data):
    # It used to be "not an export this product recognises". (A changed byte inside a Parquet data page
    # goes unseen: the format has no checksum a reader must check, so that is not generated here.)
    whole = parquet_extract()
    at = data.draw(st.integers(4, len(whole) - 1), label="cut at")  # it still starts like Parquet

    outcome = ingest(lambda inbox: (inbox / "extract.parquet").write_bytes(whole[:at]))

    [(_, status, _, reason)] = outcome.files
    assert status == "rejected" and reason.startswith("extract.parquet is a Parquet file that cannot be read ("), reason
    assert_rejected_whole(outcome, ["extract.parquet"])
