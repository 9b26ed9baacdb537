"""The single-writer warehouse: one refresh at a time writes the working file, then publishes it.

Publishing copies the checkpointed working file beside the serving file and renames it over
the serving file. Readers that hold the old file keep reading it (the rename does not touch an
open file), new readers get the new one, and a refresh that fails before publishing leaves the
last good serving file in place.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from demandgen.settings import duckdb_memory_limit


class RefreshAlreadyRunning(RuntimeError):
    pass


@contextmanager
def refresh_lock(serving: Path):
    """Held for a whole refresh; a second refresh is refused rather than queued or interleaved."""
    serving.parent.mkdir(parents=True, exist_ok=True)
    lock_path = serving.with_name(serving.name + ".lock")
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise RefreshAlreadyRunning(
            f"another refresh is already writing {serving.name} ({holder}); wait for it to finish"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now():%Y-%m-%d %H:%M:%S}")
    handle.flush()
    try:
        yield
    finally:
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


# What each publish said, light by light (marts.light_changes is computed from it). It lives in the working
# file, which is copied to the serving file at each publish, so it travels from one refresh to the next.
PUBLISHED_LIGHTS = [
    ("published_at", "TIMESTAMP"),
    ("metric", "VARCHAR"),
    ("status", "VARCHAR"),
    ("value", "DOUBLE"),
    ("value_text", "VARCHAR"),
    ("explanation", "VARCHAR"),
    ("period_start", "DATE"),
    ("period_end", "DATE"),
]


def keep_publish_log_to_what_was_published(con: duckdb.DuckDBPyConnection, serving: Path) -> int:
    """Forget logged publishes that never reached the serving file: a refresh that logged its lights and then
    failed to swap in the file must not count as a publish. The serving file is the truth; returns how many
    rows were dropped. (The table is made with the other raw tables: ingest.landing.ensure_raw_schema.)"""
    last = None
    if serving.exists():
        con.execute("attach ? as served (read_only)", [str(serving)])
        try:
            # DuckDB has one information_schema for every attached database (no served.information_schema).
            found = con.execute(
                "select count(*) from information_schema.tables "
                "where table_catalog = 'served' and table_schema = 'raw' and table_name = 'published_lights'"
            ).fetchone()[0]
            if found:
                last = con.execute("select max(published_at) from served.raw.published_lights").fetchone()[0]
        finally:
            con.execute("detach served")
    before = con.execute("select count(*) from raw.published_lights").fetchone()[0]
    if last is None:
        con.execute("delete from raw.published_lights")
    else:
        con.execute("delete from raw.published_lights where published_at > ?", [last])
    return before - con.execute("select count(*) from raw.published_lights").fetchone()[0]


def log_this_publish(con: duckdb.DuckDBPyConnection) -> None:
    """Add the lights this refresh publishes (intermediate.int_scorecard__this_publish) to the publish log."""
    con.execute("insert into raw.published_lights by name select * from intermediate.int_scorecard__this_publish")


def connect_working(working: Path) -> duckdb.DuckDBPyConnection:
    working.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(working), config={"memory_limit": duckdb_memory_limit()})


def publish(working: Path, serving: Path) -> int:
    """Atomically replace the serving file with a checkpointed copy of the working file."""
    with connect_working(working) as con:
        con.execute("checkpoint")
    staged = serving.with_name(serving.name + ".publishing")
    shutil.copyfile(working, staged)
    with staged.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(staged, serving)
    return serving.stat().st_size


def restore_working_from_serving(working: Path, serving: Path) -> bool:
    """A new machine with only the published file keeps its history: start from that copy."""
    if not working.exists() and serving.exists():
        # Copied under another name and renamed, so a refresh killed mid-copy leaves no half a working file
        # for the next one to trip over.
        restoring = working.with_name(working.name + ".restoring")
        shutil.copyfile(serving, restoring)
        os.replace(restoring, working)
        return True
    return False


def publish_docs(staged: Path, docs: Path) -> bool:
    """Swap in the documentation a refresh staged, with its fingerprint (when it made any). The page goes
    first: a refresh killed between the two leaves an old fingerprint, and the next makes the page again."""
    if not staged.exists():
        return False
    os.replace(staged, docs)
    staged_fingerprint = staged.with_name(staged.name + ".fingerprint")
    if staged_fingerprint.exists():
        os.replace(staged_fingerprint, docs.with_name(docs.name + ".fingerprint"))
    return True
