"""Whatever lands in the inbox, the warehouse only ever gets whole good exports, and every refusal is a sentence.

Each test drops files into a temporary inbox and runs `ingest_inbox` against an in-memory DuckDB,
then counts what reached the raw tables and reads the reason recorded in raw.ingested_files.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from orchestration.config import parse_config
from orchestration.ingest import inbox as inbox_module
from orchestration.ingest.landing import INGESTED_FILES, IngestReport, ingest_inbox

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_BULK = FIXTURES / "search_console" / "bulk_site_impression.csv"  # 9 rows
UI_EXPORT = FIXTURES / "search_console" / "ui_dates_last_3_months"
BRAND = {"name": "Northwind Analytics", "terms": ["northwind"]}
CONFIG = parse_config(
    {"brand": BRAND, "search_console": {"property": "sc-domain:northwind-analytics.com"}}, "demandgen.yaml"
)
NOT_RECOGNISED = "is not an export this product recognises: "
WHAT_TO_DO = "; download it again from its tool as one of the exports the Data page lists"
BINARY = "a binary file (an image, a PDF or an Excel workbook?)"
RAW_ROW_TABLES = [
    "search_console_bulk_site_rows",
    "search_console_bulk_url_rows",
    "search_console_api_rows",
    "search_console_ui_daily_totals",
    "search_console_ui_query_totals",
]


@pytest.fixture
def inbox(tmp_path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        yield connection


def ingest(con, inbox: Path, config=CONFIG, run_id: str = "run-1") -> IngestReport:
    return ingest_inbox(con, inbox, config, run_id)


def raw_rows(con, table: str = "search_console_bulk_site_rows", source_file: str | None = None) -> int:
    sql = f"select count(*) from raw.{table}" + (" where source_file = ?" if source_file else "")
    return con.execute(sql, [source_file] if source_file else []).fetchone()[0]


def all_raw_rows(con) -> dict[str, int]:
    return {table: raw_rows(con, table) for table in RAW_ROW_TABLES}


def outcomes(con) -> list[tuple]:
    return con.execute(
        "select file_name, status, rows, reason from raw.ingested_files order by file_name, load_id"
    ).fetchall()


def rejection(report: IngestReport, file: str) -> str:
    [reason] = [r["reason"] for r in report.rejected if r["file"] == file]
    return reason


def assert_readable(reason: str, *names: str) -> None:
    """One plain sentence: no traceback, no stack lines, and it names what is wrong.

    Reasons about the whole file are shown after its name ("photo.png: is not ..."), so they start
    with a verb; reasons about one part of it name that member (and row and column) themselves.
    """
    assert "Traceback" not in reason and "\n" not in reason and 'File "' not in reason, reason
    for name in names:
        assert name in reason, f"{name!r} is not named in {reason!r}"
    if not names:
        assert reason.startswith(("is ", "holds ")), reason


def make_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def ui_members() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(UI_EXPORT.iterdir())}


# --- a bad row rejects its whole file ---------------------------------------------------------


def test_a_bad_value_rejects_the_whole_file_and_none_of_its_rows_land(con, inbox):
    shutil.copy(FIXTURES / "bad" / "bulk_site_bad_clicks.csv", inbox / "report (1).csv")
    shutil.copy(GOOD_BULK, inbox / "searchdata_site_impression_202603.csv")

    report = ingest(con, inbox)

    reason = rejection(report, "report (1).csv")
    # Row 4 of the file (header = row 1) has clicks "n/a"; rows 2 and 3 before it are fine.
    assert reason == "report (1).csv row 4: clicks 'n/a' is not a whole number of zero or more"
    assert_readable(reason, "report (1).csv", "row 4", "clicks")
    assert raw_rows(con, source_file="report (1).csv") == 0
    assert report.loaded == [
        {"file": "searchdata_site_impression_202603.csv", "format": "search_console_bulk_site", "rows": 9}
    ]
    assert raw_rows(con) == 9  # only the good file's nine records
    assert outcomes(con) == [
        ("report (1).csv", "rejected", 0, reason),
        ("searchdata_site_impression_202603.csv", "loaded", 9, None),
    ]


def test_a_bad_value_inside_a_zip_names_the_member_row_and_column(con, inbox):
    bad = (FIXTURES / "bad" / "bulk_site_bad_clicks.csv").read_bytes()
    make_zip(inbox / "bigquery export.zip", {"bq-results-20260304-1200.csv": bad})

    report = ingest(con, inbox)

    reason = rejection(report, "bigquery export.zip")
    assert reason == "bq-results-20260304-1200.csv row 4: clicks 'n/a' is not a whole number of zero or more"
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


def test_a_bad_day_in_a_ui_export_rejects_the_whole_export(con, inbox):
    members = ui_members()
    members["Dates.csv"] = members["Dates.csv"].replace(b"2026-03-06,22,", b"2026-03-06,22.5,")
    make_zip(inbox / "Performance-on-Search.zip", members)

    report = ingest(con, inbox)

    # Dates.csv row 5 (header = row 1; newest first: 09, 08, 07, then 06).
    assert rejection(report, "Performance-on-Search.zip") == (
        "Dates.csv row 5: Clicks '22.5' is not a whole number of zero or more"
    )
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


# --- zips that must not be opened -------------------------------------------------------------


@pytest.mark.parametrize(
    "member",
    ["../evil.csv", "../../evil.csv", "/tmp/evil.csv", "..\\evil.csv", "C:/evil.csv", "Queries/../../evil.csv"],
)
def test_a_zip_member_with_an_unsafe_path_is_rejected_and_nothing_is_written(con, inbox, tmp_path, member):
    make_zip(
        inbox / "export.zip",
        {
            "Queries.csv": "Top queries,Clicks,Impressions,CTR,Position\nnorthwind,1,2,50%,1",
            member: GOOD_BULK.read_text(),
        },
    )
    outside = [tmp_path.parent / "evil.csv", tmp_path.parent.parent / "evil.csv", Path("/tmp/evil.csv")]
    before = sorted(tmp_path.rglob("*")), [p.exists() for p in outside]

    report = ingest(con, inbox)

    reason = rejection(report, "export.zip")
    assert reason == f"holds a member with an unsafe path ({member!r}); it was not opened"
    assert_readable(reason, repr(member))
    assert (sorted(tmp_path.rglob("*")), [p.exists() for p in outside]) == before
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


def test_a_zip_inside_a_zip_is_rejected(con, inbox, tmp_path):
    inner = make_zip(tmp_path / "inner.zip", {"searchdata.csv": GOOD_BULK.read_bytes()}).read_bytes()
    make_zip(inbox / "outer.zip", {"Performance-on-Search.zip": inner})

    report = ingest(con, inbox)

    reason = rejection(report, "outer.zip")
    assert reason == "holds another zip (Performance-on-Search.zip); unzip it and drop the inner export instead"
    assert_readable(reason, "Performance-on-Search.zip")
    assert raw_rows(con) == 0


def test_a_password_protected_member_is_rejected(con, inbox):
    path = inbox / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in ui_members().items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 10, 9, 0, 0)), data)
        # zipfile clears flag bits while writing; set "encrypted" (bit 0) on the Dates.csv entry of the
        # central directory it writes at close, and in that member's local header below.
        dates = z.getinfo("Dates.csv")
        dates.flag_bits |= 0x1
    data = bytearray(path.read_bytes())
    data[dates.header_offset + 6] |= 0x1
    path.write_bytes(bytes(data))

    report = ingest(con, inbox)

    reason = rejection(report, "export.zip")
    assert reason == "Dates.csv inside the zip is password-protected; export it again without a password"
    assert_readable(reason, "Dates.csv")
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


def test_a_zip_bomb_member_is_rejected_by_its_real_size(con, inbox, monkeypatch):
    monkeypatch.setattr(inbox_module, "MAX_MEMBER_BYTES", 64 * 1024)
    members = ui_members()
    # A Queries.csv that unpacks to ~900 KB, far over the (lowered) limit, but compresses to a few KB.
    members["Queries.csv"] = members["Queries.csv"] + b"\n" + b"northwind,1,10,10%,1.5\n" * 40_000
    path = make_zip(inbox / "Performance-on-Search.zip", members)
    assert path.stat().st_size < 16 * 1024

    report = ingest(con, inbox)

    reason = rejection(report, "Performance-on-Search.zip")
    assert reason.startswith("Queries.csv inside the zip unpacks to more than ")
    assert reason.endswith("; unzip it and drop the files instead")
    assert_readable(reason, "Queries.csv")
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


def test_a_truncated_zip_is_rejected_as_damaged(con, inbox, tmp_path):
    whole = make_zip(tmp_path / "whole.zip", ui_members()).read_bytes()
    (inbox / "Performance-on-Search.zip").write_bytes(whole[: len(whole) // 2])  # an interrupted download

    report = ingest(con, inbox)

    reason = rejection(report, "Performance-on-Search.zip")
    assert reason == "is not a readable zip file (damaged or incomplete download?)"
    assert_readable(reason)
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


def test_a_zip_with_a_damaged_member_is_rejected_with_a_sentence(con, inbox, tmp_path):
    path = make_zip(inbox / "Performance-on-Search.zip", ui_members())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("Dates.csv")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)  # the compressed bytes follow the local header
    data[start : start + info.compress_size] = bytes(b ^ 0x5A for b in data[start : start + info.compress_size])
    path.write_bytes(bytes(data))

    report = ingest(con, inbox)

    reason = rejection(report, "Performance-on-Search.zip")
    assert reason == "Dates.csv inside the zip is damaged and cannot be unpacked; download the export again"
    assert_readable(reason, "Dates.csv")
    assert all_raw_rows(con) == dict.fromkeys(RAW_ROW_TABLES, 0)


# --- files that are not exports --------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, looks_like",
    [
        ("searchdata_site_impression_202603.csv", b"", "an empty file"),
        ("Queries.csv", b"\n\n", "a text file with no table in it"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BINARY),
        ("report (1).csv", bytes(range(256)) * 8, BINARY),
        ("contacts.csv", b"Name,Email,Phone,Company,Title\nAda,ada@example.com,555,Acme,CMO\n", None),
    ],
)
def test_a_file_that_is_no_export_is_rejected_in_one_line_with_the_formats_read_as_detail(
    con, inbox, name, content, looks_like
):
    (inbox / name).write_bytes(content)

    report = ingest(con, inbox)

    reason = rejection(report, name)
    looks_like = looks_like or "a CSV table with the columns company, email, name, phone, …"
    assert reason == NOT_RECOGNISED + looks_like + WHAT_TO_DO
    assert len(reason) <= 200  # it used to list every format read: about 1,050 characters
    assert_readable(reason)
    assert outcomes(con) == [(name, "rejected", 0, reason)]
    # The formats read are the detail the Data page shows, one a line; the CLI's summary has the reason only.
    [(detail,)] = con.execute("select detail from raw.ingested_files").fetchall()
    formats = detail.splitlines()
    assert "Search Console bulk export, site table (searchdata_site_impression)" in formats
    assert "Meltwater export (CSV or tab-separated, current or older layout)" in formats
    assert formats[-1] == (
        "another media tool's CSV, once mentions_csv in the config names its date, title and URL columns"
    )
    assert len(formats) == len(set(formats)) >= 15
    assert [set(r) for r in report.rejected] == [{"file", "reason"}]


def test_a_warehouse_from_before_the_detail_column_gains_it_and_keeps_its_rows(con, inbox):
    # raw.ingested_files as the version before the detail column made it, with one file recorded.
    old_columns = [(c, t) for c, t in INGESTED_FILES if c != "detail"]
    con.execute("create schema raw")
    con.execute(f"create table raw.ingested_files ({', '.join(f'{c} {t}' for c, t in old_columns)})")
    con.execute(
        "insert into raw.ingested_files (load_id, file_name, status, rows) values (1, 'old.csv', 'rejected', 0)"
    )
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)

    ingest(con, inbox)

    got = con.execute("select file_name, detail is not null from raw.ingested_files order by file_name").fetchall()
    assert got == [("old.csv", False), ("photo.png", True)]
    assert [
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_name = 'ingested_files'"
        ).fetchall()
    ] == [c for c, _ in INGESTED_FILES]


# --- the same export again --------------------------------------------------------------------


def test_the_same_file_under_a_second_name_is_a_duplicate(con, inbox):
    first, second = inbox / "searchdata_site_impression_202603.csv", inbox / "2026" / "report (1).csv"
    second.parent.mkdir()
    shutil.copy(GOOD_BULK, first)
    shutil.copy(GOOD_BULK, second)
    os.utime(first, (1_770_000_000, 1_770_000_000))  # exports are taken oldest first
    os.utime(second, (1_770_000_060, 1_770_000_060))

    report = ingest(con, inbox)

    assert report.loaded == [{"file": first.name, "format": "search_console_bulk_site", "rows": 9}]
    assert report.duplicates == [{"file": "2026/report (1).csv", "same_as": first.name}]
    assert raw_rows(con) == 9  # loaded once
    assert outcomes(con) == [
        ("2026/report (1).csv", "duplicate", 0, f"same content as {first.name}, already loaded"),
        (first.name, "loaded", 9, None),
    ]


def test_a_second_run_over_the_same_inbox_loads_nothing(con, inbox):
    shutil.copy(GOOD_BULK, inbox / "searchdata_site_impression_202603.csv")
    shutil.copy(GOOD_BULK, inbox / "copy of searchdata.csv")
    shutil.copytree(UI_EXPORT, inbox / "Performance-on-Search")
    shutil.copy(FIXTURES / "search_console" / "api_date_query.json", inbox / "api.json")

    first = ingest(con, inbox, run_id="run-1")
    counts = all_raw_rows(con)
    files = outcomes(con)
    second = ingest(con, inbox, run_id="run-2")

    assert (len(first.loaded), len(first.duplicates), first.rejected) == (3, 1, [])
    # 9 bulk rows; 5 API rows; the UI export's 5 days and 2 queries.
    assert counts == {
        "search_console_bulk_site_rows": 9,
        "search_console_bulk_url_rows": 0,
        "search_console_api_rows": 5,
        "search_console_ui_daily_totals": 5,
        "search_console_ui_query_totals": 2,
    }
    assert (second.loaded, second.duplicates, second.rejected, second.unchanged) == ([], [], [], 4)
    assert all_raw_rows(con) == counts
    assert outcomes(con) == files


def test_a_rejected_file_is_retried_each_run_and_keeps_one_rejected_row(con, inbox):
    shutil.copy(FIXTURES / "search_console" / "api_date_query.json", inbox / "api.json")
    no_property = parse_config({"brand": BRAND}, "demandgen.yaml")

    first = ingest(con, inbox, no_property, run_id="run-1")
    second = ingest(con, inbox, no_property, run_id="run-2")

    reason = rejection(second, "api.json")
    assert rejection(first, "api.json") == reason and second.unchanged == 0
    assert_readable(reason, "api.json", "search_console.property")
    assert con.execute("select status, run_id from raw.ingested_files").fetchall() == [("rejected", "run-2")]

    third = ingest(con, inbox, CONFIG, run_id="run-3")  # the config now names the property

    assert third.loaded == [{"file": "api.json", "format": "search_console_api", "rows": 5}]
    assert raw_rows(con, "search_console_api_rows") == 5
    assert ingest(con, inbox, CONFIG, run_id="run-4").unchanged == 1
