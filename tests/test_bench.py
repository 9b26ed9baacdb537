"""`python -m bench` end to end at a tiny scale: every measurement is there and holds together.

No timing thresholds: the machine decides the times. What must hold whatever the machine: our
ingest landed every row the bare read_csv read, each ratio is the quotient of the two times
beside it, every dashboard page and download was timed, and the verdicts follow the targets.
"""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.compute as pc
import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = {"/", "/branded-search", "/traffic", "/awareness", "/voice", "/data"}
DOWNLOADS = {
    "scorecard",
    "branded_search_daily",
    "search_query_totals",
    "web_traffic_channels",
    "direct_organic_share_monthly",
    "awareness_waves",
    "awareness_change",
    "media_mentions",
    "mentions_per_quarter",
    "share_of_search",
    "ingested_files",
}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    results = work / "latest.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "0.002",
            "--years",
            "1",
            "--repeat",
            "2",
            "--history-scale",
            "0.001",
            "--memory-scale",
            "0.003",
            "--work",
            str(work),
            "--json",
            str(results),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    return json.loads(results.read_text()), run.stdout, work


def _csv_rows(paths) -> int:
    # Every bulk CSV has a header line and no line breaks inside fields (queries are plain words).
    return sum(len(p.read_bytes().splitlines()) - 1 for p in paths)


def test_ingest_lands_every_row_the_bare_read_csv_reads(bench):
    out, _, work = bench
    ingest = out["ingest"]
    history = sorted((work / "inbox" / "bulk_export").glob("searchdata_site_impression_*_??????.csv"))
    # One year ending 2026-11-20 starts on 2025-11-21: Nov 2025 to Nov 2026 is 13 months, two properties.
    assert len(history) == 26
    assert ingest["files"] == 26 and ingest["ours_files_loaded"] == 26 and ingest["ours_files_rejected"] == 0
    assert ingest["ours_rows"] == ingest["bare_rows"] == _csv_rows(history) == out["generated"]["bulk_rows"]
    assert ingest["ours_seconds"] > 0 and ingest["bare_read_csv_seconds"] > 0
    assert ingest["ratio"] == pytest.approx(ingest["ours_seconds"] / ingest["bare_read_csv_seconds"])


def test_refreshes_publish_and_the_incremental_ratio_is_their_quotient(bench):
    out, _, work = bench
    full, incremental = out["full_refresh"], out["incremental_refresh"]
    assert full["exit_code"] == 0 and incremental["exit_code"] == 0
    assert full["seconds"] > 0 and incremental["seconds"] > 0
    assert full["peak_rss_bytes"] > 50e6  # a Python process running Dagster and dbt, summed over its tree
    assert incremental["ratio"] == pytest.approx(incremental["seconds"] / full["seconds"])
    assert full["over_bare_read_csv"] == pytest.approx(full["seconds"] / out["ingest"]["bare_read_csv_seconds"])
    # Each step's time as the refresh printed it, all within the wall time.
    for run in (full, incremental):
        assert {"marketing_config", "inbox_exports", "demandgen_dbt_models", "serving_warehouse"} <= set(run["steps"])
        assert 0 < sum(run["steps"].values()) < run["seconds"]
    for run in (full, incremental):  # dbt's per-node timings, or why they could not be attributed
        assert run["dbt"].get("nodes", 0) > 0 or "not attributed" in run["dbt"]["note"]
    # The next day is 2026-11-21: a bulk file per property and one GA4 download, all loaded.
    assert out["next_day"]["day"] == "2026-11-21"
    day_files = sorted((work / "inbox" / "bulk_export").glob("*_20261121.csv"))
    assert len(day_files) == 2 and _csv_rows(day_files) == out["next_day"]["bulk_rows"] > 0
    assert (work / "inbox" / "web_analytics" / "ga4_channels_20261121.csv").exists()
    ga4_days = (date(2026, 11, 21) - date(2025, 11, 21)).days + 1
    assert len(list((work / "inbox" / "web_analytics").glob("ga4_channels_*.csv"))) == ga4_days
    assert out["warehouse"]["ingested_files"].get("rejected", 0) == 0
    assert out["warehouse"]["ingested_files"]["loaded"] == len([p for p in (work / "inbox").rglob("*") if p.is_file()])


