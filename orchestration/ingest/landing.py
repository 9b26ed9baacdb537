"""Landing exports into the working warehouse's `raw` schema, one export per transaction.

Raw tables are the archive: every row of every loaded export stays, with its lineage (file,
sha256, row, ingested at, load id). Which export wins where two overlap is decided in dbt, so
history is never rewritten here. A file is loaded, recognised as a duplicate, or rejected
whole; the outcome of each is a row in raw.ingested_files.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ..config import Config
from ..warehouse import PUBLISHED_LIGHTS
from . import mentions, search_console, surveys, trends, web_analytics
from .descriptions import describe_raw_tables
from .detect import Signature, detect, looks_like, unreadable
from .inbox import Export, RejectedFile, discover, file_size, open_zip
from .parsed import Family, Parsed

log = logging.getLogger(__name__)

# One module per source family (parsed.Family: its FAMILY, SIGNATURES, RAW_TABLES and parse).
FAMILIES: list[Family] = [search_console, web_analytics, surveys, trends, mentions]
SIGNATURES = [s for family in FAMILIES for s in family.SIGNATURES]
PARSERS = {family.FAMILY: family.parse for family in FAMILIES}
# Families whose big exports DuckDB reads straight into their raw table: DIRECT_LOADS[family](export, signature)
# gives a `land(con, lineage)` for landing's transaction, or None for an export it does not read so.
DIRECT_LOADS = {search_console.FAMILY: search_console.direct_bulk_load}

ROW_LINEAGE = [
    ("load_id", "BIGINT"),
    ("source_file", "VARCHAR"),
    ("source_sha256", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
]
INGESTED_FILES = [
    ("load_id", "BIGINT"),
    ("file_name", "VARCHAR"),
    ("sha256", "VARCHAR"),
    ("detected_format", "VARCHAR"),
    ("status", "VARCHAR"),
    ("rows", "BIGINT"),
    ("reason", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
    ("run_id", "VARCHAR"),
    ("property", "VARCHAR"),
    ("data_start", "DATE"),
    ("data_end", "DATE"),
    ("grain", "VARCHAR"),
    ("export_id", "VARCHAR"),
    ("size_bytes", "BIGINT"),
    ("detail", "VARCHAR"),  # more than the reason's line says: for a file not recognised, the formats read
]
CONFIG_TABLES = {
    "events": [("event_date", "DATE"), ("end_date", "DATE"), ("label", "VARCHAR")],
    "brand_terms": [("brand", "VARCHAR"), ("is_own_brand", "BOOLEAN"), ("kind", "VARCHAR"), ("term", "VARCHAR")],
    "benchmark_overrides": [
        ("metric", "VARCHAR"),
        ("healthy_low", "DOUBLE"),
        ("healthy_high", "DOUBLE"),
        ("amber_low", "DOUBLE"),
    ],
    "metric_settings": [("setting", "VARCHAR"), ("value", "VARCHAR")],
    # Which survey question plays which part ('unaided', 'aided', 'first_heard'), by text fragment or tag.
    "survey_question_settings": [("role", "VARCHAR"), ("match", "VARCHAR")],
    # One row per accepted answer of an any_of rule, or one row with at_least.
    "icp_rules": [("rule_number", "BIGINT"), ("question", "VARCHAR"), ("answer", "VARCHAR"), ("at_least", "DOUBLE")],
    # The outlets the buyers read: a domain (subdomains too) or an outlet's name, with an optional tier.
    "target_media": [("name", "VARCHAR"), ("kind", "VARCHAR"), ("tier", "BIGINT")],
    # How many days behind today each source's newest data may be before it is called stale.
    "freshness_expectations": [("source", "VARCHAR"), ("expected_within_days", "BIGINT")],
}


def raw_tables() -> dict[str, list[tuple[str, str]]]:
    """Every raw table's (column, SQL type)s: the families' exports with their lineage, the log of files, the
    config tables and the publish log. dbt's sources yml describes each (tests/test_warehouse_docs.py)."""
    tables = {name: cols + ROW_LINEAGE for family in FAMILIES for name, cols in family.RAW_TABLES.items()}
    return {**tables, "ingested_files": INGESTED_FILES, **CONFIG_TABLES, "published_lights": PUBLISHED_LIGHTS}


