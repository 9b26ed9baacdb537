"""Deterministic sample media-mention exports for "Northwind Analytics" (share of voice).

Two years of press and blog coverage (1 October 2024 to ``end_date``) of Northwind and the four
competitors the config tracks, as a marketer collects it (FORMATS.md, "Share of search and share
of voice"). Everything lands in ``mentions/``:

* ``Meltwater export <date>.csv``: one export a quarter or so, taken a few days after the quarter
  ends, so consecutive exports overlap by a few days (June/July 2025 and late September 2026 by
  about two weeks) and repeat those rows. UTF-16 LE with a BOM and TAB-separated although named
  ``.csv``, in the current 46-column layout (``Date`` ``18-Nov-2026``, ``Time`` ``09:31 AM``), one
  row per document and search ("Input Name"), so an article naming two brands is two rows with one
  Document ID. The first export (Q4 2024) is in the older layout (``Date,Headline,URL,Opening
  Text,Hit Sentence,Source,Influencer,...``, comma-separated UTF-8). The searches use every
  configured term and misspelling and no exclusion, so they also catch SQL tutorials about the
  "Northwind Traders" sample database and Azure labs about "Fabrikam Fiber".
* ``alerts_northwind.xml``, ``alerts_contoso.xml``, ``alerts_fabrikam.xml``: Google Alerts Atom
  feeds saved from the feed URL on ``end_date``, each holding its latest 20 entries: escaped
  ``<b>`` tags, double-escaped entities (``&amp;#39;``), ``google.com/url`` redirects whose
  ``url=`` is the article (sometimes with or without ``www.``, the trailing slash or TLS, unlike
  Meltwater's copy), ``<published>`` in UTC. Alerts also find a few stories Meltwater missed, and
  the only ones after the last Meltwater export.
* ``pr_coverage_2026.csv``: the PR agency's coverage tracker for Northwind (January to October
  2026), columns ``Published`` (day-first ``14/03/2026 10:22``), ``Headline``, ``Link``, ``Source``,
  ``Summary``, ``Tone`` and a few the pipeline ignores, mapped by ``mentions_csv`` in the config.
  Its links often carry ``utm_`` parameters or differ from Meltwater's in slash, scheme or case.

A story is one article. Press releases are syndicated (PR Newswire to Yahoo Finance, Morningstar,
MarTech Series; TechCrunch to Yahoo Finance; news to MSN) one to three days later under a
near-identical title: ``" | Yahoo Finance"`` or ``" - Morningstar"`` appended, Title Case, or
commas and colons dropped. The pipeline's de-duplication rule, which the truth follows exactly:
rows are one story when their canonical URLs match (host lower case without ``www.``, no query or
fragment, no trailing slash, http = https) or their normalised titles match (lower case, a
trailing ``" | outlet"``/``" - outlet"`` removed, punctuation removed) within 3 days. No two
different stories share a normalised title at all, no genuine title contains ``" | "`` or
``" - "``, and syndicated copies never leave their quarter. A story is in the target media when
its earliest copy is (syndicated copies are never on target media). A brand is named when one of
its terms or misspellings is a whole word of the title, opening text, hit sentence or snippet
after removing its exclusions; every exported row of a story names the same brands.

The hidden truth: Northwind's share of voice (its stories over the sum over brands of stories
naming each brand; a comparison story counts for both) rises from about 12% to 18%, Contoso is the
loudest at about 40%, and Northwind earns 3 to 7 target-media stories a quarter (6 in Jul-Sep
2026). ``mentions_truth()`` lists the de-duplicated stories from the generator's intent, never by
re-parsing; ``mentions_per_quarter()``, ``own_share_of_voice()`` and ``scorecard_truth()`` count
them. Draws come from Random.random() on a stream of their own, so no other sample file moves.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import random
import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from seeds.sampling import normal, pick, weighted

MENTIONS_SEED = 20240806  # generate.py's SEED + 5: a stream of its own
FIRST_DAY = date(2024, 10, 1)
OWN_BRAND = "Northwind Analytics"


@dataclass(frozen=True)
class Brand:
    name: str
    full: str  # how articles name it in full and in short; both hold a configured term
    short: str
    misspelt: tuple[tuple[str, str], ...]  # (full, short) as careless writers spell it: configured misspellings
    alert: str | None  # the Google Alert's query word, if the team set one up
    ceo: str
    hq: str
    share: tuple[float, float] | None  # % of all mentions in the first and the last complete quarter


BRANDS = (
    Brand(
        "Northwind Analytics",
        "Northwind Analytics",
        "Northwind",
        (
            ("Nothwind Analytics", "Nothwind"),
            ("North Wind Analytics", "North Wind"),
            ("Northwnd Analytics", "Northwnd"),
        ),
        "northwind",
        "Maya Lindqvist",
        "Boston",
        (12.0, 18.0),
    ),
    Brand(
        "Contoso Metrics",
        "Contoso Metrics",
        "Contoso",
        (("Kontoso Metrics", "Kontoso"),),
        "contoso",
        "Daniel Okafor",
        "Seattle",
        (40.0, 38.5),
    ),
    Brand(
        "Fabrikam Insights",
        "Fabrikam Insights",
        "Fabrikam",
        (("Fabricom Insights", "Fabricom"),),
        "fabrikam",
        "Sofia Marchetti",
        "London",
        (23.5, 20.5),
    ),
    Brand(
        "Adatum Analytics",
        "Adatum Analytics",
        "Adatum",
        (("A Datum Analytics", "A Datum"),),
        None,
        "Ravi Menon",
        "Austin",
        None,
    ),  # Adatum takes what the others leave
    Brand(
        "Tailspin Data",
        "Tailspin Data",
        "Tailspin",
        (("Tail Spin Data", "Tail Spin"),),
        None,
        "Hannah Brooks",
        "Toronto",
        (6.5, 6.5),
    ),
)
BRAND = {b.name: b for b in BRANDS}
# The sample config's terms + misspellings and exclusions, to check every row names what we mean.
CONFIG_TERMS = {
    "Northwind Analytics": (
        ("northwind", "northwind analytics", "nothwind", "north wind", "northwnd"),
        ("northwind traders", "northwind sample database"),
    ),
    "Contoso Metrics": (("contoso", "contoso metrics", "kontoso"), ()),
    "Fabrikam Insights": (("fabrikam", "fabricom"), ("fabrikam fiber",)),
    "Adatum Analytics": (("adatum", "a datum"), ()),
    "Tailspin Data": (("tailspin", "tail spin"), ()),
}

BASE_MENTIONS = 88  # brand mentions in a full quarter at the start; the category grows 4% a quarter
GROWTH = 0.04
# Northwind's target-media stories per quarter from Q4 2024 (the last, partial quarter last).
OWN_TARGET = (3, 4, 3, 5, 4, 5, 7, 6, 3)
OTHER_TARGET_RATE = 0.13
COMPARISONS = 5  # two-brand stories in a full quarter, plus one roundup naming three
MISSPELT_RATE = 0.03
# False positives per quarter: Northwind Traders / Northwind sample database tutorials, and quarters
# with a Fabrikam Fiber lab. One Q1 2026 Northwind story also names Northwind Traders (it counts).
NORTHWIND_TRADERS = (1, 2, 1, 1, 2, 1, 2, 1, 1)
FABRIKAM_FIBER_QUARTERS = (1, 4, 6, 8)
NAMESAKE_QUARTER = 5

CSV_FIRST, CSV_LAST = date(2026, 1, 5), date(2026, 10, 30)  # the agency's tracker
CSV_FILE = "pr_coverage_2026.csv"
ALERT_DAYS = 150  # alert entries are collected from this many days before end_date
FEED_SIZE = 20  # a Google Alerts feed holds its latest entries only
FEEDS = ("northwind", "contoso", "fabrikam")
MELTWATER_MISS = 0.15  # of the copies another tool found
MELTWATER_LAG = 2  # the last export runs to end_date - 2; Alerts alone see the last two days
# Export windows (first day, last day, layout): quarterly-ish, each taken a few days after the end.
EXPORTS = (
    (date(2024, 10, 1), date(2025, 1, 5), "older"),
    (date(2025, 1, 1), date(2025, 4, 3), "current"),
    (date(2025, 4, 1), date(2025, 7, 8), "current"),
    (date(2025, 6, 24), date(2025, 10, 2), "current"),
    (date(2025, 10, 1), date(2026, 1, 4), "current"),
    (date(2026, 1, 1), date(2026, 4, 2), "current"),
    (date(2026, 4, 1), date(2026, 7, 3), "current"),
    (date(2026, 7, 1), date(2026, 10, 6), "current"),
    (date(2026, 9, 22), None, "current"),  # to end_date - MELTWATER_LAG
)

MELTWATER_COLUMNS = (
    "Date",
    "Time",
    "Document ID",
    "URL",
    "Input Name",
    "Keywords",
    "Information Type",
    "Source Type",
    "Source Name",
    "Source Domain",
    "Content Type",
    "Author Name",
    "Author Handle",
    "Title",
    "Opening Text",
    "Hit Sentence",
    "Image",
    "Hashtags",
    "Links",
    "Parent URL",
    "Language",
    "Country",
    "State",
    "City",
    "Sentiment",
    "Keyphrases",
    "Reach",
    "Global Reach",
    "National Reach",
    "Local Reach",
    "AVE",
    "Social Echo",
    "Editorial Echo",
    "Engagement",
    "Shares",
    "Quotes",
    "Likes",
    "Replies",
    "Reposts",
    "Comments",
    "Reactions",
    "Threads",
    "Is Verified",
    "Document Tags",
    "Custom Categories",
    "Alternate Date Format",
)
assert len(MELTWATER_COLUMNS) == 46
MELTWATER_OLDER_COLUMNS = (
    "Date",
    "Headline",
    "URL",
    "Opening Text",
    "Hit Sentence",
    "Source",
    "Influencer",
    "Country",
    "Subregion",
    "Language",
    "Reach",
    "Desktop Reach",
    "Mobile Reach",
    "Twitter Social Echo",
    "Facebook Social Echo",
    "Reddit Social Echo",
    "National Viewership",
    "Engagement",
    "AVE",
    "Sentiment",
    "Key Phrases",
    "Input Name",
    "Keywords",
    "Twitter Authority",
    "Tweet Id",
    "Twitter Id",
    "Twitter Client",
    "Twitter Screen Name",
    "User Profile Url",
    "Twitter Bio",
    "Twitter Followers",
    "Twitter Following",
    "Alternate Date Format",
    "Time",
    "State",
    "City",
    "Document Tags",
)
CSV_COLUMNS = (
    "Published",
    "Headline",
    "Link",
    "Source",
    "Summary",
    "Tone",
    "Reach",
    "Coverage Type",
    "Spokesperson",
    "Campaign",
)


# --- outlets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    name: str
    host: str  # as its URLs write it
    source_type: str  # Meltwater's Source Type
    reach: int
    style: str  # how its article URLs look (_article_url)
    country: str = "United States"

    @property
    def domain(self) -> str:
        return self.host.removeprefix("www.")


def _outlets(*rows) -> dict[str, Outlet]:
    return {key: Outlet(*rest) for key, *rest in rows}


OUTLETS = _outlets(
    # the target media (TARGET_MEDIA, as in the sample config)
    ("techcrunch", "TechCrunch", "techcrunch.com", "News", 11_200_000, "dated"),
    ("martech", "MarTech", "martech.org", "News", 820_000, "slug"),
    ("mweek", "Marketing Week", "www.marketingweek.com", "News", 1_100_000, "slug", "United Kingdom"),
    ("adexchanger", "AdExchanger", "www.adexchanger.com", "News", 640_000, "section:marketers"),
    # trade and tech press
    ("venturebeat", "VentureBeat", "venturebeat.com", "News", 9_400_000, "section:ai"),
    ("siliconangle", "SiliconANGLE", "siliconangle.com", "News", 2_100_000, "dated"),
    ("forbes", "Forbes", "www.forbes.com", "News", 68_000_000, "forbes"),
    ("thedrum", "The Drum", "www.thedrum.com", "News", 1_300_000, "drum", "United Kingdom"),
    ("campaign", "Campaign", "www.campaignlive.co.uk", "News", 900_000, "campaign", "United Kingdom"),
    ("adweek", "Adweek", "www.adweek.com", "News", 5_600_000, "section:martech"),
    ("digiday", "Digiday", "digiday.com", "News", 1_500_000, "section:marketing"),
    ("b2bm", "B2B Marketing", "www.b2bmarketing.net", "News", 210_000, "slug", "United Kingdom"),
    ("mtseries", "MarTech Series", "martechseries.com", "News", 380_000, "section:analytics"),
    ("dgr", "Demand Gen Report", "www.demandgenreport.com", "News", 150_000, "section:industry-news"),
    ("mdive", "Marketing Dive", "www.marketingdive.com", "News", 1_000_000, "dive"),
    ("cmswire", "CMSWire", "www.cmswire.com", "News", 700_000, "section:digital-marketing"),
    ("sel", "Search Engine Land", "searchengineland.com", "News", 2_400_000, "sel"),
    ("datanami", "Datanami", "www.datanami.com", "News", 350_000, "dated"),
    ("infoworld", "InfoWorld", "www.infoworld.com", "News", 3_200_000, "article_id"),
    ("cweekly", "Computer Weekly", "www.computerweekly.com", "News", 4_000_000, "news_id", "United Kingdom"),
    ("sifted", "Sifted", "sifted.eu", "News", 600_000, "section:articles", "United Kingdom"),
    ("techeu", "Tech.eu", "tech.eu", "News", 250_000, "dated", "Belgium"),
    ("mtnews", "Marketing Tech News", "www.marketingtechnews.net", "News", 120_000, "section:news", "United Kingdom"),
    ("mzone", "Martech Zone", "martech.zone", "Blogs", 300_000, "slug"),
    ("crunchbase", "Crunchbase News", "news.crunchbase.com", "News", 1_800_000, "section:ai"),
    # newswires and the sites that carry them
    ("prn", "PR Newswire", "www.prnewswire.com", "Press Releases", 7_500_000, "prn"),
    ("bw", "Business Wire", "www.businesswire.com", "Press Releases", 3_900_000, "bw"),
    ("gnw", "GlobeNewswire", "www.globenewswire.com", "Press Releases", 2_600_000, "gnw"),
    ("yahoo", "Yahoo Finance", "finance.yahoo.com", "News", 110_000_000, "yahoo"),
    ("mstar", "Morningstar", "www.morningstar.com", "News", 9_000_000, "mstar"),
    ("msn", "MSN", "www.msn.com", "News", 400_000_000, "msn"),
    # blogs and tutorials
    ("medium", "Medium", "medium.com", "Blogs", 95_000_000, "medium"),
    ("tds", "Towards Data Science", "towardsdatascience.com", "Blogs", 4_000_000, "tds"),
    ("smartins", "Smart Insights", "www.smartinsights.com", "Blogs", 450_000, "slug", "United Kingdom"),
    ("econ", "Econsultancy", "econsultancy.com", "Blogs", 520_000, "slug", "United Kingdom"),
    ("mprofs", "MarketingProfs", "www.marketingprofs.com", "Blogs", 600_000, "mprofs"),
    ("devto", "DEV Community", "dev.to", "Blogs", 6_000_000, "devto"),
    ("sqlshack", "SQLShack", "www.sqlshack.com", "Blogs", 700_000, "slug"),
    ("mssqltips", "MSSQLTips", "www.mssqltips.com", "Blogs", 1_100_000, "mssqltips"),
    ("avidhya", "Analytics Vidhya", "www.analyticsvidhya.com", "Blogs", 3_500_000, "avidhya", "India"),
    ("mstc", "Microsoft Tech Community", "techcommunity.microsoft.com", "Blogs", 2_000_000, "mstc"),
)
# (how the config names it, the name, tier): a domain or an outlet's name.
TARGET_MEDIA = (
    ("domain", "techcrunch.com", 1),
    ("outlet", "Marketing Week", 1),
    ("domain", "martech.org", 2),
    ("domain", "adexchanger.com", None),
)
TARGET_KEYS = ("techcrunch", "martech", "mweek", "adexchanger")
TARGET_WEIGHTS = (0.3, 0.35, 0.2, 0.15)
NEWS_KEYS = (
    "venturebeat",
    "siliconangle",
    "forbes",
    "thedrum",
    "campaign",
    "adweek",
    "digiday",
    "b2bm",
    "mtseries",
    "dgr",
    "mdive",
    "cmswire",
    "sel",
    "datanami",
    "infoworld",
    "cweekly",
    "sifted",
    "techeu",
    "mtnews",
    "mzone",
    "crunchbase",
)
BLOG_KEYS = ("medium", "tds", "smartins", "econ", "mprofs", "b2bm", "cmswire", "mzone")
WIRE_KEYS = ("prn", "bw", "gnw")
WIRE_COPY_KEYS = ("yahoo", "mstar", "mtseries")
TRADERS_KEYS = ("devto", "sqlshack", "mssqltips", "medium", "tds", "avidhya", "infoworld")
FIBER_KEYS = ("devto", "mstc", "medium", "infoworld")


def target_tier(outlet: Outlet) -> tuple[bool, int | None]:
    for kind, name, tier in TARGET_MEDIA:
        if (kind == "domain" and outlet.domain == name) or (kind == "outlet" and outlet.name == name):
            return True, tier
    return False, None


# --- what the articles say -----------------------------------------------------------------------

FILL = {
    "round": ("seed round", "Series A", "Series B", "Series C", "growth round", "Series A extension"),
    "investor": (
        "Accel",
        "Index Ventures",
        "Balderton Capital",
        "Insight Partners",
        "Battery Ventures",
        "Bessemer Venture Partners",
        "Point Nine",
        "Creandum",
        "Felicis",
        "Redpoint Ventures",
        "Atomico",
    ),
    "goal": (
        "expand in Europe",
        "build AI attribution",
        "grow its sales team",
        "double down on enterprise",
        "enter the Japanese market",
        "fund acquisitions",
        "expand its partner program",
        "open a London hub",
        "hire 80 engineers",
        "build out self-serve onboarding",
        "move upmarket",
        "expand in Latin America",
    ),
    "feature": (
        "AI attribution models",
        "account journey reports",
        "a share of voice dashboard",
        "pipeline forecasting",
        "a warehouse-native connector",
        "intent signal scoring",
        "LinkedIn ads attribution",
        "brand lift measurement",
        "a natural-language query assistant",
        "campaign influence reports",
        "real-time funnel alerts",
        "a free plan",
        "cookieless tracking",
        "a Snowflake native app",
        "benchmark reports",
        "marketing mix modelling",
        "buying-group analytics",
        "ABM scorecards",
        "a HubSpot sync",
        "revenue dashboards",
        "an anomaly detector",
        "budget pacing",
        "offline conversion import",
        "podcast attribution",
        "self-serve cohort analysis",
    ),
    "audience": (
        "B2B marketers",
        "demand-gen teams",
        "RevOps teams",
        "SaaS startups",
        "enterprise marketing teams",
        "agencies",
        "mid-market teams",
        "CMOs",
        "field marketers",
        "product marketers",
        "growth teams",
    ),
    "need": (
        "answer to the board",
        "report pipeline every week",
        "run lean teams",
        "juggle ten ad platforms",
        "prove brand spend works",
        "live in spreadsheets",
    ),
    "month": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday"),
    "partner": (
        "Snowflake",
        "HubSpot",
        "Salesforce",
        "LinkedIn",
        "Databricks",
        "Segment",
        "Google Cloud",
        "Gong",
        "Clearbit",
        "BigQuery",
        "Marketo",
        "Pipedrive",
        "Zoominfo",
        "Shopify",
    ),
    "topic": (
        "pipeline attribution",
        "brand measurement",
        "first-party data",
        "B2B benchmarks",
        "AI forecasting",
        "account-based marketing",
        "privacy-safe tracking",
        "revenue reporting",
        "event ROI",
        "partner marketing",
        "customer data quality",
        "dark social",
        "creative testing",
    ),
    "benefit": (
        "see ad spend next to closed revenue",
        "sync audiences both ways",
        "skip the CSV exports",
        "score accounts with fresher data",
        "share dashboards with sales",
    ),
    "role": (
        "chief marketing officer",
        "chief revenue officer",
        "VP of engineering",
        "chief product officer",
        "general manager for EMEA",
        "chief financial officer",
        "VP of partnerships",
        "head of data science",
    ),
    "prev": ("Salesforce", "HubSpot", "Adobe", "Snowflake", "Google", "Datadog", "Atlassian", "Shopify", "Stripe"),
    "growth": (
        "doubled its customer count",
        "crossed 1,000 customers",
        "opened two offices",
        "launched a self-serve plan",
        "signed its largest contracts yet",
    ),
    "customer": (
        "Litware",
        "Proseware",
        "Woodgrove Bank",
        "Lucerne Publishing",
        "Wide World Importers",
        "Coho Winery",
        "Alpine Ski House",
        "Margie's Travel",
        "Trey Research",
        "Blue Yonder Airlines",
        "Humongous Insurance",
        "Wingtip Toys",
        "Relecloud",
        "Lamna Healthcare",
        "Consolidated Messenger",
        "VanArsdel",
        "Graphic Design Institute",
        "School of Fine Art",
        "First Up Consultants",
    ),
    "result": (
        "cut reporting time by half",
        "found its best-performing channel",
        "doubled pipeline from events",
        "retired twelve spreadsheets",
        "proved its brand budget",
        "shortened its sales cycle",
        "stopped arguing about attribution",
        "rebuilt its funnel reporting",
    ),
    "team_note": (
        "The team now reviews pipeline by channel every Monday instead of once a quarter.",
        "Finance signs off the marketing budget from the same dashboard.",
        "Sales and marketing now share one definition of a qualified lead.",
    ),
    "finding": (
        "cannot tie brand spend to pipeline",
        "plan to cut paid social",
        "trust their attribution less",
        "track share of voice monthly",
        "expect budgets to grow",
        "report to finance every week",
        "use three or more analytics tools",
        "rely on self-reported attribution",
    ),
    # (city, the customers an office there serves): drawn together
    "office": (
        ("London", "UK"),
        ("Berlin", "German"),
        ("Amsterdam", "Benelux"),
        ("Dublin", "Irish"),
        ("Paris", "French"),
        ("Stockholm", "Nordic"),
        ("Toronto", "Canadian"),
        ("Singapore", "Asia-Pacific"),
        ("Sydney", "Australian"),
        ("Lisbon", "Portuguese"),
        ("Madrid", "Spanish"),
        ("Warsaw", "Central European"),
        ("São Paulo", "Latin American"),
        ("Munich", "DACH"),
        ("Chicago", "Midwest"),
        ("Denver", "Mountain West"),
    ),
    "event": (
        "SaaStr Annual",
        "B2B Marketing Expo",
        "Web Summit",
        "INBOUND",
        "Dreamforce",
        "MarTech Conference",
        "Collision",
        "Festival of Marketing",
    ),
    "claim": (
        "cuts setup to a day",
        "works without cookies",
        "answers questions in plain English",
        "puts brand and pipeline on one page",
    ),
    "plan": ("a free", "a starter", "a team", "a usage-based", "a startup", "a nonprofit", "an agency"),
    "count": ("5", "6", "7", "8", "9", "10", "12", "15"),
    "jobs": ("20", "35", "40", "60", "80", "120"),
    "respondents": ("300", "450", "500", "800", "1,000", "1,200"),
    "weeks": ("two", "three", "four", "six", "eight"),
    "hires": ("10", "15", "20", "25", "30", "40", "50"),
    "report": (
        "Forrester Wave for B2B Marketing Analytics",
        "G2 Grid for Marketing Analytics",
        "IDC MarketScape for Attribution",
        "Gartner Hype Cycle for Digital Marketing",
        "G2 Grid for Attribution Software",
    ),
    "integration": (
        "Salesforce",
        "HubSpot",
        "LinkedIn Ads",
        "Google Ads",
        "Marketo",
        "Snowflake",
        "BigQuery",
        "Slack",
        "Microsoft Teams",
        "Pipedrive",
        "Reddit Ads",
        "TikTok Ads",
        "Zoom",
        "Gong",
    ),
    "reason": (
        "growth slows",
        "investors push for profit",
        "it merges two teams",
        "enterprise deals stall",
        "it refocuses on mid-market",
    ),
    "issue": (
        "missing conversions after an update",
        "slow dashboards",
        "a billing error",
        "gaps in LinkedIn data",
        "a login outage",
        "duplicate leads",
    ),
    "problem": ("beta feedback", "a security review", "data quality complaints", "a partner dispute"),
    "verdict": (
        "strong attribution, steep learning curve",
        "great dashboards, pricey seats",
        "solid but slow",
        "the best pick for small teams",
        "powerful once set up",
        "good value for agencies",
    ),
    "task": (
        "set up multi-touch attribution",
        "build a share of voice report",
        "connect LinkedIn Ads",
        "track pipeline by campaign",
        "measure webinar ROI",
        "clean up UTM parameters",
        "report on brand search",
    ),
    "quote": (
        "We built this for teams that live in spreadsheets",
        "Marketers should not need a data team to see what works",
        "Brand is a pipeline metric, and we can now show it",
        "Our customers asked for fewer dashboards, not more",
        "The category is moving from clicks to revenue",
        "Every board meeting starts with attribution now",
        "We want to be the default for B2B teams",
    ),
    "short_quote": (
        "Brand is a pipeline metric",
        "Attribution is a conversation, not a number",
        "Stop reporting clicks",
        "Dashboards should answer one question",
        "Share of voice is back",
        "Measure less, decide more",
    ),
    "question": (
        "which fits agencies",
        "which suits small teams",
        "a hands-on comparison",
        "pricing and features compared",
        "which is better for ABM",
        "who wins on attribution",
        "which scales better",
    ),
    "difference": (
        "price seats very differently",
        "disagree about cookies",
        "model attribution differently",
        "target different company sizes",
        "treat brand metrics differently",
    ),
    "season": ("spring", "summer", "autumn", "winter"),
    "roundup": (
        "B2B marketing analytics tools to watch in {year}",
        "attribution platforms compared for {year}",
        "share of voice tools for {audience}",
        "marketing dashboards {audience} love",
        "analytics startups raising money in {year}",
        "martech vendors betting on AI in {year}",
    ),
    "others": (
        "HubSpot and Dreamdata",
        "Salesforce and HockeyStack",
        "Google Analytics and Mixpanel",
        "Adobe and 6sense",
        "Looker and Tableau",
    ),
}
FIRST_NAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Diego",
    "Elena",
    "Farah",
    "Greg",
    "Hiro",
    "Isla",
    "Jonas",
    "Kemi",
    "Leo",
    "Mira",
    "Nikhil",
    "Paula",
    "Quentin",
    "Rosa",
    "Sam",
    "Tara",
    "Viktor",
    "Wen",
    "Yara",
    "Zane",
    "Tomás",
    "Ingrid",
    "Oliver",
    "Aisha",
    "Lucas",
)
LAST_NAMES = (
    "Hartmann",
    "Osei",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Fischer",
    "Nguyen",
    "Silva",
    "Murphy",
    "Kaur",
    "Becker",
    "Rossi",
    "Adeyemi",
    "Larsen",
    "Novak",
    "Costa",
    "Schmidt",
    "Patel",
    "Dubois",
    "O'Neill",
    "García",
    "Ivanova",
    "Wright",
    "Chen",
)

# (kind, weight for competitors, weight for Northwind, sentiment bias, title, sentences). {F}/{S} are
# the brand's full and short names, {D} either; the first sentence names every brand of the story.
SINGLE = (
    (
        "funding",
        1.0,
        1.0,
        "Positive",
        "{D} raises ${amt}M {round} to {goal}",
        (
            "{F}, the {HQ}-based B2B marketing analytics company, has raised ${amt} million in a {round} "
            "led by {investor}.",
            "The company plans to {goal} and says annual recurring revenue more than doubled last year.",
            "“{quote}”, said {CEO}, {S}'s chief executive.",
        ),
    ),
    (
        "launch",
        2.0,
        2.0,
        "Positive",
        "{D} launches {feature} for {audience}",
        (
            "{F} has launched {feature}, built for {audience} who {need}.",
            "The feature is included in every paid plan from {month}.",
            "“{quote}”, said {person}, head of product at {S}.",
        ),
    ),
    (
        "partnership",
        1.2,
        1.2,
        "Positive",
        "{D} partners with {partner} on {topic}",
        (
            "{F} and {partner} have agreed to work together on {topic}, the companies said on {weekday}.",
            "Joint customers will be able to {benefit}.",
            "{S} said the integration had been the most requested item on its roadmap.",
        ),
    ),
    (
        "hire",
        1.0,
        0.8,
        "Neutral",
        "{D} names {person} {role}",
        (
            "{F} has appointed {person}, previously at {prev}, as {role}.",
            "The hire follows a year in which the company {growth}.",
            "“{quote}”, said {CEO}, {S}'s chief executive.",
        ),
    ),
    (
        "customer",
        1.0,
        1.4,
        "Positive",
        "How {customer} {result} with {D}",
        (
            "{customer} moved its marketing reporting to {F} and {result}.",
            "{team_note}",
            "The rollout took six weeks, according to {S}.",
        ),
    ),
    (
        "research",
        0.8,
        1.0,
        "Neutral",
        "{D} study: {pct}% of B2B marketers {finding}",
        (
            "A survey of {respondents} B2B marketers by {F} found that {pct}% {finding}.",
            "The report also found that budgets for brand campaigns rose for the second year running.",
            "{S} said it would repeat the study every year.",
        ),
    ),
    (
        "expansion",
        0.8,
        0.8,
        "Positive",
        "{D} opens {city} office to serve {region} customers",
        (
            "{F} is opening an office in {city}, its first for {region} customers, and plans to hire {hires} "
            "people there.",
            "The company already counts several {region} retailers and banks among its customers.",
            "“{quote}”, said {CEO}, {S}'s chief executive.",
        ),
    ),
    (
        "event",
        0.8,
        0.8,
        "Positive",
        "{D} unveils {feature} at {event} {year}",
        (
            "At {event} this week {F} showed {feature}, which it says {claim}.",
            "General availability is planned for {month}.",
            "{S} demoed the feature to a packed room on {weekday}.",
        ),
    ),
    (
        "interview",
        0.8,
        1.0,
        "Neutral",
        "{person} of {D} on {topic}",
        (
            "{person}, who leads marketing at {F}, talks about {topic} and what {audience} get wrong about it.",
            "The conversation has been edited for length.",
            "“{quote}”, {person} said of {S}'s own plans.",
        ),
    ),
    (
        "quote",
        0.4,
        0.8,
        "Neutral",
        '{CEO}: "{short_quote}"',
        (
            "{CEO}, chief executive of {F}, argues that {audience} should rethink {topic}.",
            "She spoke at a breakfast briefing in {city}.",
            "{S} will publish the full talk next month.",
        ),
    ),
    (
        "pricing",
        0.7,
        0.6,
        "Neutral",
        "{D} introduces {plan} plan for {audience}",
        (
            "{F} is adding {plan} plan aimed at {audience}, priced per workspace rather than per seat.",
            "Existing customers can switch from {month}.",
            "{S} said the change followed two years of complaints about seat pricing.",
        ),
    ),
    (
        "award",
        0.7,
        0.7,
        "Positive",
        "{D} named a leader in the {report} {year}",
        (
            "{F} was named a leader in the {report} {year}, scoring highest for ease of use.",
            "The analysts praised its onboarding and criticised its reporting exports.",
            "{S} has appeared in the report for three years.",
        ),
    ),
    (
        "integration",
        1.0,
        0.9,
        "Neutral",
        "{D} adds {integration} integration for {audience}",
        (
            "{F} now connects to {integration}, so {audience} can {benefit}.",
            "The connector is free on every plan.",
            "{S} said more connectors would follow in {month}.",
        ),
    ),
    (
        "review",
        0.8,
        1.0,
        "Neutral",
        "{D} review {year}: {verdict}",
        (
            "We spent {weeks} weeks with {F}; our verdict: {verdict}.",
            "We tested it on a mid-sized B2B funnel with five ad platforms.",
            "{S} offers a 14-day trial.",
        ),
    ),
    (
        "howto",
        0.6,
        0.8,
        "Neutral",
        "How to {task} in {D}",
        (
            "This guide shows how to {task} in {F}, step by step.",
            "It assumes admin access and about an hour.",
            "{S}'s own documentation covers the same ground in less detail.",
        ),
    ),
    (
        "layoffs",
        0.5,
        0.15,
        "Negative",
        "{D} cuts {jobs} jobs as {reason}",
        (
            "{F} is cutting {jobs} jobs, about a tenth of its staff, as {reason}.",
            "The company said customers would not be affected.",
            "{S} raised its last round less than two years ago.",
        ),
    ),
    (
        "outage",
        0.5,
        0.2,
        "Negative",
        "{D} customers report {issue}",
        (
            "Customers of {F} reported {issue} this week, according to posts on community forums.",
            "The company said a fix was rolling out.",
            "{S} apologised in a status update on {weekday}.",
        ),
    ),
    (
        "delay",
        0.3,
        0.15,
        "Negative",
        "{D} delays {feature} after {problem}",
        (
            "{F} has pushed back {feature} after {problem}.",
            "The feature was first promised for {month}.",
            "{S} did not give a new date.",
        ),
    ),
)
PAIR = (
    (
        "versus",
        "Neutral",
        "{D1} vs {D2}: {question}",
        (
            "{F1} and {F2} both sell marketing analytics to {audience}, but they {difference}.",
            "We compared pricing, setup and reporting on the same funnel.",
            "{S2} wins on integrations; {S1} wins on ease of use.",
        ),
    ),
    (
        "switch",
        "Positive",
        "Why {customer} switched from {D2} to {D1}",
        (
            "{customer} replaced {F2} with {F1} last {season} after a two-month trial.",
            "{team_note}",
            "The team said {S1} was easier for marketers without SQL.",
        ),
    ),
    (
        "race",
        "Neutral",
        "{D1} and {D2} race to add {feature}",
        (
            "{F1} and {F2} are both adding {feature}, as {audience} ask for more than click reports.",
            "Neither has announced pricing.",
            "{S1} expects to ship first, in {month}.",
        ),
    ),
    (
        "aim",
        "Neutral",
        "{D1} takes aim at {D2} with {feature}",
        (
            "{F1} launched {feature} on {weekday}, a direct challenge to {F2}, the category's best-known vendor.",
            "Analysts expect a price war for {audience}.",
            "{S2} declined to comment.",
        ),
    ),
    (
        "headtohead",
        "Neutral",
        "{D1} & {D2} go head to head on {topic}",
        (
            "{F1} and {F2} are courting the same {audience} with rival bets on {topic}.",
            "Both now offer a free trial.",
            "{S1} says its customers stay longer.",
        ),
    ),
)
ROUNDUP = (
    "Neutral",
    "{count} {roundup}",
    (
        "Our shortlist of {count} picks includes {F1}, {F2} and {F3}, alongside {others}.",
        "We rated each on setup time, attribution and price.",
        "Prices start at a few hundred dollars a month.",
    ),
)
TRADERS = (
    "Learn SQL window functions",
    "Practice SQL joins",
    "Migrate to PostgreSQL",
    "Build a Power BI sales report",
    "Write a REST API with FastAPI",
    "Model orders with dbt",
    "Benchmark DuckDB",
    "Learn GraphQL",
    "Scaffold Entity Framework Core models",
    "Load data into Snowflake",
    "Ask an LLM to write SQL",
    "Learn pandas merges",
    "Build a Streamlit dashboard",
    "Teach yourself CTEs",
    "Tune slow queries",
)
# (how the title ends, how the first sentence names it): always by an excluded phrase, never "Northwind" alone
TRADERS_PHRASES = (
    ("on the Northwind Traders database", "the Northwind Traders database, Microsoft's classic sample of"),
    ("with the Northwind sample database", "the Northwind sample database, the classic set of"),
)
FIBER = (
    "Plan sprints in Azure Boards",
    "Deploy to AKS",
    "Migrate pipelines to GitHub Actions",
    "Load test on Azure",
    "Set up Azure Monitor alerts",
)
NAMESAKE = (
    "Neutral",
    "What {F} learned from sharing a name with Northwind Traders",
    (
        "Search for {S} and you get Northwind Traders, the sample database every SQL learner knows; "
        "{F} has learned to live with it.",
        "{CEO} says the confusion costs the company some branded search traffic every month.",
        "“{quote}”, said {CEO}, {S}'s chief executive.",
    ),
)


# --- drawing text (samplers: seeds/sampling.py) ----------------------------------------------------


def _fill(rng: random.Random, templates, fixed: dict[str, str]) -> list[str]:
    """Format the templates, drawing each placeholder the fixed values leave open once."""
    values = dict(fixed)
    for template in templates:
        for _, name, _, _ in string.Formatter().parse(template):
            if not name or name in values:
                continue
            if name == "amt":
                values[name] = str(pick(rng, (6, 8, 12, 15, 18, 22, 25, 30, 35, 40, 48, 55, 60, 75, 90)))
            elif name == "pct":
                values[name] = str(25 + int(rng.random() * 55))
            elif name == "person":
                values[name] = f"{pick(rng, FIRST_NAMES)} {pick(rng, LAST_NAMES)}"
            elif name in ("city", "region"):
                values["city"], values["region"] = pick(rng, FILL["office"])
            elif name == "roundup":
                values[name] = pick(rng, FILL["roundup"]).format(
                    year=values["year"], audience=pick(rng, FILL["audience"])
                )
            else:
                values[name] = pick(rng, FILL[name])
    return [t.format(**values) for t in templates]


# --- the dedup and attribution rules -------------------------------------------------------------


def canonical_url(url: str) -> str:
    """Lower-case host without www., no query or fragment, no trailing slash, http = https."""
    parts = urlsplit(url)
    return f"https://{parts.hostname.removeprefix('www.')}{parts.path.rstrip('/')}"


def normalized_title(title: str) -> str:
    """Lower case, a trailing ' | outlet' or ' - outlet' removed, punctuation removed."""
    text = re.split(r" [|-] ", title.lower())
    text = " - ".join(text[:-1]) if len(text) > 1 else text[0]
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def names(text: str) -> set[str]:
    """The brands a text names: a term or misspelling as a whole word once exclusions are removed."""
    found = set()
    for brand, (terms, exclude) in CONFIG_TERMS.items():
        t = " ".join(text.lower().split())
        for phrase in exclude:
            t = t.replace(phrase, " ")
        if any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", t) for term in terms):
            found.add(brand)
    return found


# --- the stories ---------------------------------------------------------------------------------


@dataclass
class Copy:
    outlet: Outlet
    published: datetime
    title: str  # as Meltwater and the tracker show it (a syndicated copy may carry " | Outlet")
    alert_title: str  # as Google shows it: without the suffix
    url: str
    variant: str  # 'original' or how the title differs from the original's
    author: str
    meltwater: bool = False
    feeds: list[str] = field(default_factory=list)
    alert_candidate: bool = False
    alert_published: datetime | None = None
    alert_url: str = ""
    alert_variant: str = ""
    csv: bool = False
    csv_url: str = ""
    csv_variant: str = ""
    meltwater_files: list[str] = field(default_factory=list)


@dataclass
class Story:
    quarter: date
    kind: str
    brands: tuple[str, ...]  # what it really names, in the config's order
    false_positive_of: str | None
    title: str
    sentences: list[str]
    hit_forms: dict[str, str]  # brand (or the false friend's brand) -> the words its hit sentence holds
    sentiment: str
    misspelt: bool = False
    target: bool = False
    forced_alert: bool = False
    id: str = ""
    copies: list[Copy] = field(default_factory=list)

    @property
    def opening(self) -> str:
        return f"{self.sentences[0]} {self.sentences[1]}"

    def hit(self, brand: str) -> str:
        form = self.hit_forms[brand]
        return next(s for s in (self.sentences[2], self.sentences[0], self.sentences[1]) if form in s)


def _quarters(end_date: date) -> list[tuple[date, date]]:
    out, start = [], FIRST_DAY
    while start <= end_date:
        nxt = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
        out.append((start, nxt - timedelta(days=1)))
        start = nxt
    return out


def _counts(rng: random.Random, i: int, complete: int, fraction: float, volume: float = 1.0) -> dict[str, int]:
    """Brand mentions in quarter i: shares move linearly to the last complete quarter, with noise."""
    progress = i / max(complete - 1, 1)
    shares = {b.name: (b.share[0] + (b.share[1] - b.share[0]) * progress) for b in BRANDS if b.share}
    shares["Adatum Analytics"] = 100.0 - sum(shares.values())
    total = BASE_MENTIONS * volume * (1 + GROWTH * i) * fraction
    return {b.name: max(1, round(total * shares[b.name] / 100 * math.exp(0.05 * normal(rng)))) for b in BRANDS}


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_title.lower()).split()
    out = []
    for w in words:
        if len("-".join(out + [w])) > 110:  # long enough that no two titles share one
            break
        out.append(w)
    return "-".join(out)


def _article_url(rng: random.Random, outlet: Outlet, title: str, when: datetime) -> str:
    slug, h, d = _slug(title), outlet.host, when
    digits = lambda k: "".join(str(int(rng.random() * 10)) for _ in range(k))  # noqa: E731
    hexes = lambda k: "".join(pick(rng, "0123456789abcdef") for _ in range(k))  # noqa: E731
    letters = lambda k: "".join(pick(rng, string.ascii_letters) for _ in range(k))  # noqa: E731
    style = outlet.style
    if style == "dated":
        return f"https://{h}/{d:%Y/%m/%d}/{slug}/"
    if style == "slug":
        return f"https://{h}/{slug}/"
    if style.startswith("section:"):
        return f"https://{h}/{style.split(':')[1]}/{slug}/"
    if style == "forbes":
        author = pick(rng, ("alexkonrad", "kimberlywhitler", "jonmarkman", "forbestechcouncil"))
        return f"https://{h}/sites/{author}/{d:%Y/%m/%d}/{slug}/"
    if style == "drum":
        return f"https://{h}/news/{d:%Y/%m/%d}/{slug}"
    if style == "campaign":
        return f"https://{h}/article/{slug}/1{digits(6)}"
    if style == "dive":
        return f"https://{h}/news/{slug}/7{digits(5)}/"
    if style == "sel":
        return f"https://{h}/{slug}-4{digits(5)}"
    if style == "article_id":
        return f"https://{h}/article/3{digits(6)}/{slug}.html"
    if style == "news_id":
        return f"https://{h}/news/3666{digits(5)}/{slug}"
    if style == "prn":
        return f"https://{h}/news-releases/{slug}-30{digits(7)}.html"
    if style == "bw":
        capital = "-".join(w[:1].upper() + w[1:] for w in slug.split("-"))
        return f"https://{h}/news/home/{d:%Y%m%d}00{digits(4)}/en/{capital}"
    if style == "gnw":
        capital = "-".join(w[:1].upper() + w[1:] for w in slug.split("-"))
        return f"https://{h}/news-release/{d:%Y/%m/%d}/3{digits(6)}/0/en/{capital}.html"
    if style == "yahoo":
        return f"https://{h}/news/{slug}-{d:%H%M}{digits(2)}{hexes(3)}.html"
    if style == "mstar":
        return f"https://{h}/news/pr-newswire/{d:%Y%m%d}{pick(rng, 'abcdefgh')}{digits(6)}/{slug}"
    if style == "msn":
        return f"https://{h}/en-us/money/other/{slug}/ar-AA1{letters(5)}"
    if style == "medium":
        author = pick(rng, ("data.dana", "growthnotes", "b2bmetrics", "sqlpractice", "mktops"))
        return f"https://{h}/@{author}/{slug}-{hexes(12)}"
    if style == "tds":
        return f"https://{h}/{slug}-{hexes(12)}"
    if style == "mprofs":
        return f"https://{h}/articles/{d:%Y}/5{digits(4)}/{slug}"
    if style == "devto":
        return f"https://{h}/{pick(rng, ('sqlnerd', 'kemi_codes', 'devopsdiego', 'datawithwen'))}/{slug}-{hexes(4)}"
    if style == "mssqltips":
        return f"https://{h}/sqlservertip/8{digits(3)}/{slug}/"
    if style == "avidhya":
        return f"https://{h}/blog/{d:%Y/%m}/{slug}/"
    if style == "mstc":
        return f"https://{h}/blog/azuredevopsblog/{slug}/4{digits(6)}"
    raise ValueError(style)


def _url_variant(url: str, variant: str) -> str:
    """The same article's URL as another tool writes it."""
    parts = urlsplit(url)
    if variant == "slash":
        return url[:-1] if url.endswith("/") else url + "/"
    if variant == "www":
        host = parts.netloc
        return url.replace(host, host[4:] if host.startswith("www.") else "www." + host, 1)
    if variant == "http":
        return "http" + url[5:]
    if variant == "utm":
        return url + "?utm_source=coverage-tracker&utm_medium=referral&utm_campaign=pr"
    if variant == "host_case":
        host = parts.netloc
        return url.replace(host, host.replace(host.split(".")[-2], host.split(".")[-2].capitalize()), 1)
    if variant == "fragment":
        return url + "#comments"
    return url


