"""The weekly digest of the sample company: every light in words, its week, a chart each, the week's events.

Read from a copy of the refreshed sample warehouse, whose publish log is given an older publish (a week and
a day earlier, with two lights of another colour), so "since the digest before" has something to say.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import duckdb
import pytest
from PIL import Image

from demandgen.settings import SAMPLE_CONFIG
from orchestration import digest, notify
from orchestration.config import load_config
from orchestration.schedules import weekly_digest_schedule
from tests.notify_support import SMTP_PASSWORD, SMTP_USER
from tests.pipeline_support import run_cli

TODAY = date(2026, 11, 23)  # a Monday, the sample's newest data on the Friday before
LABELS = [
    "Branded search growth (YoY)",
    "Direct + organic share of traffic",
    "Target-media mentions (last quarter)",
    "Share of voice (YoY change)",
    "Share of search (YoY change)",
    "Unaided awareness (YoY change)",
]


@pytest.fixture
def warehouse(sample_warehouse, tmp_path):
    """The sample, with a publish 8 days before TODAY where branded search was Watch and share of voice had no
    verdict (every other light as now), and an event in the week."""
    copy = tmp_path / "demandgen.duckdb"
    shutil.copy(sample_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            """
            insert into raw.published_lights
            select ?, metric,
                   case metric when 'branded_search_yoy_growth' then 'amber'
                               when 'share_of_voice' then 'insufficient_data' else status end,
                   value, value_text, explanation, period_start, period_end
            from marts.scorecard""",
            [datetime.combine(TODAY - timedelta(days=8), datetime.min.time())],
        )
        con.execute("insert into marts.events values ('2026-11-19', '2026-11-19', 'Webinar with Marketing Week')")
    return copy


class Page(HTMLParser):
    """The digest's text, images and any script, as a mail client would see them."""

    def __init__(self, html: str):
        super().__init__()
        self.text, self.images, self.scripts, self.badges = [], [], [], []
        self._in_badge = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "script":
            self.scripts.append(attrs)
        self._in_badge = tag == "span" and attrs.get("class") == "status"

    def handle_data(self, data):
        self.text.append(data)
        if self._in_badge:
            self.badges.append(data.strip())

    def handle_endtag(self, tag):
        self._in_badge = False


def test_the_digest_page_has_every_light_in_words_with_its_week_and_a_chart_and_no_script(warehouse):
    week = digest.read(warehouse, TODAY)
    page = Page(digest.html(week, digest.charts(week), inline=True))
    text = " ".join(" ".join(page.text).split())

    for label in LABELS:
        assert label in text
    # Each light's status in words beside its symbol, as the warehouse writes them.
    assert page.badges == ["✔ Healthy"] * 6
    assert "was Watch a week ago" in text and "was Insufficient data a week ago" in text
    assert text.count("unchanged since a week ago") == 4
    assert "Healthy: +20% to +40% a year" in text and "Healthy: 5 to 10 a quarter" in text
    assert "Webinar with Marketing Week (19 Nov)" in text
    # Six charts, each a real PNG embedded in the page, and nothing that runs.
    assert len(page.images) == 6 and page.scripts == []
    for source in page.images:
        assert source.startswith("data:image/png;base64,")
        image = Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1])))
        assert image.format == "PNG" and image.size == (480, 160)


def test_only_the_events_of_the_week_are_listed(warehouse):
    week = digest.read(warehouse, TODAY)
    listed = [e["label"] for e in week.events if e["this_week"]]
    assert listed == ["Webinar with Marketing Week"]  # the sample's own events are all earlier
    assert "This week: Webinar with Marketing Week (19 Nov)." in digest.text(week)