# Raw columns a warehouse made by older code has and this code no longer writes: they go, so rows still land
# by position. (The web analytics channel, derived at ingest before, is decided in dbt since issue 16.)
RETIRED_COLUMNS = {"web_analytics_channel_rows": ("channel_group", "mapped_from_source_medium")}


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute("create sequence if not exists raw.load_ids")
    existing = set(
        con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() and table_schema = 'raw'"
        ).fetchall()
    )
    tables = {table for table, _ in existing}
    for name, cols in raw_tables().items():
        con.execute(f"create table if not exists raw.{name} ({', '.join(f'{c} {t}' for c, t in cols)})")
        # A warehouse from an earlier version gains the columns added since: at the end, where the inserts
        # put their values.
        for column, sql_type in cols:
            if name in tables and (name, column) not in existing:
                con.execute(f"alter table raw.{name} add column {column} {sql_type}")
    for name, columns in RETIRED_COLUMNS.items():
        for column in columns:
            con.execute(f"alter table raw.{name} drop column if exists {column}")
    describe_raw_tables(con)


@dataclass
class IngestReport:
    loaded: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return sum(f["rows"] for f in self.loaded)

    def as_metadata(self) -> dict:
        return {
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "unchanged": self.unchanged,
            "rows": self.rows,
        }


def is_bundle(export: Export) -> bool:
    """Whether a folder's files together are one export (a Search Console UI export)."""
    found = detect(export, [s for s in SIGNATURES if len(s.members) > 1])
    return found is not None


def write_config_tables(con: duckdb.DuckDBPyConnection, config: Config) -> int:
    """Replace the config tables (brand terms, benchmarks, settings, survey questions and ICP) with the config
    as it is now."""
    terms = []
    for is_own, brand in [(True, config.brand)] + [(False, c) for c in config.competitors]:
        for kind, items in (("term", brand.terms), ("misspelling", brand.misspellings), ("exclude", brand.exclude)):
            terms += [(brand.name, is_own, kind, t) for t in items]
    overrides = [
        (m, o.get("healthy_low"), o.get("healthy_high"), o.get("amber_low")) for m, o in config.benchmarks.items()
    ]
    surveys = config.surveys
    settings = [
        ("organic_includes_social_and_video", config.web_analytics.organic_includes_social_and_video),
        ("survey_include_unfinished", surveys.include_unfinished),
        ("survey_min_respondents", surveys.min_respondents),
        ("survey_comparison_window_months", surveys.comparison_window_months),
        ("survey_wave_gap_days", surveys.wave_gap_days),
    ]
    questions = [
        (role, match) for role in ("unaided", "aided", "first_heard") for match in getattr(surveys, f"{role}_question")
    ]
    icp_rules = [
        (n, rule.question, answer, rule.at_least)
        for n, rule in enumerate(surveys.icp, start=1)
        for answer in (rule.any_of or (None,))
    ]
    rows = {
        "metric_settings": [(k, str(v).lower()) for k, v in settings],
        "brand_terms": terms,
        "benchmark_overrides": overrides,
        "survey_question_settings": questions,
        "icp_rules": icp_rules,
        "target_media": [(m.name, m.kind, m.tier) for m in config.target_media],
        "freshness_expectations": list(config.freshness.items()),
        "events": [(e.start, e.end, e.label) for e in config.events],
    }
    con.begin()
    for table, values in rows.items():
        con.execute(f"delete from raw.{table}")
        if values:
            con.executemany(f"insert into raw.{table} values ({', '.join('?' * len(values[0]))})", values)
    con.commit()
    return len(terms)


# A bulk file's commit is over DuckDB's WAL threshold, so each would checkpoint and recompress the raw table's
# last, partly filled row group; with these raised for the run the WAL takes the commits (as durable) and one
# checkpoint (the next write's or the connection's close) writes the new rows once.
DEFERRED_CHECKPOINT = {"checkpoint_threshold": "'1TB'", "auto_checkpoint_skip_wal_threshold": "1000000000000"}


# Search Console bulk files land this many at a time, each on its own cursor (its own transaction: DuckDB
# appends to one table from several at once): reading and typing one file keeps about one core busy.
MAX_WORKERS = 4


def ingest_inbox(
    con: duckdb.DuckDBPyConnection, inbox: Path, config: Config, run_id: str, workers: int | None = None
) -> IngestReport:
    before = {name: con.execute("select current_setting(?)", [name]).fetchall()[0][0] for name in DEFERRED_CHECKPOINT}
    for name, value in DEFERRED_CHECKPOINT.items():
        con.execute(f"set {name} = {value}")
    try:
        return _ingest(con, inbox, config, run_id, workers or min(os.cpu_count() or 1, MAX_WORKERS))
    finally:
        for name, value in before.items():
            con.execute(f"set {name} = '{value}'")


