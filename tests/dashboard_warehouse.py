"""Northwind, the company of the dashboard tests: a config and exports in the tools' own formats, refreshed by
the real pipeline (tests/pipeline_support.refresh: ingest, dbt, publish) once per session (a pytest plugin).

Every number the dashboard tests expect is worked out here, from the rows written below, by hand:

- Search Console runs from Monday 2025-10-20 to Wednesday 2025-11-19 and from Monday 2026-10-19 (day n = 0) to
  Thursday 2026-11-19, 364 days later, so weekdays line up. Each day n has one branded query ("northwind app"),
  one non-branded and an anonymized row. A bulk export holds both years to 2026-11-15; the API responses hold
  2026-11-16 to 2026-11-19, the 19th still filling in (the API's firstIncompleteDate). Two UI exports give
  query totals for their periods.
- Web analytics: the GA4 site in sessions (August as one month export, September to 2026-11-18 day by day, and
  a September month export the days win over) and the docs site on Plausible in visitors (two month exports).
- Three survey waves (Qualtrics, SurveyMonkey, Google Forms), awareness counted among the ideal customer
  profile (role Marketing or Demand generation, 200 or more employees).
- Media mentions from Q3 2025 to 2026-11-12 (a PR agency's CSV, Meltwater, a Google Alerts feed) and Google
  Trends downloads for four series.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

OWN_BRAND = "Northwind Analytics"
CONTOSO = "Contoso Metrics"
FABRIKAM = "Fabrikam Insights"
PROPERTY = "sc-domain:northwind.example"
GA4 = "Northwind - GA4"
DOCS = "docs.northwind.example"

CONFIG = f"""\
brand:
  name: {OWN_BRAND}
  terms: [northwind, northwind analytics]
  misspellings: [north wind]
competitors:
  - name: {CONTOSO}
    terms: [contoso, contoso metrics]
  - name: {FABRIKAM}
    terms: [fabrikam]
target_media:
  - techcrunch.com
  - {{outlet: Marketing Week, tier: 1}}
  - {{domain: martech.org, tier: 2}}
mentions_csv: {{date: Published, title: Headline, url: Link, outlet: Source, text: Summary, sentiment: Tone}}
search_console:
  property: {PROPERTY}
surveys:
  unaided_question: come to mind
  aided_question: heard of
  # first_heard_question is left out: the pipeline guesses it, and the Data page says so
  icp:
    - question: role
      any_of: [Marketing, Demand generation]
    - question: company size
      at_least: 200
events:
  - {{date: 2024-06-03, label: "Blog launched"}}
  - {{date: 2026-06-15, label: "Rebrand"}}
  - {{date: 2026-10-28, label: "Series B announced"}}
  - {{start: 2026-11-02, end: 2026-11-08, label: "Brand campaign: Know your numbers"}}
