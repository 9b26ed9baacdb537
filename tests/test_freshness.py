"""Source freshness: each source's newest data against the config's `freshness`, the `sources_are_fresh`
check, the "Stale" badge, the refresh summary, and the webhook told of stale sources and failed refreshes.

No test reads the wall clock for its verdict: expectations are 1 day (data from 2025 is stale on any day
these tests run) or 100,000 days (never stale), and days are counted from the refresh's own checked_on.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import dagster as dg
import pandas as pd
import yaml

from dashboard import queries
from dashboard.components import stale_lights
from dashboard.wording import stale_text
from demandgen.settings import SAMPLE_CONFIG
from orchestration import notify
from tests.notify_support import closed_port_url
from tests.pipeline_support import query, refresh, run_cli

NEVER = 100_000  # days: never stale
# Search Console stale after a day, every other source never.
STALE_SEARCH_CONSOLE = (
    f"freshness: {{search_console: 1, web_analytics: {NEVER}, mentions: {NEVER}, surveys: {NEVER}, trends: {NEVER}}}\n"
)

BULK_HEADER = (
    "data_date,site_url,query,is_anonymized_query,country,search_type,device,impressions,clicks,sum_top_position\n"
)
SEARCH_CONSOLE_DAYS = ["2025-10-01", "2025-10-02", "2025-10-03"]
NEWEST_SEARCH_CONSOLE_DAY = date(2025, 10, 3)
# The sample config maps the PR agency's coverage tracker (Published, Headline, Link, Source, Summary, Tone).
COVERAGE = (
    "Published,Headline,Link,Source,Summary,Tone\n"
    "2025-06-02,Northwind Analytics opens a Berlin office,https://techcrunch.com/2025/06/02/northwind-berlin,"
    "TechCrunch,Northwind Analytics hires in Berlin.,positive\n"
    "2025-06-30,Contoso Metrics raises a round,https://martech.org/contoso-round,MarTech,Contoso raises.,neutral\n"
)
NEWEST_MENTION_DAY = date(2025, 6, 30)


def write_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "searchdata_site_impression_202510.csv").write_text(
        BULK_HEADER
        + "".join(
            f"{day},sc-domain:northwind-analytics.com,northwind,false,usa,WEB,DESKTOP,100,10,250\n"
            for day in SEARCH_CONSOLE_DAYS
        )
    )
    (inbox / "pr_coverage.csv").write_text(COVERAGE)
    return inbox


def write_config(tmp_path: Path, freshness: str = STALE_SEARCH_CONSOLE) -> Path:
    """The sample config with its own `freshness` section replaced by `freshness`."""
    settings = yaml.safe_load(SAMPLE_CONFIG.read_text())
    settings.update(yaml.safe_load(freshness))
    config = tmp_path / "demandgen.yaml"
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    return config


# --- the pipeline -----------------------------------------------------------------------------------


def test_a_stale_source_fails_the_check_as_a_warning_and_posts_one_message(
    tmp_path, dbt_manifest, restore_environment, webhook, monkeypatch
):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    warehouse = tmp_path / "w.duckdb"
    config, inbox = write_config(tmp_path), write_inbox(tmp_path)

    result = refresh(config, inbox, warehouse)

    assert result.success  # a stale source warns; it never holds back publishing
    [check] = [c for c in result.get_asset_check_evaluations() if c.check_name == "sources_are_fresh"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN

    [(checked_on,)] = query(warehouse, "select distinct checked_on from marts.source_freshness")
    search_console_age = (checked_on - NEWEST_SEARCH_CONSOLE_DAY).days
    mentions_age = (checked_on - NEWEST_MENTION_DAY).days
    assert query(
        warehouse,
        """
        select source, label, latest_data_date, expected_within_days, days_behind, is_stale, files
        from marts.source_freshness order by source""",
    ) == [
        ("mentions", "Media mentions", NEWEST_MENTION_DAY, NEVER, mentions_age, False, 1),
        ("search_console", "Search Console", NEWEST_SEARCH_CONSOLE_DAY, 1, search_console_age, True, 1),
        # No data at all: absent, not stale.
        ("surveys", "Surveys", None, NEVER, None, False, 0),
        ("trends", "Google Trends", None, NEVER, None, False, 0),
        ("web_analytics", "Web analytics", None, NEVER, None, False, 0),
    ]
    assert {k: v.text for k, v in check.metadata.items()} == {
        "mentions": f"fresh: newest data 2025-06-30, {mentions_age} days old (expected within {NEVER})",
        "search_console": f"STALE: newest data 2025-10-03, {search_console_age} days old (expected within 1)",
        "surveys": "no data loaded",
        "trends": "no data loaded",
        "web_analytics": "no data loaded",
    }
    # Each light knows its source.
    assert dict(query(warehouse, "select metric, source from marts.scorecard")) == {
        "branded_search_yoy_growth": "search_console",
        "direct_organic_share": "web_analytics",
        "target_media_mentions_per_quarter": "mentions",
        "share_of_voice": "mentions",
        "share_of_search": "trends",
        "unaided_awareness_yoy_change": "surveys",
    }

    [(content_type, message)] = webhook.received
    assert content_type == "application/json"
    assert message["event"] == "sources_stale" and message["warehouse"] == str(warehouse.resolve())
    assert message["details"] == {
        "sources": [
            {
                "source": "search_console",
                "label": "Search Console",
                "latest_data_date": "2025-10-03",
                "days_behind": search_console_age,
                "expected_within_days": 1,
            }
        ]
    }
    assert message["text"] == (
        f"Demand-gen health: 1 source is stale in w.duckdb. Search Console: newest data 2025-10-03, "
        f"{search_console_age} days old (expected within 1). The lights built on it may be out of date: "
        "drop newer exports in the inbox."
    )

    # The dashboard, reading the published file on the day of the refresh, marks the one light.
    cards = queries.scorecard(warehouse)
    assert stale_lights(cards, queries.source_freshness(warehouse), checked_on) == {
        "branded_search_yoy_growth": f"Search Console: newest data 2025-10-03, {search_console_age} days old "
        "(expected within 1)"
    }

    # Told once a day: a second refresh on the same day (the inbox sensor's, say) tells nothing new.
    assert refresh(config, inbox, warehouse).success
    assert len(webhook.received) == 1
    assert query(warehouse.with_name("w.working.duckdb"), "select kind, about from notifications.sent") == [
        ("sources_stale", "search_console")
    ]


def test_the_sample_company_s_newest_day_of_every_source(sample_warehouse):
    [(checked_on,)] = query(sample_warehouse, "select distinct checked_on from marts.source_freshness")
    assert dict(query(sample_warehouse, "select source, latest_data_date from marts.source_freshness")) == {
        "search_console": date(2026, 11, 20),  # api/northwind_2026-10-01_2026-11-20_*.json
        "web_analytics": date(2026, 11, 20),  # the GA4 API response's last date, 20261120
        "mentions": date(2026, 11, 20),  # the Google Alerts feeds' newest entries
        "surveys": date(2026, 10, 23),  # the Google Forms export's last Timestamp, 10/23/2026 15:06:14
        # The monthly Trends download's newest month, 2026-11, runs to the 30th, but it cannot hold
        # days after it was loaded (today, in this test).
        "trends": min(date(2026, 11, 30), checked_on),
    }


def test_a_failed_refresh_posts_the_step_and_the_reason(tmp_path, dbt_manifest, webhook):
    warehouse = tmp_path / "w.duckdb"
    # A working warehouse that is not a DuckDB file: the first step that opens it fails.
    warehouse.with_name("w.working.duckdb").write_bytes(b"this is not a database\n" * 512)

    failed = run_cli(
        "refresh",
        "--config",
        str(write_config(tmp_path)),
        "--inbox",
        str(write_inbox(tmp_path)),
        "--warehouse",
        str(warehouse),
        env={notify.WEBHOOK_ENV: webhook.url},
    )

    assert failed.returncode == 1, failed.stdout + failed.stderr
    [(_, message)] = webhook.received
    assert message["event"] == "refresh_failed" and message["warehouse"] == str(warehouse)
    assert message["details"]["step"] == "marketing_config"
    reason = message["details"]["reason"]
    # The same one-line reason the terminal gives.
    assert "\n" not in reason and f"refresh failed (marketing_config: {reason})" in failed.stderr
    assert message["text"] == (
        f"Demand-gen health: the refresh failed at step marketing_config: {reason}. "
        "Nothing was published; w.duckdb still holds the last good data."
    )
    assert not warehouse.exists()


def test_refresh_names_stale_sources_and_an_unreachable_webhook_does_not_fail_it(tmp_path, dbt_manifest):
    warehouse = tmp_path / "w.duckdb"

    done = run_cli(
        "refresh",
        "--config",
        str(write_config(tmp_path)),
        "--inbox",
        str(write_inbox(tmp_path)),
        "--warehouse",
        str(warehouse),
        env={notify.WEBHOOK_ENV: closed_port_url()},
    )

    assert done.returncode == 0, done.stdout + done.stderr
    [(checked_on,)] = query(warehouse, "select distinct checked_on from marts.source_freshness")
    age = (checked_on - NEWEST_SEARCH_CONSOLE_DAY).days
    stale_lines = [line for line in done.stdout.splitlines() if "STALE " in line]
    assert stale_lines == [f"  STALE      Search Console: newest data 2025-10-03, {age} days old (expected within 1)"]
    assert "could not notify the webhook in DEMANDGEN_WEBHOOK_URL of sources_stale" in done.stdout
    assert "nobody-listens" not in done.stdout + done.stderr  # the URL is a secret


# --- the words, on the day the dashboard is read ----------------------------------------------------


def test_a_source_is_stale_once_its_data_is_older_than_expected_on_the_day_it_is_read():
    latest = date(2026, 11, 14)
    assert stale_text("Search Console", latest, 4, today=date(2026, 11, 18)) is None  # 4 days: still within
    assert stale_text("Search Console", latest, 4, today=date(2026, 11, 23)) == (
        "Search Console: newest data 2026-11-14, 9 days old (expected within 4)"
    )
    # pandas hands dates over as Timestamps, and counts as numpy numbers.
    assert (
        stale_text("Search Console", pd.Timestamp("2026-11-14"), pd.Series([4]).iloc[0], today=date(2026, 11, 23))
        == "Search Console: newest data 2026-11-14, 9 days old (expected within 4)"
    )
    assert stale_text("Surveys", datetime(2025, 9, 25, 17, 3), 400, today=date(2026, 11, 23)) == (
        "Surveys: newest data 2025-09-25, 424 days old (expected within 400)"
    )
    # No data is absent, not stale.
    assert stale_text("Google Trends", pd.NaT, 45, today=date(2026, 11, 23)) is None
    assert stale_text("Google Trends", None, 45, today=date(2026, 11, 23)) is None


def test_every_light_of_a_stale_source_is_marked_and_no_other():
    cards = pd.DataFrame(
        {
            "metric": [
                "branded_search_yoy_growth",
                "target_media_mentions_per_quarter",
                "share_of_voice",
                "unaided_awareness_yoy_change",
            ],
            "source": ["search_console", "mentions", "mentions", "surveys"],
        }
    )
    freshness = pd.DataFrame(
        {
            "source": ["mentions", "search_console", "surveys"],
            "label": ["Media mentions", "Search Console", "Surveys"],
            "latest_data_date": pd.to_datetime(["2026-10-02", "2026-11-21", None]),
            "expected_within_days": [14, 4, 400],
        }
    )

    stale = stale_lights(cards, freshness, date(2026, 11, 23))

    why = "Media mentions: newest data 2026-10-02, 52 days old (expected within 14)"
    assert stale == {"target_media_mentions_per_quarter": why, "share_of_voice": why}
    # A warehouse from before freshness: no source column, or no freshness table.
    assert stale_lights(cards.drop(columns="source"), freshness, date(2026, 11, 23)) == {}
    assert stale_lights(cards, None, date(2026, 11, 23)) == {}