def _ingest(con: duckdb.DuckDBPyConnection, inbox: Path, config: Config, run_id: str, workers: int) -> IngestReport:
    ensure_raw_schema(con)
    done = {
        (name, sha)
        for name, sha in con.execute(
            "select file_name, sha256 from raw.ingested_files where status in ('loaded', 'duplicate')"
        ).fetchall()
    }
    loaded_by_sha = dict(
        con.execute(
            "select sha256, min(file_name) from raw.ingested_files where status = 'loaded' group by sha256"
        ).fetchall()
    )
    report = IngestReport()
    todo: list[tuple[Export, str, int]] = []  # what this run lands or records, in discovery order, with its load id
    outcomes: dict[int, dict] = {}

    def load(con, n: int) -> None:
        export, sha, load_id = todo[n]
        outcomes[n] = _load(con, export, sha, _now(), run_id, config, load_id)

    first_of: dict[str, int] = {}
    later, landing = [], []
    with _cursors(con, workers) as free:

        def on_a_cursor(n: int) -> None:
            cursor = free.get()
            try:
                load(cursor, n)
            finally:
                free.put(cursor)

        pool = ThreadPoolExecutor(workers)
        try:
            for export in discover(inbox, is_bundle):
                sha = export.sha256()
                if (export.name, sha) in done:
                    report.unchanged += 1
                    continue
                # Load ids follow discovery order, whatever order the exports land in: dbt reads the larger
                # id as the export loaded later.
                [(load_id,)] = con.execute("select nextval('raw.load_ids')").fetchall()
                todo.append((export, sha, load_id))
                n = len(todo) - 1
                if sha in loaded_by_sha or sha in first_of:
                    later.append(n)  # settled once the first file of this content has landed or been rejected
                    continue
                first_of[sha] = n
                if _reads_straight(export):
                    landing.append(pool.submit(on_a_cursor, n))
                else:
                    load(con, n)  # the careful parsers hold the GIL: they take turns on this thread
            for future in landing:
                future.result()
        finally:
            pool.shutdown(cancel_futures=True)
    loaded_by_sha |= {sha: todo[n][0].name for sha, n in first_of.items() if outcomes[n]["status"] == "loaded"}
    for n in later:
        export, sha, load_id = todo[n]
        if sha in loaded_by_sha:
            outcomes[n] = _duplicate(con, export, sha, run_id, loaded_by_sha[sha], load_id)
        else:
            load(con, n)
            if outcomes[n]["status"] == "loaded":
                loaded_by_sha[sha] = export.name

    for n, (export, _, _) in enumerate(todo):
        outcome = outcomes[n]
        if outcome["status"] == "loaded":
            report.loaded.append({"file": export.name, "format": outcome["format"], "rows": outcome["rows"]})
        elif outcome["status"] == "duplicate":
            report.duplicates.append({"file": export.name, "same_as": outcome["same_as"]})
        else:
            report.rejected.append({"file": export.name, "reason": outcome["reason"]})
    return report


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _reads_straight(export: Export) -> bool:
    """Whether DuckDB reads this export straight into its raw table (then it may land beside others); what
    cannot be told here is loaded, or rejected with its reason, by _load."""
    try:
        open_zip(export)
        signature = detect(export, SIGNATURES)
        return bool(signature and DIRECT_LOADS.get(signature.family, lambda *_: None)(export, signature))
    except Exception:
        return False


@contextmanager
def _cursors(con: duckdb.DuckDBPyConnection, count: int) -> Iterator[queue.SimpleQueue]:
    free: queue.SimpleQueue = queue.SimpleQueue()
    cursors = [con.cursor() for _ in range(count)]
    # A cursor starts in the default database; the caller's connection may have switched (`use`).
    database = con.execute("select current_database()").fetchall()[0][0]
    for cursor in cursors:
        cursor.execute("use " + '"' + database.replace('"', '""') + '"')
        free.put(cursor)
    try:
        yield free
    finally:
        for cursor in cursors:
            cursor.close()


def _duplicate(con, export: Export, sha: str, run_id: str, same_as: str, load_id: int) -> dict:
    _record(
        con,
        export,
        sha,
        _now(),
        run_id,
        status="duplicate",
        fmt=None,
        rows=0,
        reason=f"same content as {same_as}, already loaded",
        load_id=load_id,
    )
    return {"status": "duplicate", "same_as": same_as}