def _title_case(title: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in title.split(" "))


def _copy_title(rng: random.Random, title: str, outlet: Outlet) -> tuple[str, str, str]:
    """(title as shown, title without a suffix, variant) of a syndicated copy: near-identical."""
    simple = re.fullmatch(r"[A-Za-z ]+", outlet.name) is not None
    variant = weighted(rng, ("pipe", "dash", "case", "punct", "same"), (0.3, 0.2, 0.2, 0.15, 0.15))
    if variant in ("pipe", "dash") and not simple:
        variant = "case"
    if variant == "punct" and not re.search(r"[:,!?]", title):
        variant = "case"
    if variant == "case":
        shown = _title_case(title)
        return (shown, shown, variant) if shown != title else (title, title, "same")
    if variant == "punct":
        shown = re.sub(r"[:,!?]", "", title)
        return shown, shown, variant
    if variant in ("pipe", "dash"):
        return f"{title} {'|' if variant == 'pipe' else '-'} {outlet.name}", title, variant
    return title, title, "same"


def _when(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(6)) + timedelta(minutes=int(rng.random() * 15 * 60))


def _plan(rng: random.Random, counts: dict[str, int], fraction: float) -> list[tuple[str, ...]]:
    """Which brands each story of a quarter names, using up each brand's mentions exactly."""
    left = dict(counts)
    names_ = [b.name for b in BRANDS]

    def draw(exclude=()):
        pool = [n for n in names_ if n not in exclude and left[n] > 0]
        return weighted(rng, pool, [left[n] for n in pool])

    stories: list[tuple[str, ...]] = []
    if fraction > 0.3 and sum(1 for n in names_ if left[n] > 0) >= 3 and left["Contoso Metrics"] > 0:
        trio = ["Contoso Metrics"]
        trio.append(draw(trio))
        trio.append(draw(trio))
        stories.append(tuple(trio))
        for n in trio:
            left[n] -= 1
    for k in range(round(COMPARISONS * fraction)):
        if k == 0 and left[OWN_BRAND] > 0 and left["Contoso Metrics"] > 0:
            pair = [OWN_BRAND, "Contoso Metrics"]  # the comparison everybody writes
        else:
            pair = [draw()]
            if sum(1 for n in names_ if n not in pair and left[n] > 0) == 0:
                break
            pair.append(draw(pair))
        stories.append(tuple(pair))
        for n in pair:
            left[n] -= 1
    for n in names_:
        stories += [(n,)] * left[n]
    # in the config's order, shuffled between brands
    stories = [tuple(sorted(s, key=names_.index)) for s in stories]
    order = sorted(range(len(stories)), key=lambda _: rng.random())
    return [stories[i] for i in order]