def test_sent_it_is_an_html_mail_with_inline_charts_and_a_short_webhook_post(
    warehouse, webhook, smtp_server, tmp_path, monkeypatch
):
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    monkeypatch.setenv(notify.SMTP_USER_ENV, SMTP_USER)
    monkeypatch.setenv(notify.SMTP_PASSWORD_ENV, SMTP_PASSWORD)
    config = tmp_path / "demandgen.yaml"
    # `on` lists no digest: the digest goes whenever it is asked for all the same.
    config.write_text(
        SAMPLE_CONFIG.read_text()
        + f"""
notify:
  on: [refresh_failed]
  dashboard_url: https://dashboards.example.com/
  email: {{smtp_host: 127.0.0.1, smtp_port: {smtp_server.port}, from: demand-health@example.com, to: [cmo@example.com]}}
  digest: {{weekday: monday, time: "08:00"}}
"""
    )
    week = digest.read(warehouse, TODAY)
    assert digest.send(week, load_config(config).notify) == ["webhook", "email"]

    [(_, posted)] = webhook.received
    assert posted["event"] == "digest"
    lines = posted["text"].splitlines()
    assert lines[0] == "Demand-gen health, week to 23 Nov 2026: 6 Healthy"
    assert lines[1].startswith("• Branded search growth (YoY): Healthy, +24.6% (was Watch a week ago).")
    assert posted["text"].endswith("Dashboard: https://dashboards.example.com/")

    [received] = smtp_server.messages
    mail = received.mail
    assert mail["Subject"] == "Demand-gen health, week to 23 Nov 2026: 6 Healthy" and mail["To"] == "cmo@example.com"
    related = mail.get_body(("related",))
    html = related.get_body(("html",)).get_content()
    cids = set(re.findall(r'src="cid:([^"]+)"', html))
    attached = {
        part["Content-ID"].strip("<>"): part for part in related.iter_parts() if part.get_content_maintype() == "image"
    }
    assert cids == set(attached) and len(cids) == 6
    assert all(part.get_content()[:8] == b"\x89PNG\r\n\x1a\n" for part in attached.values())
    assert "<script" not in html and "data:image" not in html


def test_the_cli_writes_the_page_and_says_where(warehouse, tmp_path):
    page = tmp_path / "digest.html"
    done = run_cli("digest", "--config", str(SAMPLE_CONFIG), "--warehouse", str(warehouse), "--output", str(page))
    assert done.returncode == 0, done.stderr
    assert f"to {page}" in done.stdout
    assert len(Page(page.read_text()).images) == 6


def test_the_cli_says_what_to_do_without_a_warehouse(tmp_path):
    done = run_cli("digest", "--config", str(SAMPLE_CONFIG), "--warehouse", str(tmp_path / "none.duckdb"))
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: no warehouse at {tmp_path / 'none.duckdb'}; run `demandgen refresh` first"


def test_the_digest_is_scheduled_at_the_configs_weekday_and_time_in_its_time_zone(tmp_path):
    config = tmp_path / "demandgen.yaml"
    text = SAMPLE_CONFIG.read_text().replace("timezone: UTC", "timezone: Europe/Berlin")
    config.write_text(text + '\nnotify:\n  digest: {weekday: monday, time: "08:30"}\n')
    schedule = weekly_digest_schedule(load_config(config))
    assert schedule.cron_schedule == "30 8 * * 1" and schedule.execution_timezone == "Europe/Berlin"
    assert schedule.job.name == "weekly_digest"
    assert weekly_digest_schedule(load_config(SAMPLE_CONFIG)) is None  # no digest set: no schedule


def test_the_weekly_job_sends_it_and_fails_when_it_went_nowhere(warehouse, webhook, monkeypatch):
    from orchestration.jobs import weekly_digest

    monkeypatch.setenv("DEMANDGEN_CONFIG", str(SAMPLE_CONFIG))
    monkeypatch.setenv("DEMANDGEN_WAREHOUSE", str(warehouse))
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    assert weekly_digest.execute_in_process().success
    [(_, posted)] = webhook.received
    assert posted["event"] == "digest" and "Share of voice (YoY change): Healthy" in posted["text"]

    monkeypatch.delenv(notify.WEBHOOK_ENV)
    failed = weekly_digest.execute_in_process(raise_on_error=False)
    assert not failed.success
    assert "the weekly digest went nowhere" in str(failed.failure_data_for_node("send_weekly_digest").error.message)