def _load(con, export: Export, sha: str, now: datetime, run_id: str, config: Config, load_id: int) -> dict:
    fmt = None
    try:
        open_zip(export)
        known = SIGNATURES + mentions.config_signatures(config)
        signature = detect(export, known)
        if signature is None:
            damaged = unreadable(export)
            raise RejectedFile(damaged) if damaged else not_recognised(export, known)
        fmt = signature.format
        direct = DIRECT_LOADS.get(signature.family, lambda *_: None)(export, signature)
        # A direct load gives up (None) on anything its one quick check cannot vouch for; the family's
        # careful parser then reads the file again and names the row at fault, or loads it.
        parsed = direct and _land(con, export, sha, now, run_id, fmt, direct, load_id)
        if parsed is None:
            careful = PARSERS[signature.family](export, signature, config)
            parsed = _land(con, export, sha, now, run_id, fmt, careful.land, load_id)
        return {"status": "loaded", "format": fmt, "rows": parsed.rows}
    except RejectedFile as e:
        _rollback(con)
        reason, detail = str(e), e.detail
    except Exception as e:  # never a traceback for the user; the log keeps it for us
        _rollback(con)
        log.error("unexpected error loading %s:\n%s", export.name, traceback.format_exc())
        reason = f"could not be read ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'no detail'})"
        detail = None
    # A file rejected before is retried each run (the config may have been fixed); keep one row for it.
    con.execute(
        "delete from raw.ingested_files where file_name = ? and sha256 = ? and status = 'rejected'", [export.name, sha]
    )
    _record(
        con, export, sha, now, run_id, status="rejected", fmt=fmt, rows=0, reason=reason, load_id=load_id, detail=detail
    )
    return {"status": "rejected", "reason": reason}


def not_recognised(export: Export, known: list[Signature]) -> RejectedFile:
    """A file no format matches: one line on what it looks like and what to do; the formats the product
    reads are its detail (the list is over a thousand characters: too long for a line in a summary)."""
    formats = sorted({s.description for s in known})
    if not any(s.format == "mentions_csv" for s in known):
        formats.append(mentions.UNMAPPED_CSV)
    return RejectedFile(
        f"is not an export this product recognises: {looks_like(export)}; download it again from its tool "
        "as one of the exports the Data page lists",
        detail="\n".join(formats),
    )


def _land(con, export: Export, sha: str, now: datetime, run_id: str, fmt: str, land, load_id: int) -> Parsed | None:
    """One export's rows and its ingested_files row, in one transaction; None (rolled back) when `land`
    (inserting the rows after the lineage values it is given) returns None."""
    con.begin()
    parsed = land(con, [load_id, export.name, sha, now])
    if parsed is None:
        con.rollback()
        return None
    export_id = hashlib.sha1(
        "|".join(
            map(
                str,
                (
                    export.folder,
                    fmt,
                    parsed.property,
                    run_id,
                    parsed.grain,
                    parsed.data_start,
                    parsed.data_end,
                ),
            )
        ).encode()
    ).hexdigest()[:16]
    _record(
        con,
        export,
        sha,
        now,
        run_id,
        status="loaded",
        fmt=fmt,
        rows=parsed.rows,
        reason="; ".join(parsed.notes) or None,
        parsed=parsed,
        export_id=export_id,
        load_id=load_id,
    )
    # An earlier rejection of a file by this name is history now, not a current problem.
    con.execute("delete from raw.ingested_files where file_name = ? and status = 'rejected'", [export.name])
    con.commit()
    return parsed


def _rollback(con) -> None:
    with contextlib.suppress(duckdb.TransactionException):  # no transaction was open yet
        con.rollback()


def _record(
    con,
    export: Export,
    sha: str,
    now: datetime,
    run_id: str,
    *,
    status: str,
    fmt: str | None,
    rows: int,
    reason: str | None,
    load_id: int,
    parsed=None,
    export_id: str | None = None,
    detail: str | None = None,
) -> None:
    con.execute(
        f"insert into raw.ingested_files values ({', '.join('?' * len(INGESTED_FILES))})",
        [
            load_id,
            export.name,
            sha,
            fmt,
            status,
            rows,
            reason,
            now,
            run_id,
            parsed.property if parsed else None,
            parsed.data_start if parsed else None,
            parsed.data_end if parsed else None,
            parsed.grain if parsed else None,
            export_id,
            file_size(export),
            detail,
        ],
    )