def _write_story(
    rng: random.Random,
    brands: tuple[str, ...],
    year: int,
    seen: set[str],
    kind_hint: str | None = None,
    misspelt: bool = False,
) -> tuple[str, str, list[str], dict, str]:
    """(kind, title, three sentences, hit forms, sentiment), with a title no other story has."""
    for _ in range(200):
        forms = {}
        for b in brands:
            full, short = pick(rng, BRAND[b].misspelt) if misspelt else (BRAND[b].full, BRAND[b].short)
            forms[b] = (full, short)
        if kind_hint == "namesake":
            kind, (sentiment, title_t, sentences_t) = "namesake", NAMESAKE
            fixed = {"F": forms[brands[0]][0], "S": forms[brands[0]][1], "CEO": BRAND[brands[0]].ceo}
        elif len(brands) == 1:
            b = BRAND[brands[0]]
            own = b.name == OWN_BRAND
            # target media write news; careless spelling is a blogger's (or a quoted customer's)
            pool = [
                row
                for row in SINGLE
                if (kind_hint != "news" or row[0] in NEWS_KINDS)
                and (not misspelt or row[0] in BLOG_KINDS + ("interview",))
            ]
            kind, _, _, bias, title_t, sentences_t = weighted(rng, pool, [row[2] if own else row[1] for row in pool])
            sentiment = _sentiment(rng, bias)
            full, short = forms[b.name]
            fixed = {"F": full, "S": short, "D": pick(rng, (full, short)), "CEO": b.ceo, "HQ": b.hq}
        elif len(brands) == 2:
            kind, bias, title_t, sentences_t = pick(rng, PAIR)
            sentiment = _sentiment(rng, bias)
            first, second = brands if rng.random() < 0.6 else brands[::-1]
            fixed = {}
            for k, b in (("1", first), ("2", second)):
                full, short = forms[b]
                fixed |= {f"F{k}": full, f"S{k}": short, f"D{k}": pick(rng, (full, short))}
        else:
            kind, (bias, title_t, sentences_t) = "roundup", ROUNDUP
            sentiment = _sentiment(rng, bias)
            order = sorted(brands, key=lambda _: rng.random())
            fixed = {f"F{k}": forms[b][0] for k, b in zip("123", order)}
        fixed["year"] = str(year)
        title, *sentences = _fill(rng, (title_t,) + tuple(sentences_t), fixed)
        key = normalized_title(title)
        if key in seen or " | " in title or " - " in title:
            continue
        seen.add(key)
        hit_forms = {b: forms[b][1] for b in brands}
        if kind == "namesake":
            sentiment = "Neutral"
        return kind, title, sentences, hit_forms, sentiment
    raise RuntimeError(f"no unique title for {brands}")


