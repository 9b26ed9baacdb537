"""A refresh killed at any point leaves the serving warehouse as it was, and the next refresh succeeds.

Every refresh here is `demandgen refresh` in its own process group, killed with SIGKILL (no cleanup
runs, as with the OOM killer or a power cut), dbt's own process included. All the while the dashboard
serves requests under gunicorn and an analyst holds a read-only connection. After each kill the serving
file must be the last good one, still readable the way the dashboard reads it, the one-writer lock must
be free; in the end one plain refresh must publish exactly what a refresh nobody interrupted publishes
from the same exports, and the dashboard's next request shows it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from dashboard import queries
from demandgen.settings import PROJECT_ROOT, SAMPLE_CONFIG
from orchestration.warehouse import refresh_lock
from tests.dashboard_server import get
from tests.kill_points import POINTS
from tests.pipeline_support import copy_inbox, query

BULK = "bulk_export/searchdata_site_impression_{}.csv"
GA4 = "web_analytics/Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group).csv"
FIRST_NIGHT = [BULK.format(m) for m in ("202409", "202410", "202411")] + [GA4]
# What lands before the killed refreshes: enough separate exports for a kill between two of them.
NEXT_NIGHTS = [BULK.format(m) for m in ("202412", "202501", "202502", "202503")] + [
    "mentions/Meltwater export 2025-01-06.csv"
]
# dbt prints this once staging and intermediate models are built: the kill lands while marts are replaced.
DBT_BUILDING_MARTS = "START sql table model marts."
STEPS = [
    *(p for p in POINTS if not p.startswith("publish")),
    "dbt:building-marts",
    *(p for p in POINTS if p.startswith("publish")),
]
MARTS = ["scorecard", "branded_search_daily", "web_traffic_channels", "media_mentions", "ingested_files"]


def refresh_command(inbox: Path, warehouse: Path, point: str | None = None) -> list[str]:
    entry = ["-m", "tests.kill_points", point] if point else ["-m", "demandgen.cli"]
    return [
        sys.executable,
        *entry,
        "refresh",
        "--config",
        str(SAMPLE_CONFIG),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
    ]


def run(command: list[str], log: Path, kill_after: float | None = None, kill_on: str | None = None) -> int:
    """The refresh's exit code; -9 when it was killed: by itself at a kill point, or by us `kill_after`
    seconds in or as soon as it prints `kill_on`."""
    deadline = time.monotonic() + (kill_after if kill_after is not None else 600)
    with log.open("w") as out:
        # Its own session, so killing the group also kills the dbt process it started.
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            while process.poll() is None:
                if time.monotonic() > deadline or (kill_on and kill_on in log.read_text(errors="replace")):
                    os.killpg(process.pid, signal.SIGKILL)
                    break
                time.sleep(0.05)
        finally:
            process.wait(timeout=60)
    return process.returncode


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def picture(warehouse: Path) -> dict:
    """What readers see: the lights as the dashboard reads them, and the size of each mart."""
    lights = queries.scorecard(warehouse)
    return {
        "lights": lights[["metric", "status", "value", "explanation", "data_through"]].astype(str).values.tolist(),
        "rows": {t: query(warehouse, f"select count(*) from marts.{t}")[0][0] for t in MARTS},
        "branded_impressions": query(
            warehouse, "select sum(impressions) from marts.branded_search_daily where segment = 'branded'"
        )[0][0],
    }


def assert_lock_is_free(warehouse: Path) -> None:
    with refresh_lock(warehouse):  # raises RefreshAlreadyRunning if the killed run still held it
        pass


ANALYST = textwrap.dedent("""
    import sys, duckdb
    held = duckdb.connect(sys.argv[1], read_only=True)
    count = "select count(*) from marts.branded_search_daily"
    print(held.execute(count).fetchone()[0], flush=True)
    sys.stdin.readline()                      # the refreshes run meanwhile
    print(held.execute(count).fetchone()[0], flush=True)
""")


class DashboardVisitor(threading.Thread):
    """Downloads the scorecard from the dashboard again and again, keeping what each request got."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.seen, self.done = url, [], threading.Event()

    def run(self):
        while not self.done.is_set():
            status, _, body = get(self.url + "/download/scorecard.csv")
            self.seen.append((status, explanations_in(body) if status == 200 else body[:300]))
            time.sleep(0.2)


def explanations_in(scorecard_csv: bytes) -> tuple:
    """Each light's explanation, in metric order: its words carry the numbers and the dates of the data."""
    rows = csv.DictReader(io.StringIO(scorecard_csv.decode("utf-8-sig")))
    return tuple(sorted((row["metric"], row["explanation"]) for row in rows))


