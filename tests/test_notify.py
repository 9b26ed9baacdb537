"""Notices on their own: one message to the webhook and by e-mail (STARTTLS, login, HTML with inline
images), only the kinds `notify.on` lists, a dashboard link in each, a channel that is down a warning
without any secret; and the one wording rule for why something failed."""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, date, datetime, timedelta

import dagster as dg
import pytest
import yaml

from demandgen.settings import SAMPLE_CONFIG
from orchestration import notify
from orchestration.config import EmailSettings, NotifySettings
from orchestration.failures import innermost_error
from tests.notify_support import SMTP_PASSWORD, SMTP_USER, closed_port, closed_port_url
from tests.pipeline_support import copy_inbox, run_cli

# A PNG's first bytes are enough for a mail client to call it one; the test checks they arrive unchanged.
CHART_PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
STALE = [
    {
        "source": "mentions",
        "label": "Media mentions",
        "latest_data_date": date(2026, 10, 2),
        "days_behind": 52,
        "expected_within_days": 14,
    },
    {
        "source": "surveys",
        "label": "Surveys",
        "latest_data_date": date(2025, 9, 25),
        "days_behind": 424,
        "expected_within_days": 400,
    },
]


def mail_to(port: int, starttls: bool = True) -> NotifySettings:
    return NotifySettings(
        email=EmailSettings(
            smtp_host="127.0.0.1",
            sender="demand-health@example.com",
            to=("marketing@example.com", "cmo@example.com"),
            smtp_port=port,
            starttls=starttls,
        )
    )


def notify_warnings(caplog) -> list[str]:
    """What notify logged (the local mail server logs its side of a refused handshake too, from its thread)."""
    return [r.getMessage() for r in caplog.records if r.name == "orchestration.notify"]


@pytest.fixture
def smtp_login(monkeypatch):
    monkeypatch.setenv(notify.SMTP_USER_ENV, SMTP_USER)
    monkeypatch.setenv(notify.SMTP_PASSWORD_ENV, SMTP_PASSWORD)


# --- the webhook -------------------------------------------------------------------------------------


def test_a_refresh_failure_goes_to_the_webhook_as_json(webhook, monkeypatch):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)

    message = notify.refresh_failed(
        "dbt build failed: test unique_scorecard_metric (fail)",
        "/srv/warehouse/demandgen.duckdb",
        "demandgen_dbt_models",
    )
    assert notify.send(message, NotifySettings()) == ["webhook"]

    assert webhook.received == [
        (
            "application/json",
            {
                "text": "Demand-gen health: the refresh failed at step demandgen_dbt_models: dbt build failed: test "
                "unique_scorecard_metric (fail). Nothing was published; "
                "demandgen.duckdb still holds the last good data.",
                "event": "refresh_failed",
                "warehouse": "/srv/warehouse/demandgen.duckdb",
                "details": {
                    "step": "demandgen_dbt_models",
                    "reason": "dbt build failed: test unique_scorecard_metric (fail)",
                },
            },
        )
    ]


def test_two_stale_sources_are_named_in_one_message(webhook, monkeypatch):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)

    assert notify.send(notify.sources_stale(STALE, "w.duckdb"), NotifySettings())

    [(_, message)] = webhook.received
    assert message["text"] == (
        "Demand-gen health: 2 sources are stale in w.duckdb. Media mentions: newest data 2026-10-02, 52 days old "
        "(expected within 14); Surveys: newest data 2025-09-25, 424 days old (expected within 400). The lights "
        "built on them may be out of date: drop newer exports in the inbox."
    )
    assert [s["latest_data_date"] for s in message["details"]["sources"]] == ["2026-10-02", "2025-09-25"]


def test_every_message_links_the_dashboard_when_one_is_set(webhook, monkeypatch):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)

    notify.send(notify.refresh_failed("broken", "w.duckdb"), NotifySettings(dashboard_url="https://dash.example.com/"))

    [(_, message)] = webhook.received
    assert message["text"] == (
        "Demand-gen health: the refresh failed: broken. Nothing was published; w.duckdb still holds the last good "
        "data.\n\nDashboard: https://dash.example.com/"
    )