NEWS_KINDS = (
    "funding",
    "launch",
    "partnership",
    "hire",
    "research",
    "expansion",
    "event",
    "interview",
    "pricing",
    "award",
    "integration",
    "layoffs",
    "outage",
)
WIRE_KINDS = (
    "funding",
    "launch",
    "partnership",
    "hire",
    "research",
    "expansion",
    "event",
    "pricing",
    "award",
    "integration",
)
BLOG_KINDS = ("customer", "review", "howto", "quote")


def _sentiment(rng: random.Random, bias: str) -> str:
    x = rng.random()
    if x < 0.65:
        return bias
    if x < 0.9:
        return "Neutral"
    return "Not Rated" if x < 0.95 else pick(rng, ("Positive", "Negative"))


def _false_friend(rng: random.Random, brand: str, seen: set[str]) -> tuple[str, list[str], str]:
    for _ in range(200):
        if brand == OWN_BRAND:
            phrase, sentence = pick(rng, TRADERS_PHRASES)
            task = pick(rng, TRADERS)
            title = f"{task} {phrase}"
            sentences = [
                f"This tutorial uses {sentence} orders, customers and products, "
                f"to show how to {task[0].lower()}{task[1:]}.",
                "Every example runs as written against a fresh copy, so you can follow along.",
                "The full script is on GitHub.",
            ]
            form = "Northwind"
        else:
            task = pick(rng, FIBER)
            title = f"{task} with the Fabrikam Fiber sample app"
            sentences = [
                f"Fabrikam Fiber, Microsoft's fictional cable company, is the sample app in this lab, "
                f"which shows how to {task[0].lower()}{task[1:]}.",
                "You need an Azure subscription and about two hours.",
                "Clean up the resource group when you finish.",
            ]
            form = "Fabrikam Fiber"
        key = normalized_title(title)
        if key not in seen:
            seen.add(key)
            return title, sentences, form
    raise RuntimeError("no unique false-friend title")


