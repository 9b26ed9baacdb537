"""The sample company's marts, row for row, as the code gave them before issue 16's reshaping.

tests/fixtures/sample_marts holds every mart of the sample as that code built it (tests/sample_marts.py).
A mart may gain columns and a warehouse may gain marts; the rows of the columns that were there stay the
same, except where INTENTIONAL_DIFFERENCES says how and why they differ.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.sample_marts import read, rows, tables

# table -> (why, a check of the rows that left and the rows that came). Every difference from the old
# marts is listed here, with what it is, so no difference passes unnoticed.
INTENTIONAL_DIFFERENCES: dict = {}


@pytest.mark.parametrize("table", tables())
def test_the_sample_marts_are_the_same_row_for_row(sample_warehouse, table):
    columns, before = read(table)
    try:
        now = rows(sample_warehouse, table, columns)
    except duckdb.Error as error:
        pytest.fail(f"marts.{table} lost a column or the table: {str(error).splitlines()[0]}")
    gone, came = before - now, now - before
    if table in INTENTIONAL_DIFFERENCES:
        _why, check = INTENTIONAL_DIFFERENCES[table]
        check(columns, gone, came)
        return
    sample = "\n".join(
        [f"  - {dict(zip(columns, row))}" for row in list(gone)[:5]]
        + [f"  + {dict(zip(columns, row))}" for row in list(came)[:5]]
    )
    assert not gone and not came, f"marts.{table}: {sum(gone.values())} rows left, {sum(came.values())} came\n{sample}"