def test_every_page_callback_and_download_is_timed(bench):
    out, _, _ = bench
    requests = {r["name"]: r for r in out["dashboard"]["requests"]}
    expected = {f"page {p}" for p in PAGES} | {f"download {d}.csv" for d in DOWNLOADS} | {"callback nav highlight"}
    assert set(requests) == expected
    for r in requests.values():
        assert r["n"] == 2 and 0 < r["p50_ms"] <= r["p95_ms"] <= r["max_ms"] and r["bytes"] > 0
    assert out["dashboard"]["worst_p95_ms"] == max(r["p95_ms"] for r in requests.values())
    pages = [r for name, r in requests.items() if name.startswith("page ")]
    assert out["dashboard"]["pages_first_ms"] == max(r["cold_ms"] for r in pages)
    # n=2: the repeated requests are the second one alone.
    assert out["dashboard"]["pages_repeated_p95_ms"] == max(r["repeated_p95_ms"] for r in pages)
    assert out["scorecard"]["exit_code"] == 0 and out["scorecard"]["seconds"] > 0


def test_history_and_memory_runs_are_measured(bench):
    out, _, _ = bench
    history, memory = out["history"], out["memory"]
    assert history["scale"] == 0.001 and 0 < history["bulk_rows"] < out["generated"]["bulk_rows"]
    assert history["incremental_growth"] == pytest.approx(
        out["incremental_refresh"]["seconds"] / history["incremental_refresh"]["seconds"]
    )
    assert memory["scale"] == 0.003 and memory["bulk_rows"] > out["generated"]["bulk_rows"]
    assert memory["full_refresh"]["exit_code"] == 0 and memory["full_refresh"]["peak_rss_bytes"] > 50e6


def test_verdicts_follow_the_targets_and_the_table_prints_them(bench):
    out, stdout, _ = bench
    v = out["verdicts"]
    assert v["full_over_bare_read_csv"]["pass"] == (out["full_refresh"]["over_bare_read_csv"] <= 8)
    assert v["incremental_ratio"]["pass"] == (out["incremental_refresh"]["ratio"] <= 0.2)
    assert v["incremental_history_growth"]["pass"] == (out["history"]["incremental_growth"] <= 1.1)
    assert v["dashboard_first_ms"]["pass"] == (out["dashboard"]["pages_first_ms"] <= 150)
    assert v["dashboard_repeated_p95_ms"]["pass"] == (out["dashboard"]["pages_repeated_p95_ms"] <= 50)
    assert v["full_refresh_peak_rss_gb"]["pass"] == (out["full_refresh"]["peak_rss_bytes"] < 2e9)
    assert v["memory_scale_peak_rss_gb"]["pass"] == (out["memory"]["full_refresh"]["peak_rss_bytes"] < 3e9)
    assert v["ingest_ratio"]["pass"] == (out["ingest"]["ratio"] <= 1.5)
    assert v["scorecard_seconds"]["pass"] == (out["scorecard"]["seconds"] < 2)
    verdict_lines = [line for line in stdout.splitlines() if line.endswith(("PASS", "MISS"))]
    assert len(verdict_lines) == 9
    assert stdout.rstrip().endswith("latest.json")


def test_a_day_of_bulk_rows_is_deterministic_with_anonymized_queries_as_null(tmp_path):
    """--last-day redraws the day from its own seed: the same rows every time, whatever ran before."""
    from seeds import scale

    start, day = date(2025, 11, 21), date(2026, 11, 21)
    a = scale.day_rows(scale.build_cells(0, 100.0), 0, day, start)
    scale.day_rows(scale.build_cells(1, 100.0), 1, day, start)
    b = scale.day_rows(scale.build_cells(0, 100.0), 0, day, start)
    assert a.equals(b) and a.num_rows > 0
    assert set(a.column("data_date").to_pylist()) == {day}
    assert set(a.column("site_url").to_pylist()) == {"sc-domain:northwind-analytics.com"}
    anonymized = a.filter(a.column("is_anonymized_query"))
    assert anonymized.num_rows > 0 and set(anonymized.column("query").to_pylist()) == {None}
    assert None not in a.filter(pc.invert(a.column("is_anonymized_query"))).column("query").to_pylist()
