"""The refresh end to end on the bundled sample company: Dagster assets, dbt models, publish.

Expected numbers come from reading the export files here with the csv/json modules and a
plain regex, independently of the pipeline's own parsers and SQL.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from demandgen.settings import SAMPLE_CONFIG, SAMPLE_INBOX
from tests.pipeline_support import copy_inbox, query, refresh

BRANDED = re.compile(r"\b(northwind|nothwind|north wind|northwnd)\b")
NOT_US = re.compile(r"\bnorthwind (traders|sample database)\b")


def is_branded(q: str) -> bool:
    return bool(BRANDED.search(NOT_US.sub(" ", q.lower())))


def bulk_rows() -> list[dict]:
    rows = []
    for path in sorted((SAMPLE_INBOX / "bulk_export").iterdir()):
        if path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as f:
                rows += list(csv.DictReader(f))
        else:
            rows += [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in pq.read_table(path).to_pylist()]
    return [r for r in rows if r["search_type"] == "WEB"]


def api_query_rows() -> list[dict]:
    rows = []
    for path in sorted((SAMPLE_INBOX / "api").glob("*page*.json")):
        rows += json.loads(path.read_text()).get("rows", [])
    return rows


def branded_impressions_by_day() -> dict[date, int]:
    by_day: dict[date, int] = defaultdict(int)
    for r in bulk_rows():
        if r["query"] and is_branded(r["query"]):
            by_day[date.fromisoformat(r["data_date"][:10])] += int(r["impressions"])
    for r in api_query_rows():
        day, q = r["keys"]
        if is_branded(q):
            by_day[date.fromisoformat(day)] += int(r["impressions"])
    return by_day


def test_definitions_load_with_job_schedule_sensor_and_dbt_checks(dbt_manifest):
    from orchestration.definitions import defs

    job = defs.resolve_job_def("refresh")
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.job_name == job.name
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "refresh"
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw/search_console_bulk_site_rows", "marts/scorecard", "serving_warehouse"} <= keys
    scorecard = next(k for k in graph.get_all_asset_keys() if k.to_user_string() == "marts/scorecard")
    assert "serving_warehouse" in {k.to_user_string() for k in graph.get(scorecard).child_keys}
    # dbt tests arrive as asset checks (e.g. unique scorecard metric).
    checks = {c.name for c in graph.asset_check_keys}
    assert any("unique_scorecard_metric" in name for name in checks)


def test_branded_search_daily_equals_the_raw_exports_summed_by_hand(sample_warehouse):
    got = dict(
        query(
            sample_warehouse,
            """
        select date, sum(impressions) from marts.branded_search_daily where segment = 'branded' group by date""",
        )
    )
    expected = branded_impressions_by_day()
    assert got.keys() == expected.keys()
    assert {d: int(v) for d, v in got.items()} == expected

    # Bulk days: every WEB row (anonymized included) adds up to the day's total.
    all_web = defaultdict(int)
    for r in bulk_rows():
        all_web[date.fromisoformat(r["data_date"][:10])] += int(r["impressions"])
    totals = dict(
        query(sample_warehouse, "select date, sum(impressions) from marts.branded_search_daily group by date")
    )
    assert all(int(totals[d]) == n for d, n in all_web.items())
    # API days: query rows plus the anonymized remainder equal the date-only response's totals.
    api_totals = json.loads((SAMPLE_INBOX / "api" / "northwind_daily_totals_2026-10-01_2026-11-20.json").read_text())
    assert {
        date.fromisoformat(r["keys"][0]): int(totals[date.fromisoformat(r["keys"][0])]) for r in api_totals["rows"]
    } == {date.fromisoformat(r["keys"][0]): r["impressions"] for r in api_totals["rows"]}


def test_growth_matches_a_hand_calculation_and_the_light_is_green(sample_warehouse):
    by_day = branded_impressions_by_day()
    # The API pull marks 19 Nov 2026 as the first incomplete day: the last complete one is the 18th.
    end = date(2026, 11, 18)
    current = sum(by_day[end - timedelta(days=i)] for i in range(28))
    year_earlier = sum(by_day[end - timedelta(days=364 + i)] for i in range(28))
    growth = round(100 * (current - year_earlier) / year_earlier, 2)

    ((metric, value, status, start, period_end, through, explanation),) = query(
        sample_warehouse,
        """
        select metric, value, status, period_start, period_end, data_through, explanation from marts.scorecard
        where metric = 'branded_search_yoy_growth'""",
    )
    assert metric == "branded_search_yoy_growth"
    assert value == pytest.approx(growth)
    assert (start, period_end, through) == (end - timedelta(days=27), end, end)
    assert status == "green" and 20 <= value <= 40
    assert f"{current:,} vs {year_earlier:,}" in explanation


def test_ui_export_queries_land_in_search_query_totals(sample_warehouse):
    import io
    import zipfile

    zip_path = next((SAMPLE_INBOX / "ui").glob("*.zip"))
    with zipfile.ZipFile(zip_path) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("Queries.csv").decode())))
        dates = [r["Date"] for r in csv.DictReader(io.StringIO(z.read("Dates.csv").decode()))]
    got = query(
        sample_warehouse,
        """
        select period_start, period_end, sum(clicks), count(*) from marts.search_query_totals
        where source = 'ui_export' group by all""",
    )
    assert got == [
        (date.fromisoformat(min(dates)), date.fromisoformat(max(dates)), sum(int(r["Clicks"]) for r in rows), len(rows))
    ]


def test_every_sample_file_is_recorded_as_loaded(sample_warehouse):
    files = query(sample_warehouse, "select status, count(*) from marts.ingested_files group by status")
    # Hidden files (the folder's .gitattributes) are not exports, and the inbox skips them.
    n_files = sum(1 for p in SAMPLE_INBOX.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert files == [("loaded", n_files)]


def _marts_fingerprint(warehouse: Path) -> list:
    return query(
        warehouse,
        """
        select (select count(*) from raw.search_console_bulk_site_rows),
               (select count(*) from raw.ingested_files),
               (select sum(impressions * hash(segment)) from marts.branded_search_daily),
               (select value from marts.scorecard where metric = 'branded_search_yoy_growth')""",
    )


def test_the_same_files_twice_change_nothing(tmp_path, dbt_manifest, restore_environment):
    inbox = copy_inbox(
        tmp_path,
        "bulk_export/searchdata_site_impression_202510.csv",
        "bulk_export/searchdata_site_impression_202511.csv",
    )
    warehouse = tmp_path / "w.duckdb"
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    before = _marts_fingerprint(warehouse)
    # Also a copy under another name: recorded as a duplicate, nothing landed twice.
    (inbox / "again.csv").write_bytes((inbox / "bulk_export/searchdata_site_impression_202510.csv").read_bytes())
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    after = _marts_fingerprint(warehouse)
    assert after[0][0] == before[0][0] and after[0][2:] == before[0][2:]
    assert query(warehouse, "select status, reason from marts.ingested_files where file_name = 'again.csv'") == [
        ("duplicate", "same content as bulk_export/searchdata_site_impression_202510.csv, already loaded")
    ]


def test_a_newer_export_replaces_the_overlapping_days(tmp_path, dbt_manifest, restore_environment):
    header = (
        "data_date,site_url,query,is_anonymized_query,country,search_type,device,impressions,clicks,sum_top_position\n"
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.csv").write_text(
        header + "".join(f"2026-03-0{d},sc-domain:x.com,northwind,false,usa,WEB,DESKTOP,100,10,0\n" for d in (1, 2, 3))
    )
    warehouse = tmp_path / "w.duckdb"
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    # A later export of 2-4 March with different numbers (Search Console's data had settled).
    (inbox / "second.csv").write_text(
        header + "".join(f"2026-03-0{d},sc-domain:x.com,northwind,false,usa,WEB,DESKTOP,70,7,0\n" for d in (2, 3, 4))
    )
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    got = query(warehouse, "select date, impressions from marts.branded_search_daily order by date")
    assert [(d.day, int(n)) for d, n in got] == [(1, 100), (2, 70), (3, 70), (4, 70)]


def test_changing_brand_terms_relabels_all_history(tmp_path, dbt_manifest, restore_environment):
    inbox = copy_inbox(
        tmp_path,
        "bulk_export/searchdata_site_impression_202410.csv",
        "bulk_export/searchdata_site_impression_202510.csv",
    )
    warehouse = tmp_path / "w.duckdb"
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    branded_before = query(
        warehouse, "select sum(impressions) from marts.branded_search_daily where segment = 'branded'"
    )[0][0]

    login = 0
    for name in ("searchdata_site_impression_202410.csv", "searchdata_site_impression_202510.csv"):
        with (inbox / "bulk_export" / name).open(newline="") as f:
            login += sum(
                int(r["impressions"])
                for r in csv.DictReader(f)
                if r["query"] == "northwind login" and r["search_type"] == "WEB"
            )
    assert login > 0

    config = yaml.safe_load(SAMPLE_CONFIG.read_text())
    config["brand"]["exclude"].append("northwind login")  # say support logins are not demand
    edited = tmp_path / "config.yaml"
    edited.write_text(yaml.safe_dump(config))
    assert refresh(edited, inbox, warehouse).success
    branded_after = query(
        warehouse, "select sum(impressions) from marts.branded_search_daily where segment = 'branded'"
    )[0][0]
    assert branded_before - branded_after == login
    assert query(
        warehouse, "select distinct segment from marts.search_query_totals where query = 'northwind login'"
    ) == [("non_branded",)]


def test_only_recent_data_gives_insufficient_data_with_a_reason(tmp_path, dbt_manifest, restore_environment):
    inbox = copy_inbox(
        tmp_path, "api/northwind_2026-10-01_2026-11-20_page1.json", "api/northwind_2026-10-01_2026-11-20_page2.json"
    )
    warehouse = tmp_path / "w.duckdb"
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    ((status, value, explanation),) = query(
        warehouse,
        """
        select status, value, explanation from marts.scorecard where metric = 'branded_search_yoy_growth'""",
    )
    assert status == "insufficient_data" and value is None
    assert "a year before" in explanation and "16 months" in explanation