# The data ends in November 2026: no light is ever stale, whenever the tests run.
freshness: {{search_console: 36500, web_analytics: 36500, mentions: 36500, surveys: 36500, trends: 36500}}
"""

# --- Search Console -------------------------------------------------------------------------------------

YEAR = timedelta(days=364)  # 52 weeks
FIRST_DAY = date(2026, 10, 19)  # a Monday: day n = 0
LAST_COMPLETE_DAY = date(2026, 11, 18)  # a Wednesday (n = 30): the week of 2026-11-16 is partial
INCOMPLETE_DAY = date(2026, 11, 19)  # n = 31, still filling in
BULK_LAST_DAY = date(2026, 11, 15)  # the bulk export's last day; the API responses take over
BRANDED_QUERY = "northwind app"
NON_BRANDED_QUERY = "b2b marketing dashboard"


def branded(day: date) -> tuple[int, int]:
    """(impressions, clicks) of the branded query on a day. This year's are 1.25 times the impressions and 1.1
    times the clicks of the same weekday 364 days earlier: growth +25.0% and +10.0% over any window."""
    if day >= FIRST_DAY:
        n = (day - FIRST_DAY).days
        return 1_000 + 10 * n, 110 + 11 * n
    n = (day - (FIRST_DAY - YEAR)).days
    return 800 + 8 * n, 100 + 10 * n


def non_branded(day: date) -> tuple[int, int]:
    n = (day - (FIRST_DAY if day >= FIRST_DAY else FIRST_DAY - YEAR)).days
    return 5_000 + n, 100 + n


ANONYMIZED = (300, 7)  # impressions, clicks a day: no query text, so neither branded nor not


def search_days() -> list[date]:
    """Every day with Search Console data: 2025-10-20 to 2025-11-19, 2026-10-19 to 2026-11-19."""
    return days(FIRST_DAY - YEAR, LAST_COMPLETE_DAY - YEAR) + days(FIRST_DAY, INCOMPLETE_DAY)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# The two UI exports (Queries.csv, query: clicks, impressions): the newer one is what the top-queries table
# shows. Neither has anything to do with the daily rows above: Google's query table is its own total.
UI_EXPORT = (date(2026, 8, 21), date(2026, 11, 18))  # "Last 3 months", resolved against Dates.csv
UI_QUERIES = {
    "northwind analytics": (420, 5_100),
    "northwind": (310, 6_400),
    "northwind login": (150, 900),
    "northwind pricing": (95, 1_300),
    "b2b marketing dashboard": (900, 40_000),
}
OLDER_UI_EXPORT = (date(2026, 5, 1), date(2026, 7, 29))
OLDER_UI_QUERIES = {"northwind careers": (5_000, 9_000)}


def bulk_export() -> bytes:
    rows = [
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
    ]
    for day in search_days():
        if day > BULK_LAST_DAY:
            continue
        for query, (impressions, clicks) in (
            (BRANDED_QUERY, branded(day)),
            (NON_BRANDED_QUERY, non_branded(day)),
            ("", ANONYMIZED),
        ):
            rows.append(
                [day, PROPERTY, query, str(not query).lower(), "usa", "WEB", "DESKTOP", impressions, clicks, 0.0]
            )
    return table(rows, "\n")


def api_response() -> bytes:
    """searchanalytics.query by date and query, saved as JSON, for the days after the bulk export."""
    rows = []
    for day in search_days():
        if day > BULK_LAST_DAY:
            for query, (impressions, clicks) in ((BRANDED_QUERY, branded(day)), (NON_BRANDED_QUERY, non_branded(day))):
                rows.append(
                    {
                        "keys": [day.isoformat(), query],
                        "clicks": clicks,
                        "impressions": impressions,
                        "ctr": clicks / impressions,
                        "position": 1.0,
                    }
                )
    response = {
        "rows": rows,
        "responseAggregationType": "byProperty",
        "metadata": {"firstIncompleteDate": INCOMPLETE_DAY.isoformat()},
    }
    return json.dumps(response, indent=2).encode()


def ui_export(period: tuple[date, date], queries: dict[str, tuple[int, int]], date_filter: str) -> bytes:
    first, last = period
    daily = [["Date", "Clicks", "Impressions", "CTR", "Position"]] + [
        [d, 50, 1_000, "5%", 4.5]
        for d in reversed(days(first, last))  # newest first, as Dates.csv is
    ]
    members = {
        "Queries.csv": table(
            [["Top queries", "Clicks", "Impressions", "CTR", "Position"]]
            + [[q, c, i, f"{100 * c / i:.2f}%", 3.1] for q, (c, i) in queries.items()],
            "\n",
        ),
        "Dates.csv": table(daily, "\n"),
        "Filters.csv": table([["Filter", "Value"], ["Search type", "Web"], ["Date", date_filter]], "\n"),
    }
    return zipped(members)


# --- web analytics --------------------------------------------------------------------------------------
#
# The GA4 site, in sessions. September: 58 of 110 a day Direct + Organic Search = 52.73%; October and November
# 67 of 119 = 56.30%. August, one export of the whole month: 1,600 of 3,400 = 47.06%, a Watch month. The
# September month export must never show: the days cover the month.
SEPTEMBER_DAY = {"Direct": 32, "Organic Search": 26, "Paid Search": 30, "Referral": 12, "Email": 8, "Organic Social": 2}
OCTOBER_DAY = {"Direct": 37, "Organic Search": 30, "Paid Search": 28, "Referral": 14, "Email": 9, "Unassigned": 1}
AUGUST_MONTH = {"Direct": 900, "Organic Search": 700, "Paid Search": 1_100, "Referral": 400, "Email": 300}
GA4_DAILY = (date(2026, 9, 1), LAST_COMPLETE_DAY)
# The September month export gives source / medium beside the channel: GA4's rules put linkedin.com in
# Organic Social, where the file says Referral (a channel disagreement of 42 sessions).
SEPTEMBER_MONTH_IGNORED = [
    ("Direct", "(direct) / (none)", 1),
    ("Organic Search", "google / organic", 1),
    ("Paid Search", "google / cpc", 5_000),
    ("Referral", "linkedin.com / referral", 42),
]
DISAGREEMENT_FILE = "Traffic_acquisition_Session_source_medium.csv"
# The docs site on Plausible, in visitors (its channel table counts no sessions): September 2,700 of 3,500 =
# 77.14%, October 3,200 of 4,000 = 80.0%. More traffic than the GA4 site, but listed after it.
DOCS_SEPTEMBER = {"Direct": 700, "Organic Search": 2_000, "Referral": 600, "Organic Social": 200}
DOCS_OCTOBER = {"Direct": 800, "Organic Search": 2_400, "Referral": 500, "Organic Social": 300}


def per_day(day: date) -> dict[str, int]:
    return SEPTEMBER_DAY if day.month == 9 else OCTOBER_DAY


def ga4_report(start: date, end: date, header: list[str], rows: list[list]) -> bytes:
    preamble = [
        "# ----------------------------------------",
        f"# Traffic acquisition: {header[0]}",
        "# Account: Northwind",
        f"# Property: {GA4}",
        "# ----------------------------------------",
        "#",
        "# All Users",
        f"# Start date: {start:%Y%m%d}",
        f"# End date: {end:%Y%m%d}",
        "",
    ]
    return ("\r\n".join(preamble) + "\r\n").encode() + table([header, *rows], "\r\n")


CHANNEL = "Session primary channel group (Default Channel Group)"


def ga4_daily() -> bytes:
    rows = [
        [channel, f"{day:%Y%m%d}", sessions - 1, sessions, 0]
        for day in days(*GA4_DAILY)
        for channel, sessions in per_day(day).items()
    ]
    return ga4_report(*GA4_DAILY, [CHANNEL, "Date", "Active users", "Sessions", "Key events"], rows)


def ga4_august() -> bytes:
    rows = [[channel, sessions - 1, sessions, 0] for channel, sessions in AUGUST_MONTH.items()]
    return ga4_report(date(2026, 8, 1), date(2026, 8, 31), [CHANNEL, "Active users", "Sessions", "Key events"], rows)


def ga4_september_by_source() -> bytes:
    rows = [[channel, source, sessions, sessions, 0] for channel, source, sessions in SEPTEMBER_MONTH_IGNORED]
    header = [CHANNEL, "Session source / medium", "Active users", "Sessions", "Key events"]
    return ga4_report(date(2026, 9, 1), date(2026, 9, 30), header, rows)


def plausible_export(month_start: date, month_end: date, channels: dict[str, int]) -> bytes:
    visitors = [["date", "visitors", "pageviews", "visits", "views_per_visit", "bounce_rate", "visit_duration"]]
    visitors += [[d, 100, 250, 120, 2.1, 50, 140] for d in days(month_start, month_end)]
    members = {
        "visitors.csv": table(visitors, "\r\n"),
        "channels.csv": table(
            [["name", "visitors", "bounce_rate", "visit_duration"]] + [[c, v, 50, 120] for c, v in channels.items()],
            "\r\n",
        ),
    }
    return zipped(members)


# --- brand surveys ----------------------------------------------------------------------------------------
#
# Three waves of the same brand tracker. In each, `icp` respondents in the ideal customer profile (the first
# `icp`, numbered i = 0, 1, ...) and ten outside it, who all write "Northwind": five in Sales, five in
# marketing at companies of 50-199 people. They count in the names written (awareness_mentions counts every
# respondent) and in no awareness.
#
# Unaided ("Which marketing analytics tools come to mind?"): the first `aware[Northwind]` ICP respondents
# name Northwind, Contoso the `aware[Contoso]` from the middle of that range on, Fabrikam the last
# `aware[Fabrikam]`. How they write it is in `forms`: the first ones of each brand write the odd forms, the rest
# the brand's plain name. `others` are unmatched names, written by the ICP respondents from i = 200 on.
#
# Wilson 95% intervals, z = 1.96 (z² = 3.8416) for x aware of n respondents: centre = (x + 1.9208) / (n +
# 3.8416), half width = 1.96 / (n + 3.8416) × √(x(n − x)/n + 0.9604), in percent to two decimals:
WAVES = {
    "2025-09": {
        "tool": "qualtrics",
        "file": "Brand tracker_September 26, 2025_17.02.csv",
        "survey": "Brand tracker",
        "fieldwork": (date(2025, 9, 9), date(2025, 9, 26)),
        "icp": 400,
        "aware": {OWN_BRAND: 80, CONTOSO: 60, FABRIKAM: 48},
        # Northwind 80 of 400 = 20.0%: 81.9208 / 403.8416 = .20285 ± .0048534 × √(64.00 + .9604) = .03912
        # Contoso 60: 15.0% (11.83 to 18.83); Fabrikam 48: 12.0% (9.17 to 15.55)
        "forms": {OWN_BRAND: [("North Wind", 6)]},
        "others": [("HubSpot", 8), ("ACME Analytics", 9)],
        "aided": None,  # not asked in this wave
        "first_heard": None,
    },
    "2026-03": {
        "tool": "surveymonkey",
        "file": "Brand tracker March 2026.csv",
        "survey": "Brand tracker March 2026",
        "fieldwork": (date(2026, 3, 2), date(2026, 3, 20)),
        "icp": 250,
        # Northwind 55 of 250 = 22.0% (17.31 to 27.54); Contoso 40: 16.0% (11.98 to 21.05); Fabrikam 25: 10.0%
        "aware": {OWN_BRAND: 55, CONTOSO: 40, FABRIKAM: 25},
        "forms": {OWN_BRAND: [("North Wind", 6), ("Nortwind!", 2)]},
        "others": [("HubSpot", 6)],
        # Aided, ticked: Northwind 125 of 250 = 50.0%, Contoso 150 = 60.0%, Fabrikam 90 = 36.0%
        "aided": {OWN_BRAND: 125, CONTOSO: 150, FABRIKAM: 90},
        "first_heard": [("Trade show", 30), ("Search engine", 25)],  # 55 answered
    },
    "2026-09": {
        "tool": "google_forms",
        "file": "Brand tracker (Responses) - Form Responses 1.csv",
        "survey": "Brand tracker",
        "fieldwork": (date(2026, 9, 7), date(2026, 9, 25)),
        "icp": 400,
        # Northwind 106 of 400 = 26.5%: 107.9208 / 403.8416 = .26724 ± .0048534 × √(77.91 + .9604) = .04310,
        # 22.41 to 31.03. Contoso 66: 16.5% (13.18 to 20.45); Fabrikam 28: 7.0% (4.89 to 9.93)
        "aware": {OWN_BRAND: 106, CONTOSO: 66, FABRIKAM: 28},
        "forms": {OWN_BRAND: [("Nortwind!", 3)], CONTOSO: [("Contosso Metrics", 3)]},
        "others": [("NWA", 2)],
        # Aided: Northwind 220 of 400 = 55.0%, Contoso 232 = 58.0%, Fabrikam 128 = 32.0%
        "aided": {OWN_BRAND: 220, CONTOSO: 232, FABRIKAM: 128},
        # 106 answered: 40 / 106 = 37.74%, 30 / 106 = 28.30%, 20 / 106 = 18.87%, 16 / 106 = 15.09%
        "first_heard": [("Search engine", 40), ("Colleague or friend", 30), ("LinkedIn", 20), ("Podcast", 16)],
    },
}
NOT_ICP = [("Sales", "200-999 employees")] * 5 + [("Marketing", "50-199 employees")] * 5
# September 2026 against September 2025, Newcombe's 95% interval from the Wilson ends (p1 September 2026, p0
# September 2025): low = d − √((p1 − l1)² + (u0 − p0)²), high = d + √((u1 − p1)² + (p0 − l0)²).
CHANGES = {  # brand: (change_points, change_ci_low_points, change_ci_high_points, is_distinguishable)
    OWN_BRAND: (6.5, 0.64, 12.31, True),  # 6.5 − √(4.0866² + 4.1970²); 6.5 + √(4.5337² + 3.6263²): excludes 0
    CONTOSO: (1.5, -3.57, 6.56, False),  # 1.5 − √(3.3155² + 3.8314²); 1.5 + √(3.9528² + 3.1655²): includes 0
    FABRIKAM: (-5.0, -9.13, -0.93, True),  # −5.0 − √(2.1128² + 3.5514²); −5.0 + √(2.9309² + 2.8285²): excludes 0
}
BRAND_RANGES = {  # which ICP respondents name each brand: range(first, first + aware)
    OWN_BRAND: lambda aware, icp: range(0, aware[OWN_BRAND]),
    CONTOSO: lambda aware, icp: range(aware[OWN_BRAND] // 2, aware[OWN_BRAND] // 2 + aware[CONTOSO]),
    FABRIKAM: lambda aware, icp: range(icp - aware[FABRIKAM], icp),
}
PLAIN_NAMES = {OWN_BRAND: "Northwind", CONTOSO: "Contoso", FABRIKAM: "Fabrikam"}
ROLE_QUESTION = "What is your role?"
SIZE_QUESTION = "What is your company size?"
UNAIDED_QUESTION = "Which marketing analytics tools come to mind?"
AIDED_QUESTION = "Which of these have you heard of?"
FIRST_HEARD_QUESTION = "How did you first hear about Northwind Analytics?"
EXTRA_QUESTION = "Anything else you would like to tell us?"


def respondents(wave: dict) -> list[dict]:
    """Each respondent of a wave: role, size, unaided text, brands ticked, first heard, when they answered."""
    people = []
    forms = {
        brand: [form for form, count in wave["forms"].get(brand, []) for _ in range(count)] for brand in PLAIN_NAMES
    }
    others = [name for name, count in wave["others"] for _ in range(count)]
    first, last = wave["fieldwork"]
    heard = [answer for answer, count in wave["first_heard"] or [] for _ in range(count)]
    for i in range(wave["icp"]):
        named = []
        for brand, span in BRAND_RANGES.items():
            members = span(wave["aware"], wave["icp"])
            if i in members:
                k = i - members.start
                named.append(forms[brand][k] if k < len(forms[brand]) else PLAIN_NAMES[brand])
        if 200 <= i < 200 + len(others):
            named.append(others[i - 200])
        ticked = [b for b, n in wave["aided"].items() if i in aided_range(b, n, wave["icp"])] if wave["aided"] else []
        people.append(
            {
                "role": "Marketing" if i % 3 else "Demand generation",
                "size": "200-999 employees" if i % 2 else "1,000+ employees",
                "unaided": ", ".join(named) or "none",
                "aided": ticked,
                "first_heard": heard[i] if i < len(heard) else "",
            }
        )
    people += [
        {"role": role, "size": size, "unaided": "Northwind", "aided": [], "first_heard": ""} for role, size in NOT_ICP
    ]
    span = (last - first).days
    for n, person in enumerate(people):
        # Spread over the fieldwork, its first and last day included.
        day = first + timedelta(days=0 if n == 0 else span if n == len(people) - 1 else n % (span + 1))
        person["at"] = datetime(day.year, day.month, day.day, 9 + n % 8, n % 60)
        person["id"] = f"{n + 1:04d}"
    return people


def aided_range(brand: str, ticked: int, icp: int) -> range:
    if brand == OWN_BRAND:
        return range(0, ticked)
    if brand == CONTOSO:
        return range(icp - ticked, icp)
    return range((icp - ticked) // 2, (icp - ticked) // 2 + ticked)


def qualtrics(wave: dict) -> bytes:
    tags = ["StartDate", "EndDate", "Status", "Finished", "RecordedDate", "ResponseId", "Q1", "Q2", "Q4", "Q9"]
    texts = [
        "Start Date",
        "End Date",
        "Response Type",
        "Finished",
        "Recorded Date",
        "Response ID",
        f"{ROLE_QUESTION} - Selected Choice",
        SIZE_QUESTION,
        UNAIDED_QUESTION,
        EXTRA_QUESTION,
    ]
    ids = ["startDate", "endDate", "status", "finished", "recordedDate", "_recordId", "QID1", "QID2", "QID4_TEXT"]
    ids = [json.dumps({"ImportId": i}, separators=(",", ":")) for i in [*ids, "QID9_TEXT"]]
    rows = []
    for n, p in enumerate(respondents(wave)):
        stamp = f"{p['at']:%Y-%m-%d %H:%M:%S}"
        extra = "Keep it short" if n % 50 == 0 else ""
        rows.append(
            [stamp, stamp, "IP Address", "True", stamp, f"R_{p['id']}", p["role"], p["size"], p["unaided"], extra]
        )
    return table([tags, texts, ids, *rows], "\r\n", bom=True)


def surveymonkey(wave: dict) -> bytes:
    options = [OWN_BRAND, CONTOSO, FABRIKAM, "None of these"]
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    top = [*meta, ROLE_QUESTION, SIZE_QUESTION, UNAIDED_QUESTION, AIDED_QUESTION, "", "", "", FIRST_HEARD_QUESTION, ""]
    second = [""] * len(meta) + ["Response", "Response", "Open-Ended Response", *options, "Response"]
    second.append("Other (please specify)")
    rows = []
    for p in reversed(respondents(wave)):  # newest first, as SurveyMonkey lists them
        stamp = f"{p['at']:%m/%d/%Y %I:%M:%S %p}"
        ticked = [option if option in p["aided"] else "" for option in options[:3]]
        none = "" if p["aided"] else "None of these"
        rows.append(
            [
                f"1147{p['id']}",
                "408211334",
                stamp,
                stamp,
                "198.51.100.23",
                p["role"],
                p["size"],
                p["unaided"],
                *ticked,
                none,
                p["first_heard"],
                "",
            ]
        )
    return table([top, second, *rows], "\r\n")


def google_forms(wave: dict) -> bytes:
    header = ["Timestamp", ROLE_QUESTION, SIZE_QUESTION, UNAIDED_QUESTION, AIDED_QUESTION, FIRST_HEARD_QUESTION]
    rows = [
        [
            f"{p['at'].month}/{p['at'].day}/{p['at'].year} {p['at'].hour}:{p['at']:%M:%S}",
            p["role"],
            p["size"],
            p["unaided"],
            ", ".join(p["aided"]) or "None of these",
            p["first_heard"],
        ]
        for p in respondents(wave)
    ]
    return table([header, *rows], "\r\n")


SURVEY_WRITERS = {"qualtrics": qualtrics, "surveymonkey": surveymonkey, "google_forms": google_forms}

# --- media mentions ---------------------------------------------------------------------------------------
#
# Stories naming one tracked brand each, per quarter, Q3 2025 to Q3 2026, from the PR agency's CSV: (mentions,
# of them in target media). Shares are of the three brands' mentions that quarter. Fabrikam had no story in Q1
# 2026: a 0 that quarter.
QUARTERS = {
    "Q3 2025": date(2025, 7, 1),
    "Q4 2025": date(2025, 10, 1),
    "Q1 2026": date(2026, 1, 1),
    "Q2 2026": date(2026, 4, 1),
    "Q3 2026": date(2026, 7, 1),
    "Q4 2026": date(2026, 10, 1),
}
MENTIONS_PER_QUARTER = {  # quarter: {brand: (mentions, target_media_mentions)}
    # 20 mentions, 8 in target media: 4/20 = 20%, 10/20, 6/20; 2/8 = 25%, 5/8, 1/8
    "Q3 2025": {OWN_BRAND: (4, 2), CONTOSO: (10, 5), FABRIKAM: (6, 1)},
    # 20, 8: 5/20 = 25%, 9/20, 6/20; 3/8 = 37.5%, 4/8, 1/8
    "Q4 2025": {OWN_BRAND: (5, 3), CONTOSO: (9, 4), FABRIKAM: (6, 1)},
    # 15, 8: 6/15 = 40%, 9/15; 5/8 = 62.5%, 3/8
    "Q1 2026": {OWN_BRAND: (6, 5), CONTOSO: (9, 3)},
    # 20, 10: 8/20 = 40%, 8/20, 4/20; 6/10 = 60%, 3/10, 1/10
    "Q2 2026": {OWN_BRAND: (8, 6), CONTOSO: (8, 3), FABRIKAM: (4, 1)},
    # 25, 10: 9/25 = 36%, 11/25 = 44%, 5/25 = 20%; 7/10 = 70%, 3/10, 0/10
    "Q3 2026": {OWN_BRAND: (9, 7), CONTOSO: (11, 3), FABRIKAM: (5, 0)},
    # So far, the stories of STORIES below: 8, 4: 4/8 = 50%, 3/8, 1/8; 3/4 = 75%, 1/4, 0/4
    "Q4 2026": {OWN_BRAND: (4, 3), CONTOSO: (3, 1), FABRIKAM: (1, 0)},
}

# The stories of the quarter so far (Q4 2026), each with its copies: (tool, published, outlet, url, title,
# sentiment). The TechCrunch story names Northwind and Contoso. The own brand's, newest first: MarTech (tier 2,
# three copies from two tools), TechCrunch (a target without a tier), a blog that is not a target, Marketing
# Week (tier 1, two copies).
SERIES_B = "Northwind Analytics raises Series B to bring brand metrics to B2B marketers"
STORIES = [
    [
        (
            "meltwater",
            datetime(2026, 11, 12, 9, 31),
            "MarTech",
            "https://martech.org/northwind-analytics-raises-series-b/",
            SERIES_B,
            "Positive",
        ),
        (
            "meltwater",
            datetime(2026, 11, 12, 14, 0),
            "Yahoo Finance",
            "https://finance.yahoo.com/news/northwind-series-b.html",
            f"{SERIES_B} | Yahoo Finance",
            "Positive",
        ),
        (
            "google_alerts",
            datetime(2026, 11, 12, 16, 0),
            None,
            "https://martech.org/northwind-analytics-raises-series-b/?utm_source=alerts",
            SERIES_B,
            None,
        ),
    ],
    [
        (
            "google_alerts",
            datetime(2026, 11, 3, 16, 0),
            None,
            "https://techcrunch.com/2026/11/03/analytics-startups-brand/",
            "Analytics start-ups bet on brand: Northwind and Contoso",
            None,
        ),
    ],
    [
        (
            "mentions_csv",
            datetime(2026, 10, 20),
            None,
            "https://growthnotes.example/why-we-switched-to-northwind",
            "Why we switched to Northwind & never looked back",
            None,
        ),
    ],
    [
        (
            "meltwater",
            datetime(2026, 10, 2, 14, 5),
            "Marketing Week",
            "https://www.marketingweek.com/brand-measurement-b2b/",
            "The B2B brands measuring what matters: Northwind",
            "Positive",
        ),
        (
            "meltwater",
            datetime(2026, 10, 3, 8, 0),
            "Brand Digest",
            "https://branddigest.example/b2b-brands-measuring",
            "The B2B brands measuring what matters: Northwind",
            "Positive",
        ),
    ],
    [
        (
            "meltwater",
            datetime(2026, 10, 28, 11, 0),
            "SaaS Weekly",
            "https://saasweekly.example/contoso-pricing",
            "Contoso Metrics changes its pricing",
            "Negative",
        )
    ],
    [
        (
            "meltwater",
            datetime(2026, 10, 9, 10, 0),
            "Data Digest",
            "https://datadigest.example/contoso-hires",
            "Contoso Metrics hires a CMO",
            "Neutral",
        )
    ],
    [
        (
            "meltwater",
            datetime(2026, 10, 15, 12, 30),
            "Insights Daily",
            "https://insightsdaily.example/fabrikam",
            "Fabrikam Insights opens a London office",
            "Positive",
        )
    ],
]


def quarter_stories() -> list[tuple]:
    """The PR agency's rows for Q3 2025 to Q3 2026: (published, outlet, url, title, sentiment)."""
    rows = []
    for quarter, brands in MENTIONS_PER_QUARTER.items():
        if quarter == "Q4 2026":
            continue
        for brand, (mentions, target) in brands.items():
            for k in range(mentions):
                site, outlet = ("techcrunch.com", "TechCrunch") if k < target else ("industry.example", "Industry")
                slug = f"{brand.split()[0].lower()}-{quarter.replace(' ', '-').lower()}-{k}"
                published = datetime.combine(QUARTERS[quarter] + timedelta(days=4 * k + 1), datetime.min.time())
                rows.append((published, outlet, f"https://{site}/{slug}", f"{brand} story {k + 1} of {quarter}", ""))
    return rows