def _syndicate(rng: random.Random, story: Story, original: Outlet, published: datetime, last_day: date) -> None:
    """Copies of a story on other outlets, one to three days later, inside the quarter."""
    if original.style in ("prn", "bw", "gnw"):
        keys = list(WIRE_COPY_KEYS)
        n = 1 if rng.random() < 0.6 else 2
        picked = []
        for _ in range(n):
            k = pick(rng, [k for k in keys if k not in picked])
            picked.append(k)
    elif original.domain == "techcrunch.com" and rng.random() < 0.3:
        picked = ["yahoo"]
    elif original.source_type == "News" and not target_tier(original)[0] and rng.random() < 0.06:
        picked = ["msn"]
    else:
        return
    delays = sorted(weighted(rng, (1, 2, 3), (0.6, 0.3, 0.1)) for _ in picked)
    for key, delay in zip(picked, delays):
        day = published.date() + timedelta(days=delay)
        if day > last_day:
            continue
        outlet = OUTLETS[key]
        when = _when(rng, day)
        if when - published >= timedelta(days=3):  # "within 3 days", however it is read
            when = published + timedelta(days=3) - timedelta(minutes=1 + int(rng.random() * 120))
        shown, alert_title, variant = _copy_title(rng, story.title, outlet)
        url = _article_url(rng, outlet, alert_title, when)
        story.copies.append(Copy(outlet, when, shown, alert_title, url, variant, _author(rng, outlet)))


