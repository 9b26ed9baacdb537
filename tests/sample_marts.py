"""The sample company's marts as CSV, to check a change of the code leaves them as they were.

`python -m tests.sample_marts WAREHOUSE` rewrites tests/fixtures/sample_marts/ from a refreshed sample
warehouse. The files there were written from the code as it stood before issue 16's reshaping (commit
146e869), and tests/test_sample_marts.py compares every later build with them, row for row.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import Counter
from pathlib import Path

import duckdb

FOLDER = Path(__file__).parent / "fixtures" / "sample_marts"
# What depends on the day and the moment a refresh runs, not on the exports.
VOLATILE = {
    "ingested_files": {"ingested_at", "load_id"},  # load ids follow the files' modification times
    "source_freshness": {"checked_on", "days_behind", "is_stale", "last_loaded_at"},
}


def rows(warehouse: Path, table: str, columns: list[str]) -> Counter:
    """A table's rows as text (DuckDB's own casts), as a multiset: order never matters."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        select = ", ".join(f'cast("{c}" as varchar)' for c in columns)
        return Counter(con.execute(f"select {select} from marts.{table}").fetchall())


def mart_columns(warehouse: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute("""
            select table_name, list(column_name order by ordinal_position)
            from information_schema.columns where table_schema = 'marts' group by table_name""").fetchall()
    return {table: [c for c in columns if c not in VOLATILE.get(table, set())] for table, columns in found}


def write(warehouse: Path, folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table, columns in sorted(mart_columns(warehouse).items()):
        ordered = sorted(rows(warehouse, table, columns).elements(), key=lambda r: ["" if v is None else v for v in r])
        with gzip.open(folder / f"{table}.csv.gz", "wt", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(columns)
            out.writerows([["\\N" if v is None else v for v in row] for row in ordered])


def read(table: str, folder: Path = FOLDER) -> tuple[list[str], Counter]:
    with gzip.open(folder / f"{table}.csv.gz", "rt", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        columns = next(reader)
        return columns, Counter(tuple(None if v == "\\N" else v for v in row) for row in reader)


def tables(folder: Path = FOLDER) -> list[str]:
    return sorted(p.name.removesuffix(".csv.gz") for p in folder.glob("*.csv.gz"))


if __name__ == "__main__":
    write(Path(sys.argv[1]))
