"""Every Search Console export format: detected by content (never by name), parsed to hand-counted rows.

The fixtures under tests/fixtures/search_console/ are small copies of what the real tools write;
each expected number below is summed by hand from those files, with the sum written out.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.config import parse_config
from orchestration.ingest import search_console
from orchestration.ingest.detect import detect
from orchestration.ingest.inbox import Export, RejectedFile, discover, open_zip
from orchestration.ingest.landing import SIGNATURES, is_bundle
from tests.exports import (
    BULK_PARQUET_ROWS,
    BULK_PARQUET_SCHEMA,
    zipped,
)
from tests.exports import (
    SEARCH_CONSOLE_CONFIG as CONFIG,
)
from tests.exports import (
    SEARCH_CONSOLE_PROPERTY as PROPERTY,
)

FIXTURES = Path(__file__).parent / "fixtures" / "search_console"
CONFIG_WITHOUT_PROPERTY = parse_config({"brand": {"name": "Northwind Analytics", "terms": ["northwind"]}}, "test.yaml")


def dropped(tmp_path: Path, source: Path | bytes, name: str, rename: dict[str, str] | None = None) -> Export:
    """`source` dropped alone into a fresh inbox as `name`, seen the way the inbox sees it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    target = inbox / name
    if isinstance(source, bytes):
        target.write_bytes(source)
    elif source.is_dir():
        shutil.copytree(source, target)
        for old, new in (rename or {}).items():
            (target / old).rename(target / f"{new}.renaming")
        for renamed in target.glob("*.renaming"):
            renamed.rename(renamed.with_suffix(""))
    else:
        shutil.copy(source, target)
    [export] = discover(inbox, is_bundle)
    open_zip(export)
    return export


def parsed(export: Export, config=CONFIG) -> tuple[str, search_console.Parsed]:
    signature = detect(export, SIGNATURES)
    assert signature is not None, f"{export.name} was not recognised"
    return signature.format, search_console.parse(export, signature, config)


def rows(result: search_console.Parsed, table: str) -> list[dict]:
    return result.tables[table].to_pylist()


# --- bulk export --------------------------------------------------------------------------------

BULK_SITE = "search_console_bulk_site_rows"


def test_bulk_site_csv_renamed_is_detected_by_its_columns_and_every_row_kept(tmp_path):
    export = dropped(tmp_path, FIXTURES / "bulk_site_impression.csv", "report (1).csv")

    fmt, result = parsed(export)

    assert fmt == "search_console_bulk_site"
    assert list(result.tables) == [BULK_SITE]
    got = rows(result, BULK_SITE)
    assert len(got) == 9  # 11 lines: a header and 9 records, one of which spans two lines
    assert sum(r["impressions"] for r in got) == 260  # 120+30+55+12+9+4+7+20+3
    assert sum(r["clicks"] for r in got) == 54  # 40+5+3+2+1+2+0+0+1
    assert (result.property, result.data_start, result.data_end, result.grain) == (
        PROPERTY,
        date(2026, 3, 1),
        date(2026, 3, 3),
        "by_property",
    )


def test_bulk_site_csv_keeps_repeated_keys_as_separate_rows(tmp_path):
    got = rows(parsed(dropped(tmp_path, FIXTURES / "bulk_site_impression.csv", "data.txt"))[1], BULK_SITE)

    repeated = [
        r
        for r in got
        if (r["data_date"], r["query"], r["country"], r["device"])
        == (date(2026, 3, 1), "northwind analytics", "usa", "DESKTOP")
    ]
    # Rows 2 and 3 of the file share every key; they are summed in dbt, never de-duplicated here.
    assert [(r["source_row"], r["impressions"], r["clicks"]) for r in repeated] == [(2, 120, 40), (3, 30, 5)]