def _author(rng: random.Random, outlet: Outlet) -> str:
    if outlet.source_type == "Press Releases" or outlet.style in ("yahoo", "mstar", "msn") or rng.random() < 0.15:
        return ""
    return f"{pick(rng, FIRST_NAMES)} {pick(rng, LAST_NAMES)}"


@lru_cache(maxsize=4)
def _build(end_date: date, volume: float = 1.0) -> tuple[Story, ...]:
    rng = random.Random(MENTIONS_SEED)
    meltwater_end = end_date - timedelta(days=MELTWATER_LAG)
    quarters = _quarters(end_date)
    complete = sum(1 for _, end in quarters if end <= end_date)
    seen: set[str] = set()
    stories: list[Story] = []
    for i, (start, end) in enumerate(quarters):
        last_day = min(end - timedelta(days=1), meltwater_end)  # no story on a quarter's first or last day
        first_day = start + timedelta(days=1)
        fraction = min(1.0, ((last_day - start).days + 2) / ((end - start).days + 1))
        plan = _plan(rng, _counts(rng, i, complete, fraction, volume), fraction)
        own = [k for k, brands in enumerate(plan) if OWN_BRAND in brands]
        targets = set(sorted(own, key=lambda _: rng.random())[: OWN_TARGET[min(i, len(OWN_TARGET) - 1)]])
        targets |= {k for k, brands in enumerate(plan) if OWN_BRAND not in brands and rng.random() < OTHER_TARGET_RATE}
        namesake = (
            next((k for k in own if k not in targets and len(plan[k]) == 1), None) if i == NAMESAKE_QUARTER else None
        )
        quarter_stories = []
        for k, brands in enumerate(plan):
            target = k in targets
            misspelt = not target and k != namesake and len(brands) == 1 and rng.random() < MISSPELT_RATE
            hint = "namesake" if k == namesake else ("news" if target else None)
            kind, title, sentences, hit_forms, sentiment = _write_story(rng, brands, start.year, seen, hint, misspelt)
            quarter_stories.append(
                Story(start, kind, brands, None, title, sentences, hit_forms, sentiment, misspelt, target)
            )
        traders = NORTHWIND_TRADERS[i % len(NORTHWIND_TRADERS)]
        fiber = 1 if i in FABRIKAM_FIBER_QUARTERS else 0
        for brand, n in ((OWN_BRAND, traders), ("Fabrikam Insights", fiber)):
            for _ in range(n):
                title, sentences, form = _false_friend(rng, brand, seen)
                quarter_stories.append(
                    Story(start, "false_friend", (), brand, title, sentences, {brand: form}, "Neutral")
                )
        for story in quarter_stories:
            day = first_day + timedelta(days=int(rng.random() * ((last_day - first_day).days + 1)))
            published = _when(rng, day)
            if story.target:
                outlet = OUTLETS[weighted(rng, TARGET_KEYS, TARGET_WEIGHTS)]
            elif story.false_positive_of:
                outlet = OUTLETS[pick(rng, TRADERS_KEYS if story.false_positive_of == OWN_BRAND else FIBER_KEYS)]
            elif story.kind in BLOG_KINDS or story.misspelt or story.kind == "namesake":
                outlet = OUTLETS[pick(rng, BLOG_KEYS)]
            elif story.kind in WIRE_KINDS and rng.random() < 0.3:
                outlet = OUTLETS[pick(rng, WIRE_KEYS)]
            else:
                outlet = OUTLETS[pick(rng, NEWS_KEYS)]
            story.copies.append(
                Copy(
                    outlet,
                    published,
                    story.title,
                    story.title,
                    _article_url(rng, outlet, story.title, published),
                    "original",
                    _author(rng, outlet),
                )
            )
            _syndicate(rng, story, outlet, published, last_day)
        if i == len(quarters) - 1:
            # Two stories after the last Meltwater export: only their Google Alerts find them.
            for brand, day in ((OWN_BRAND, end_date - timedelta(days=1)), ("Contoso Metrics", end_date)):
                story = next(
                    s
                    for s in quarter_stories
                    if s.brands == (brand,)
                    and not s.misspelt
                    and s.kind != "namesake"
                    and len(s.copies) == 1
                    and s.copies[0].outlet.name != "Marketing Week"
                    and not s.forced_alert
                )
                story.forced_alert = True
                c = story.copies[0]
                c.published = _when(rng, day)
                c.url = _article_url(rng, c.outlet, story.title, c.published)
            # ...and a recent Northwind Traders tutorial and Fabrikam Fiber lab the feeds must show.
            for story in quarter_stories:
                if story.false_positive_of:
                    story.forced_alert = True
        stories += quarter_stories
    _choose_tools(rng, stories, end_date, meltwater_end)
    stories.sort(key=lambda s: (s.copies[0].published, s.title))
    for n, story in enumerate(stories, start=1):
        story.id = f"M{n:04d}"
    _check(stories)
    return tuple(stories)


