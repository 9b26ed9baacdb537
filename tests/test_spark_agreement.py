"""The same dbt models on Spark and on DuckDB, from the same sample exports, give the same marts.

The sample warehouse (built on DuckDB by the real refresh) gives its raw tables to
`python -m orchestration.spark`, which runs `dbt build --target spark` (models, data tests and unit
tests) in a local PySpark session and writes every marts table Spark built to Parquet. Each table
the dashboard or an analyst reads is then compared row by row: text, dates and counts equal, numbers
equal as the dashboard shows them (one decimal) and within 1e-9 relative.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal

import duckdb
import pytest

from dashboard.wording import format_value
from demandgen.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

# Each table with the columns that identify a row (the rest are compared): the contract tables of
# DESIGN.md, then every other mart the dashboard reads.
TABLES = {
    "scorecard": ["metric"],
    "branded_search_daily": ["date", "property", "segment"],
    "search_query_totals": ["property", "period_start", "period_end", "query", "segment"],
    "web_traffic_channels": ["property", "period_start", "period_end", "channel_group", "source_tool"],
    "awareness_waves": ["wave", "brand"],
    "media_mentions": ["mention_id", "brand"],
    "share_of_search": ["granularity", "geo", "period_start", "brand"],
    "ingested_files": ["file_name", "sha256"],
    "benchmarks": ["metric"],
    "branded_search_growth": ["time_window"],
    "direct_organic_share": ["property", "source_tool", "time_window"],
    "direct_organic_share_monthly": ["property", "source_tool", "month_start", "basis"],
    "channel_disagreements": [
        "property",
        "period_start",
        "period_end",
        "source_medium",
        "channel_label",
        "source_file",
    ],
    "awareness_change": ["brand"],
    "aided_awareness_waves": ["wave", "brand"],
    "awareness_mentions": ["mention", "brand"],
    "first_heard_channels": ["wave", "answer"],
    "mentions_per_quarter": ["quarter_start", "brand"],
    "share_of_search_yearly": ["geo", "granularity"],
    "survey_questions": ["file_name", "question_id", "role", "rule_number"],
    "survey_files": ["file_name"],
    "source_freshness": ["source"],
}
# Columns that depend on the day each engine ran, not on the data (the two builds may straddle midnight).
RUN_DAY_COLUMNS = {"source_freshness": {"checked_on", "days_behind", "is_stale"}}
RELATIVE_TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def java_runtime():
    """Checked before the sample warehouse is built. Like the browser tests: a clear skip on a developer's
    machine without Java, a failure where CI says Spark is required (DEMANDGEN_REQUIRE_SPARK=1)."""
    if not shutil.which("java"):
        message = "the Spark agreement test needs Java 17+ on PATH (Debian: apt-get install openjdk-17-jre-headless)"
        if os.environ.get("DEMANDGEN_REQUIRE_SPARK") == "1":
            pytest.fail(f"DEMANDGEN_REQUIRE_SPARK=1 but {message}", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def spark_marts(java_runtime, sample_warehouse, tmp_path_factory):
    """The folder of Parquet marts Spark built from the sample warehouse's raw tables."""
    work = tmp_path_factory.mktemp("spark")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.spark",
            "--warehouse",
            str(sample_warehouse),
            "--work",
            str(work),
            "build",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if run.returncode != 0:
        pytest.fail(
            f"dbt build --target spark failed (exit {run.returncode}):\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}",
            pytrace=False,
        )
    return work / "marts"


def _plain(value):
    """One comparable Python value whichever engine and Parquet type it came from."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _rows(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> list[dict]:
    selected = ", ".join(f'"{name}"' for name in columns)
    cursor = con.execute(f"select {selected} from {relation}")
    return [dict(zip(columns, map(_plain, row))) for row in cursor.fetchall()]


def _differs(duck, spark) -> bool:
    if duck is None or spark is None:
        return (duck is None) != (spark is None)
    if isinstance(duck, float) or isinstance(spark, float):
        if math.isnan(float(duck)) or math.isnan(float(spark)):
            return math.isnan(float(duck)) != math.isnan(float(spark))
        shown_differently = f"{float(duck):,.1f}" != f"{float(spark):,.1f}"
        return shown_differently or not math.isclose(
            float(duck), float(spark), rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12
        )
    return duck != spark


@pytest.mark.parametrize("table", list(TABLES))
def test_spark_builds_the_same_mart_as_duckdb(table, spark_marts, sample_warehouse):
    key = TABLES[table]
    with duckdb.connect() as con:
        con.execute(f"attach '{sample_warehouse}' as duck (read_only)")
        columns = [
            name
            for (name,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'duck' and schema_name = 'marts' "
                "and table_name = ? order by column_index",
                [table],
            ).fetchall()
        ]
        assert columns, f"marts.{table} is missing from the DuckDB warehouse"
        spark_files = spark_marts / table
        assert spark_files.is_dir(), f"marts.{table}: Spark built no such table"
        spark_relation = f"read_parquet('{spark_files}/*.parquet')"
        spark_columns = [row[0] for row in con.execute(f"describe select * from {spark_relation}").fetchall()]
        assert sorted(spark_columns) == sorted(columns), (
            f"marts.{table}: columns differ (DuckDB {columns}, Spark {spark_columns})"
        )
        compared = [name for name in columns if name not in RUN_DAY_COLUMNS.get(table, set())]
        duck_rows = _rows(con, f"duck.marts.{table}", compared)
        spark_rows = _rows(con, spark_relation, compared)

    def by_key(rows: list[dict], engine: str) -> dict:
        keyed = {tuple(row[name] for name in key): row for row in rows}
        assert len(keyed) == len(rows), f"marts.{table}: the key {key} is not unique on {engine}"
        return keyed

    duck, spark = by_key(duck_rows, "DuckDB"), by_key(spark_rows, "Spark")
    only_duck, only_spark = sorted(duck.keys() - spark.keys(), key=repr), sorted(spark.keys() - duck.keys(), key=repr)
    assert not only_duck and not only_spark, (
        f"marts.{table}: rows for {key} only on DuckDB: {only_duck[:5]} ({len(only_duck)}), "
        f"only on Spark: {only_spark[:5]} ({len(only_spark)})"
    )
    mismatches = [
        f"{dict(zip(key, row_key))} {name}: DuckDB {duck[row_key][name]!r}, Spark {spark[row_key][name]!r}"
        for row_key in sorted(duck, key=repr)
        for name in compared
        if _differs(duck[row_key][name], spark[row_key][name])
    ]
    assert not mismatches, f"marts.{table}: {len(mismatches)} values differ, e.g.\n" + "\n".join(mismatches[:10])


def test_the_scorecard_reads_the_same_on_the_dashboard(spark_marts, sample_warehouse):
    """Each light's value as the dashboard prints it ("+24.6%", "+9.2 pts", "6"), its colour and its words."""
    with duckdb.connect() as con:
        con.execute(f"attach '{sample_warehouse}' as duck (read_only)")
        query = "select metric, value, unit, status, explanation from {} order by metric"
        duck = con.execute(query.format("duck.marts.scorecard")).fetchall()
        spark = con.execute(query.format(f"read_parquet('{spark_marts}/scorecard/*.parquet')")).fetchall()
    assert len(duck) == 6, "the sample has six lights"
    shown = [
        (metric, format_value(_plain(value), unit, metric), status, explanation)
        for metric, value, unit, status, explanation in duck
    ]
    assert [
        (metric, format_value(_plain(value), unit, metric), status, explanation)
        for metric, value, unit, status, explanation in spark
    ] == shown