def test_only_the_kinds_notify_on_lists_are_sent(webhook, monkeypatch):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    only_failures = NotifySettings(on=frozenset({"refresh_failed"}))

    assert notify.send(notify.sources_stale(STALE, "w.duckdb"), only_failures) == []
    assert notify.send(notify.refresh_failed("broken", "w.duckdb"), only_failures) == ["webhook"]
    assert notify.send(notify.refresh_failed("broken", "w.duckdb"), NotifySettings(on=frozenset())) == []

    assert [m["event"] for _, m in webhook.received] == ["refresh_failed"]


def test_with_no_webhook_and_no_email_nothing_is_sent(webhook, monkeypatch):
    monkeypatch.delenv(notify.WEBHOOK_ENV, raising=False)
    assert notify.send(notify.refresh_failed("broken", "w.duckdb"), NotifySettings()) == []
    assert webhook.received == []


def test_a_webhook_that_refuses_or_is_not_there_is_a_warning(webhook, monkeypatch, caplog):
    webhook.status = 500
    message = notify.refresh_failed("broken", "w.duckdb", "marketing_config")
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    with caplog.at_level(logging.WARNING, logger="orchestration.notify"):
        assert notify.send(message, NotifySettings()) == []
        monkeypatch.setenv(notify.WEBHOOK_ENV, closed_port_url())
        assert notify.send(message, NotifySettings()) == []
        monkeypatch.setenv(notify.WEBHOOK_ENV, "not a url")
        assert notify.send(message, NotifySettings()) == []

    warnings = notify_warnings(caplog)
    assert len(warnings) == 3
    assert warnings[0] == (
        "could not notify the webhook in DEMANDGEN_WEBHOOK_URL of refresh_failed "
        "(it answered HTTP 500); the refresh goes on"
    )
    assert "(it is not a valid http:// or https:// URL)" in warnings[2]
    assert all(w.startswith("could not notify the webhook") and "not a url" not in w for w in warnings)
    assert not any("nobody-listens" in w or "/hooks/" in w for w in warnings)  # the URL is a secret
    assert len(webhook.received) == 1  # the refusal was received; nothing else was


# --- e-mail ------------------------------------------------------------------------------------------


def test_a_message_is_mailed_over_starttls_with_the_environment_s_login(smtp_server, smtp_login, webhook, monkeypatch):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    message = notify.Message(
        kind="light_changed",
        subject="Demand-gen health: Branded search growth turned red",
        text="Branded search growth is now 4.1% (was 18.0%): below the healthy range of 15% to 35%.",
        warehouse="w.duckdb",
        details={"metric": "branded_search_yoy_growth", "status": "red"},
        html='<p>Branded search growth is now <b>4.1%</b>.</p><img src="cid:growth-chart" alt="growth">',
        images={"growth-chart": CHART_PNG},
    )
    settings = mail_to(smtp_server.port)
    settings = NotifySettings(
        on=frozenset({"light_changed"}), dashboard_url="https://dash.example.com/", email=settings.email
    )

    assert notify.send(message, settings) == ["webhook", "email"]

    [received] = smtp_server.messages
    assert received.tls and received.login == SMTP_USER
    assert received.sender == "demand-health@example.com"
    assert received.recipients == ["marketing@example.com", "cmo@example.com"]
    mail = received.mail
    assert mail["Subject"] == "Demand-gen health: Branded search growth turned red"
    assert mail["From"] == "demand-health@example.com"
    assert mail["To"] == "marketing@example.com, cmo@example.com"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    assert text == (
        "Branded search growth is now 4.1% (was 18.0%): below the healthy range of 15% to 35%.\n\n"
        "Dashboard: https://dash.example.com/\n"
    )
    related = mail.get_body(("related",))
    html = related.get_body(("html",)).get_content()
    assert '<img src="cid:growth-chart" alt="growth">' in html
    assert '<a href="https://dash.example.com/">Open the dashboard</a>' in html
    [image] = [part for part in related.iter_parts() if part.get_content_maintype() == "image"]
    assert image["Content-ID"] == "<growth-chart>"
    assert image.get_content_type() == "image/png" and image.get_content() == CHART_PNG
    # The webhook got the same words.
    [(_, posted)] = webhook.received
    assert posted["text"] == text.rstrip("\n") and posted["event"] == "light_changed"


