"""`demandgen pull` against a stand-in for Google on 127.0.0.1 (tests/google_standin.py), through the real client
libraries: paging, the windows it asks for, Google's refusals in words a user can act on, and nothing landing
of a source that fails. The files it lands are loaded by the real ingest into a throwaway DuckDB."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.config import parse_config
from orchestration.ingest.landing import ingest_inbox
from orchestration.pull import Sources, check_access, pull
from orchestration.pull.patience import Patience
from tests.google_standin import SERVICE_ACCOUNT, AlertEntry, Ga4Property, Ga4Row, SearchConsoleSite, atom_feed

TODAY = date(2026, 12, 6)
SITE, OTHER_SITE = "sc-domain:example.com", "sc-domain:example.org"
FEED = "0107/1144"
QUICK = Patience(attempts=3, first_wait=0.01, longest_wait=5, timeout=10)


def sources(**pages) -> Sources:
    return Sources(patience=QUICK, **pages)


def config(standin, search_console=(SITE,), ga4=None, feeds=(), extra: dict | None = None):
    pulls = {}
    if search_console:
        pulls["search_console"] = {"properties": list(search_console), **(extra or {})}
    if ga4:
        pulls["ga4"] = {"properties": ga4}
    if feeds:
        pulls["google_alerts"] = {"feeds": [standin.feed_url(f) for f in feeds]}
    return parse_config({"brand": {"name": "Example", "terms": ["example"]}, "pull": pulls}, "demandgen.yaml")


def site_with(days: list[date], queries_a_day: int) -> SearchConsoleSite:
    site = SearchConsoleSite()
    for d in days:
        for q in range(queries_a_day):
            site.queries[(d, f"query {q}")] = (q % 5, 10 + q)
        site.anonymized[d] = (2, 20)
    return site


def serve_site(standin, site_url: str, site: SearchConsoleSite) -> None:
    standin.sites[site_url] = site
    standin.readable_sites.add(site_url)


def landed(inbox: Path, part: str = "") -> list[Path]:
    return sorted(
        p for p in (inbox / "pulled").rglob("*") if p.is_file() and part in str(p) and "pull-status" not in p.name
    )


def loaded(inbox: Path, cfg) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest_inbox(con, inbox, cfg, "test-run")
    return con


def said(capsys) -> str:
    return capsys.readouterr().out


# --- paging and windows --------------------------------------------------------------------------------


def test_a_first_pull_backfills_16_months_a_month_a_request_and_pages_until_a_short_page(google_standin, tmp_path):
    days = [date(2026, 11, d) for d in range(1, 31)]
    serve_site(google_standin, SITE, site_with(days, 4))  # 120 query rows in November
    report = pull(
        config(google_standin), tmp_path, say=lambda _: None, today=TODAY, sources=sources(search_console_page_rows=50)
    )

    assert not report.problems
    names = sorted(p.name for p in landed(tmp_path))
    assert names[0] == "queries_2025-08-06_2025-08-31.json"  # 16 months before 6 Dec 2026
    assert "queries_2026-11-01_2026-11-30.json" in names and "totals_2026-12-01_2026-12-06.json" in names
    assert len(names) == 2 * 17  # Aug 2025 to Dec 2026, totals and queries each
    november = json.loads(
        next(p for p in landed(tmp_path) if p.name == "queries_2026-11-01_2026-11-30.json").read_text()
    )
    assert [page["startRow"] for page in november["pages"]] == [0, 50, 100]
    assert [len(page["response"].get("rows", [])) for page in november["pages"]] == [50, 50, 20]
    assert november["request"] == {
        "startDate": "2026-11-01",
        "endDate": "2026-11-30",
        "dimensions": ["date", "query"],
        "type": "web",
        "dataState": "final",
        "aggregationType": "byProperty",
        "rowLimit": 50,
    }
    asked = [s.body for s in google_standin.requests_to("searchAnalytics") if s.body["startDate"] == "2026-11-01"]
    assert [(b["dimensions"], b["startRow"]) for b in asked] == [
        (["date"], 0),
        (["date", "query"], 0),
        (["date", "query"], 50),
        (["date", "query"], 100),
    ]
    con = loaded(tmp_path, config(google_standin))
    rows = con.execute(
        "select date, query, clicks, impressions from raw.search_console_api_rows where query is not null"
    ).fetchall()
    assert sorted(rows) == sorted((d, q, c, i) for (d, q), (c, i) in google_standin.sites[SITE].queries.items())


def test_ga4_pages_by_offset_up_to_the_row_count_and_keeps_thresholding_beside_the_rows(google_standin, tmp_path):
    rows = [Ga4Row(date(2026, 12, d), "Direct", "(direct)", "(none)", 10 * d, 5 * d) for d in range(1, 6)]
    rows += [Ga4Row(date(2026, 12, d), "Organic Search", "google", "organic", 3 * d, 2 * d) for d in range(1, 6)]
    google_standin.ga4["42"] = Ga4Property(rows, {"subjectToThresholding": True})
    google_standin.readable_ga4.add("42")
    cfg = config(google_standin, search_console=(), ga4={"42": "Example - GA4"})

    report = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources(ga4_page_rows=4))

    assert not report.problems
    december = json.loads(next(p for p in landed(tmp_path) if "2026-12-01" in p.name).read_text())
    assert [page["offset"] for page in december["pages"]] == [0, 4, 8]
    assert december["request"]["dateRanges"] == [{"startDate": "2026-12-01", "endDate": "2026-12-05"}]
    con = loaded(tmp_path, cfg)
    got = con.execute(
        "select period_start, channel_label, source_medium, sessions, users, property "
        "from raw.web_analytics_channel_rows"
    ).fetchall()
    assert sorted(got) == sorted(
        (r.day, r.channel, f"{r.source} / {r.medium}", r.sessions, r.users, "Example - GA4") for r in rows
    )
    assert con.execute(
        "select period_start, period_end, subject_to_thresholding from raw.web_analytics_report_caveats"
    ).fetchall() == [(date(2026, 12, 1), date(2026, 12, 5), True)]
    # The caveat is about the rows, not one of them.
    assert con.execute("select rows from raw.ingested_files where data_start = date '2026-12-01'").fetchall() == [(10,)]


def test_a_later_pull_asks_again_for_the_last_refetch_days_with_data_and_the_new_ones(google_standin, tmp_path):
    days = [TODAY - timedelta(days=n) for n in range(3, 20)]  # data through 3 December
    serve_site(google_standin, SITE, site_with(days, 2))
    pull(config(google_standin), tmp_path, say=lambda _: None, today=TODAY, sources=sources())
    google_standin.seen.clear()

    pull(config(google_standin), tmp_path, say=lambda _: None, today=TODAY + timedelta(days=1), sources=sources())

    # 3 December (the last day with data) and the 3 days before it, then what is new; a request a month.
    asked = {(s.body["startDate"], s.body["endDate"]) for s in google_standin.requests_to("searchAnalytics")}
    assert asked == {("2026-11-30", "2026-11-30"), ("2026-12-01", "2026-12-07")}


def test_ga4_asks_up_to_yesterday_in_the_configs_time_zone(google_standin, tmp_path):
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.readable_ga4.add("42")
    cfg = config(google_standin, search_console=(), ga4={"42": "Example - GA4"})
    pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())
    google_standin.seen.clear()

    pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    (only,) = google_standin.requests_to("runReport")
    assert only.body["dateRanges"] == [{"startDate": "2026-12-02", "endDate": "2026-12-05"}]


@pytest.mark.parametrize("state", ["final", "all"])
def test_days_google_is_still_counting_land_marked_with_data_state_all_and_later_with_final(
    google_standin, tmp_path, state
):
    site = site_with([TODAY - timedelta(days=n) for n in range(1, 6)], 2)
    site.first_incomplete = TODAY - timedelta(days=2)
    serve_site(google_standin, SITE, site)
    cfg = config(google_standin, extra={"data_state": state})

    pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    assert {s.body["dataState"] for s in google_standin.requests_to("searchAnalytics")} == {state}
    con = loaded(tmp_path, cfg)
    days = con.execute(
        "select date, first_incomplete_date from raw.search_console_api_rows where query is null order by date"
    ).fetchall()
    if state == "final":  # Google leaves out what it has not finished; the next pulls ask for those days again
        assert days == [(TODAY - timedelta(days=n), None) for n in (5, 4, 3)]
    else:  # everything, with the day Google's unfinished data starts (staging marks those days incomplete)
        assert days == [(TODAY - timedelta(days=n), TODAY - timedelta(days=2)) for n in (5, 4, 3, 2, 1)]


# --- Google says "later" ---------------------------------------------------------------------------------


def test_a_429_is_tried_again_after_the_seconds_retry_after_asks(google_standin, tmp_path, capsys):
    serve_site(google_standin, SITE, site_with([TODAY - timedelta(days=3)], 2))
    google_standin.fault("searchAnalytics", status=429, headers={"Retry-After": "1"})
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.readable_ga4.add("42")
    google_standin.fault("runReport", status=429, headers={"Retry-After": "1"})

    report = pull(config(google_standin, ga4={"42": "Site"}), tmp_path, today=TODAY, sources=sources())

    assert not report.problems
    for path in ("searchAnalytics", "runReport"):
        first, second = google_standin.requests_to(path)[:2]
        assert first.body == second.body
        assert second.at - first.at >= 1.0
    assert "quota" in said(capsys) and landed(tmp_path, "search_console") and landed(tmp_path, "ga4")


def test_a_server_error_is_tried_again_and_the_pull_lands(google_standin, tmp_path):
    serve_site(google_standin, SITE, site_with([TODAY - timedelta(days=3)], 2))
    google_standin.fault("searchAnalytics", status=500)
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.readable_ga4.add("42")
    google_standin.fault("runReport", status=503)

    report = pull(
        config(google_standin, ga4={"42": "Site"}), tmp_path, say=lambda _: None, today=TODAY, sources=sources()
    )

    assert not report.problems
    assert landed(tmp_path, "search_console") and landed(tmp_path, "ga4")


def test_a_quota_google_asks_an_hour_to_wait_for_gives_up_for_the_night_with_the_reason(google_standin, tmp_path):
    serve_site(google_standin, SITE, site_with([TODAY - timedelta(days=3)], 2))
    google_standin.fault("searchAnalytics", status=429, times=99, headers={"Retry-After": "3600"})
    cfg = config(google_standin)

    report = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    (problem,) = report.problems
    assert problem.transient
    assert problem.problem == (
        f"Search Console property {SITE}: Google's quota for the Google Search Console API is used up for now "
        "(429: Quota exceeded for quota metric 'Queries'.), and Google asks to wait 60 minutes; "
        "pulled again on the next run"
    )
    assert len(google_standin.requests_to("searchAnalytics")) == 1
    assert not landed(tmp_path)
    con = loaded(tmp_path, cfg)
    assert con.execute("select status, reason from raw.ingested_files").fetchall() == [("rejected", problem.problem)]


def test_errors_that_keep_coming_give_up_after_the_tries_patience_allows(google_standin, tmp_path):
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.readable_ga4.add("42")
    google_standin.fault("runReport", status=500, times=99)
    cfg = config(google_standin, search_console=(), ga4={"42": "Site"})

    report = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    (problem,) = report.problems
    assert problem.problem.startswith("GA4 property 42 (Site): Google answered with a server error (500")
    assert problem.problem.endswith("(3 tries); pulled again on the next run")
    assert report.reached_nothing
    assert len(google_standin.requests_to("runReport")) == QUICK.attempts


# --- refusals someone has to act on ----------------------------------------------------------------------


def test_a_property_the_account_cannot_read_says_whom_to_add_and_the_others_land(google_standin, tmp_path):
    serve_site(google_standin, SITE, site_with([TODAY - timedelta(days=3)], 2))
    google_standin.sites[OTHER_SITE] = site_with([TODAY - timedelta(days=3)], 2)  # served, but not shared
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.ga4["43"] = Ga4Property([])
    google_standin.readable_ga4.add("42")
    cfg = config(google_standin, search_console=(SITE, OTHER_SITE), ga4={"42": "Shop", "43": "Blog"})

    report = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    assert [p.problem for p in report.problems] == [
        f"Search Console property {OTHER_SITE}: the service account cannot read it: add {SERVICE_ACCOUNT} as a "
        f"user of {OTHER_SITE} in Search Console (Settings > Users and permissions > Add user, permission "
        "Restricted is enough)",
        f"GA4 property 43 (Blog): the service account cannot read it: add {SERVICE_ACCOUNT} as a Viewer of GA4 "
        "property 43 (Admin > Property access management > Add users; check the property id under Admin > "
        "Property details)",
    ]
    assert not any(p.transient for p in report.problems)
    assert landed(tmp_path, "example.com") and landed(tmp_path, "ga4/42")
    assert not landed(tmp_path, "example.org") and not landed(tmp_path, "ga4/43")
    con = loaded(tmp_path, cfg)
    rejected = con.execute("select reason from raw.ingested_files where status = 'rejected' order by reason").fetchall()
    assert [r for (r,) in rejected] == sorted(p.problem for p in report.problems)


def test_a_problem_solved_the_next_night_clears_its_rejection(google_standin, tmp_path):
    google_standin.sites[SITE] = site_with([TODAY - timedelta(days=3)], 2)
    cfg = config(google_standin)
    pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())
    con = loaded(tmp_path, cfg)
    assert [s for (s,) in con.execute("select status from raw.ingested_files").fetchall()] == ["rejected"]

    google_standin.readable_sites.add(SITE)  # someone added the service account
    pull(cfg, tmp_path, say=lambda _: None, today=TODAY + timedelta(days=1), sources=sources())
    ingest_inbox(con, tmp_path, cfg, "next-night")

    assert con.execute("select count(*) from raw.ingested_files where status = 'rejected'").fetchone() == (0,)
    assert con.execute("select count(*) from raw.search_console_api_rows").fetchone()[0] == 3  # 2 queries, 1 total


def test_a_cut_answer_lands_nothing_of_its_property(google_standin, tmp_path):
    serve_site(google_standin, SITE, site_with([TODAY - timedelta(days=3)], 2))
    serve_site(google_standin, OTHER_SITE, site_with([TODAY - timedelta(days=3)], 2))
    # Every answer about example.org's queries is cut halfway; its totals come through whole.
    google_standin.fault(f"sites/{OTHER_SITE}/searchAnalytics", cut=True, times=99)
    cfg = config(google_standin, search_console=(SITE, OTHER_SITE))

    report = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    (problem,) = report.problems
    assert problem.problem == (
        f"Search Console property {OTHER_SITE}: Google's answer was cut off or is not JSON (3 tries); "
        "pulled again on the next run"
    )
    assert not landed(tmp_path, "example.org") and landed(tmp_path, "example.com")


def test_a_cut_ga4_answer_or_feed_lands_nothing_either(google_standin, tmp_path):
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.readable_ga4.add("42")
    google_standin.fault("runReport", cut=True, times=99)
    entries = [
        AlertEntry(
            "tag:google.com,2013:googlealerts/feed:1", "Example wins", "https://a.example/x", "2026-12-01T10:00:00Z"
        )
    ]
    google_standin.feeds[FEED] = atom_feed("1144", google_standin.feed_url(FEED), entries)
    google_standin.fault("alerts/feeds", cut=True, times=99)
    cfg = config(google_standin, search_console=(), ga4={"42": "Site"}, feeds=(FEED,))

    report = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())

    assert [p.problem for p in report.problems] == [
        "GA4 property 42 (Site): Google's answer was cut off or is not JSON (3 tries); pulled again on the next run",
        f"Google Alerts feed {google_standin.feed_url(FEED)}: the feed is cut off or is not XML (3 tries); "
        "pulled again on the next run",
    ]
    assert not landed(tmp_path)


# --- the key ---------------------------------------------------------------------------------------------


def _problems_with_key(google_standin, tmp_path, monkeypatch, key_file_text: str | None, capsys) -> list[str]:
    serve_site(google_standin, SITE, site_with([TODAY - timedelta(days=3)], 2))
    google_standin.ga4["42"] = Ga4Property([Ga4Row(TODAY - timedelta(days=2), "Direct", "(direct)", "(none)", 5, 4)])
    google_standin.readable_ga4.add("42")
    google_standin.feeds[FEED] = atom_feed(
        "1144",
        google_standin.feed_url(FEED),
        [
            AlertEntry(
                "tag:google.com,2013:googlealerts/feed:1", "Example", "https://a.example/x", "2026-12-01T10:00:00Z"
            )
        ],
    )
    key = tmp_path / "key.json"
    if key_file_text is None:
        monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    else:
        key.write_text(key_file_text)
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    inbox = tmp_path / "inbox"
    report = pull(config(google_standin, ga4={"42": "Site"}, feeds=(FEED,)), inbox, today=TODAY, sources=sources())
    out = said(capsys)
    assert landed(inbox, "google_alerts"), "the feeds need no key: they are pulled whatever the key"
    assert not landed(inbox, "search_console") and not landed(inbox, "ga4")
    private = google_standin.key.private_pem
    secret_line = private.splitlines()[5]
    for text in [out, *(p.read_text() for p in (inbox / "pulled").rglob("*.json"))]:
        assert secret_line not in text and "PRIVATE KEY" not in text
    return [p.problem for p in report.problems]


def test_no_key_variable_says_which_variable_to_set(google_standin, tmp_path, monkeypatch, capsys):
    problems = _problems_with_key(google_standin, tmp_path, monkeypatch, None, capsys)
    assert problems == [
        f"{what}: GOOGLE_APPLICATION_CREDENTIALS is not set: set it to the path of the service account's JSON "
        "key file (how to create one: docs/api-pulls.md)"
        for what in (f"Search Console property {SITE}", "GA4 property 42 (Site)")
    ]


@pytest.mark.parametrize(
    "content, words",
    [
        ("{not json", "is not a JSON key file: download the service account's key again as JSON"),
        (
            '{"type": "authorized_user", "client_id": "x"}',
            "is not a service account key (it is of type 'authorized_user')",
        ),
        ("DAMAGED", "cannot be read: the file is damaged; download a new key for the service account"),
    ],
)
def test_a_key_file_that_is_no_usable_key_says_so_without_quoting_it(
    google_standin, tmp_path, monkeypatch, capsys, content, words
):
    if content == "DAMAGED":  # a real key file whose private key lost its middle
        info = google_standin.key.file_content(google_standin.token_uri)
        info["private_key"] = info["private_key"][:200] + info["private_key"][-200:]
        content = json.dumps(info)
    problems = _problems_with_key(google_standin, tmp_path, monkeypatch, content, capsys)
    assert len(problems) == 2
    for problem in problems:
        assert f"the file GOOGLE_APPLICATION_CREDENTIALS names ({tmp_path / 'key.json'})" in problem or (
            f"the private key in the file GOOGLE_APPLICATION_CREDENTIALS names ({tmp_path / 'key.json'})" in problem
        )
        assert words in problem


def test_a_key_google_no_longer_accepts_names_the_variable_and_the_account(
    google_standin, tmp_path, monkeypatch, capsys
):
    google_standin.key_revoked = True
    text = json.dumps(google_standin.key.file_content(google_standin.token_uri))
    search_console, ga4 = _problems_with_key(google_standin, tmp_path, monkeypatch, text, capsys)
    # Search Console's client asks the key's token_uri for a token: the token service refuses the key.
    assert search_console == (
        f"Search Console property {SITE}: Google refused the service account's key (invalid_grant: Invalid JWT "
        "Signature.): the key GOOGLE_APPLICATION_CREDENTIALS names may have been deleted or disabled; create a new "
        f"key for {SERVICE_ACCOUNT} and point GOOGLE_APPLICATION_CREDENTIALS at it"
    )
    # GA4's client signs its own token: the API answers 401.
    assert ga4 == (
        "GA4 property 42 (Site): Google did not accept the service account's credentials (401: Request had invalid "
        "authentication credentials.): check that the key file GOOGLE_APPLICATION_CREDENTIALS names is a current key "
        f"of {SERVICE_ACCOUNT} (create a new key if this one was deleted or disabled)"
    )
    assert google_standin.requests_to("/token"), "the key's token_uri is where the token was asked for"


# --- Google Alerts ---------------------------------------------------------------------------------------


def test_a_feed_lands_when_it_has_new_entries_and_not_when_it_has_none(google_standin, tmp_path):
    first = AlertEntry(
        "tag:google.com,2013:googlealerts/feed:1", "Example wins", "https://a.example/x", "2026-12-01T10:00:00Z"
    )
    second = AlertEntry(
        "tag:google.com,2013:googlealerts/feed:2", "Example again", "https://b.example/y", "2026-12-05T10:00:00Z"
    )
    cfg = config(google_standin, search_console=(), feeds=(FEED,))
    google_standin.feeds[FEED] = atom_feed("1144", google_standin.feed_url(FEED), [first])
    pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources())
    pull(cfg, tmp_path, say=lambda _: None, today=TODAY + timedelta(days=1), sources=sources())
    assert len(landed(tmp_path)) == 1

    google_standin.feeds[FEED] = atom_feed("1144", google_standin.feed_url(FEED), [second, first])
    pull(cfg, tmp_path, say=lambda _: None, today=TODAY + timedelta(days=2), sources=sources())

    assert [p.parent.name for p in landed(tmp_path)] == ["2026-12-06", "2026-12-08"]
    assert landed(tmp_path)[-1].read_bytes() == google_standin.feeds[FEED]  # the feed as Google sent it


def test_a_feed_that_is_gone_says_to_copy_its_link_again(google_standin, tmp_path):
    cfg = config(google_standin, search_console=(), feeds=("0107/deleted",))
    (problem,) = pull(cfg, tmp_path, say=lambda _: None, today=TODAY, sources=sources()).problems
    assert problem.problem == (
        f"Google Alerts feed {google_standin.feed_url('0107/deleted')}: Google answers 404: the alert was deleted or "
        "its feed changed; in Google Alerts, copy the alert's RSS feed link again into pull.google_alerts.feeds"
    )


# --- check-access ----------------------------------------------------------------------------------------


def test_check_access_says_for_each_property_and_feed_whether_it_can_be_read(google_standin):
    serve_site(google_standin, SITE, SearchConsoleSite())
    google_standin.ga4["42"] = Ga4Property([])
    google_standin.readable_ga4.add("42")
    google_standin.ga4["43"] = Ga4Property([])
    google_standin.feeds[FEED] = atom_feed("1144", google_standin.feed_url(FEED), [])
    cfg = config(google_standin, search_console=(SITE, OTHER_SITE), ga4={"42": "Shop", "43": "Blog"}, feeds=(FEED,))

    found = check_access(cfg, say=lambda _: None, sources=sources())

    assert [(a.name, a.readable, a.detail) for a in found] == [
        (f"Search Console property {SITE}", True, f"readable by {SERVICE_ACCOUNT} (siteRestrictedUser)"),
        (
            f"Search Console property {OTHER_SITE}",
            False,
            f"the service account cannot read it: add {SERVICE_ACCOUNT} as a user of {OTHER_SITE} in Search Console "
            "(Settings > Users and permissions > Add user, permission Restricted is enough)",
        ),
        ("GA4 property 42 (Shop)", True, f"readable by {SERVICE_ACCOUNT}"),
        (
            "GA4 property 43 (Blog)",
            False,
            f"the service account cannot read it: add {SERVICE_ACCOUNT} as a Viewer of GA4 property 43 (Admin > "
            "Property access management > Add users; check the property id under Admin > Property details)",
        ),
        (f"Google Alerts feed {google_standin.feed_url(FEED)}", True, "readable, 0 entries now"),
    ]
    assert not google_standin.requests_to("searchAnalytics"), "checking reads no data"


# --- in the refresh job ----------------------------------------------------------------------------------


def test_the_pull_runs_before_ingest_with_a_retry_policy_and_the_night_asks_it_to_pull(dbt_manifest):
    import dagster as dg

    from orchestration.assets import PULL_RETRY, google_pulls, inbox_exports
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    assert all(google_pulls.key in graph.get(key).parent_keys for key in inbox_exports.keys)
    assert google_pulls.key in defs.resolve_job_def("refresh").asset_layer.asset_graph.get_all_asset_keys()
    assert google_pulls.op.retry_policy == PULL_RETRY
    (night,) = defs.resolve_schedule_def("nightly_refresh").evaluate_tick(dg.build_schedule_context()).run_requests
    assert night.run_config == {"ops": {google_pulls.node_def.name: {"config": {"pull": True}}}}


def _materialize_pull(tmp_path: Path, config_text: str, pull_flag: bool):
    import dagster as dg

    from demandgen.settings import Settings
    from orchestration.assets import google_pulls
    from orchestration.resources import WarehouseResource

    (tmp_path / "inbox").mkdir(parents=True)
    (tmp_path / "demandgen.yaml").write_text(config_text)
    settings = Settings(tmp_path / "demandgen.yaml", tmp_path / "inbox", tmp_path / "demandgen.duckdb")
    result = dg.materialize(
        [google_pulls],
        resources={"warehouse": WarehouseResource.from_settings(settings)},
        run_config={"ops": {google_pulls.node_def.name: {"config": {"pull": pull_flag}}}},
    )
    (materialization,) = result.asset_materializations_for_node(google_pulls.node_def.name)
    return {k: v.value for k, v in materialization.metadata.items()}


def test_the_pull_asset_pulls_only_when_asked_and_says_when_there_is_nothing_to_pull(
    google_standin, tmp_path, restore_environment
):
    serve_site(google_standin, SITE, site_with([date.today() - timedelta(days=3)], 2))
    with_pull = f'brand: {{name: Example, terms: [example]}}\npull: {{search_console: {{properties: ["{SITE}"]}}}}\n'

    assert _materialize_pull(tmp_path / "a", with_pull, pull_flag=False) == {"pulled": "not in this run"}
    assert not google_standin.requests_to("searchAnalytics")
    without_pull = "brand: {name: Example, terms: [example]}\n"
    assert _materialize_pull(tmp_path / "b", without_pull, pull_flag=True) == {"pulled": "nothing configured"}
    pulled = _materialize_pull(tmp_path / "c", with_pull, pull_flag=True)
    assert pulled["pulled"] == [f"Search Console property {SITE}"] and pulled["files"] > 0
    assert landed(tmp_path / "c" / "inbox")


@pytest.mark.parametrize(
    "problems, retry_number, again",
    [
        pytest.param([("quota", True), ("5xx", True)], 0, True, id="nothing reached: try again"),
        pytest.param([("quota", True), ("5xx", True)], 1, True, id="nothing reached, second try: again"),
        pytest.param([("quota", True)], 2, False, id="the last try lands its problems"),
        pytest.param([("quota", True), (None, False)], 0, False, id="one source pulled: report the other"),
        pytest.param([("no access", False)], 0, False, id="someone has to act: no retry"),
    ],
)
def test_dagster_tries_the_pull_again_only_when_nothing_could_be_reached(problems, retry_number, again):
    from orchestration.assets import retry_later
    from orchestration.pull import Outcome, PullReport

    report = PullReport([Outcome(f"source {n}", problem=p, transient=t) for n, (p, t) in enumerate(problems)])
    assert retry_later(report, retry_number) is again


# --- the commands ----------------------------------------------------------------------------------------


def _config_file(tmp_path: Path, standin, properties=(SITE, OTHER_SITE)) -> Path:
    path = tmp_path / "demandgen.yaml"
    listed = ", ".join(f'"{p}"' for p in properties)
    path.write_text(
        "brand: {name: Example, terms: [example]}\n"
        f"pull:\n  search_console: {{properties: [{listed}]}}\n"
        f'  google_alerts: {{feeds: ["{standin.feed_url(FEED)}"]}}\n'
    )
    return path


def test_demandgen_pull_shows_each_property_and_page_and_exits_2_naming_what_it_could_not_pull(
    google_standin, tmp_path
):
    from tests.pipeline_support import run_cli

    serve_site(google_standin, SITE, site_with([date.today() - timedelta(days=3)], 2))
    google_standin.feeds[FEED] = atom_feed("1144", google_standin.feed_url(FEED), [])
    (tmp_path / "inbox").mkdir()

    done = run_cli("pull", "--config", str(_config_file(tmp_path, google_standin)), "--inbox", str(tmp_path / "inbox"))

    assert done.returncode == 2, done.stderr
    lines = done.stdout.splitlines()
    assert f"  Search Console property {SITE}: {date.today() - timedelta(days=3):%Y-%m}-01 to " in "\n".join(lines)
    assert any(
        line.startswith(f"  Search Console property {SITE}: ") and "by date+query, page 1: " in line for line in lines
    )
    assert "Pulled: 2 of 3 sources, " in done.stdout
    assert (
        f"  NOT PULLED Search Console property {OTHER_SITE}: the service account cannot read it: add {SERVICE_ACCOUNT}"
    ) in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert landed(tmp_path / "inbox", "example.com")


def test_demandgen_check_access_says_ok_or_why_not_for_each_source(google_standin, tmp_path):
    from tests.pipeline_support import run_cli

    serve_site(google_standin, SITE, SearchConsoleSite())
    google_standin.feeds[FEED] = atom_feed("1144", google_standin.feed_url(FEED), [])

    done = run_cli("check-access", "--config", str(_config_file(tmp_path, google_standin)))

    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines() == [
        f"OK  Search Console property {SITE}: readable by {SERVICE_ACCOUNT} (siteRestrictedUser)",
        f"NO  Search Console property {OTHER_SITE}: the service account cannot read it: add {SERVICE_ACCOUNT} as a "
        f"user of {OTHER_SITE} in Search Console (Settings > Users and permissions > Add user, permission Restricted "
        "is enough)",
        f"OK  Google Alerts feed {google_standin.feed_url(FEED)}: readable, 0 entries now",
    ]


def test_pull_without_a_pull_section_or_an_inbox_is_one_line_and_exit_1(tmp_path):
    from tests.pipeline_support import run_cli

    bare = tmp_path / "demandgen.yaml"
    bare.write_text("brand: {name: Example, terms: [example]}\n")
    done = run_cli("pull", "--config", str(bare), "--inbox", str(tmp_path))
    assert (done.returncode, done.stderr) == (
        1,
        f"error: {bare}: has no `pull:` section, so there is nothing to pull (see docs/api-pulls.md)\n",
    )
    bare.write_text("brand: {name: Example, terms: [example]}\npull: {google_alerts: {feeds: [https://a.example/f]}}\n")
    done = run_cli("pull", "--config", str(bare), "--inbox", str(tmp_path / "missing"))
    assert (done.returncode, done.stderr) == (
        1,
        f"error: inbox folder {tmp_path / 'missing'} does not exist (set --inbox or DEMANDGEN_INBOX)\n",
    )