def _alert_words(story: Story) -> set[str]:
    """The feeds whose query word the story's text holds (Google knows nothing of exclusions)."""
    words = set()
    for feed in FEEDS:
        brand = next(b for b in BRANDS if b.alert == feed)
        if story.false_positive_of == brand.name or (brand.name in story.brands and not story.misspelt):
            words.add(feed)
    return words


def _choose_tools(rng: random.Random, stories: list[Story], end_date: date, meltwater_end: date) -> None:
    alert_from = end_date - timedelta(days=ALERT_DAYS)
    for story in stories:
        words = _alert_words(story)
        for c in story.copies:
            day = c.published.date()
            if OWN_BRAND in story.brands and CSV_FIRST <= day <= CSV_LAST:
                c.csv = rng.random() < (0.75 if c.variant == "original" else 0.4)
            c.csv_variant = weighted(
                rng, ("as_is", "utm", "slash", "http", "host_case", "fragment"), (0.45, 0.3, 0.08, 0.08, 0.05, 0.04)
            )
            c.csv_url = _url_variant(c.url, c.csv_variant)
            if words and day >= alert_from:
                c.alert_candidate = story.forced_alert or rng.random() < 0.6
            delay = timedelta(minutes=15 + int(rng.random() * 345), seconds=int(rng.random() * 60))
            # Same day, and (syndicated copies) under 3 days after the original, however "within" is read.
            c.alert_published = min(
                c.published + delay,
                datetime.combine(day, time(23, 59, 50)),
                max(c.published, story.copies[0].published + timedelta(days=3, minutes=-1)),
            )
            c.alert_variant = weighted(rng, ("as_is", "slash", "www", "http"), (0.55, 0.15, 0.15, 0.15))
            c.alert_url = _url_variant(c.url, c.alert_variant)
    for feed in FEEDS:
        entries = [c for s in stories if feed in _alert_words(s) for c in s.copies if c.alert_candidate]
        entries.sort(key=lambda c: c.alert_published, reverse=True)
        for c in entries[:FEED_SIZE]:
            c.feeds.append(feed)
    for story in stories:
        for c in story.copies:
            if (
                c.published.date() > meltwater_end
                or (c.feeds or c.csv)
                and c.outlet.name != "Marketing Week"
                and rng.random() < MELTWATER_MISS
            ):
                c.meltwater = False
            else:
                c.meltwater = True
            if not (c.meltwater or c.feeds or c.csv):
                raise RuntimeError(f"{story.title!r} on {c.outlet.name} is in no export")
            for start, end, _ in EXPORTS:
                end = end or meltwater_end
                if c.meltwater and start <= c.published.date() <= min(end, meltwater_end):
                    c.meltwater_files.append(_export_name(end, meltwater_end))


def _export_name(end: date | None, meltwater_end: date) -> str:
    end = min(end or meltwater_end, meltwater_end)
    return f"Meltwater export {end + timedelta(days=1):%Y-%m-%d}.csv"


def _check(stories: list[Story]) -> None:
    """The rules the truth relies on hold in what is written."""
    urls: dict[str, str] = {}
    titles: dict[str, str] = {}
    for s in stories:
        for c in s.copies:
            key = canonical_url(c.url)
            assert urls.setdefault(key, s.id) == s.id, f"{key} in two stories"
            for u in (c.alert_url, c.csv_url):
                assert canonical_url(u) == key, (u, key)
            for t in (c.title, c.alert_title):
                assert titles.setdefault(normalized_title(t), s.id) == s.id, f"title {t!r} in two stories"
                assert normalized_title(t) == normalized_title(s.title), t
            assert c.published.date().month in range(s.quarter.month, s.quarter.month + 3)
            assert timedelta(0) <= c.published - s.copies[0].published < timedelta(days=3)
            assert timedelta(0) <= c.alert_published - s.copies[0].published < timedelta(days=3)
            assert c.alert_published.date() == c.published.date()
        assert not any(target_tier(c.outlet)[0] for c in s.copies[1:])
        for c in s.copies:
            assert names(f"{c.title} {s.opening}") == names(f"{c.alert_title} {s.sentences[0]}") == set(s.brands)
        for brand in s.brands + ((s.false_positive_of,) if s.false_positive_of else ()):
            for text in (s.title + " " + s.opening + " " + s.hit(brand), s.title + " " + s.sentences[0]):
                assert names(text) == set(s.brands), (s.title, text, names(text))


# --- the exports ---------------------------------------------------------------------------------


def _extras(url: str) -> random.Random:
    # Per-document numbers (reach, echo, ...) from the URL, so overlapping exports agree.
    return random.Random(int(hashlib.md5(url.encode()).hexdigest()[:12], 16))


def _keywords(story: Story, brand: str) -> str:
    text = " ".join(" ".join([story.title, story.opening, story.sentences[2]]).lower().split())
    found = [t for t in CONFIG_TERMS[brand][0] if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)]
    return ", ".join(found)


def _clock(when: datetime) -> str:
    return when.strftime("%I:%M %p")


