"""Which dbt models a refresh builds: those that new data, a changed config or a changed project can change.

A refresh that loaded one new day of Search Console and GA4 rebuilds the search and web models, the lights
and what every refresh must (the models tagged `every_refresh`: the files list, freshness, the publish log),
not the surveys, media mentions or Trends models, whose inputs did not change. So a refresh's cost grows with
what arrived, not with all the history in the warehouse.

The record of the last build that succeeded is kept in the working warehouse (`pipeline.dbt_builds`): the
project's fingerprint then, and each raw table's version (a data table's newest load id, a config table's
rows). A table whose version is not the recorded one has changed since. Anything uncertain (no record, a
changed project or config schema, `--full-refresh`) builds everything; a build that fails records nothing, so
the next refresh builds what it missed too.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from .ingest.landing import CONFIG_TABLES, FAMILIES
from .warehouse import connect_working

# The raw tables whose change is news for the models downstream of them. raw.ingested_files changes at every
# refresh that sees a file, and raw.published_lights at every publish: the models that read them are tagged
# every_refresh instead, so a new file of one source does not rebuild every other source's models.
DATA_TABLES = [name for family in FAMILIES for name in family.RAW_TABLES]
EVERY_REFRESH = "every_refresh"  # the tag


def raw_versions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each raw table's version: its newest load id (exports only ever add rows, each load with a larger id),
    or for a config table, rewritten at every refresh, a digest of its rows."""
    versions = {}
    for table in DATA_TABLES:
        versions[table] = str(con.execute(f"select coalesce(max(load_id), 0) from raw.{table}").fetchone()[0])
    for table in CONFIG_TABLES:
        versions[table] = con.execute(
            f"select md5(coalesce(string_agg(cast(t as varchar), '|' order by cast(t as varchar)), '')) "
            f"from raw.{table} as t"
        ).fetchone()[0]
    return versions


def selection(working: Path, project: str, full_refresh: bool, manifest: Path) -> tuple[list[str], dict[str, str]]:
    """dbt's --exclude arguments for this refresh (none: build everything) and the raw versions it builds."""
    with connect_working(working) as con:
        versions = raw_versions(con)
        recorded = _recorded(con)
    if full_refresh or recorded is None or recorded[0] != project or set(recorded[1]) != set(versions):
        return [], versions
    changed = {table for table, version in versions.items() if recorded[1][table] != version}
    unaffected = sorted(unaffected_nodes(json.loads(manifest.read_text()), changed))
    # dagster-dbt selects every asset with --select, and dbt unions a second --select with it, so the
    # narrowing is said as what to leave out. dbt leaves out the tests of a model it leaves out too.
    return (["--exclude", " ".join(unaffected)] if unaffected else []), versions


def unaffected_nodes(manifest: dict, changed_tables: set[str]) -> set[str]:
    """The models and seeds no changed raw table reaches and no refresh must rebuild, by name."""
    # Only what a changed table reaches: the every_refresh models change at each refresh, but what is
    # downstream of them reads the rows of its own source's files, which did not change.
    affected = set()
    todo = [f"source.{manifest['metadata']['project_name']}.raw.{table}" for table in changed_tables]
    while todo:
        unique_id = todo.pop()
        if unique_id not in affected:
            affected.add(unique_id)
            todo.extend(manifest["child_map"].get(unique_id, []))
    affected |= {uid for uid, node in manifest["nodes"].items() if EVERY_REFRESH in node["config"].get("tags", [])}
    return {
        node["name"]
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed") and unique_id not in affected
    }


def record_build(working: Path, project: str, versions: dict[str, str]) -> None:
    """Remember what a build that succeeded was built from."""
    with connect_working(working) as con:
        con.execute("create schema if not exists pipeline")
        con.execute(
            "create table if not exists pipeline.dbt_builds (project varchar, raw_table varchar, version varchar)"
        )
        con.execute("begin")
        con.execute("delete from pipeline.dbt_builds")
        con.executemany(
            "insert into pipeline.dbt_builds values (?, ?, ?)", [(project, t, v) for t, v in versions.items()]
        )
        con.execute("commit")


def _recorded(con) -> tuple[str, dict[str, str]] | None:
    found = con.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'pipeline' and table_name = 'dbt_builds'"
    ).fetchone()[0]
    if not found:
        return None
    rows = con.execute("select project, raw_table, version from pipeline.dbt_builds").fetchall()
    if not rows:
        return None
    return rows[0][0], {table: version for _, table, version in rows}