def test_bulk_site_csv_anonymized_rows_have_no_query(tmp_path):
    got = rows(parsed(dropped(tmp_path, FIXTURES / "bulk_site_impression.csv", "data.txt"))[1], BULK_SITE)

    anonymized = [r for r in got if r["is_anonymized_query"]]
    assert [(r["source_row"], r["query"], r["impressions"]) for r in anonymized] == [(4, None, 55), (9, None, 20)]
    assert all(r["query"] is not None for r in got if not r["is_anonymized_query"])


def test_bulk_site_csv_queries_come_through_intact_and_rows_point_at_the_file(tmp_path):
    got = rows(parsed(dropped(tmp_path, FIXTURES / "bulk_site_impression.csv", "data.txt"))[1], BULK_SITE)

    # Rows are numbered as a spreadsheet shows them: the header is row 1, and the query with an
    # embedded newline is one row (7) although it spans two lines of the file.
    by_row = {r["source_row"]: r for r in got}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert by_row[5]["query"] == "northwind, pricing"
    assert by_row[6]["query"] == 'the "northwind" dashboard'
    assert by_row[7]["query"] == "northwind\nlogin"
    assert by_row[8]["query"] == "nörthwind analýtics münchen"
    assert by_row[10]["query"] == "ノースウィンド 料金"
    assert (by_row[10]["country"], by_row[10]["impressions"], by_row[10]["sum_top_position"]) == ("jpn", 3, 2.0)