def test_a_plain_text_message_is_mailed_as_plain_text(smtp_server, smtp_login):
    assert notify.send(notify.refresh_failed("broken", "w.duckdb"), mail_to(smtp_server.port)) == ["email"]

    [received] = smtp_server.messages
    assert received.mail.get_content_type() == "text/plain"
    assert received.mail["Subject"] == "Demand-gen health: the refresh failed"
    assert received.mail.get_content().startswith("Demand-gen health: the refresh failed: broken.")


def test_a_wrong_password_is_a_warning_that_names_neither_the_password_nor_the_user(smtp_server, monkeypatch, caplog):
    monkeypatch.setenv(notify.SMTP_USER_ENV, SMTP_USER)
    monkeypatch.setenv(notify.SMTP_PASSWORD_ENV, "wrong-" + SMTP_PASSWORD)

    with caplog.at_level(logging.DEBUG):
        assert notify.send(notify.refresh_failed("broken", "w.duckdb"), mail_to(smtp_server.port)) == []

    assert smtp_server.messages == []
    warnings = notify_warnings(caplog)
    assert warnings == [
        f"could not e-mail refresh_failed through 127.0.0.1:{smtp_server.port} (it refused the login in "
        "DEMANDGEN_SMTP_USER and DEMANDGEN_SMTP_PASSWORD (SMTP 535)); the refresh goes on"
    ]
    assert SMTP_PASSWORD not in caplog.text and SMTP_USER not in caplog.text


def test_a_mail_server_that_is_down_or_untrusted_is_a_warning(smtp_server, smtp_login, monkeypatch, caplog):
    message = notify.refresh_failed("broken", "w.duckdb")
    down = closed_port()
    with caplog.at_level(logging.WARNING, logger="orchestration.notify"):
        assert notify.send(message, mail_to(down)) == []
        monkeypatch.delenv("SSL_CERT_FILE")  # the test's certificate is no longer trusted
        assert notify.send(message, mail_to(smtp_server.port)) == []

    down_warning, untrusted_warning = notify_warnings(caplog)
    assert down_warning.startswith(f"could not e-mail refresh_failed through 127.0.0.1:{down} (")
    assert "Connection refused" in down_warning and down_warning.endswith("); the refresh goes on")
    assert "(its TLS certificate was not accepted: self-signed certificate)" in untrusted_warning
    assert smtp_server.messages == []
    assert SMTP_PASSWORD not in caplog.text


def test_no_password_crosses_the_network_unencrypted_and_half_a_login_is_refused(
    smtp_server, smtp_login, monkeypatch, caplog
):
    message = notify.refresh_failed("broken", "w.duckdb")
    with caplog.at_level(logging.WARNING, logger="orchestration.notify"):
        assert notify.send(message, mail_to(smtp_server.port, starttls=False)) == []
        monkeypatch.delenv(notify.SMTP_PASSWORD_ENV)
        assert notify.send(message, mail_to(smtp_server.port)) == []

    assert notify_warnings(caplog) == [
        f"could not e-mail refresh_failed through 127.0.0.1:{smtp_server.port} (the login would cross the network "
        "unencrypted: set notify.email.starttls to true); the refresh goes on",
        f"could not e-mail refresh_failed through 127.0.0.1:{smtp_server.port} (DEMANDGEN_SMTP_USER is set without "
        "the other: set both, or neither); the refresh goes on",
    ]
    assert smtp_server.messages == []


def test_a_server_that_requires_tls_refuses_mail_without_it(smtp_server, caplog):
    # No login set: the mail goes without one, but this server wants STARTTLS first.
    with caplog.at_level(logging.WARNING, logger="orchestration.notify"):
        assert notify.send(notify.refresh_failed("broken", "w.duckdb"), mail_to(smtp_server.port, False)) == []
    assert "(it answered SMTP 530)" in caplog.text
    assert smtp_server.messages == []


def test_the_message_that_smtplib_would_send_has_every_address_in_its_headers():
    # smtplib.send_message takes the envelope's recipients from To: a second address must not be lost.
    mail = notify.email_message(notify.refresh_failed("broken", "w.duckdb"), mail_to(25).email)
    assert smtplib.email.utils.getaddresses(mail.get_all("To")) == [
        ("", "marketing@example.com"),
        ("", "cmo@example.com"),
    ]


# --- the messages ------------------------------------------------------------------------------------


