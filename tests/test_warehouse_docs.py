"""The warehouse documents itself: an analyst who opens the file reads what every table, view and column holds.

dbt's persist_docs writes the models' and seeds' descriptions as DuckDB comments (views' columns too: DuckDB
comments them like a table's); ingest writes the raw tables' from dbt's sources yml
(orchestration/ingest/descriptions.py). A table or column without a description, or a description of a raw
column the code does not make, fails here by name.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.dbt_project import dbt_project
from orchestration.ingest.descriptions import describe_raw_tables, raw_descriptions
from orchestration.ingest.landing import ensure_raw_schema, raw_tables
from tests.pipeline_support import query

DOCUMENTED_SCHEMAS = ["raw", "staging", "intermediate", "marts", "reference"]

RELATIONS = """
    select schema_name || '.' || table_name, comment from duckdb_tables()
    where database_name = current_database() and schema_name in (select unnest(?::varchar[]))
    union all
    select schema_name || '.' || view_name, comment from duckdb_views()
    where database_name = current_database() and schema_name in (select unnest(?::varchar[]))
"""
COLUMNS = """
    select schema_name || '.' || table_name || '.' || column_name, comment from duckdb_columns()
    where database_name = current_database() and schema_name in (select unnest(?::varchar[]))
"""


def uncommented(rows: list[tuple[str, str | None]]) -> list[str]:
    return sorted(name for name, comment in rows if not (comment or "").strip())


def test_every_table_and_view_of_the_refreshed_sample_has_a_comment(sample_warehouse):
    relations = query(sample_warehouse, RELATIONS, [DOCUMENTED_SCHEMAS, DOCUMENTED_SCHEMAS])
    assert {name.split(".")[0] for name, _ in relations} == set(DOCUMENTED_SCHEMAS)
    missing = uncommented(relations)
    assert not missing, f"{len(missing)} tables and views without a description (dbt yml): {', '.join(missing)}"


def test_every_column_of_every_table_and_view_of_the_refreshed_sample_has_a_comment(sample_warehouse):
    columns = query(sample_warehouse, COLUMNS, [DOCUMENTED_SCHEMAS])
    assert {name.split(".")[0] for name, _ in columns} == set(DOCUMENTED_SCHEMAS)
    missing = uncommented(columns)
    assert not missing, f"{len(missing)} columns without a description (dbt yml): {', '.join(missing)}"


def test_the_sources_yml_describes_every_raw_table_and_column_the_code_makes_and_no_other():
    described = raw_descriptions()
    made = {table: [column for column, _ in columns] for table, columns in raw_tables().items()}
    undescribed = [table for table in made if not described.get(table, ("", {}))[0]] + [
        f"{table}.{column}"
        for table, columns in made.items()
        for column in columns
        if not described.get(table, ("", {}))[1].get(column)
    ]
    unknown = [table for table in described if table not in made] + [
        f"{table}.{column}"
        for table, (_, columns) in described.items()
        for column in columns
        if table in made and column not in made[table]
    ]
    assert not undescribed, f"not described in dbt_project/models/staging/_sources.yml: {', '.join(undescribed)}"
    assert not unknown, f"described in _sources.yml, but no raw table or column of that name: {', '.join(unknown)}"


def raw_comments(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(
        con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = 'raw' union all "
            "select table_name || '.' || column_name, comment from duckdb_columns() where schema_name = 'raw'"
        ).fetchall()
    )


def test_ensuring_the_raw_schema_comments_it_in_the_words_dbt_renders_for_the_raw_sources(dbt_manifest):
    manifest = json.loads(Path(dbt_project.manifest_path).read_text(encoding="utf-8"))
    rendered = {}
    for source in manifest["sources"].values():
        if source["source_name"] == "raw":
            rendered[source["name"]] = source["description"].strip()
            for column in source["columns"].values():
                rendered[f"{source['name']}.{column['name']}"] = column["description"].strip()
    with duckdb.connect() as con:
        ensure_raw_schema(con)
        written = raw_comments(con)
    assert written == rendered
    assert written["trends_interest.load_id"].startswith("The load that landed the row")  # a doc block's words


def test_describing_a_described_raw_schema_again_rewrites_only_the_comments_that_differ():
    with duckdb.connect() as con:
        ensure_raw_schema(con)
        described = raw_comments(con)
        assert describe_raw_tables(con) == 0
        con.execute("comment on column raw.trends_interest.interest is 'edited by hand'")
        con.execute("comment on table raw.events is null")
        assert describe_raw_tables(con) == 2
        assert raw_comments(con) == described
