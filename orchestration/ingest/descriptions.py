"""The raw tables described in the warehouse itself, so an analyst who opens the file reads what each raw
table and column holds (`select comment from duckdb_columns()`), as dbt's persist_docs does for the models.

The words have one home: dbt's sources yml (dbt_project/models/staging/_sources.yml), which `dbt docs` shows
too. The lineage columns every export table shares are described once, in doc blocks (_lineage.md) that the
yml names with `{{ doc("...") }}`; they are read here the way dbt renders them.
"""

from __future__ import annotations

import re

import duckdb
import yaml

from demandgen.settings import DBT_PROJECT_DIR

SOURCES_YML = DBT_PROJECT_DIR / "models" / "staging" / "_sources.yml"
DOC_BLOCKS = DBT_PROJECT_DIR / "models" / "_lineage.md"

_DOC_BLOCK = re.compile(r"{%-?\s*docs\s+(\w+)\s*-?%}(.*?){%-?\s*enddocs\s*-?%}", re.S)
_DOC_REFERENCE = re.compile(r"""{{\s*doc\(\s*["'](\w+)["']\s*\)\s*}}""")


def raw_descriptions() -> dict[str, tuple[str, dict[str, str]]]:
    """Each raw table's description and its columns' ({column: description}), as the sources yml says them."""
    blocks = {name: text.strip() for name, text in _DOC_BLOCK.findall(DOC_BLOCKS.read_text(encoding="utf-8"))}

    def words(text: str | None) -> str:
        return _DOC_REFERENCE.sub(lambda m: blocks[m[1]], (text or "").strip())

    [raw] = [s for s in yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))["sources"] if s["name"] == "raw"]
    return {
        table["name"]: (
            words(table.get("description")),
            {column["name"]: words(column.get("description")) for column in table.get("columns", [])},
        )
        for table in raw["tables"]
    }


def describe_raw_tables(con: duckdb.DuckDBPyConnection) -> int:
    """Comment the raw tables and their columns as the sources yml describes them, where a comment differs
    (a warehouse already described costs one look at its catalog); returns how many comments were written."""
    now = {
        (table, column): comment
        for table, column, comment in con.execute(
            "select table_name, null, comment from duckdb_tables() "
            "where database_name = current_database() and schema_name = 'raw' "
            "union all select table_name, column_name, comment from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'raw'"
        ).fetchall()
    }
    wanted = {}
    for table, (description, columns) in raw_descriptions().items():
        wanted[(table, None)] = description
        wanted |= {(table, column): text for column, text in columns.items()}
    written = 0
    for (table, column), text in wanted.items():
        # A table or column the warehouse lacks is left to tests/test_warehouse_docs.py to name.
        if text and (table, column) in now and now[(table, column)] != text:
            target = f'table raw."{table}"' if column is None else f'column raw."{table}"."{column}"'
            literal = "'" + text.replace("'", "''") + "'"
            con.execute(f"comment on {target} is {literal}")
            written += 1
    return written
