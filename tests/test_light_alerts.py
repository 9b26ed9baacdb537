"""A light that changes colour is told once, by webhook and e-mail; a light that flaps is not told every night.

The sample company's Search Console bulk exports give branded search about +24% a year (Healthy for +20% to +40%).
Raising the healthy bound in the config to +30% turns the light to Watch at the next refresh, lowering it
back turns it Healthy again: real refreshes, real publishes, a local webhook and a local mail server.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from demandgen.settings import SAMPLE_CONFIG, SAMPLE_INBOX
from orchestration import notify
from tests.notify_support import SMTP_PASSWORD, SMTP_USER
from tests.pipeline_support import copy_inbox, query, refresh

BULK = sorted(p.relative_to(SAMPLE_INBOX).as_posix() for p in (SAMPLE_INBOX / "bulk_export").iterdir())
LIGHT = "Branded search growth (YoY)"


def write_config(tmp_path: Path, healthy_low: int, smtp_port: int) -> Path:
    text = SAMPLE_CONFIG.read_text().replace(
        "benchmarks: {}", f"benchmarks: {{branded_search_yoy_growth: {{healthy_low: {healthy_low}}}}}"
    )
    text += f"""
notify:
  dashboard_url: https://dashboards.example.com/demand
  email:
    smtp_host: 127.0.0.1
    smtp_port: {smtp_port}
    starttls: true
    from: demand-health@example.com
    to: [marketing@example.com]
"""
    path = tmp_path / "demandgen.yaml"
    path.write_text(text)
    return path


def light_messages(webhook) -> list[dict]:
    return [body for _, body in webhook.received if body["event"] == "light_changed"]


@pytest.fixture
def refreshes(tmp_path, dbt_manifest, webhook, smtp_server, monkeypatch):
    """refresh(healthy_low): one real refresh of the same inbox with that healthy bound for branded search."""
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    monkeypatch.setenv(notify.SMTP_USER_ENV, SMTP_USER)
    monkeypatch.setenv(notify.SMTP_PASSWORD_ENV, SMTP_PASSWORD)
    inbox = copy_inbox(tmp_path, *BULK)
    warehouse = tmp_path / "w" / "demandgen.duckdb"

    def run(healthy_low: int) -> None:
        result = refresh(write_config(tmp_path, healthy_low, smtp_server.port), inbox, warehouse)
        assert result.success

    run.warehouse = warehouse
    return run


def test_a_light_that_changes_colour_is_told_once_and_a_flapping_one_once_a_quiet_period(
    refreshes, webhook, smtp_server
):
    refreshes(20)
    assert light_messages(webhook) == [] and smtp_server.messages == []  # a first publish is no change

    refreshes(30)  # Healthy -> Watch: told, with both statuses, the value and why
    [(value, explanation)] = query(
        refreshes.warehouse,
        "select value_text, explanation from marts.scorecard where metric = 'branded_search_yoy_growth'",
    )
    [message] = light_messages(webhook)
    assert message["text"].startswith(
        f"Demand-gen health: A light changed colour.\n• {LIGHT}: Healthy → Watch, now {value}. {explanation}"
    )
    assert "Growing, but below the +30% a year that healthy demand generation shows." in message["text"]
    assert message["text"].endswith("\n\nDashboard: https://dashboards.example.com/demand")
    assert message["details"]["lights"][0]["previous_status"] == "green"
    assert message["details"]["lights"][0]["status"] == "amber"
    [mail] = smtp_server.messages
    assert mail.mail["Subject"] == f"Demand-gen health: {LIGHT} is now Watch"
    assert f"{LIGHT}: Healthy → Watch, now {value}." in mail.mail.get_body(("plain",)).get_content()

    refreshes(30)  # nothing changed: nothing told
    refreshes(20)  # back to Healthy the next night: within the 7 quiet days of the last message, not told
    assert len(light_messages(webhook)) == 1 and len(smtp_server.messages) == 1
    # Every flip is in the warehouse all the same, for the dashboard and the digest.
    changes = query(
        refreshes.warehouse,
        "select previous_status, status from marts.light_changes where metric = 'branded_search_yoy_growth' "
        "order by published_at",
    )
    assert changes == [("green", "amber"), ("amber", "green")]

    # A week on (the record of what was told moved back 8 days), the light is told where it settled.
    with duckdb.connect(str(refreshes.warehouse.with_name("demandgen.working.duckdb"))) as con:
        con.execute("update notifications.lights set told_at = told_at - interval 8 days")
    refreshes(20)
    told = light_messages(webhook)
    assert len(told) == 2 and f"• {LIGHT}: Watch → Healthy, now +" in told[1]["text"]
