"""The same dbt models on a second engine: Apache Spark, in a local PySpark session.

    python -m orchestration.spark --warehouse W --work DIR [dbt arguments, default: build]

gives Spark every raw.* table of the DuckDB warehouse W, as our own ingest landed them (written to
Parquet by DuckDB, registered as raw.<table> with the same columns and types), runs
`dbt <arguments> --target spark` in this process, then writes each marts.* table Spark built to
DIR/marts/<table>/ as Parquet, so the two engines' marts can be compared with nothing but DuckDB.
Spark's tables, its Hive metastore (Derby) and dbt's target and logs all live in DIR.

One process on purpose: dbt-spark's `session` method calls SparkSession.builder.getOrCreate(),
which returns the session started here, so dbt works on the raw tables registered in it. The
session's settings are the spark target's `server_side_parameters` in dbt_project/profiles.yml,
read from there, so Spark is set up the same whichever of the two starts it.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

import duckdb
import jinja2
import yaml

from demandgen.settings import DBT_PROJECT_DIR

SPARK_DIR_VARIABLE = "DEMANDGEN_SPARK_DIR"


def spark_settings() -> dict[str, str]:
    """The spark target's session settings, rendered as dbt renders them (env_var from the environment)."""

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"profiles.yml: environment variable {name} is not set")
        return default

    text = (DBT_PROJECT_DIR / "profiles.yml").read_text()
    profile = yaml.safe_load(jinja2.Template(text).render(env_var=env_var))
    return {
        key: str(value) for key, value in profile["demandgen"]["outputs"]["spark"]["server_side_parameters"].items()
    }


def start_session(work: Path):
    """The local Spark session dbt will reuse; a clear message when Java is missing."""
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        raise SystemExit(
            "Spark needs Java 17 or later: no `java` on PATH and no JAVA_HOME "
            "(Debian: apt-get install openjdk-17-jre-headless)"
        )
    from pyspark.sql import SparkSession

    os.environ[SPARK_DIR_VARIABLE] = str(work)
    # dbt reports a failing model's Spark error itself; PySpark would also log its whole Java stack trace.
    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        logging.getLogger(name).disabled = True
    builder = SparkSession.builder.appName("demandgen").enableHiveSupport()
    for key, value in spark_settings().items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def load_raw_tables(spark, warehouse: Path, work: Path) -> list[str]:
    """Every raw.* table of the DuckDB warehouse, as Spark tables raw.<name> with the same columns and types."""
    exported = work / "raw_parquet"
    shutil.rmtree(exported, ignore_errors=True)
    exported.mkdir(parents=True)
    # Attached into a private in-memory database: a second duckdb.connect(path) in one process can be stale.
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as source (read_only)")
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'source' and schema_name = 'raw' "
                "order by table_name"
            ).fetchall()
        ]
        if not tables:
            raise SystemExit(f"{warehouse}: no raw.* tables (run `demandgen refresh` on it first)")
        for name in tables:
            con.execute(f"copy source.raw.{name} to '{exported / name}.parquet' (format parquet)")
    spark.sql("create database if not exists raw")
    for name in tables:
        # Tables over the exported files: only the metastore entry is written, no second copy of the rows.
        spark.sql(f"drop table if exists raw.{name}")
        spark.sql(f"create table raw.{name} using parquet location '{exported / name}.parquet'")
    return tables


def run_dbt(work: Path, arguments: list[str]) -> bool:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(
        [
            *arguments,
            "--target",
            "spark",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            # Not dbt_project/target: that manifest is the DuckDB one Dagster reads.
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ]
    )
    if result.exception is not None:
        print(f"dbt failed: {result.exception}", file=sys.stderr)
    elif not result.success and result.result is not None:
        failed = [
            f"{r.node.resource_type} {r.node.name} ({r.status})"
            for r in result.result
            if str(r.status) in ("error", "fail")
        ]
        print(f"dbt failed: {', '.join(failed) or 'see the log above'}", file=sys.stderr)
    return result.success


def export_marts(spark, work: Path) -> list[str]:
    """Each marts.* table as Parquet, DIR/marts/<table>/part-*.parquet
    (DuckDB: read_parquet('.../<table>/*.parquet'))."""
    folder = work / "marts"
    shutil.rmtree(folder, ignore_errors=True)
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    tables = sorted(row.tableName for row in spark.sql("show tables in marts").collect() if not row.isTemporary)
    for name in tables:
        spark.table(f"marts.{name}").coalesce(1).write.mode("overwrite").parquet(str(folder / name))
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a DuckDB warehouse built by `demandgen refresh`")
    parser.add_argument(
        "--work", type=Path, required=True, help="folder for Spark's tables, metastore and dbt's target"
    )
    parser.add_argument("dbt", nargs=argparse.REMAINDER, help="dbt command and arguments (default: build)")
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        parser.error(f"--warehouse {args.warehouse}: no such file")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)

    spark = start_session(work)
    tables = load_raw_tables(spark, args.warehouse.resolve(), work)
    print(f"loaded {len(tables)} raw tables into Spark from {args.warehouse}", flush=True)
    if not run_dbt(work, args.dbt or ["build"]):
        return 1
    if spark.catalog.databaseExists("marts"):
        print(f"wrote {len(export_marts(spark, work))} marts tables to {work / 'marts'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