def _meltwater_rows(stories: tuple[Story, ...], file: str, layout: str) -> list[list[str]]:
    rows = []
    for s in stories:
        for c in s.copies:
            if file not in c.meltwater_files:
                continue
            inputs = [b for b in (s.brands or (s.false_positive_of,))]
            for brand in inputs:
                x = _extras(c.url)
                reach = int(c.outlet.reach * (0.8 + 0.4 * x.random()))
                echo = int(x.random() ** 3 * 400)
                ave = f"{reach * 0.0009 * (0.5 + x.random()):.2f}"
                hit = f"... {s.hit(brand)} ..."
                keyphrases = ", ".join(sorted({pick(x, FILL["topic"]), pick(x, FILL["topic"])}))
                if layout == "older":
                    rows.append(
                        (
                            c.published,
                            brand,
                            [
                                c.published.strftime("%d-%b-%Y"),
                                c.title,
                                c.url,
                                s.opening,
                                hit,
                                c.outlet.name,
                                c.author,
                                c.outlet.country,
                                "",
                                "English",
                                str(reach),
                                str(int(reach * 0.45)),
                                str(int(reach * 0.55)),
                                str(echo // 3),
                                str(echo // 2),
                                str(echo // 6),
                                "",
                                str(echo),
                                ave,
                                s.sentiment,
                                keyphrases,
                                brand,
                                _keywords(s, brand),
                                "",
                                "",
                                "",
                                "",
                                "",
                                "",
                                "",
                                "",
                                "",
                                c.published.strftime("%b %d, %Y"),
                                _clock(c.published),
                                "",
                                "",
                                "",
                            ],
                        )
                    )
                else:
                    handle = "@" + c.author.split()[0].lower() + c.author.split()[-1].lower()[:1] if c.author else ""
                    image = f"https://{c.outlet.host}/wp-content/uploads/{c.published:%Y/%m}/{_slug(s.title)[:24]}.jpg"
                    rows.append(
                        (
                            c.published,
                            brand,
                            [
                                c.published.strftime("%d-%b-%Y"),
                                _clock(c.published),
                                hashlib.md5(c.url.encode()).hexdigest(),
                                c.url,
                                brand,
                                _keywords(s, brand),
                                "Editorial",
                                c.outlet.source_type,
                                c.outlet.name,
                                c.outlet.domain,
                                "Press Release" if c.outlet.source_type == "Press Releases" else "Article",
                                c.author,
                                unicodedata.normalize("NFKD", handle).encode("ascii", "ignore").decode(),
                                c.title,
                                s.opening,
                                hit,
                                image if x.random() < 0.6 else "",
                                "",
                                "",
                                "",
                                "English",
                                c.outlet.country,
                                "",
                                "",
                                s.sentiment,
                                keyphrases,
                                str(reach),
                                str(reach),
                                str(int(reach * 0.7)),
                                "",
                                ave,
                                str(echo),
                                str(int(x.random() * 12)),
                                str(echo + int(x.random() * 50)),
                                str(echo // 4),
                                "0",
                                str(echo // 2),
                                str(echo // 10),
                                str(echo // 8),
                                str(echo // 12),
                                str(echo // 3),
                                "",
                                "",
                                "",
                                "",
                                c.published.strftime("%b %d, %Y"),
                            ],
                        )
                    )
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)  # newest first, as Meltwater sorts
    return [r[2] for r in rows]


def _html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _bold(text: str, word: str) -> str:
    """HTML as Google writes it: the query word in <b>, entities escaped; then escaped for XML."""
    html_text = re.sub(rf"(?i)(?<!\w)({re.escape(word)})(?!\w)", r"<b>\1</b>", _html_escape(text))
    return _xml_escape(html_text)


def _feed_id(*parts: str) -> str:
    return str(int(hashlib.md5("/".join(parts).encode()).hexdigest()[:15], 16))


def _alerts_feed(stories: tuple[Story, ...], feed: str, end_date: date) -> str:
    user = _feed_id("user")
    alert = _feed_id("alert", feed)
    entries = sorted(
        ((c.alert_published, s, c) for s in stories for c in s.copies if feed in c.feeds),
        key=lambda e: e[0],
        reverse=True,
    )
    updated = datetime.combine(end_date, time(16, 41, 2))
    out = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:idx="urn:atom-extension:indexing">',
        f"<id>tag:google.com,2005:reader/user/{user}/state/com.google/alerts/{alert}</id>",
        f"<title>Google Alert - {feed}</title>",
        f'<link href="https://www.google.com/alerts/feeds/{user}/{alert}" rel="self"></link>',
        f"<updated>{updated:%Y-%m-%dT%H:%M:%SZ}</updated>",
    ]
    for when, s, c in entries:
        x = _extras(c.url + feed)
        cd = "CAIy" + "".join(pick(x, string.ascii_letters + string.digits + "-_") for _ in range(22))
        usg = "AOvVaw" + "".join(pick(x, string.ascii_letters + string.digits + "-_") for _ in range(22))
        link = f"https://www.google.com/url?rct=j&sa=t&url={quote(c.alert_url, safe=':/')}&ct=ga&cd={cd}&usg={usg}"
        words = s.sentences[1].split()
        snippet = s.sentences[0] + " " + " ".join(words[:6])
        stamp = f"{when:%Y-%m-%dT%H:%M:%SZ}"
        out.append(
            f"<entry><id>tag:google.com,2013:googlealerts/feed:{_feed_id(feed, c.url)}</id>"
            f'<title type="html">{_bold(c.alert_title, feed)}</title>'
            f'<link href="{_xml_escape(link)}"></link>'
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f'<content type="html">{_bold(snippet, feed)}{_xml_escape("&nbsp;...")}</content>'
            "<author><name></name></author></entry>"
        )
    out.append("</feed>")
    return "".join(out)


def _coverage_csv(stories: tuple[Story, ...]) -> str:
    rows = []
    for s in stories:
        for c in s.copies:
            if not c.csv:
                continue
            x = _extras(c.url + "csv")
            kind = (
                "Syndication"
                if c.variant != "original"
                else "Press release"
                if c.outlet.source_type == "Press Releases"
                else "Blog"
                if c.outlet.source_type == "Blogs"
                else "Online news"
            )
            spokes = BRAND[OWN_BRAND].ceo if BRAND[OWN_BRAND].ceo in s.opening + s.sentences[2] else ""
            campaign = {
                "funding": "Funding announcement",
                "launch": "Product launch",
                "research": "Research report",
                "award": "Analyst relations",
            }.get(s.kind, "Always-on")
            rows.append(
                (
                    c.published,
                    [
                        c.published.strftime("%d/%m/%Y %H:%M"),
                        c.title,
                        c.csv_url,
                        c.outlet.name,
                        s.opening,
                        s.sentiment if s.sentiment != "Not Rated" else "",
                        f"{int(c.outlet.reach * (0.8 + 0.4 * x.random())):,}",
                        kind,
                        spokes,
                        campaign,
                    ],
                )
            )
    rows.sort(key=lambda r: r[0])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(r for _, r in rows)
    return buf.getvalue()


def write_mentions(folder: Path, end_date: date, volume: float = 1.0) -> None:
    """Meltwater exports, three saved Google Alerts feeds and the agency's coverage CSV.

    ``volume`` multiplies the brand mentions per quarter (the benchmark's large inbox, seeds/scale.py).
    """
    folder.mkdir(parents=True)
    stories = _build(end_date, volume)
    meltwater_end = end_date - timedelta(days=MELTWATER_LAG)
    for start, end, layout in EXPORTS:
        if start > meltwater_end:
            continue
        name = _export_name(end, meltwater_end)
        rows = _meltwater_rows(stories, name, layout)
        buf = io.StringIO()
        if layout == "older":
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(MELTWATER_OLDER_COLUMNS)
            writer.writerows(rows)
            (folder / name).write_bytes(buf.getvalue().encode("utf-8"))
        else:
            writer = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
            writer.writerow(MELTWATER_COLUMNS)
            writer.writerows(rows)
            (folder / name).write_bytes(b"\xff\xfe" + buf.getvalue().encode("utf-16-le"))
    for feed in FEEDS:
        (folder / f"alerts_{feed}.xml").write_bytes(_alerts_feed(stories, feed, end_date).encode("utf-8"))
    (folder / CSV_FILE).write_bytes(_coverage_csv(stories).encode("utf-8"))


# --- the truth -----------------------------------------------------------------------------------


def _rows_of(story: Story) -> list[tuple[datetime, str, Copy]]:
    """Every raw row the story has in the exports: (published as exported, tool, copy)."""
    rows = []
    for c in story.copies:
        n_inputs = len(story.brands or (story.false_positive_of,))
        rows += [(c.published, "meltwater", c)] * (len(c.meltwater_files) * n_inputs)
        rows += [(c.alert_published, "google_alerts", c)] * len(c.feeds)
        rows += [(c.published, "mentions_csv", c)] * c.csv
    return rows


def _planted(story: Story) -> tuple[str, ...]:
    tags = []
    rows = _rows_of(story)
    tools = {t for _, t, _ in rows}
    if story.false_positive_of:
        tags.append("false_positive")
    if story.kind == "namesake":
        tags.append("names_the_false_friend_too")
    if story.misspelt:
        tags.append("misspelling")
    if len(story.brands) > 1:
        tags.append("comparison")
    if len(story.copies) > 1:
        tags.append("syndicated")
    if len(tools) > 1:
        tags.append("cross_tool")
    if any(len(c.meltwater_files) > 1 for c in story.copies):
        tags.append("overlapping_exports")
    if len(story.brands) > 1 and any(c.meltwater_files for c in story.copies):
        tags.append("one_row_per_search")
    if tools == {"google_alerts"}:
        tags.append("alerts_only")
    if tools == {"mentions_csv"}:
        tags.append("csv_only")
    for c in story.copies:
        if c.feeds and (c.meltwater or c.csv) and c.alert_variant != "as_is":
            tags.append(f"alert_url_{c.alert_variant}")
        if c.csv and (c.meltwater or c.feeds) and c.csv_variant != "as_is":
            tags.append(f"csv_url_{c.csv_variant}")
        if c.variant not in ("original", "same"):
            tags.append(f"syndicated_title_{c.variant}")
    return tuple(dict.fromkeys(tags))


def mentions_truth(end_date: date) -> list[dict]:
    """One row per de-duplicated story (false positives included, naming no brand).

    ``published_at`` is the story's earliest row as exported; ``outlet`` is what that row gives
    (the domain when it is a Google Alerts entry), ``outlet_name`` the real name; ``url`` is the
    canonical URL of the earliest copy; ``copies`` counts the raw rows merged (one per Meltwater
    search and export, per feed, per tracker row) and ``outlets`` the syndicated copies.
    """
    out = []
    for s in _build(end_date):
        rows = _rows_of(s)
        when, tool, first = min(rows, key=lambda r: (r[0], r[1]))
        target, tier = target_tier(s.copies[0].outlet)
        out.append(
            {
                "story_id": s.id,
                "published_at": when,
                "published_date": when.date(),
                "quarter_start": s.quarter,
                "outlet": first.outlet.domain if tool == "google_alerts" else first.outlet.name,
                "outlet_name": first.outlet.name,
                "domain": first.outlet.domain,
                "url": canonical_url(first.url),
                "title": s.title,
                "brands": s.brands,
                "is_target_media": target,
                "media_tier": tier,
                "sentiment": s.sentiment,
                "kind": s.kind,
                "false_positive_of": s.false_positive_of,
                "copies": len(rows),
                "outlets": len(s.copies),
                "source_tools": tuple(sorted({t for _, t, _ in rows})),
                "planted": _planted(s),
            }
        )
    return out


def mentions_per_quarter(end_date: date) -> list[dict]:
    """Per quarter and brand, shaped like marts.mentions_per_quarter."""
    stories = mentions_truth(end_date)
    out = []
    for start, end in _quarters(end_date):
        picked = [s for s in stories if s["quarter_start"] == start]
        mentions = {b.name: sum(b.name in s["brands"] for s in picked) for b in BRANDS}
        targets = {b.name: sum(b.name in s["brands"] and s["is_target_media"] for s in picked) for b in BRANDS}
        total, total_target = sum(mentions.values()), sum(targets.values())
        for b in BRANDS:
            out.append(
                {
                    "quarter_start": start,
                    "quarter_end": end,
                    "brand": b.name,
                    "is_own_brand": b.name == OWN_BRAND,
                    "mentions": mentions[b.name],
                    "target_media_mentions": targets[b.name],
                    "share_of_voice_pct": 100 * mentions[b.name] / total if total else None,
                    "target_share_of_voice_pct": 100 * targets[b.name] / total_target if total_target else None,
                    "is_complete": end <= end_date,
                }
            )
    return out


def own_share_of_voice(end_date: date) -> dict[date, float]:
    """Northwind's share of voice per quarter, in percent."""
    return {r["quarter_start"]: r["share_of_voice_pct"] for r in mentions_per_quarter(end_date) if r["is_own_brand"]}


def scorecard_truth(end_date: date) -> dict:
    """The two lights: target-media stories and the share-of-voice change, last complete quarter."""
    own = [r for r in mentions_per_quarter(end_date) if r["is_own_brand"] and r["is_complete"]]
    last = own[-1]
    year_before = next(
        r for r in own if r["quarter_start"] == date(last["quarter_start"].year - 1, last["quarter_start"].month, 1)
    )
    return {
        "quarter_start": last["quarter_start"],
        "target_media_mentions": last["target_media_mentions"],
        "share_of_voice_pct": last["share_of_voice_pct"],
        "previous_quarter_start": year_before["quarter_start"],
        "previous_share_of_voice_pct": year_before["share_of_voice_pct"],
        "change_points": last["share_of_voice_pct"] - year_before["share_of_voice_pct"],
    }
