"""Web analytics end to end: exports → web_traffic_channels → direct + organic share → the light.

Expected numbers are read here from the export files with the csv and json modules.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from demandgen.settings import DBT_PROJECT_DIR, SAMPLE_CONFIG, SAMPLE_INBOX
from orchestration.config import load_config
from orchestration.dbt_project import dbt_resource
from orchestration.ingest.landing import ingest_inbox
from tests.pipeline_support import copy_inbox, query, refresh

WEB = SAMPLE_INBOX / "web_analytics"
GA4_PROPERTY = "Northwind Analytics - GA4"
DEMAND = {"Direct", "Organic Search"}


def ga4_daily_sessions() -> dict[tuple[date, str], int]:
    """(day, channel) → sessions from the GA4 UI downloads that have a Date column."""
    sessions: dict[tuple[date, str], int] = {}
    for path in sorted(WEB.glob("Traffic_acquisition_Session_primary_channel_group*.csv")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        for row in csv.DictReader(lines):
            channel = (
                row.get("Session primary channel group (Default Channel Group)") or row["Session default channel group"]
            )
            day = date(int(row["Date"][:4]), int(row["Date"][4:6]), int(row["Date"][6:]))
            sessions[(day, channel)] = int(row["Sessions"])
    return sessions


def share(sessions: dict[tuple[date, str], int], first: date, last: date) -> float:
    picked = {k: v for k, v in sessions.items() if first <= k[0] <= last}
    return round(100 * sum(v for (d, c), v in picked.items() if c in DEMAND) / sum(picked.values()), 2)


def test_the_light_is_octobers_share_computed_by_hand(sample_warehouse):
    expected = share(ga4_daily_sessions(), date(2026, 10, 1), date(2026, 10, 31))
    ((value, status, start, end, explanation),) = query(
        sample_warehouse,
        """
        select value, status, period_start, period_end, explanation from marts.scorecard
        where metric = 'direct_organic_share'""",
    )
    assert value == pytest.approx(expected)
    assert status == ("green" if expected >= 50 else "amber" if expected >= 40 else "red")
    assert (start, end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert "Northwind Analytics - GA4 in October 2026" in explanation


def test_trailing_28_days_count_overlapping_exports_once(sample_warehouse):
    # The November API pull repeats days of the last UI download: each day must count once.
    sessions = ga4_daily_sessions()
    api = json.loads((WEB / "ga4_api_channels_2026-11.json").read_text())
    for row in api["rows"]:
        day, channel = (v["value"] for v in row["dimensionValues"])
        assert sessions[(date(int(day[:4]), int(day[4:6]), int(day[6:])), channel)] == int(
            row["metricValues"][0]["value"]
        )
    last = max(d for d, _ in sessions)
    expected = share(sessions, last - timedelta(days=27), last)
    got = query(
        sample_warehouse,
        """
        select period_end, share_pct from marts.direct_organic_share
        where property = ? and time_window = 'trailing_28_days'""",
        [GA4_PROPERTY],
    )
    assert got == [(last, pytest.approx(expected))]
    per_day = query(
        sample_warehouse,
        """
        select period_start, channel_group, sessions from marts.web_traffic_channels
        where property = ? and period_start = period_end""",
        [GA4_PROPERTY],
    )
    assert {(d, c): n for d, c, n in per_day} == sessions


def test_every_month_with_all_its_days_gets_a_share(sample_warehouse):
    sessions = ga4_daily_sessions()
    by_month = defaultdict(set)
    for d, _ in sessions:
        by_month[d.replace(day=1)].add(d)
    got = dict(
        query(
            sample_warehouse,
            """
        select month_start, share_pct from marts.direct_organic_share_monthly where property = ?""",
            [GA4_PROPERTY],
        )
    )
    complete = {
        m
        for m, days in by_month.items()
        if len(days) == ((m.replace(day=28) + timedelta(days=4)).replace(day=1) - m).days
    }
    assert set(got) == complete
    may = date(2025, 5, 1)
    assert got[may] == pytest.approx(share(sessions, may, date(2025, 5, 31)))


def test_plausible_docs_site_is_counted_in_visitors(sample_warehouse):
    zip_path = next(WEB.glob("Plausible export*.zip"))
    with zipfile.ZipFile(zip_path) as z:
        channels = {r["name"]: int(r["visitors"]) for r in csv.DictReader(io.StringIO(z.read("channels.csv").decode()))}
    got = query(
        sample_warehouse,
        """
        select channel_group, users, sessions, traffic_unit, period_start, period_end from marts.web_traffic_channels
        where property = 'docs.northwind-analytics.com' order by channel_group""",
    )
    assert {c: u for c, u, *_ in got} == channels
    assert {(s, unit, start, end) for _, _, s, unit, start, end in got} == {
        (None, "visitors", date(2026, 10, 1), date(2026, 10, 31))
    }


def test_a_source_medium_export_alone_gives_the_month_by_ga4_rules(tmp_path, dbt_manifest, restore_environment):
    inbox = copy_inbox(tmp_path, "web_analytics/Traffic_acquisition_Session_source_medium.csv")
    warehouse = tmp_path / "w.duckdb"
    assert refresh(SAMPLE_CONFIG, inbox, warehouse).success
    lines = [
        ln
        for ln in (WEB / "Traffic_acquisition_Session_source_medium.csv").read_text().splitlines()
        if ln and not ln.startswith("#")
    ]
    rows = list(csv.DictReader(lines))
    # GA4's rules for these sources, by hand: (direct)/(none) is Direct; a search engine with
    # medium organic is Organic Search; everything else in this file is some other channel.
    demand = sum(
        int(r["Sessions"])
        for r in rows
        if r["Session source / medium"] == "(direct) / (none)" or r["Session source / medium"].endswith(" / organic")
    )
    total = sum(int(r["Sessions"]) for r in rows)
    ((value, status),) = query(
        warehouse, "select value, status from marts.scorecard where metric = 'direct_organic_share'"
    )
    assert value == pytest.approx(round(100 * demand / total, 2))
    assert query(warehouse, "select distinct basis from marts.direct_organic_share_monthly") == [("period",)]


def build_web_traffic(project: Path, warehouse: Path) -> dict[str, int]:
    """`dbt build` of the traffic mart from `project` (a copy of the dbt project): sessions by channel."""
    result = subprocess.run(
        [dbt_resource().dbt_executable, "build", "--select", "+web_traffic_channels"]
        + ["--exclude-resource-type", "unit_test", "--project-dir", str(project), "--profiles-dir", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DEMANDGEN_WORKING_WAREHOUSE": str(warehouse)},
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return dict(
        query(warehouse, "select channel_group, sum(sessions) from marts.web_traffic_channels group by channel_group")
    )


def test_moving_a_source_to_another_category_relabels_rows_already_loaded(tmp_path):
    export = "web_analytics/Traffic_acquisition_Session_source_medium.csv"
    lines = [ln for ln in (SAMPLE_INBOX / export).read_text().splitlines() if ln and not ln.startswith("#")]
    [duckduckgo] = [
        int(r["Sessions"]) for r in csv.DictReader(lines) if r["Session source / medium"] == "duckduckgo / organic"
    ]
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse = tmp_path / "working.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        ingest_inbox(con, copy_inbox(tmp_path, export), load_config(SAMPLE_CONFIG), "run1")
    before = build_web_traffic(project, warehouse)

    # Google's list moves duckduckgo from search to social: the rows loaded above are not touched...
    seed = project / "seeds" / "ga4_source_categories.csv"
    listed = "duckduckgo,SOURCE_CATEGORY_SEARCH\n"
    assert listed in seed.read_text()
    seed.write_text(seed.read_text().replace(listed, "duckduckgo,SOURCE_CATEGORY_SOCIAL\n"))
    loads = "select load_id, count(*) from raw.web_analytics_channel_rows group by load_id"
    loaded = dict(query(warehouse, loads))
    after = build_web_traffic(project, warehouse)

    # ...and the next build counts duckduckgo / organic as Organic Social, the site before the medium.
    assert dict(query(warehouse, loads)) == loaded
    assert after["Organic Search"] == before["Organic Search"] - duckduckgo
    assert after["Organic Social"] == before["Organic Social"] + duckduckgo
    assert {c: n for c, n in after.items() if c not in ("Organic Search", "Organic Social")} == {
        c: n for c, n in before.items() if c not in ("Organic Search", "Organic Social")
    }