def test_an_overdue_refresh_says_how_long_and_since_when():
    published = datetime(2026, 12, 3, 2, 14, tzinfo=UTC)

    message = notify.refresh_overdue(published, published + timedelta(hours=30, minutes=20), "/srv/demandgen.duckdb")

    assert message.kind == "refresh_overdue"
    assert message.subject == "Demand-gen health: no refresh for 30 hours"
    assert message.text == (
        "Demand-gen health: demandgen.duckdb has not been refreshed for 30 hours (last published 2026-12-03 02:14 "
        "UTC). The nightly refresh is not running or keeps failing: the lights show old data until it publishes "
        "again. Look at the runs in Dagster."
    )
    assert message.details == {"published_at": "2026-12-03T02:14:00+00:00", "hours_since": 30}
    assert notify.refresh_overdue(published, published + timedelta(days=4, hours=3), "w.duckdb").subject == (
        "Demand-gen health: no refresh for 4 days"
    )


def test_a_run_failure_dagster_retries_says_so():
    assert notify.refresh_failed("the run's process was killed", "w.duckdb", retried=True).text == (
        "Demand-gen health: the refresh failed: the run's process was killed. Nothing was published; w.duckdb "
        "still holds the last good data. Dagster starts it again."
    )


# --- why something failed, in one line ---------------------------------------------------------------


def test_the_reason_is_the_innermost_python_error_in_one_line():
    try:
        try:
            raise OSError("IO Error: not a valid DuckDB database file\nmore detail")
        except OSError as inner:
            raise RuntimeError("step failed") from inner
    except RuntimeError as outer:
        assert innermost_error(outer) == "IO Error: not a valid DuckDB database file"
    assert innermost_error(dg.Failure(description="dbt build failed: model scorecard (error)")) == (
        "dbt build failed: model scorecard (error)"
    )
    assert innermost_error(ValueError()) == "ValueError"
    assert innermost_error(None) == "no detail"


class RefreshAlreadyRunning(RuntimeError):
    pass


def start_a_second_refresh():
    try:
        raise RefreshAlreadyRunning("another refresh is already writing w.duckdb (pid 7); wait for it\nmore")
    except RefreshAlreadyRunning as error:
        raise RuntimeError("could not start") from error


def test_dagster_s_record_of_an_error_reads_the_same_as_the_error():
    """What a run's events keep (the CLI and the run-failure sensor read these) and what the hook catches
    (a live exception) give the same words."""

    @dg.op
    def second_refresh():
        start_a_second_refresh()

    @dg.job
    def job():
        second_refresh()

    result = job.execute_in_process(raise_on_error=False)
    [failure] = [e for e in result.all_events if e.is_step_failure]
    stored = failure.step_failure_data.error
    with pytest.raises(RuntimeError) as live:
        start_a_second_refresh()

    assert stored.cls_name == "DagsterExecutionStepExecutionError"  # the layers Dagster added around it
    assert innermost_error(stored) == "another refresh is already writing w.duckdb (pid 7); wait for it"
    assert innermost_error(live.value) == innermost_error(stored)


# --- through a refresh -------------------------------------------------------------------------------


def test_a_mail_server_that_is_down_does_not_fail_the_refresh_and_no_secret_is_printed(
    tmp_path, webhook, smtp_login, dbt_manifest
):
    config = yaml.safe_load(SAMPLE_CONFIG.read_text())
    # Search Console stale after a day (the export is from 2024), every other source never.
    config["freshness"] = {
        "search_console": 1,
        "web_analytics": 10**5,
        "mentions": 10**5,
        "surveys": 10**5,
        "trends": 10**5,
    }
    down = closed_port()
    config["notify"] = {
        "email": {"smtp_host": "127.0.0.1", "smtp_port": down, "from": "a@example.com", "to": ["b@example.com"]}
    }
    config_path = tmp_path / "demandgen.yaml"
    config_path.write_text(yaml.safe_dump(config))
    inbox = copy_inbox(tmp_path, "bulk_export/searchdata_site_impression_202408.parquet")

    done = run_cli(
        "refresh",
        "--config",
        str(config_path),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        env={notify.WEBHOOK_ENV: webhook.url},
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"could not e-mail sources_stale through 127.0.0.1:{down} (" in done.stdout
    [(_, message)] = webhook.received  # the other channel still told
    assert message["event"] == "sources_stale" and "Search Console" in message["text"]
    output = done.stdout + done.stderr
    assert SMTP_PASSWORD not in output and SMTP_USER not in output and webhook.url not in output