def uninterrupted(tmp_path: Path) -> tuple[dict, float]:
    """The same exports refreshed by a run nobody killed: what the last refresh must publish. Then again with
    --full-refresh, as the random kills below are, timed: how long such a refresh takes here (the first one
    also parses dbt and writes the documentation, which the later ones skip)."""
    inbox = copy_inbox(tmp_path / "uninterrupted", *FIRST_NIGHT, *NEXT_NIGHTS)
    warehouse = tmp_path / "uninterrupted" / "d.duckdb"
    log = tmp_path / "uninterrupted.txt"
    assert run(refresh_command(inbox, warehouse), log) == 0, log.read_text()[-3000:]
    expected = picture(warehouse)
    started = time.monotonic()
    assert run([*refresh_command(inbox, warehouse), "--full-refresh"], log) == 0, log.read_text()[-3000:]
    assert picture(warehouse) == expected
    return expected, time.monotonic() - started


def test_refreshes_killed_at_every_step_and_at_random_moments_never_change_what_readers_see(
    tmp_path, dbt_manifest, gunicorn
):
    expected, full_rebuild_takes = uninterrupted(tmp_path)
    inbox = copy_inbox(tmp_path, *FIRST_NIGHT)
    warehouse = tmp_path / "warehouse" / "d.duckdb"
    working = warehouse.with_name("d.working.duckdb")
    assert run(refresh_command(inbox, warehouse), tmp_path / "first.txt") == 0, (tmp_path / "first.txt").read_text()
    good_file, good = sha256(warehouse), picture(warehouse)
    copy_inbox(tmp_path, *NEXT_NIGHTS)
    assert explanations(good) != explanations(expected)  # the next exports do change what readers see

    url, _ = gunicorn(warehouse)
    visitor = DashboardVisitor(url)
    visitor.start()
    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        analyst_before = int(analyst.stdout.readline())
        killed = kill_refreshes(inbox, warehouse, working, full_rebuild_takes, good_file, good, expected)
        log = tmp_path / "after.txt"
        assert run(refresh_command(inbox, warehouse), log) == 0, log.read_text()[-3000:]
        analyst_after = int(analyst.communicate("go\n", timeout=60)[0])
    finally:
        visitor.done.set()
        analyst.kill()
    visitor.join(timeout=60)

    assert killed >= 5, f"only {killed} of 10 refreshes were killed mid-run; the test proved little"
    assert picture(warehouse) == expected
    # Nothing half-written is left beside the warehouse for the next run to trip over.
    # (The documentation is published beside the warehouse, with the fingerprint of what it documents.)
    beside = ["d.docs.html", "d.docs.html.fingerprint", "d.duckdb", "d.duckdb.lock", "d.working.duckdb"]
    assert sorted(p.name for p in warehouse.parent.iterdir()) == beside
    # The analyst kept a consistent snapshot through it all; the dashboard answered every request with
    # the old lights or the new ones, and its next request after the refresh shows the new.
    assert analyst_before == analyst_after == good["rows"]["branded_search_daily"]
    status, _, body = get(url + "/download/scorecard.csv")
    assert status == 200 and explanations_in(body) == explanations(expected)
    assert len(visitor.seen) > 20
    assert {status for status, _ in visitor.seen} == {200}, [seen for seen in visitor.seen if seen[0] != 200][:3]
    assert {lights for _, lights in visitor.seen} <= {explanations(good), explanations(expected)}


def explanations(seen: dict) -> tuple:
    return tuple(sorted((light[0], light[3]) for light in seen["lights"]))


def kill_refreshes(
    inbox: Path, warehouse: Path, working: Path, took: float, good_file: str, good: dict, expected: dict
) -> int:
    """Kill refreshes at every step on purpose, then ten times at random; return how many died mid-run."""
    # In the order a refresh runs: config, ingest (twice), dbt, publish (three times).
    for point in STEPS:
        if point == "config:restoring-working":
            working.unlink()  # a new machine, or a lost disk: only the published file is left
        log = warehouse.parent.parent / f"{point.replace(':', '_')}.txt"
        code = (
            run(refresh_command(inbox, warehouse), log, kill_on=DBT_BUILDING_MARTS)
            if point == "dbt:building-marts"
            else run(refresh_command(inbox, warehouse, point), log)
        )
        assert code == -signal.SIGKILL, f"{point}: the refresh was not killed there\n{log.read_text()[-3000:]}"
        assert sha256(warehouse) == good_file, f"killed at {point}, the serving file changed"
        assert picture(warehouse) == good
        assert_lock_is_free(warehouse)

    # Anywhere from the process starting to the end of a full rebuild: mostly inside dbt, which is most of a
    # refresh. --full-refresh, so that once one attempt has loaded and built the new nights, the next still
    # builds every model (one with nothing new would build a few, and end before most moments come).
    moments = random.Random(20261123)  # fixed, so a failure can be replayed
    killed = 0
    for attempt in range(10):
        log = warehouse.parent.parent / f"attempt_{attempt}.txt"
        command = [*refresh_command(inbox, warehouse), "--full-refresh"]
        code = run(command, log, kill_after=moments.uniform(0.05, 1.0) * took)
        killed += code == -signal.SIGKILL
        assert code in (0, -signal.SIGKILL), log.read_text()[-3000:]
        # Killed before the swap, readers see the last good data; after it, the new data; never a mix.
        assert picture(warehouse) in (good, expected), f"attempt {attempt}: {log.read_text()[-3000:]}"
        assert_lock_is_free(warehouse)
    return killed