def mentions_csv() -> bytes:
    rows = [["Published", "Headline", "Link", "Source", "Summary", "Tone"]]
    rows += [[f"{p:%Y-%m-%d}", title, url, outlet, "", tone] for p, outlet, url, title, tone in quarter_stories()]
    for copies in STORIES:
        for tool, published, outlet, url, title, tone in copies:
            if tool == "mentions_csv":
                rows.append([f"{published:%Y-%m-%d}", title, url, outlet or "", "", tone or ""])
    return table(rows, "\n")


def meltwater() -> bytes:
    header = ["Date", "Time", "Document ID", "URL", "Source Name", "Source Domain", "Title", "Opening Text"]
    header += ["Hit Sentence", "Sentiment"]
    rows = [
        [f"{p:%d-%b-%Y}", f"{p:%I:%M %p}", f"d{n}", url, outlet, url.split("/")[2], title, "", "", tone]
        for n, (tool, p, outlet, url, title, tone) in enumerate(copy for copies in STORIES for copy in copies)
        if tool == "meltwater"
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-16")  # with its byte-order mark, as Meltwater writes it


def google_alerts() -> bytes:
    entries = "".join(
        f"<entry><id>tag:google.com,2013:googlealerts/feed:{n}</id>"
        f'<title type="html">{title}</title>'
        f'<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url={url}&amp;ct=ga"></link>'
        f"<published>{p:%Y-%m-%dT%H:%M:%SZ}</published><updated>{p:%Y-%m-%dT%H:%M:%SZ}</updated>"
        f'<content type="html">{title}</content><author><name></name></author></entry>'
        for n, (tool, p, _, url, title, _) in enumerate(copy for copies in STORIES for copy in copies)
        if tool == "google_alerts"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<id>tag:google.com,2005:reader/user/0/state/com.google/alerts/1</id><title>Google Alert - northwind</title>"
        f"<updated>2026-11-13T00:00:00Z</updated>{entries}</feed>"
    ).encode()


# --- Google Trends ----------------------------------------------------------------------------------------
#
# Worldwide by month, October 2024 to October 2026: Northwind 30, Contoso 50, Fabrikam 20 of every 100 for the
# first twelve months, 36, 48, 16 the next twelve, and October 2026 44, 55 and '<1' (counted as 0.5: 44 / 99.5
# = 44.22%), a month Trends shows before it is complete, which the light leaves out. The light: 36% of the
# interest in the 12 months to September 2026 against 30% the 12 before, +6.0 points. Worldwide by week too
# (four weeks, Northwind and Contoso 40 and 60), the United States (six weeks, 25 and 75) and the United
# Kingdom (one week, 50 and 50). Worldwide is charted; of its two, the months cover the longer span.
TRENDS_FIRST_MONTH = date(2024, 10, 1)
TRENDS_MONTHS = 25


def trends_month(n: int) -> dict[str, str]:
    if n < 12:
        return {"northwind": "30", "contoso": "50", "fabrikam": "20"}
    if n < 24:
        return {"northwind": "36", "contoso": "48", "fabrikam": "16"}
    return {"northwind": "44", "contoso": "55", "fabrikam": "<1"}


TRENDS_WEEKS = {  # geo: (first Sunday, weeks, interest each week)
    "Worldwide": (date(2026, 10, 4), 4, {"northwind": "40", "contoso": "60"}),
    "United States": (date(2026, 10, 4), 6, {"northwind": "25", "contoso": "75"}),
    "United Kingdom": (date(2026, 10, 4), 1, {"northwind": "50", "contoso": "50"}),
}


def trends(granularity: str, geo: str, periods: list[tuple[str, dict[str, str]]]) -> bytes:
    terms = list(periods[0][1])
    rows = [[granularity, *(f"{t}: ({geo})" for t in terms)]] + [[p, *values.values()] for p, values in periods]
    return "\ufeffCategory: All categories\r\n\r\n".encode() + table(rows, "\r\n")


def trends_monthly() -> bytes:
    months = []
    for n in range(TRENDS_MONTHS):
        year, month = divmod(TRENDS_FIRST_MONTH.month - 1 + n, 12)
        months.append((f"{TRENDS_FIRST_MONTH.year + year}-{month + 1:02d}", trends_month(n)))
    return trends("Month", "Worldwide", months)


def trends_weekly(geo: str) -> bytes:
    first, weeks, interest = TRENDS_WEEKS[geo]
    return trends("Week", geo, [((first + timedelta(weeks=n)).isoformat(), interest) for n in range(weeks)])


# --- the inbox --------------------------------------------------------------------------------------------

# Turned away: a Search Console table without dates.
REJECTED_FILE = "Pages.csv"
DUPLICATE_FILE = "multiTimeline (4).csv"  # the same bytes as multiTimeline (2).csv


def exports() -> dict[str, bytes]:
    """Every file dropped in the inbox, by its path there."""
    files = {
        "search_console/searchdata_site_impression.csv": bulk_export(),
        "search_console/northwind_2026-11-16_2026-11-19.json": api_response(),
        "search_console/northwind.example-Performance-on-Search-2026-11-19.zip": ui_export(
            UI_EXPORT, UI_QUERIES, "Last 3 months"
        ),
        "search_console/northwind.example-Performance-on-Search-2026-07-30.zip": ui_export(
            OLDER_UI_EXPORT, OLDER_UI_QUERIES, "May 1, 2026 - Jul 29, 2026"
        ),
        f"search_console/{REJECTED_FILE}": table(
            [
                ["Top pages", "Clicks", "Impressions", "CTR", "Position"],
                ["https://northwind.example/", 45, 225, "20%", 5.9],
            ],
            "\n",
        ),
        "web_analytics/Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group).csv": ga4_daily(),
        "web_analytics/Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group) (1).csv": ga4_august(),
        f"web_analytics/{DISAGREEMENT_FILE}": ga4_september_by_source(),
        f"web_analytics/Plausible export {DOCS} 2026-09-01  to 2026-09-30 .zip": plausible_export(
            date(2026, 9, 1), date(2026, 9, 30), DOCS_SEPTEMBER
        ),
        f"web_analytics/Plausible export {DOCS} 2026-10-01  to 2026-10-31 .zip": plausible_export(
            date(2026, 10, 1), date(2026, 10, 31), DOCS_OCTOBER
        ),
        "mentions/pr_coverage.csv": mentions_csv(),
        "mentions/Meltwater export 2026-11-13.csv": meltwater(),
        "mentions/alerts_northwind.xml": google_alerts(),
        "trends/multiTimeline.csv": trends_monthly(),
        "trends/multiTimeline (1).csv": trends_weekly("Worldwide"),
        "trends/multiTimeline (2).csv": trends_weekly("United States"),
        "trends/multiTimeline (3).csv": trends_weekly("United Kingdom"),
        f"trends/{DUPLICATE_FILE}": trends_weekly("United States"),
    }
    for wave in WAVES.values():
        files[f"surveys/{wave['file']}"] = SURVEY_WRITERS[wave["tool"]](wave)
    return files


def table(rows: list[list], line_end: str, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_company(folder: Path) -> tuple[Path, Path]:
    """The config and the inbox, written under `folder`."""
    config = folder / "northwind.yaml"
    config.write_text(CONFIG)
    inbox = folder / "inbox"
    for name, data in exports().items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
    return config, inbox


@pytest.fixture(scope="session")
def dashboard_warehouse(tmp_path_factory, dbt_manifest) -> Path:
    """Northwind's serving warehouse, as the refresh published it (with its documentation page), built once
    for the session: read it, never write it (use `warehouse_copy` for that)."""
    from tests.pipeline_support import refresh

    folder = tmp_path_factory.mktemp("northwind")
    config, inbox = write_company(folder)
    result = refresh(config, inbox, folder / "serving" / "demandgen.duckdb")
    assert result.success, "the refresh of the dashboard tests' company failed"
    return folder / "serving" / "demandgen.duckdb"


@pytest.fixture
def warehouse_copy(dashboard_warehouse, tmp_path) -> Path:
    """A copy of Northwind's warehouse, for a test that changes it (as an older or damaged warehouse would be)."""
    copy = tmp_path / "serving.duckdb"
    shutil.copyfile(dashboard_warehouse, copy)
    return copy
