"""The contract of a source family (a module per family: search_console, web_analytics, surveys,
trends, mentions), and what its parser returns: one export's rows per raw table, and what they cover."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

import duckdb
import pyarrow as pa

from ..config import Config
from .detect import Signature
from .inbox import Export

ARROW_TYPES = {
    "DATE": pa.date32(),
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
}


@dataclass
class Parsed:
    """One export's rows per raw table, and what it covers (for replacing older overlaps)."""

    tables: dict[str, pa.Table]
    property: str | None
    data_start: date | None
    data_end: date | None
    grain: str
    notes: list[str] = field(default_factory=list)
    # Rows a direct load (DuckDB reading the file straight into its raw table) already inserted; its tables are empty.
    landed_rows: int = 0
    # Tables of what the export says about its rows (GA4's caveats), landed but not counted as its rows.
    side_tables: frozenset[str] = frozenset()

    @property
    def rows(self) -> int:
        return self.landed_rows + sum(t.num_rows for name, t in self.tables.items() if name not in self.side_tables)

    def land(self, con: duckdb.DuckDBPyConnection, lineage: list) -> Parsed:
        """Insert the rows into their raw tables, each row followed by the lineage values."""
        for table, rows in self.tables.items():
            if rows.num_rows:
                con.register("landing_batch", rows)
                con.execute(
                    f"insert into raw.{table} select *, {', '.join('?' * len(lineage))} from landing_batch", lineage
                )
                con.unregister("landing_batch")
        return self


def arrow_table(columns: list[tuple[str, str]], rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table typed like the raw table whose (name, SQL type) columns are given."""
    schema = pa.schema([(name, ARROW_TYPES[sql]) for name, sql in columns])
    return pa.Table.from_pylist(rows, schema=schema)


@runtime_checkable
class Family(Protocol):
    """What landing needs of a family's module. A family reads its exports with the helpers in reading.py
    and values.py, never with another family's code."""

    FAMILY: str  # the family's name, as its signatures give it
    SIGNATURES: list[Signature]  # the exports it reads, most specific first
    RAW_TABLES: dict[str, list[tuple[str, str]]]  # raw table: (column, SQL type), lineage columns aside

    def parse(self, export: Export, signature: Signature, config: Config) -> Parsed:
        """The export's rows, or RejectedFile with a reason a marketer can act on."""
        ...
