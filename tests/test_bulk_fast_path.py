"""Search Console bulk files land directly (DuckDB reads them straight into raw.*) exactly as the careful
path lands them: the same rows, lineage and outcome. Whatever the direct load cannot vouch for ("1,234",
a decimal count, a bad date) goes to the careful path, which loads it or names the row at fault.

Each case is ingested twice into fresh warehouses, once as the product does it and once with the direct
load switched off, and the two are compared; the expected outcomes are written out by hand.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.ingest import landing, search_console
from orchestration.ingest.landing import ingest_inbox
from tests.exports import BULK_PARQUET_ROWS, BULK_PARQUET_SCHEMA
from tests.exports import SEARCH_CONSOLE_CONFIG as CONFIG

FIXTURES = Path(__file__).parent / "fixtures" / "search_console"

SITE_CSV = (FIXTURES / "bulk_site_impression.csv").read_text(encoding="utf-8")
URL_CSV = (FIXTURES / "bulk_url_impression.csv").read_text(encoding="utf-8")
SITE_TABLE, URL_TABLE = "search_console_bulk_site_rows", "search_console_bulk_url_rows"
FIRST_RECORD = "DESKTOP,120,40"  # the site CSV's first record (spreadsheet row 2) ends so: impressions 120


def parquet(rows: list[tuple]) -> bytes:
    sink = pa.BufferOutputStream()
    names = BULK_PARQUET_SCHEMA.names
    pq.write_table(pa.Table.from_pylist([dict(zip(names, r)) for r in rows], schema=BULK_PARQUET_SCHEMA), sink)
    return sink.getvalue().to_pybytes()


def zipped_csv() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.write(FIXTURES / "bulk_site_impression.csv", "bq-results-20260304.csv")
    return buffer.getvalue()


def ingest(folder: Path, name: str, data: bytes, table: str, monkeypatch, *, direct: bool) -> dict:
    """`data` dropped as `name` into a fresh inbox and ingested into a fresh warehouse: the file's outcome,
    its raw rows (without the load id and time, which differ between runs) and how often the careful
    parser read it."""
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    (inbox / name).write_bytes(data)
    careful_reads = []
    real_parse_bulk = search_console.parse_bulk
    with monkeypatch.context() as patch:
        patch.setattr(search_console, "parse_bulk", lambda *a: careful_reads.append(a[1]) or real_parse_bulk(*a))
        if not direct:
            patch.setattr(landing, "DIRECT_LOADS", {})
        with duckdb.connect(str(folder / "warehouse.duckdb")) as con:
            ingest_inbox(con, inbox, CONFIG, "test-run")
            files = con.execute("select * exclude (load_id, ingested_at) from raw.ingested_files").fetchall()
            rows = con.execute(
                f"select * exclude (load_id, ingested_at) from raw.{table} order by source_row"
            ).fetchall()
            load_ids = con.execute(
                f"select distinct r.load_id = f.load_id from raw.{table} r "
                "join raw.ingested_files f on r.source_sha256 = f.sha256"
            ).fetchall()
    assert load_ids in ([], [(True,)]), "raw rows do not carry their file's load id"
    return {"files": files, "rows": rows, "careful_reads": len(careful_reads)}


def both_ways(tmp_path: Path, name: str, data: bytes, table: str, monkeypatch) -> dict:
    direct = ingest(tmp_path / "direct", name, data, table, monkeypatch, direct=True)
    careful = ingest(tmp_path / "careful", name, data, table, monkeypatch, direct=False)
    assert careful["careful_reads"] == 1
    assert (direct["files"], direct["rows"]) == (careful["files"], careful["rows"])
    return direct


def outcome(result: dict) -> tuple:
    [file] = result["files"]
    return file[3], file[4], file[5]  # status, rows, reason


@pytest.mark.parametrize(
    "name, data, table, records",
    [
        ("searchdata_site_impression.csv", SITE_CSV.encode(), SITE_TABLE, 9),
        ("bq-results.csv", URL_CSV.encode(), URL_TABLE, 3),
        ("extract.parquet", parquet(BULK_PARQUET_ROWS), SITE_TABLE, 9),
        ("export.zip", zipped_csv(), SITE_TABLE, 9),
    ],
    ids=["site csv", "url csv", "parquet", "zipped csv"],
)
def test_a_sample_bulk_file_lands_directly_with_the_careful_path_s_rows(
    tmp_path, monkeypatch, name, data, table, records
):
    result = both_ways(tmp_path, name, data, table, monkeypatch)

    assert result["careful_reads"] == 0, "the sample file did not land directly"
    assert outcome(result) == ("loaded", records, None)
    assert len(result["rows"]) == records


def test_a_re_saved_file_with_a_grouped_count_falls_back_and_still_loads(tmp_path, monkeypatch):
    re_saved = SITE_CSV.replace(FIRST_RECORD, 'DESKTOP,"1,200",40').encode()

    result = both_ways(tmp_path, "searchdata_site_impression.csv", re_saved, SITE_TABLE, monkeypatch)

    assert result["careful_reads"] == 1, 'DuckDB\'s typed read took "1,200"'
    assert outcome(result) == ("loaded", 9, None)
    impressions = [r[7] for r in result["rows"]]
    assert impressions[0] == 1200 and sum(impressions) == 1340  # 260 with 120 for 1,200: 260 - 120 + 1200


@pytest.mark.parametrize(
    "cell, direct, expected",
    [
        ("12.0", True, ("loaded", 9, None)),
        (" 7 ", True, ("loaded", 9, None)),
        (
            "1.5",
            False,
            (
                "rejected",
                0,
                "searchdata_site_impression.csv row 2: impressions '1.5' is not a whole number of zero or more",
            ),
        ),
        (
            "-3",
            False,
            (
                "rejected",
                0,
                "searchdata_site_impression.csv row 2: impressions '-3' is not a whole number of zero or more",
            ),
        ),
        ("", False, ("rejected", 0, "searchdata_site_impression.csv row 2: impressions is empty")),
        (
            "0x10",
            False,
            (
                "rejected",
                0,
                "searchdata_site_impression.csv row 2: impressions '0x10' is not a whole number of zero or more",
            ),
        ),
    ],
)
def test_an_odd_count_lands_or_is_rejected_as_the_careful_path_says(tmp_path, monkeypatch, cell, direct, expected):
    data = SITE_CSV.replace(FIRST_RECORD, f"DESKTOP,{cell},40").encode()

    result = both_ways(tmp_path, "searchdata_site_impression.csv", data, SITE_TABLE, monkeypatch)

    assert outcome(result) == expected
    assert result["careful_reads"] == (0 if direct else 1)
    if expected[0] == "rejected":
        assert result["rows"] == [], "a rejected file left rows behind"


def test_a_bad_date_is_rejected_naming_its_row_and_nothing_lands(tmp_path, monkeypatch):
    data = SITE_CSV.replace("2026-03-02,", "2026-03-32,", 1).encode()

    result = both_ways(tmp_path, "searchdata_site_impression.csv", data, SITE_TABLE, monkeypatch)

    # Records 1-4 are 2026-03-01; the fifth record (spreadsheet row 6) is the first 2026-03-02.
    assert outcome(result) == (
        "rejected",
        0,
        "searchdata_site_impression.csv row 6: data_date '2026-03-32' is not a date like 2026-03-31",
    )
    assert result["rows"] == []
