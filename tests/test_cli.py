"""`demandgen` as users and the nightly schedule run it: exit codes, messages, one writer, publish."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from demandgen.settings import PROJECT_ROOT, SAMPLE_CONFIG
from orchestration.warehouse import refresh_lock
from tests.pipeline_support import copy_inbox, query, run_cli

GOOD = "bulk_export/searchdata_site_impression_202510.csv"
BULK_HEADER = (
    "data_date,site_url,query,is_anonymized_query,country,search_type,device,impressions,clicks,sum_top_position\n"
)


def _refresh(inbox: Path, warehouse: Path, config: Path = SAMPLE_CONFIG) -> subprocess.CompletedProcess:
    return run_cli("refresh", "--config", str(config), "--inbox", str(inbox), "--warehouse", str(warehouse))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_refresh_exits_0_prints_summary_and_scorecard(tmp_path, dbt_manifest):
    inbox = copy_inbox(tmp_path, GOOD)
    warehouse = tmp_path / "w.duckdb"
    done = _refresh(inbox, warehouse)
    assert done.returncode == 0, done.stderr
    assert "Files: 1 loaded (1,054 rows), 0 duplicate, 0 rejected" in done.stdout
    assert "Branded search growth (YoY)" in done.stdout and "[INSUFFICIENT DATA]" in done.stdout

    shown = run_cli("scorecard", "--warehouse", str(warehouse), "--format", "json")
    assert shown.returncode == 0
    rows = json.loads(shown.stdout)
    # In the design's order (the seed metrics' display_order), as the dashboard shows them.
    assert [r["metric"] for r in rows] == [
        "branded_search_yoy_growth",
        "direct_organic_share",
        "target_media_mentions_per_quarter",
        "share_of_voice",
        "share_of_search",
        "unaided_awareness_yoy_change",
    ]
    assert all(r["status"] == "insufficient_data" and r["value"] is None for r in rows)
    explanations = {r["metric"]: r["explanation"] for r in rows}
    assert (
        explanations["direct_organic_share"]
        == "No web analytics exports (GA4, Plausible or Matomo) have been loaded yet."
    )
    assert explanations["unaided_awareness_yoy_change"] == (
        "No survey with an unaided-awareness question (which vendors come to mind?) has been loaded yet."
    )
    # A light with no data has no period to print.
    assert "None to None" not in done.stdout


def test_a_corrupt_file_next_to_good_ones_is_rejected_alone_and_exit_is_2(tmp_path, dbt_manifest):
    inbox = copy_inbox(tmp_path, GOOD)
    (inbox / "broken.csv").write_text(
        BULK_HEADER + "2026-03-01,sc-domain:x.com,northwind,false,usa,WEB,DESKTOP,100,10,0\n"
        "2026-03-02,sc-domain:x.com,northwind,false,usa,WEB,DESKTOP,lots,10,0\n"
    )
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    warehouse = tmp_path / "w.duckdb"
    done = _refresh(inbox, warehouse)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "REJECTED   broken.csv: broken.csv row 3: impressions 'lots' is not a whole number" in done.stdout
    assert "REJECTED   photo.png: is not an export this product recognises" in done.stdout
    assert "(searchdata_site_impression)" not in done.stdout  # the formats read are the Data page's detail
    assert "Traceback" not in done.stdout + done.stderr
    # Nothing of the broken file landed; the good one did, and the warehouse was published.
    assert query(
        warehouse, "select count(*) from raw.search_console_bulk_site_rows where source_file = 'broken.csv'"
    ) == [(0,)]
    assert query(warehouse, "select file_name, status from marts.ingested_files order by file_name") == [
        ("broken.csv", "rejected"),
        (GOOD, "loaded"),
        ("photo.png", "rejected"),
    ]


def test_a_bad_config_is_one_line_naming_file_and_key(tmp_path):
    config = tmp_path / "team.yaml"
    config.write_text(SAMPLE_CONFIG.read_text().replace("  misspellings:", "  mispellings:"))
    done = _refresh(copy_inbox(tmp_path), tmp_path / "w.duckdb", config)
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"error: {config}: brand.mispellings: unknown key (allowed: exclude, misspellings, name, terms)"
    )
    assert not (tmp_path / "w.duckdb").exists()


def test_a_failed_refresh_publishes_nothing_and_the_next_one_succeeds(tmp_path, dbt_manifest):
    inbox = copy_inbox(tmp_path, GOOD)
    warehouse = tmp_path / "w.duckdb"
    assert _refresh(inbox, warehouse).returncode == 0
    good = _sha(warehouse)

    # Fault: a second record claims an existing load id, so a dbt data test fails before publishing.
    working = warehouse.with_name("w.working.duckdb")
    with duckdb.connect(str(working)) as con:
        con.execute("insert into raw.ingested_files select * from raw.ingested_files limit 1")
    failed = _refresh(inbox, warehouse)
    assert failed.returncode == 1
    assert "dbt build failed: test unique_ingested_files_load_id (fail)" in failed.stderr
    assert "nothing was published" in failed.stderr and "w.duckdb still holds the last good data" in failed.stderr
    assert _sha(warehouse) == good

    with duckdb.connect(str(working)) as con:  # the fault is mended; the next refresh publishes again
        con.execute("delete from raw.ingested_files where rowid = (select max(rowid) from raw.ingested_files)")
    assert _refresh(inbox, warehouse).returncode == 0


def test_a_second_refresh_is_refused_while_one_is_writing(tmp_path, dbt_manifest):
    warehouse = tmp_path / "w.duckdb"
    with refresh_lock(warehouse):
        done = _refresh(copy_inbox(tmp_path, GOOD), warehouse)
    assert done.returncode == 1
    assert "another refresh is already writing w.duckdb" in done.stderr
    assert "Traceback" not in done.stderr


def test_of_two_refreshes_started_together_one_publishes_and_the_other_is_refused(tmp_path, dbt_manifest):
    inbox, warehouse = copy_inbox(tmp_path, GOOD), tmp_path / "w.duckdb"
    command = [
        sys.executable,
        "-m",
        "demandgen.cli",
        "refresh",
        "--config",
        str(SAMPLE_CONFIG),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
    ]
    first = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The first holds the lock from its first step on; the second starts then, as a nightly run
        # and a hand-started one would overlap.
        assert next(line for line in first.stdout if line.startswith("- ")) == "- marketing_config\n"
        second = _refresh(inbox, warehouse)
        out, err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert second.returncode == 1, second.stdout + second.stderr
    assert second.stderr.startswith("error: refresh failed (another refresh is already writing w.duckdb (pid ")
    assert "Traceback" not in second.stderr
    assert first.returncode == 0, out + err
    assert query(warehouse, "select count(*) from raw.search_console_bulk_site_rows")[0][0] == 1054


READER = textwrap.dedent("""
    import sys, duckdb
    path = sys.argv[1]
    held = duckdb.connect(path, read_only=True)
    count = "select count(*) from raw.search_console_bulk_site_rows"
    print(held.execute(count).fetchone()[0], flush=True)
    sys.stdin.readline()                      # the test publishes a refresh meanwhile
    print(held.execute(count).fetchone()[0], flush=True)
""")


def test_a_reader_holding_the_serving_file_never_blocks_a_refresh(tmp_path, dbt_manifest):
    inbox = copy_inbox(tmp_path, GOOD)
    warehouse = tmp_path / "w.duckdb"
    assert _refresh(inbox, warehouse).returncode == 0
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        before = int(reader.stdout.readline())
        copy_inbox(tmp_path, "bulk_export/searchdata_site_impression_202511.csv")
        done = _refresh(inbox, warehouse)
        assert done.returncode == 0, done.stderr
        # A reader opening the file now (the dashboard's next request) sees the published refresh,
        # while the reader that held it open all along keeps its snapshot.
        reopened = query(warehouse, "select count(*) from raw.search_console_bulk_site_rows")[0][0]
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    assert before == int(out) == 1054
    assert reopened == 1054 + 1007
