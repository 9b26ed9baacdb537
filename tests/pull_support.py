"""A company whose Search Console, GA4 and Google Alerts data the stand-in serves, the same data written as the
exports a marketer would drop by hand (a bulk export, a GA4 Traffic acquisition download, a saved feed), and
its numbers summed by hand."""

from __future__ import annotations

import csv
import random
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tests.google_standin import AlertEntry, Ga4Property, Ga4Row, SearchConsoleSite, Standin, atom_feed

SITE = "sc-domain:northwind-analytics.com"
GA4_ID = "314159265"
GA4_SITE = "Northwind Analytics - GA4"
FEED = "10721697761951/1144180509845911576"
BRAND_WORD = "northwind"  # every branded query below has it, no non-branded one does
BRANDED = ["northwind", "northwind analytics", "northwind analytics pricing", "nothwind login"]
NON_BRANDED = ["b2b marketing analytics", "attribution software", "demand generation metrics"]
# (channel, source, medium, share of the day's sessions in percent)
CHANNELS = [
    ("Direct", "(direct)", "(none)", 35),
    ("Organic Search", "google", "organic", 30),
    ("Paid Search", "google", "cpc", 15),
    ("Referral", "techcrunch.com", "referral", 12),
    ("Email", "newsletter", "email", 8),
]


@dataclass
class Company:
    today: date
    search: SearchConsoleSite = field(default_factory=SearchConsoleSite)
    traffic: Ga4Property = field(default_factory=Ga4Property)
    mentions: list[AlertEntry] = field(default_factory=list)

    def serve(self, standin: Standin) -> None:
        standin.sites[SITE] = self.search
        standin.readable_sites.add(SITE)
        standin.ga4[GA4_ID] = self.traffic
        standin.readable_ga4.add(GA4_ID)
        self.publish_feed(standin)

    def publish_feed(self, standin: Standin) -> None:
        standin.feeds[FEED] = atom_feed("1144180509845911576", standin.feed_url(FEED), self.mentions)


def make_company(today: date, days: int, seed: int = 7) -> Company:
    """`days` of data ending three days before `today` (Search Console's lag), growing about 25% a year."""
    rng = random.Random(seed)
    company = Company(today)
    last = today - timedelta(days=3)
    for n in range(days):
        day = last - timedelta(days=n)
        growth = 1 + 0.25 * (days - n) / 365
        for query in BRANDED + NON_BRANDED:
            impressions = int(rng.randint(20, 90) * growth)
            clicks = rng.randint(0, impressions // 3)
            if impressions:
                company.search.queries[(day, query)] = (clicks, impressions)
        company.search.anonymized[day] = (rng.randint(5, 40), rng.randint(60, 300))
        sessions_today = int(rng.randint(300, 500) * growth)
        for channel, source, medium, share in CHANNELS:
            sessions = sessions_today * share // 100
            company.traffic.rows.append(
                Ga4Row(day, channel, source, medium, sessions, int(sessions * rng.uniform(0.7, 0.9)))
            )
    outlets = ["techcrunch.com", "martech.org", "example-blog.net"]
    for n in range(0, min(days, 170), 9):
        company.mentions.append(
            AlertEntry(
                f"tag:google.com,2013:googlealerts/feed:{1000 + n}",
                f"<b>Northwind</b> story number {n}",
                f"https://{outlets[n % 3]}/northwind-story-{n}",
                f"{last - timedelta(days=n)}T10:00:00Z",
                "Northwind Analytics did something newsworthy",
            )
        )
    return company


def config_text(feed_url: str, extra: str = "") -> str:
    return textwrap.dedent(f"""\
        brand:
          name: Northwind Analytics
          terms: [northwind, northwind analytics]
          misspellings: [nothwind]
        competitors:
          - name: Contoso Metrics
            terms: [contoso]
        target_media: [techcrunch.com]
        timezone: UTC
        freshness: {{search_console: 3650, web_analytics: 3650, mentions: 3650, surveys: 3650, trends: 3650}}
        pull:
          search_console:
            properties: ["{SITE}"]
          ga4:
            properties: {{"{GA4_ID}": "{GA4_SITE}"}}
          google_alerts:
            feeds: ["{feed_url}"]
        """) + textwrap.dedent(extra)


# --- the same data as exports dropped by hand -----------------------------------------------------------


def write_exports(company: Company, inbox: Path, feed: bytes) -> None:
    """A Search Console bulk export (site table), a GA4 Traffic acquisition download and the saved feed."""
    inbox.mkdir(parents=True, exist_ok=True)
    with (inbox / "searchdata_site_impression.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "data_date",
                "site_url",
                "query",
                "is_anonymized_query",
                "country",
                "search_type",
                "device",
                "impressions",
                "clicks",
                "sum_top_position",
            ]
        )
        for (day, query), (clicks, impressions) in sorted(company.search.queries.items()):
            out.writerow([day, SITE, query, "false", "usa", "WEB", "DESKTOP", impressions, clicks, 2.5 * impressions])
        for day, (clicks, impressions) in sorted(company.search.anonymized.items()):
            out.writerow([day, SITE, "", "true", "usa", "WEB", "DESKTOP", impressions, clicks, 2.5 * impressions])
    days = [r.day for r in company.traffic.rows]
    lines = [
        "# ----------------------------------------",
        "# Traffic acquisition: Session default channel group",
        "# Account: Northwind",
        f"# Property: {GA4_SITE}",
        "# ",
        "# All Users",
        f"# Start date: {min(days):%Y%m%d}",
        f"# End date: {max(days):%Y%m%d}",
        "# ----------------------------------------",
        "",
        "Session default channel group,Session source / medium,Date,Users,Sessions",
    ]
    lines += [
        f"{r.channel},{r.source} / {r.medium},{r.day:%Y%m%d},{r.users},{r.sessions}"
        for r in sorted(company.traffic.rows, key=lambda r: (r.day, r.channel))
    ]
    (inbox / "Traffic_acquisition_Session_default_channel_group.csv").write_text("\n".join(lines), encoding="utf-8")
    (inbox / "alerts_northwind.xml").write_bytes(feed)


# --- by hand --------------------------------------------------------------------------------------------


def segment_sums(search: SearchConsoleSite, days: set[date] | None = None) -> dict[tuple[date, str], tuple[int, int]]:
    """(day, segment) -> (clicks, impressions): queries with the brand word are branded, the rest of a day's total
    beyond its queries anonymized."""
    sums: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for (day, query), (clicks, impressions) in search.queries.items():
        segment = "branded" if BRAND_WORD in query or "nothwind" in query else "non_branded"
        sums[(day, segment)][0] += clicks
        sums[(day, segment)][1] += impressions
    for day, (clicks, impressions) in search.anonymized.items():
        sums[(day, "anonymized")] = [clicks, impressions]
    return {k: (c, i) for k, (c, i) in sums.items() if days is None or k[0] in days}


def channel_sums(traffic: Ga4Property) -> dict[tuple[date, str], tuple[int, int]]:
    """(day, channel) -> (sessions, users)."""
    sums: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in traffic.rows:
        sums[(r.day, r.channel)][0] += r.sessions
        sums[(r.day, r.channel)][1] += r.users
    return {k: (s, u) for k, (s, u) in sums.items()}
