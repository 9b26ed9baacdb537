"""Deterministic sample Search Console exports for the fictitious "Northwind Analytics".

`demandgen demo` and the tests need realistic inputs without anybody's real data. This module
simulates one daily "truth" table (query x country x device x search type, as Search Console
reports it on END_DATE) and renders it into the three shapes the data really arrives in (see
FORMATS.md, "Google Search Console"):

* ``bulk_export/``: BigQuery bulk-export extracts of ``searchdata_site_impression``, one file per
  month (CSV; the first month as Parquet), with anonymized-query rows and a few repeated keys;
* ``api/``: saved ``searchanalytics.query`` responses for the recent weeks (pulled with
  dataState "all", so the last two days are incomplete), paged, plus a by-date totals response;
* ``ui/``: a Performance-report zip for "Last 3 months", as the web UI exports it.

A second truth, daily sessions per GA4 default channel group (``web_truth``), is rendered into
``web_analytics/`` (FORMATS.md, "Web analytics"): Traffic acquisition CSVs downloaded quarter by
quarter with Date as secondary dimension (2024 downloads carry the old column names), one by
session source / medium for the last complete month, and a saved Data API ``runReport`` for the
current month. The documentation site, measured with Plausible, adds that month's export zip.

Brand-awareness survey waves, one per tool the team used, go to ``surveys/`` (``seeds/surveys.py``).

Only fixed seeds and ``end_date`` drive the output, so the same code writes the same bytes.
Run ``python -m seeds.generate`` from the repo root to rewrite ``seeds/sample_inbox/``.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import math
import random
import shutil
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from seeds.mentions import write_mentions
from seeds.sampling import normal
from seeds.surveys import write_surveys
from seeds.trends import write_trends

END_DATE = date(2026, 11, 20)
START_DATE = date(2024, 8, 1)
SITE_URL = "sc-domain:northwind-analytics.com"
SEED = 20240801
OUT_DIR = Path(__file__).resolve().parent / "sample_inbox"

BRAND_TERMS = ("northwind", "nothwind", "north wind", "northwnd")
# "Northwind" is also Microsoft's sample database: those searchers are not looking for us.
BRAND_EXCLUDE = ("northwind traders", "northwind sample database")

# (query, daily impressions on START_DATE, CTR, average 1-based position). Misspellings and niche
# queries get a few impressions a week, as in real data; that also keeps the recent API pull
# under 1,000 rows (two pages of 500, then the empty last page).
QUERIES = [
    ("northwind analytics", 120, 0.48, 1.1),
    ("northwind", 70, 0.45, 1.3),
    ("b2b marketing analytics", 95, 0.025, 8.4),
    ("marketing dashboard software", 80, 0.018, 11.2),
    ("northwind login", 28, 0.55, 1.1),
    ("marketing attribution software", 45, 0.012, 17.5),
    ("how to measure brand awareness", 40, 0.035, 6.3),
    ("demand generation metrics", 30, 0.04, 5.2),
    ("northwind traders database", 22, 0.01, 14.0),
    ("share of voice tool", 20, 0.03, 9.1),
    ("northwind analytics pricing", 16, 0.48, 1.2),
    ("web analytics for b2b", 14, 0.02, 12.8),
    ("northwind sample database sql", 12, 0.012, 18.5),
    ("northwind dashboards", 8, 0.42, 1.4),
    ("branded search tracking", 1.2, 0.05, 5.5),
    ("northwind analytics reviews", 0.8, 0.36, 1.6),
    ("contoso metrics pricing", 0.5, 0.01, 24.0),
    ("northwind vs contoso", 0.3, 0.4, 1.5),
    ("tableau de bord marketing b2b", 0.25, 0.015, 21.0),
    ('northwind "dashboard", templates', 0.2, 0.35, 1.5),
    ("nothwind analytics", 0.2, 0.45, 1.3),
    ("north wind analytics", 0.15, 0.4, 1.4),
    ("northwind análitics", 0.1, 0.38, 1.5),
    ("northwnd", 0.1, 0.35, 1.6),
]
SPLIT_QUERIES = 2  # only the top queries get every country x device; the tail sits on (usa, DESKTOP)
COUNTRIES = {"usa": 0.6, "gbr": 0.25, "deu": 0.15}
DEVICES = {"DESKTOP": 0.7, "MOBILE": 0.3}
COMBOS = [(c, d, cw * dw) for c, cw in COUNTRIES.items() for d, dw in DEVICES.items()]
# A trickle of image search (logo and screenshot look-ups): (query, daily impressions, position).
IMAGE_QUERIES = [("northwind", 0.6, 18.0), ("marketing dashboard software", 0.5, 31.0)]
# Fresh days are still filling in: share of final numbers reported N days before end_date.
FRESHNESS = {0: 0.55, 1: 0.8}

BULK_COLUMNS = [
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
PARQUET_SCHEMA = pa.schema(
    [
        (c, t)
        for c, t in zip(
            BULK_COLUMNS,
            [
                pa.date32(),
                pa.string(),
                pa.string(),
                pa.bool_(),
                pa.string(),
                pa.string(),
                pa.string(),
                pa.int64(),
                pa.int64(),
                pa.float64(),
            ],
        )
    ]
)
PARQUET_MONTH = "202408"
REPEATED_KEYS_MONTH = "202503"
API_PAGE_ROWS = 500
UI_COUNTRIES = {"usa": "United States", "gbr": "United Kingdom", "deu": "Germany"}
# Landing page by first matching query word: the UI's Pages.csv comes from these.
UI_PAGES = [
    ("contoso", "/compare/northwind-vs-contoso"),
    ("pricing", "/pricing"),
    ("login", "/login"),
    ("dashboard", "/product/dashboards"),
    ("brand awareness", "/blog/measure-brand-awareness"),
]
ZIP_TIME = (2026, 11, 20, 9, 0, 0)

# Web analytics run on their own random streams, so adding or changing them cannot move a single
# Search Console byte.
WEB_SEED = SEED + 1
DOCS_SEED = SEED + 2
GA4_ACCOUNT = "Northwind Analytics"
GA4_PROPERTY = "Northwind Analytics - GA4"
DOCS_HOST = "docs.northwind-analytics.com"
# Weekday sessions per channel are interpolated between these days and held after the last one:
# the start of the data, the peak of the late-2024 paid push, mid-2025 (brand demand overtakes
# paid), and the middle of the last complete month.
WEB_ANCHORS = (date(2024, 8, 1), date(2024, 11, 15), date(2025, 6, 15), date(2026, 10, 15))
# (GA4 default channel, weekday sessions at each anchor, weekend factor, users per session,
#  engagement rate, engagement seconds per session, events per session, key events per session).
# Paid campaigns keep spending at weekends, so paid channels drop less than Direct and Organic
# Search; that keeps (Direct + Organic Search) / all about 43% in late 2024 and 56% in Oct 2026.
WEB_CHANNELS = [
    ("Direct", (300, 315, 360, 430), 0.45, 0.78, 0.62, 58, 5.6, 0.012),
    ("Organic Search", (320, 340, 440, 595), 0.5, 0.84, 0.66, 71, 6.4, 0.010),
    ("Paid Search", (250, 305, 250, 265), 0.65, 0.88, 0.55, 44, 5.1, 0.021),
    ("Paid Social", (140, 210, 160, 150), 0.75, 0.9, 0.36, 21, 3.9, 0.006),
    ("Organic Social", (55, 60, 75, 90), 0.5, 0.86, 0.47, 33, 4.6, 0.004),
    ("Referral", (70, 75, 90, 110), 0.45, 0.83, 0.63, 64, 6.1, 0.011),
    ("Email", (55, 65, 70, 80), 0.25, 0.72, 0.65, 62, 6.0, 0.015),
    ("Display", (90, 130, 75, 60), 0.85, 0.93, 0.21, 9, 3.1, 0.001),
    ("Unassigned", (14, 14, 14, 14), 0.6, 0.9, 0.3, 18, 3.5, 0.0),
]
GA4_METRICS = [
    "Users",
    "Sessions",
    "Engaged sessions",
    "Average engagement time per session",
    "Engagement rate",
    "Events per session",
    "Event count",
    "Key events",
    "Total revenue",
]
# Older GA4 downloads name the channel column and key events the way GA4 did before its renames.
GA4_OLD_NAMES = {
    "Session primary channel group (Default Channel Group)": "Session default channel group",
    "Key events": "Conversions",
}
GA4_CHANNEL_REPORT = "Traffic acquisition: Session primary channel group (Default Channel Group)"
# Source / medium rows per channel: (source / medium, share of the channel's sessions, how much
# more engaged than the channel average). Each pair lands in its channel by GA4's default rules
# (FORMATS.md): LinkedIn and Facebook are social sources, so their paid media are Paid Social and
# their referrals Organic Social; "display"/"banner" media are Display; a medium GA4 knows
# nothing about ("co-marketing") is Unassigned.
SOURCE_MEDIUMS = {
    "Direct": [("(direct) / (none)", 1.0, 1.0)],
    "Organic Search": [
        ("google / organic", 0.86, 1.0),
        ("bing / organic", 0.08, 1.05),
        ("duckduckgo / organic", 0.04, 1.1),
        ("yahoo / organic", 0.02, 0.9),
    ],
    "Paid Search": [("google / cpc", 0.88, 1.0), ("bing / cpc", 0.12, 0.95)],
    "Paid Social": [
        ("linkedin / paid_social", 0.78, 1.0),
        ("linkedin / cpc", 0.12, 1.05),
        ("facebook / paid_social", 0.10, 0.8),
    ],
    "Organic Social": [
        ("linkedin.com / referral", 0.55, 1.0),
        ("lnkd.in / referral", 0.2, 0.9),
        ("reddit.com / referral", 0.15, 1.1),
        ("l.facebook.com / referral", 0.1, 0.8),
    ],
    "Referral": [
        ("g2.com / referral", 0.35, 1.1),
        ("martech.org / referral", 0.2, 1.0),
        ("capterra.com / referral", 0.2, 1.05),
        ("chatgpt.com / referral", 0.15, 1.2),
        ("techcrunch.com / referral", 0.1, 0.9),
    ],
    "Email": [("newsletter / email", 0.8, 1.0), ("hubspot / email", 0.2, 1.05)],
    "Display": [("google / display", 0.75, 1.0), ("techtarget / banner", 0.25, 1.1)],
    "Unassigned": [("(not set) / (not set)", 0.8, 1.0), ("partner-webinar / co-marketing", 0.2, 1.3)],
}
# A month's users are fewer than the sum of its daily users: people who come back on several days
# count once.
MONTHLY_USER_SHARE = 0.85


def is_branded(query: str) -> bool:
    q = query.lower()
    return any(t in q for t in BRAND_TERMS) and not any(x in q for x in BRAND_EXCLUDE)


# Samplers built on Random.random() only: it is the one stream Python promises to keep stable.
def _poisson(rng: random.Random, lam: float) -> int:
    if lam >= 30:
        return max(0, round(lam + math.sqrt(lam) * normal(rng)))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n < 30:
        return sum(rng.random() < p for _ in range(n))
    return min(n, max(0, round(n * p + math.sqrt(n * p * (1 - p)) * normal(rng))))


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)  # fourth Thursday


def day_factor(day: date, country: str) -> float:
    # B2B buyers search from work, so weekends get about half of a weekday's traffic.
    factor = 0.55 if day.weekday() >= 5 else 1.0
    if (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1):
        factor *= 0.4  # offices are closed from Christmas Eve to New Year's Day
    thanksgiving = _thanksgiving(day.year)
    if country == "usa" and day in (thanksgiving, thanksgiving + timedelta(days=1)):
        factor *= 0.6  # a US-only holiday
    return factor


def daily_truth(end_date: date = END_DATE) -> pd.DataFrame:
    """Every (day, query, country, device, search type) row Search Console would hold."""
    rng = random.Random(SEED)
    rows: list[tuple] = []

    def add(day, query, country, device, search_type, expected, ctr, position):
        impressions = _poisson(rng, expected)
        if impressions == 0:  # Search Console has no zero-impression rows
            return
        clicks = _binomial(rng, impressions, min(0.9, ctr * math.exp(0.1 * normal(rng))))
        spread = 0.1 if position < 2 else 0.12 * position
        avg_position = max(1.0, position + spread * normal(rng))
        rows.append(
            (
                day,
                query,
                query == "",
                country,
                search_type,
                device,
                impressions,
                clicks,
                round((avg_position - 1) * impressions, 1),
            )
        )

    for offset in range((end_date - START_DATE).days + 1):
        day = START_DATE + timedelta(days=offset)
        fresh = FRESHNESS.get((end_date - day).days, 1.0)
        first_row = len(rows)
        for i, (query, base, ctr, position) in enumerate(QUERIES):
            # Brand demand compounds (~25%/yr) faster than the category (~8%/yr).
            growth = (1.25 if is_branded(query) else 1.08) ** (offset / 365)
            combos = COMBOS if i < SPLIT_QUERIES else [("usa", "DESKTOP", 1.0)]
            for country, device, weight in combos:
                expected = base * growth * weight * day_factor(day, country) * fresh
                add(day, query, country, device, "WEB", expected, ctr, position)
        # Rare queries are anonymized: 8-12% of the day's impressions, with an empty query.
        named = sum(row[6] for row in rows[first_row:])
        share = 0.08 + 0.04 * rng.random()
        for country, device, weight in COMBOS:
            add(day, "", country, device, "WEB", named * share / (1 - share) * weight, 0.03, 9.0)
        for query, base, position in IMAGE_QUERIES:
            add(day, query, "usa", "DESKTOP", "IMAGE", base * day_factor(day, "usa") * fresh, 0.02, position)
    return pd.DataFrame(rows, columns=[c for c in BULK_COLUMNS if c != "site_url"])


def _with_repeated_keys(rows: list[list]) -> list[list]:
    """Split a few rows in two, second halves at the end, as late-arriving bulk rows do."""
    picks = [i for i, r in enumerate(rows) if r[2] == "northwind analytics" and r[4:7] == ["usa", "WEB", "DESKTOP"]]
    tail = []
    for i in picks[::9]:
        row = rows[i]
        impressions, clicks, top = row[7], row[8], row[9]
        first = row[:7] + [impressions * 2 // 3, clicks * 2 // 3, round(top * (impressions * 2 // 3) / impressions, 1)]
        rows[i] = first
        tail.append(row[:7] + [impressions - first[7], clicks - first[8], round(top - first[9], 1)])
    return rows + tail


def write_bulk_export(truth: pd.DataFrame, folder: Path, last_day: date) -> None:
    folder.mkdir(parents=True)
    part = truth[truth["data_date"] <= last_day]
    for month, group in part.groupby(part["data_date"].map(lambda d: d.strftime("%Y%m")), sort=True):
        rows = [
            [
                r.data_date,
                SITE_URL,
                r.query or None,
                bool(r.is_anonymized_query),
                r.country,
                r.search_type,
                r.device,
                int(r.impressions),
                int(r.clicks),
                float(r.sum_top_position),
            ]
            for r in group.itertuples(index=False)
        ]
        if month == REPEATED_KEYS_MONTH:
            rows = _with_repeated_keys(rows)
        name = f"searchdata_site_impression_{month}"
        if month == PARQUET_MONTH:  # some teams extract to Parquet: NULL query, typed columns
            table = pa.Table.from_pylist([dict(zip(BULK_COLUMNS, r)) for r in rows], schema=PARQUET_SCHEMA)
            pq.write_table(table, folder / f"{name}.parquet", compression="snappy")
            continue
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(BULK_COLUMNS)
            for r in rows:
                writer.writerow(
                    [r[0].isoformat(), r[1], r[2] or "", "true" if r[3] else "false", *r[4:9], f"{r[9]:.1f}"]
                )


def _metrics(group: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    sums = group.groupby(keys, sort=True)[["clicks", "impressions", "sum_top_position"]].sum().reset_index()
    sums["ctr"] = sums["clicks"] / sums["impressions"]
    sums["position"] = sums["sum_top_position"] / sums["impressions"] + 1  # zero-based sums
    return sums


def _api_rows(sums: pd.DataFrame, keys: list[str]) -> list[dict]:
    return [
        {
            "keys": [v.isoformat() if isinstance(v, date) else v for v in (getattr(r, k) for k in keys)],
            "clicks": int(r.clicks),
            "impressions": int(r.impressions),
            "ctr": float(r.ctr),
            "position": round(float(r.position), 2),
        }
        for r in sums.itertuples(index=False)
    ]


def write_api_pages(truth: pd.DataFrame, folder: Path, start: date, end_date: date) -> None:
    folder.mkdir(parents=True)
    web = truth[(truth["search_type"] == "WEB") & (truth["data_date"] >= start)]
    meta = {
        "responseAggregationType": "byProperty",
        "metadata": {"firstIncompleteDate": (end_date - timedelta(days=1)).isoformat()},
    }
    span = f"{start.isoformat()}_{end_date.isoformat()}"

    def dump(name: str, body: dict) -> None:
        (folder / name).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")

    # The API drops anonymized queries when grouping by query, and sorts by clicks.
    rows = _api_rows(_metrics(web[~web["is_anonymized_query"]], ["data_date", "query"]), ["data_date", "query"])
    rows.sort(key=lambda r: (-r["clicks"], -r["impressions"], r["keys"]))
    pages = [rows[i : i + API_PAGE_ROWS] for i in range(0, len(rows), API_PAGE_ROWS)] + [[]]
    for number, page in enumerate(pages, 1):  # paging ends with a response without "rows"
        dump(f"northwind_{span}_page{number}.json", ({"rows": page} if page else {}) | meta)
    # Grouped by date alone, the API returns days in date order, anonymized traffic included.
    dump(f"northwind_daily_totals_{span}.json", {"rows": _api_rows(_metrics(web, ["data_date"]), ["data_date"])} | meta)


def _ui_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue().rstrip("\n").encode("utf-8")  # the UI leaves no final newline


def _ui_table(sums: pd.DataFrame, label, by_clicks: bool = True) -> list[list]:
    if by_clicks:
        sums = sums.sort_values(["clicks", "impressions"], ascending=False, kind="stable")
    return [
        [
            label(r),
            int(r.clicks),
            int(r.impressions),
            f"{r.ctr * 100:.2f}".rstrip("0").rstrip(".") + "%",
            f"{r.position:.2f}".rstrip("0").rstrip("."),
        ]
        for r in sums.itertuples(index=False)
    ]


def _landing_page(query: str) -> str:
    if not query:  # the anonymized long tail is mostly how-to searches that land on the blog
        return "https://northwind-analytics.com/blog/measure-brand-awareness"
    path = next((p for word, p in UI_PAGES if word in query), "/")
    return "https://northwind-analytics.com" + path


def write_ui_export(truth: pd.DataFrame, path: Path, end_date: date) -> None:
    # "Last 3 months" ends on the latest day and starts the day after the same date 3 months back.
    year, month = divmod(end_date.year * 12 + end_date.month - 4, 12)
    day = min(end_date.day, calendar.monthrange(year, month + 1)[1])
    start = date(year, month + 1, day) + timedelta(days=1)
    web = truth[(truth["search_type"] == "WEB") & truth["data_date"].between(start, end_date)]
    web = web.assign(page=web["query"].map(_landing_page))
    metric_cols = ["Clicks", "Impressions", "CTR", "Position"]
    dates = _metrics(web, ["data_date"]).iloc[::-1]  # newest first
    members = {
        "Queries.csv": _ui_csv(
            ["Top queries", *metric_cols],
            _ui_table(_metrics(web[~web["is_anonymized_query"]], ["query"]), lambda r: r.query),
        ),
        "Pages.csv": _ui_csv(["Top pages", *metric_cols], _ui_table(_metrics(web, ["page"]), lambda r: r.page)),
        "Countries.csv": _ui_csv(
            ["Country", *metric_cols], _ui_table(_metrics(web, ["country"]), lambda r: UI_COUNTRIES[r.country])
        ),
        "Devices.csv": _ui_csv(
            ["Device", *metric_cols], _ui_table(_metrics(web, ["device"]), lambda r: r.device.title())
        ),
        "Search appearance.csv": _ui_csv(["Search Appearance", *metric_cols], []),
        "Dates.csv": _ui_csv(["Date", *metric_cols], _ui_table(dates, lambda r: r.data_date.isoformat(), False)),
        "Filters.csv": _ui_csv(["Filter", "Value"], [["Search type", "Web"], ["Date", "Last 3 months"]]),
    }
    path.parent.mkdir(parents=True)
    _write_zip(path, members)


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)  # fixed timestamps: identical bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _interpolate(day: date, levels: tuple[float, ...]) -> float:
    if day <= WEB_ANCHORS[0]:
        return levels[0]
    for d0, d1, v0, v1 in zip(WEB_ANCHORS, WEB_ANCHORS[1:], levels, levels[1:]):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return levels[-1]


def web_day_factor(day: date, weekend: float) -> float:
    factor = weekend if day.weekday() >= 5 else 1.0
    if (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1):
        factor *= 0.45  # offices are closed from Christmas Eve to New Year's Day; campaigns pause
    thanksgiving = _thanksgiving(day.year)
    if day in (thanksgiving, thanksgiving + timedelta(days=1)):
        factor *= 0.6  # most visitors are in the US
    if (day.month, day.day) == (7, 4):
        factor *= 0.7
    return factor


def web_truth(end_date: date = END_DATE, start_date: date = START_DATE) -> pd.DataFrame:
    """Sessions per day and GA4 default channel group for the GA4 property, as GA4 holds them."""
    rng = random.Random(WEB_SEED)
    rows: list[tuple] = []
    for offset in range((end_date - start_date).days + 1):
        day = start_date + timedelta(days=offset)
        for channel, levels, weekend, users_ratio, engagement, seconds, per_session, key_rate in WEB_CHANNELS:
            expected = _interpolate(day, levels) * web_day_factor(day, weekend) * math.exp(0.08 * normal(rng))
            if channel == "Email":  # the newsletter goes out on Tuesdays
                expected *= 1.9 if day.weekday() == 1 else 0.8
            sessions = _poisson(rng, expected)
            if sessions == 0:  # GA4 has no rows without sessions
                continue
            users = max(1, _binomial(rng, sessions, users_ratio))
            engaged = _binomial(rng, sessions, min(0.95, engagement * math.exp(0.05 * normal(rng))))
            engaged_seconds = round(sessions * seconds * math.exp(0.15 * normal(rng)))
            events = sessions + _poisson(rng, sessions * (per_session - 1))  # session_start at least
            rows.append(
                (day, channel, users, sessions, engaged, engaged_seconds, events, _poisson(rng, sessions * key_rate))
            )
    return pd.DataFrame(
        rows,
        columns=[
            "date",
            "channel",
            "users",
            "sessions",
            "engaged_sessions",
            "engagement_seconds",
            "event_count",
            "key_events",
        ],
    )


def _ga4_number(value: float) -> str:
    # GA4 downloads print ratios at full precision and whole numbers without a decimal point.
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _ga4_metrics(r) -> list:
    return [
        int(r.users),
        int(r.sessions),
        int(r.engaged_sessions),
        _ga4_number(r.engagement_seconds / r.sessions),
        _ga4_number(r.engaged_sessions / r.sessions),
        _ga4_number(r.event_count / r.sessions),
        int(r.event_count),
        int(r.key_events),
        0,
    ]


def _ga4_ui_csv(title: str, start: date, end: date, header: list[str], rows: list[list]) -> bytes:
    preamble = [
        "# ----------------------------------------",
        f"# {title}",
        f"# Account: {GA4_ACCOUNT}",
        f"# Property: {GA4_PROPERTY}",
        "# ----------------------------------------",
        "# ",
        "# All Users",
        f"# Start date: {start:%Y%m%d}",
        f"# End date: {end:%Y%m%d}",
        "",
    ]
    buffer = io.StringIO()
    buffer.write("\r\n".join(preamble) + "\r\n")
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def _quarters(start: date, end: date) -> list[tuple[date, date]]:
    spans = []
    while start <= end:
        month = (start.month - 1) // 3 * 3 + 3
        last = date(start.year, month, calendar.monthrange(start.year, month)[1])
        spans.append((start, min(last, end)))
        start = last + timedelta(days=1)
    return spans


def _download_name(stem: str, downloads: int) -> str:
    # The browser keeps every download of the same report: "x.csv", "x (1).csv", "x (2).csv", ...
    return f"{stem}.csv" if downloads == 0 else f"{stem} ({downloads}).csv"


def write_ga4_channel_quarters(truth: pd.DataFrame, folder: Path, end_date: date) -> None:
    """Traffic acquisition by channel with Date as secondary dimension, downloaded quarter by quarter."""
    stem = GA4_CHANNEL_REPORT.replace(": ", "_").replace(" ", "_")
    for downloads, (start, end) in enumerate(_quarters(START_DATE, end_date)):
        part = truth[truth["date"].between(start, end)]
        # GA4 sorts by sessions, not by date.
        part = part.sort_values(
            ["sessions", "users", "date", "channel"], ascending=[False, False, True, True], kind="stable"
        )
        header = ["Session primary channel group (Default Channel Group)", "Date", *GA4_METRICS]
        if start.year < 2025:  # the 2024 quarters were downloaded with the older names
            header = [GA4_OLD_NAMES.get(h, h) for h in header]
        rows = [[r.channel, f"{r.date:%Y%m%d}", *_ga4_metrics(r)] for r in part.itertuples(index=False)]
        (folder / _download_name(stem, downloads)).write_bytes(
            _ga4_ui_csv(GA4_CHANNEL_REPORT, start, end, header, rows)
        )


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole parts of total in proportion to weights that add back up to total exactly."""
    shares = [total * w / sum(weights) for w in weights]
    parts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - shares[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def write_ga4_source_medium(truth: pd.DataFrame, path: Path, start: date, end: date) -> None:
    """Traffic acquisition by session source / medium for one month; channels sum to the truth."""
    sums = truth[truth["date"].between(start, end)].groupby("channel").sum(numeric_only=True)
    rows = []
    for channel, pairs in SOURCE_MEDIUMS.items():
        total = sums.loc[channel]
        weights = [w for _, w, _ in pairs]
        engaged_weights = [w * more for _, w, more in pairs]
        columns = {
            "sessions": _split(int(total.sessions), weights),
            "users": _split(round(total.users * MONTHLY_USER_SHARE), weights),
            **{
                c: _split(int(total[c]), engaged_weights)
                for c in ("engaged_sessions", "engagement_seconds", "event_count", "key_events")
            },
        }
        for i, (name, _, _) in enumerate(pairs):
            r = pd.Series({c: parts[i] for c, parts in columns.items()})
            assert 0 < r.users <= r.sessions and r.engaged_sessions <= r.sessions, (name, r)
            rows.append([name, *_ga4_metrics(r)])
    rows.sort(key=lambda row: (-row[2], row[0]))
    path.write_bytes(
        _ga4_ui_csv(
            "Traffic acquisition: Session source / medium", start, end, ["Session source / medium", *GA4_METRICS], rows
        )
    )


def write_ga4_api(truth: pd.DataFrame, path: Path, start: date, end: date) -> None:
    """A saved runReport response: sessions, users and key events by date and channel."""
    part = truth[truth["date"].between(start, end)]
    part = part.sort_values(["date", "sessions"], ascending=[True, False], kind="stable")  # orderBys: date
    rows = [
        {
            "dimensionValues": [{"value": f"{r.date:%Y%m%d}"}, {"value": r.channel}],
            "metricValues": [{"value": str(r.sessions)}, {"value": str(r.users)}, {"value": str(r.key_events)}],
        }
        for r in part.itertuples(index=False)
    ]
    body = {
        "dimensionHeaders": [{"name": "date"}, {"name": "sessionDefaultChannelGroup"}],
        "metricHeaders": [
            {"name": "sessions", "type": "TYPE_INTEGER"},
            {"name": "totalUsers", "type": "TYPE_INTEGER"},
            {"name": "keyEvents", "type": "TYPE_FLOAT"},
        ],
        "rows": rows,
        "rowCount": len(rows),
        "metadata": {"currencyCode": "USD", "timeZone": "Etc/UTC"},
        "kind": "analyticsData#runReport",
    }
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


# The documentation site runs Plausible. Its breakdowns are fixed shares of the month's visitors;
# channels and sources are what the pipeline reads, the other reports only need a real shape.
# (channel, share of visitors, bounce rate %, visit duration in seconds)
DOCS_CHANNELS = [
    ("Organic Search", 0.56, 48, 171),
    ("Direct", 0.25, 55, 148),
    ("Referral", 0.12, 41, 212),
    ("Organic Social", 0.04, 63, 96),
    ("Email", 0.03, 38, 233),
]
DOCS_SOURCES = {
    "Organic Search": [("Google", 0.88), ("Bing", 0.06), ("DuckDuckGo", 0.05), ("Ecosia", 0.01)],
    "Direct": [("Direct / None", 1.0)],
    "Referral": [("GitHub", 0.55), ("Stack Overflow", 0.3), ("northwind-analytics.com", 0.15)],
    "Organic Social": [("LinkedIn", 0.6), ("Reddit", 0.4)],
    "Email": [("newsletter", 1.0)],
}
DOCS_REFERRERS = {
    "Google": "www.google.com",
    "Bing": "www.bing.com",
    "DuckDuckGo": "duckduckgo.com",
    "Ecosia": "www.ecosia.org",
    "GitHub": "github.com/northwind-analytics/northwind-python",
    "Stack Overflow": "stackoverflow.com/questions/tagged/northwind-analytics",
    "northwind-analytics.com": "northwind-analytics.com/pricing",
    "LinkedIn": "www.linkedin.com",
    "Reddit": "www.reddit.com/r/analytics",
}
DOCS_PAGES = [
    ("/", 0.3),
    ("/getting-started", 0.22),
    ("/connectors/google-analytics-4", 0.14),
    ("/connectors/search-console", 0.11),
    ("/api/authentication", 0.08),
    ("/metrics/share-of-search", 0.06),
    ("/sdk/python", 0.05),
    ("/changelog", 0.04),
]
DOCS_BREAKDOWNS = {
    "countries.csv": [
        ("United States", 0.46),
        ("United Kingdom", 0.14),
        ("Germany", 0.11),
        ("India", 0.09),
        ("Canada", 0.06),
        ("Netherlands", 0.05),
        ("France", 0.05),
        ("Australia", 0.04),
    ],
    "regions.csv": [
        ("California", 0.12),
        ("England", 0.12),
        ("New York", 0.08),
        ("Texas", 0.06),
        ("Bavaria", 0.04),
        ("Karnataka", 0.04),
        ("Ontario", 0.03),
        ("North Holland", 0.03),
    ],
    "cities.csv": [
        ("San Francisco", 0.06),
        ("London", 0.09),
        ("New York", 0.07),
        ("Austin", 0.03),
        ("Munich", 0.03),
        ("Bengaluru", 0.04),
        ("Toronto", 0.02),
        ("Amsterdam", 0.03),
    ],
    "browsers.csv": [("Chrome", 0.64), ("Safari", 0.16), ("Firefox", 0.09), ("Edge", 0.08), ("Brave", 0.03)],
    "operating_systems.csv": [("Mac", 0.44), ("Windows", 0.33), ("Linux", 0.11), ("iOS", 0.07), ("Android", 0.05)],
    "devices.csv": [("Desktop", 0.86), ("Mobile", 0.12), ("Tablet", 0.02)],
}
DOCS_VERSIONS = {
    "browser_versions.csv": [
        ("Chrome", "155.0", 0.5),
        ("Chrome", "154.0", 0.14),
        ("Safari", "27.0", 0.13),
        ("Firefox", "157.0", 0.08),
        ("Edge", "155.0", 0.07),
        ("Safari", "26.4", 0.03),
    ],
    "operating_system_versions.csv": [
        ("Mac", "10.15", 0.44),
        ("Windows", "10", 0.33),
        ("Linux", "(not set)", 0.11),
        ("iOS", "27.0", 0.06),
        ("Android", "16", 0.05),
    ],
}
DOCS_UTM = {
    "utm_mediums.csv": "email",
    "utm_sources.csv": "newsletter",
    "utm_campaigns.csv": "2026-10-product-update",
    "utm_contents.csv": "docs-link",
}


def docs_daily(start: date, end: date) -> list[tuple]:
    """(day, visitors, pageviews, visits, views per visit, bounce rate %, visit duration s) per day."""
    rng = random.Random(DOCS_SEED)
    rows = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        # Documentation is read at work: weekends get 40% of a weekday.
        visitors = _poisson(rng, 270 * web_day_factor(day, 0.4) * math.exp(0.08 * normal(rng)))
        visits = visitors + _binomial(rng, visitors, 0.18)
        pageviews = visits + _poisson(rng, visits * 1.4)
        bounces = _binomial(rng, visits, 0.5)
        rows.append(
            (
                day,
                visitors,
                pageviews,
                visits,
                round(pageviews / visits, 2),
                round(100 * bounces / visits),
                round(150 * math.exp(0.1 * normal(rng))),
            )
        )
    return rows


def _plausible_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def _breakdown(visitors: int, rows: list[tuple]) -> list[list]:
    """(*labels, share of visitors) rows as (*labels, visitors), most visitors first."""
    weights = [r[-1] for r in rows]
    parts = _split(round(visitors * sum(weights)), weights)
    return sorted(([*r[:-1], part] for r, part in zip(rows, parts)), key=lambda r: (-r[-1], r[:-1]))


def write_plausible_export(folder: Path, start: date, end: date) -> None:
    """The documentation site's Plausible dashboard export for one month: a zip of 22 CSVs."""
    daily = docs_daily(start, end)
    # Breakdowns count each visitor once for the month; daily visitors count returning readers again.
    month_visitors = round(sum(d[1] for d in daily) * 0.72)
    common = ["name", "visitors", "bounce_rate", "visit_duration"]
    channel_visitors = _split(month_visitors, [share for _, share, _, _ in DOCS_CHANNELS])
    channels, sources, referrers = [], [], []
    for (channel, _, bounce, duration), visitors in zip(DOCS_CHANNELS, channel_visitors):
        channels.append([channel, visitors, bounce, duration])
        names = DOCS_SOURCES[channel]
        for (name, _), part in zip(names, _split(visitors, [share for _, share in names])):
            sources.append([name, part, bounce, duration])
            if name in DOCS_REFERRERS:
                referrers.append([DOCS_REFERRERS[name], part, bounce, duration])
    email = channel_visitors[[c for c, *_ in DOCS_CHANNELS].index("Email")]
    pages = _split(round(month_visitors * 1.1), [share for _, share in DOCS_PAGES])

    def by_visitors(rows: list[list]) -> list[list]:
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    members = {
        "visitors.csv": _plausible_csv(
            ["date", "visitors", "pageviews", "visits", "views_per_visit", "bounce_rate", "visit_duration"],
            [[d[0].isoformat(), *d[1:]] for d in daily],
        ),
        "channels.csv": _plausible_csv(common, by_visitors(channels)),
        "sources.csv": _plausible_csv(common, by_visitors(sources)),
        "referrers.csv": _plausible_csv(common, by_visitors(referrers)),
        **{name: _plausible_csv(common, [[value, email, 38, 233]]) for name, value in DOCS_UTM.items()},
        "utm_terms.csv": _plausible_csv(common, []),  # nobody tags the newsletter with a term
        "pages.csv": _plausible_csv(
            ["name", "visitors", "pageviews", "bounce_rate", "time_on_page", "scroll_depth"],
            [
                [p, v, round(v * 1.7), 45 + 3 * i, 60 + 9 * i, 58 - 2 * i]
                for i, ((p, _), v) in enumerate(zip(DOCS_PAGES, pages))
            ],
        ),
        "entry_pages.csv": _plausible_csv(
            ["name", "unique_entrances", "total_entrances", "bounce_rate", "visit_duration"],
            [
                [p, round(v * 0.8), round(v * 0.95), 45 + 3 * i, 160 - 8 * i]
                for i, ((p, _), v) in enumerate(zip(DOCS_PAGES, pages))
            ],
        ),
        "exit_pages.csv": _plausible_csv(
            ["name", "unique_exits", "total_exits", "exit_rate"],
            [
                [p, round(v * 0.75), round(v * 0.9), round(52.0 + 1.5 * i, 1)]
                for i, ((p, _), v) in enumerate(zip(DOCS_PAGES, pages))
            ],
        ),
        **{
            name: _plausible_csv(["name", "visitors"], _breakdown(month_visitors, rows))
            for name, rows in DOCS_BREAKDOWNS.items()
        },
        **{
            name: _plausible_csv(["name", "version", "visitors"], _breakdown(month_visitors, rows))
            for name, rows in DOCS_VERSIONS.items()
        },
        "conversions.csv": _plausible_csv(
            ["name", "unique_conversions", "total_conversions"],
            [
                ["Outbound Link: Click", round(month_visitors * 0.21), round(month_visitors * 0.34)],
                ["Copy Code Snippet", round(month_visitors * 0.12), round(month_visitors * 0.29)],
                ["File Download", round(month_visitors * 0.02), round(month_visitors * 0.025)],
            ],
        ),
        "custom_props.csv": _plausible_csv(
            ["property", "value", "visitors", "events", "percentage"],
            [
                [
                    "url",
                    "https://github.com/northwind-analytics/northwind-python",
                    round(month_visitors * 0.09),
                    round(month_visitors * 0.13),
                    42.9,
                ],
                [
                    "url",
                    "https://app.northwind-analytics.com/signup",
                    round(month_visitors * 0.07),
                    round(month_visitors * 0.1),
                    33.3,
                ],
            ],
        ),
    }
    assert len(members) == 22, sorted(members)
    # Plausible builds the zip from a sorted list of names.
    name = f"Plausible export {DOCS_HOST} {start.isoformat()}  to {end.isoformat()} .zip"
    _write_zip(folder / name, dict(sorted(members.items())))


def write_web_analytics(folder: Path, end_date: date) -> None:
    folder.mkdir(parents=True)
    truth = web_truth(end_date)
    month_end = end_date.replace(day=1) - timedelta(days=1)  # the last complete month
    month_start = month_end.replace(day=1)
    write_ga4_channel_quarters(truth, folder, end_date)
    write_ga4_source_medium(truth, folder / "Traffic_acquisition_Session_source_medium.csv", month_start, month_end)
    write_ga4_api(truth, folder / f"ga4_api_channels_{end_date:%Y-%m}.json", end_date.replace(day=1), end_date)
    write_plausible_export(folder, month_start, month_end)


def generate(out_dir: Path, end_date: date = END_DATE) -> None:
    """Rewrite out_dir with every sample export, each derived from its truth table."""
    # Every export is rewritten; dotfiles (the folder's .gitattributes) are not exports and stay.
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in out_dir.iterdir():
        if not path.name.startswith("."):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    truth = daily_truth(end_date)
    # The API covers the previous and current month; bulk extracts cover everything before.
    api_start = (end_date.replace(day=1) - timedelta(days=1)).replace(day=1)
    write_bulk_export(truth, out_dir / "bulk_export", api_start - timedelta(days=1))
    write_api_pages(truth, out_dir / "api", api_start, end_date)
    host = SITE_URL.removeprefix("sc-domain:")
    write_ui_export(truth, out_dir / "ui" / f"{host}-Performance-on-Search-{end_date.isoformat()}.zip", end_date)
    write_web_analytics(out_dir / "web_analytics", end_date)
    write_surveys(out_dir / "surveys", end_date)
    write_trends(out_dir / "trends", end_date)
    write_mentions(out_dir / "mentions", end_date)


def main() -> None:
    generate(OUT_DIR)
    files = [p for p in OUT_DIR.rglob("*") if p.is_file()]
    print(f"wrote {len(files)} files ({sum(p.stat().st_size for p in files) / 1e6:.1f} MB) to {OUT_DIR}")


if __name__ == "__main__":
    main()
