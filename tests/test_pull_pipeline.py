"""Pulled data through the whole refresh: the same numbers, and the same lights, as the same data exported by
hand; revised days replaced; a pull that finds nothing new changes nothing; `demandgen refresh --pull` as a
user runs it. Google is the stand-in on 127.0.0.1 (tests/google_standin.py); expected numbers are summed
by hand from the data it serves (tests/pull_support.py)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.config import load_config
from orchestration.pull import Sources, pull
from orchestration.pull.patience import Patience
from tests import pull_support as company_data
from tests.google_standin import SERVICE_ACCOUNT, AlertEntry, serving, use_standin
from tests.pipeline_support import query, refresh, run_cli
from tests.sample_marts import mart_columns, rows

TODAY = datetime.now(UTC).date()  # what the refresh's own pull takes as today (the config's time zone is UTC)
QUICK = Sources(patience=Patience(attempts=3, first_wait=0.01, longest_wait=5, timeout=30))


def branded_search_daily(warehouse: Path) -> dict[tuple[date, str], tuple[int, int]]:
    found = query(warehouse, "select date, segment, clicks, impressions from marts.branded_search_daily")
    return {(d, s): (c, i) for d, s, c, i in found}


def channels(warehouse: Path) -> dict[tuple[date, str], tuple[int, int]]:
    found = query(warehouse, "select period_start, channel_group, sessions, users from marts.web_traffic_channels")
    return {(d, c): (s, u) for d, c, s, u in found}


def every_mart(warehouse: Path) -> dict:
    return {table: rows(warehouse, table, columns) for table, columns in mart_columns(warehouse).items()}


# The first two tests refresh four warehouses between them: minutes on a busy machine.
@pytest.fixture(scope="module")
def company():
    # 470 days: more than a year and a quarter (the branded light compares with a year earlier), and all of it
    # within the 16 months a first pull reaches back. GA4 says its reports were thresholded (a download does not).
    made = company_data.make_company(TODAY, days=470)
    made.traffic.metadata = {"subjectToThresholding": True}
    return made


@pytest.fixture(scope="module")
def pulled(company, standin_key, tmp_path_factory, dbt_manifest):
    """The company pulled from the stand-in into a fresh inbox and refreshed; the stand-in keeps serving."""
    folder = tmp_path_factory.mktemp("pulled")
    with serving(standin_key) as standin, pytest.MonkeyPatch.context() as env:
        use_standin(standin, tmp_path_factory.mktemp("google-key"), env)
        company.serve(standin)
        config = folder / "demandgen.yaml"
        config.write_text(company_data.config_text(standin.feed_url(company_data.FEED)))
        inbox, warehouse = folder / "inbox", folder / "demandgen.duckdb"
        inbox.mkdir()
        report = pull(load_config(config), inbox, say=lambda _: None, today=TODAY, sources=QUICK)
        assert not report.problems, report.problems
        assert refresh(config, inbox, warehouse).success
        yield standin, config, inbox, warehouse


@pytest.fixture(scope="module")
def exported(company, pulled, tmp_path_factory):
    """The same company as the exports a marketer drops by hand: bulk export, GA4 download, the saved feed."""
    standin, config, _, _ = pulled
    folder = tmp_path_factory.mktemp("exported")
    inbox, warehouse = folder / "inbox", folder / "demandgen.duckdb"
    company_data.write_exports(company, inbox, standin.feeds[company_data.FEED])
    assert refresh(config, inbox, warehouse).success
    return warehouse


@pytest.mark.slow
def test_pulled_data_gives_the_numbers_and_the_lights_the_same_data_exported_by_hand_gives(pulled, exported, company):
    warehouse = pulled[3]
    scorecard = "select * exclude (explanation) from marts.scorecard order by metric"
    lights = query(warehouse, scorecard)
    assert lights == query(exported, scorecard)
    assert query(warehouse, "select explanation from marts.scorecard order by metric") == query(
        exported, "select explanation from marts.scorecard order by metric"
    )
    status = {metric: light for metric, _, _, _, _, _, _, _, light, *_ in lights}
    for metric in ("branded_search_yoy_growth", "direct_organic_share", "target_media_mentions_per_quarter"):
        assert status[metric] != "insufficient_data", f"{metric} has no light: the test data is too thin"
    for table in ("branded_search_daily", "search_query_totals", "web_traffic_channels", "media_mentions"):
        columns = [c for c in mart_columns(warehouse)[table] if c != "source_tool" or table != "media_mentions"]
        assert rows(warehouse, table, columns) == rows(exported, table, columns), table
    assert branded_search_daily(warehouse) == company_data.segment_sums(company.search)
    assert channels(warehouse) == company_data.channel_sums(company.traffic)


@pytest.mark.slow
def test_the_dashboard_says_what_ga4_said_about_its_reports_and_which_days_google_capped(pulled, company, tmp_path):
    from dashboard.app import create_app

    serving = tmp_path / "serving.duckdb"
    shutil.copyfile(pulled[3], serving)
    capped = max(company.search.anonymized) - timedelta(days=10)
    with duckdb.connect(str(serving)) as con:  # the mark itself is dbt's (its unit test); here, what the page says
        con.execute("update marts.branded_search_daily set query_rows_capped = true where date = ?", [capped])
    app = create_app(serving)
    days = sorted({r.day for r in company.traffic.rows})

    assert (
        "GA4 says about these numbers: GA4 withheld rows with few users to protect their privacy (thresholding): "
        f"sessions and users may be undercounted: {len(days)} days, {days[0]} to {days[-1]}."
    ) in page_text(app, "/traffic")
    data = page_text(app, "/data")
    assert "Search Console days at Google's row cap" in data
    assert f"{company_data.SITE} 1 {capped}" in data


def page_text(app, path: str) -> str:
    """A page's text as Dash's router renders it, inside a request to that app."""
    import dash

    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context(path):
        return _text(page["layout"]())


def _text(component) -> str:
    if component is None or isinstance(component, (str, int, float)):
        return "" if component is None else str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(_text(child) for child in component)
    return _text(getattr(component, "children", None))


@pytest.mark.slow
def test_revised_days_replace_the_older_values_and_a_pull_with_nothing_new_changes_nothing(pulled, company):
    standin, config, inbox, warehouse = pulled
    last = max(company.search.anonymized)
    revised = {last, last - timedelta(days=1)}
    for (day, q), (clicks, impressions) in list(company.search.queries.items()):
        if day in revised:
            company.search.queries[(day, q)] = (clicks + 5, impressions + 10)
    company.search.anonymized[last] = (1, 7)
    last_direct = next(r for r in company.traffic.rows if r.day == last and r.channel == "Direct")
    company.traffic.rows[company.traffic.rows.index(last_direct)] = replace(last_direct, sessions=9_999)
    # The feed of the next day: a new entry on top, the older ones still there.
    company.mentions.insert(
        0,
        AlertEntry(
            "tag:google.com,2013:googlealerts/feed:99",
            "<b>Northwind</b> raises",
            "https://techcrunch.com/n",
            f"{last}T09:00:00Z",
        ),
    )
    company.publish_feed(standin)
    with pytest.MonkeyPatch.context() as env:
        use_standin(standin, inbox.parent, env)
        report = pull(load_config(config), inbox, say=lambda _: None, today=TODAY + timedelta(days=1), sources=QUICK)
        assert not report.problems
        assert refresh(config, inbox, warehouse).success

        assert branded_search_daily(warehouse) == company_data.segment_sums(company.search)
        assert channels(warehouse)[(last, "Direct")][0] == 9_999
        (mentions, copies) = query(
            warehouse, "select count(*), max(copies) from marts.media_mentions where brand = 'Northwind Analytics'"
        )[0]
        assert (mentions, copies) == (len(company.mentions), 1), "an entry in two fetches of the feed counts once"

        before, files = every_mart(warehouse), query(warehouse, "select count(*) from marts.ingested_files")
        report = pull(load_config(config), inbox, say=lambda _: None, today=TODAY + timedelta(days=1), sources=QUICK)
        assert not report.problems and report.outcomes
        assert refresh(config, inbox, warehouse).success

    assert query(warehouse, "select count(*) from marts.ingested_files") == files
    after = every_mart(warehouse)
    assert after == before


def test_refresh_pull_lands_exact_daily_segments_channels_and_mentions_and_names_what_it_could_not_pull(
    google_standin, tmp_path, dbt_manifest
):
    company = company_data.make_company(TODAY, days=40, seed=11)
    company.serve(google_standin)
    config = tmp_path / "demandgen.yaml"
    blocked = "sc-domain:blocked.example"
    config.write_text(
        company_data.config_text(google_standin.feed_url(company_data.FEED)).replace(
            f'properties: ["{company_data.SITE}"]', f'properties: ["{company_data.SITE}", "{blocked}"]'
        )
    )
    inbox, warehouse = tmp_path / "inbox", tmp_path / "demandgen.duckdb"
    # Exported by hand long ago, before the 16 months Search Console keeps: the warehouse keeps them beside pulls.
    older = company_data.make_company(TODAY - timedelta(days=700), days=3, seed=5)
    company_data.write_exports(older, inbox / "2025 exports", b"")
    for by_hand in ("Traffic_acquisition_Session_default_channel_group.csv", "alerts_northwind.xml"):
        (inbox / "2025 exports" / by_hand).unlink()

    done = run_cli("refresh", "--pull", "--config", str(config), "--inbox", str(inbox), "--warehouse", str(warehouse))

    assert done.returncode == 2, done.stdout + done.stderr
    out = done.stdout
    assert f"Search Console property {company_data.SITE}: {TODAY - timedelta(days=3):%Y-%m}" in out
    assert "by date+query, page 1:" in out and f"GA4 property {company_data.GA4_ID} ({company_data.GA4_SITE})" in out
    assert (
        "REJECTED   pulled/search_console/sc-domain_blocked.example/pull-status.json: "
        f"Search Console property {blocked}: the service account cannot read it: add {SERVICE_ACCOUNT} as a user "
        f"of {blocked} in Search Console"
    ) in out
    assert branded_search_daily(warehouse) == {
        **company_data.segment_sums(company.search),
        **company_data.segment_sums(older.search),
    }
    assert channels(warehouse) == company_data.channel_sums(company.traffic)
    found = query(
        warehouse, "select url, copies, is_target_media from marts.media_mentions where brand = 'Northwind Analytics'"
    )
    assert sorted(found) == sorted((e.url, 1, e.url.startswith("https://techcrunch.com/")) for e in company.mentions)
    assert query(
        warehouse,
        "select count(*) from marts.ingested_files where status = 'rejected' and reason like ?",
        [f"%{blocked}%"],
    ) == [(1,)]