def test_bulk_site_csv_inside_a_zip_gives_the_same_rows(tmp_path):
    with zipfile.ZipFile(tmp_path / "one.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.write(FIXTURES / "bulk_site_impression.csv", "bq-results-20260304.csv")

    fmt, result = parsed(dropped(tmp_path, (tmp_path / "one.zip").read_bytes(), "download.bin"))

    assert fmt == "search_console_bulk_site"
    got = rows(result, BULK_SITE)
    assert (len(got), sum(r["impressions"] for r in got), sum(r["clicks"] for r in got)) == (9, 260, 54)


def parquet_bytes(tmp_path: Path, records: list[tuple]) -> bytes:
    names = BULK_PARQUET_SCHEMA.names
    table = pa.Table.from_pylist([dict(zip(names, r)) for r in records], schema=BULK_PARQUET_SCHEMA)
    pq.write_table(table, tmp_path / "extract.parquet")
    return (tmp_path / "extract.parquet").read_bytes()


def test_bulk_site_parquet_renamed_gives_the_same_hand_sums(tmp_path):
    export = dropped(tmp_path, parquet_bytes(tmp_path, BULK_PARQUET_ROWS), "data.txt")

    fmt, result = parsed(export)

    assert fmt == "search_console_bulk_site"
    got = rows(result, BULK_SITE)
    assert len(got) == 9
    assert sum(r["impressions"] for r in got) == 260  # 120+30+55+12+9+4+7+20+3
    assert sum(r["clicks"] for r in got) == 54  # 40+5+3+2+1+2+0+0+1
    assert [r["query"] for r in got if r["is_anonymized_query"]] == [None, None]
    assert [r["query"] for r in got][5:7] == ["northwind\nlogin", "nörthwind analýtics münchen"]
    # Parquet has no header row: its first record is row 1.
    assert [r["source_row"] for r in got] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert (result.property, result.data_start, result.data_end) == (PROPERTY, date(2026, 3, 1), date(2026, 3, 3))


def test_bulk_site_parquet_with_a_negative_count_names_its_row(tmp_path):
    records = list(BULK_PARQUET_ROWS)
    records[2] = records[2][:8] + (-3,) + records[2][9:]  # third record: clicks -3
    export = dropped(tmp_path, parquet_bytes(tmp_path, records), "extract.parquet")

    with pytest.raises(RejectedFile) as rejected:
        parsed(export)

    assert str(rejected.value) == "extract.parquet row 3: clicks '-3' is not a whole number of zero or more"


def test_bulk_url_csv_is_the_url_table_not_the_site_table(tmp_path):
    export = dropped(tmp_path, FIXTURES / "bulk_url_impression.csv", "report (1).csv")

    fmt, result = parsed(export)

    assert fmt == "search_console_bulk_url"
    assert list(result.tables) == ["search_console_bulk_url_rows"]
    got = rows(result, "search_console_bulk_url_rows")
    assert sum(r["impressions"] for r in got) == 116  # 80+11+25
    assert sum(r["clicks"] for r in got) == 49  # 30+1+18
    assert [r["url"] for r in got] == [
        "https://northwind-analytics.com/",
        "https://northwind-analytics.com/pricing",
        "https://northwind-analytics.com/login",
    ]
    assert [r["query"] for r in got] == ["northwind analytics", None, "northwind login"]
    assert [r["sum_position"] for r in got] == [16.0, 40.0, 2.0]
    assert result.grain == "by_page"


# --- saved API responses -----------------------------------------------------------------------

API = "search_console_api_rows"


def test_api_date_query_response_with_first_incomplete_date(tmp_path):
    export = dropped(tmp_path, FIXTURES / "api_date_query.json", "report (1).csv")

    fmt, result = parsed(export)

    assert fmt == "search_console_api"
    got = rows(result, API)
    assert [(r["date"], r["query"]) for r in got] == [
        (date(2026, 3, 1), "northwind analytics"),
        (date(2026, 3, 1), "northwind"),
        (date(2026, 3, 2), "northwind analytics"),
        (date(2026, 3, 2), "nörthwind"),
        (date(2026, 3, 3), "northwind analytics"),
    ]
    assert sum(r["clicks"] for r in got) == 106  # 40+10+35+1+20
    assert sum(r["impressions"] for r in got) == 358  # 120+50+110+8+70
    assert {(r["dimensions"], r["property"], r["aggregation_type"], r["first_incomplete_date"]) for r in got} == {
        ("date,query", PROPERTY, "byProperty", date(2026, 3, 3))
    }
    assert [r["source_row"] for r in got] == [1, 2, 3, 4, 5]
    assert (result.data_start, result.data_end, result.grain) == (date(2026, 3, 1), date(2026, 3, 3), "by_property")


def test_api_keys_in_another_order_are_named_from_their_values(tmp_path):
    export = dropped(tmp_path, FIXTURES / "api_query_country_device_date.json", "data.txt")

    got = rows(parsed(export)[1], API)

    assert {r["dimensions"] for r in got} == {"query,country,device,date"}
    assert [(r["query"], r["country"], r["device"], r["date"]) for r in got] == [
        ("northwind analytics", "usa", "DESKTOP", date(2026, 3, 1)),
        ("northwind analytics", "gbr", "MOBILE", date(2026, 3, 1)),
        ("northwind pricing", "usa", "MOBILE", date(2026, 3, 2)),
    ]
    assert sum(r["clicks"] for r in got) == 17  # 12+3+2
    assert sum(r["impressions"] for r in got) == 50  # 30+9+11
    assert {r["first_incomplete_date"] for r in got} == {None}


def test_api_empty_last_page_loads_no_rows(tmp_path):
    export = dropped(tmp_path, FIXTURES / "api_last_page.json", "page3 (1).txt")

    fmt, result = parsed(export)

    assert fmt == "search_console_api"
    assert result.rows == 0 and result.tables[API].num_rows == 0
    assert result.notes == ["no rows (the last page of a paged API pull)"]


def test_api_date_only_response_is_daily_totals(tmp_path):
    result = parsed(dropped(tmp_path, FIXTURES / "api_daily_totals.json", "data.txt"))[1]

    got = rows(result, API)
    assert result.grain == "daily_totals"
    assert {(r["dimensions"], r["query"]) for r in got} == {("date", None)}
    assert [r["date"] for r in got] == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
    assert sum(r["clicks"] for r in got) == 106  # 50+36+20
    assert sum(r["impressions"] for r in got) == 358  # 170+118+70


def test_api_response_without_a_date_dimension_is_rejected(tmp_path):
    export = dropped(tmp_path, FIXTURES / "api_query_without_date.json", "queries.json")

    with pytest.raises(RejectedFile) as rejected:
        parsed(export)

    reason = str(rejected.value)
    assert reason.startswith("queries.json: has no date dimension")
    assert "'date' dimension" in reason


def test_api_response_without_a_configured_property_is_rejected(tmp_path):
    export = dropped(tmp_path, FIXTURES / "api_date_query.json", "northwind.json")

    with pytest.raises(RejectedFile) as rejected:
        parsed(export, CONFIG_WITHOUT_PROPERTY)

    reason = str(rejected.value)
    assert reason.startswith("northwind.json: ")
    assert "set search_console.property in the config" in reason


# --- UI export bundles -------------------------------------------------------------------------

UI_DAILY = "search_console_ui_daily_totals"
UI_QUERIES = "search_console_ui_query_totals"


def test_ui_export_folder_with_chart_csv_takes_its_period_from_filters_csv(tmp_path):
    export = dropped(tmp_path, FIXTURES / "ui_chart_custom_range", "northwind-analytics.com-Performance-on-Search")
    assert export.kind == "folder"

    fmt, result = parsed(export)

    assert fmt == "search_console_ui_export"
    daily = rows(result, UI_DAILY)
    # Chart.csv is oldest first.
    assert [(r["source_row"], r["date"]) for r in daily] == [
        (2, date(2026, 3, 1)),
        (3, date(2026, 3, 2)),
        (4, date(2026, 3, 3)),
        (5, date(2026, 3, 4)),
        (6, date(2026, 3, 5)),
    ]
    assert sum(r["clicks"] for r in daily) == 236  # 52+48+61+45+30
    assert sum(r["impressions"] for r in daily) == 740  # 160+150+170+140+120
    assert (daily[0]["ctr"], daily[0]["position"]) == (0.325, 3.4)  # "32.5%", 3.4
    # Filters.csv says Mar 1-7 although the chart's last day is Mar 5 (the last days had no data yet).
    assert (result.data_start, result.data_end) == (date(2026, 3, 1), date(2026, 3, 7))
    assert result.grain == "ui:Web:Device: Mobile"
    assert {(r["search_type"], r["filters"]) for r in daily} == {("Web", "Device: Mobile")}

    queries = rows(result, UI_QUERIES)
    assert [r["query"] for r in queries] == [
        "northwind analytics",
        "northwind",
        'northwind "pro" pricing, annual',
        "northwind\nlogin",
        "nörthwind",
    ]
    assert sum(r["clicks"] for r in queries) == 170  # 120+40+5+3+2: below the chart's 236 (top queries only)
    assert sum(r["impressions"] for r in queries) == 454  # 300+110+20+9+15
    assert [r["source_row"] for r in queries] == [2, 3, 4, 5, 6]
    assert {(r["period_start"], r["period_end"]) for r in queries} == {(date(2026, 3, 1), date(2026, 3, 7))}


def test_ui_export_members_are_found_by_their_columns_not_their_names(tmp_path):
    # The chart saved as "Queries.csv", the queries as "Chart.csv", and Filters.csv as "data.txt".
    export = dropped(
        tmp_path,
        FIXTURES / "ui_chart_custom_range",
        "New folder (2)",
        rename={"Chart.csv": "Queries.csv", "Queries.csv": "Chart.csv", "Filters.csv": "data.txt"},
    )

    result = parsed(export)[1]

    assert sum(r["clicks"] for r in rows(result, UI_DAILY)) == 236  # 52+48+61+45+30
    assert sum(r["clicks"] for r in rows(result, UI_QUERIES)) == 170  # 120+40+5+3+2
    assert (result.data_start, result.data_end) == (date(2026, 3, 1), date(2026, 3, 7))


def test_ui_export_zip_with_dates_csv_and_a_relative_range_takes_its_period_from_the_days(tmp_path):
    export = dropped(tmp_path, zipped(FIXTURES / "ui_dates_last_3_months", tmp_path), "data.txt")
    assert export.kind == "zip"

    fmt, result = parsed(export)

    assert fmt == "search_console_ui_export"
    daily = rows(result, UI_DAILY)
    # Dates.csv is newest first, and days without data are written as 0,0,0%,0.
    assert [(r["source_row"], r["date"], r["clicks"], r["impressions"], r["ctr"]) for r in daily] == [
        (2, date(2026, 3, 9), 0, 0, 0.0),
        (3, date(2026, 3, 8), 14, 80, 0.175),
        (4, date(2026, 3, 7), 0, 0, 0.0),
        (5, date(2026, 3, 6), 22, 100, 0.22),
        (6, date(2026, 3, 5), 9, 45, 0.2),
    ]
    assert sum(r["clicks"] for r in daily) == 45  # 0+14+0+22+9
    assert sum(r["impressions"] for r in daily) == 225  # 0+80+0+100+45
    assert daily[4]["position"] == 7.02
    # "Last 3 months" resolves against the daily table's own first and last day.
    assert (result.data_start, result.data_end) == (date(2026, 3, 5), date(2026, 3, 9))
    assert result.grain == "ui:Web:"

    queries = rows(result, UI_QUERIES)
    assert [(r["query"], r["clicks"], r["impressions"]) for r in queries] == [
        ("northwind", 20, 90),
        ("northwind analytics", 10, 40),
    ]
    assert {(r["period_start"], r["period_end"]) for r in queries} == {(date(2026, 3, 5), date(2026, 3, 9))}


def test_ui_comparison_export_is_rejected(tmp_path):
    export = dropped(tmp_path, zipped(FIXTURES / "ui_comparison", tmp_path), "compare.zip")

    with pytest.raises(RejectedFile) as rejected:
        parsed(export)

    assert str(rejected.value) == (
        "Filters.csv: is a comparison export (Compare: Last 28 days vs Previous period); export a single date range"
    )


def test_ui_export_without_a_configured_property_is_rejected(tmp_path):
    export = dropped(tmp_path, FIXTURES / "ui_dates_last_3_months", "export")

    with pytest.raises(RejectedFile, match=r"set search_console\.property in the config"):
        parsed(export, CONFIG_WITHOUT_PROPERTY)


# --- what counts as one export -----------------------------------------------------------------


def test_discover_takes_a_ui_export_folder_as_one_export_and_walks_into_other_folders(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(FIXTURES / "ui_chart_custom_range", inbox / "search console" / "march ui")
    (inbox / "search console" / "bulk" / "2026").mkdir(parents=True)
    shutil.copy(FIXTURES / "bulk_site_impression.csv", inbox / "search console" / "bulk" / "2026" / "report (1).csv")
    shutil.copy(FIXTURES / "api_daily_totals.json", inbox / "search console" / "totals.json")
    (inbox / "search console" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    for i, path in enumerate(sorted(p for p in inbox.rglob("*"))):
        os.utime(path, (1_770_000_000 + i, 1_770_000_000 + i))

    found = discover(inbox, is_bundle)

    assert sorted((e.name, e.kind) for e in found) == [
        ("search console/bulk/2026/report (1).csv", "file"),
        ("search console/march ui", "folder"),
        ("search console/totals.json", "file"),
    ]
    [ui] = [e for e in found if e.kind == "folder"]
    assert ui.members == [
        "Chart.csv",
        "Countries.csv",
        "Devices.csv",
        "Filters.csv",
        "Pages.csv",
        "Queries.csv",
        "Search appearance.csv",
    ]
