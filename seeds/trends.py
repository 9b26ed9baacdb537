"""Deterministic sample Google Trends downloads for "Northwind Analytics" (share of search).

A marketer compares brands in Trends' "Interest over time" and saves the CSV; the browser names
the downloads ``multiTimeline.csv``, ``multiTimeline (1).csv``, ... (FORMATS.md, "Share of search
and share of voice"). Two land in ``trends/``:

* ``multiTimeline.csv``: weekly (Sunday-start) Worldwide interest in the five tracked brands' first
  terms from the first Sunday of the sample period to the week holding ``end_date``. That week is
  partial and Trends shows it anyway. Saved with a UTF-8 BOM, to exercise BOM handling.
* ``multiTimeline (1).csv``: monthly United States interest in northwind, contoso and the generic
  "marketing analytics". It has its own peak, so its scale differs, and it covers only two
  tracked brands: the pipeline must not mix it with the first download.

The hidden truth behind the weekly download: Northwind's share of the five brands' search rises
from about 13% to 19%, Contoso holds about 45%, Fabrikam and Adatum share the rest and Tailspin is
so small it hovers around 1 on Trends' scale (so some weeks read ``<1``). The category grows,
everyone dips while offices close at Christmas, and each week adds sampling noise.

``trends_truth()`` recomputes shares from the values as written, by the rules a person would use
by hand; ``own_share_pct()`` and ``share_of_search_yoy()`` give the 12-month shares the scorecard
compares. Draws come from Random.random() on a stream of their own, so no other sample file moves.
"""

from __future__ import annotations

import calendar
import math
import random
from datetime import date, timedelta
from pathlib import Path

from seeds.sampling import normal

TRENDS_SEED = 20240805  # generate.py's SEED + 4: a stream of its own
START_DATE = date(2024, 8, 1)  # as in generate.py; repeated so this module has no circular import

OWN_BRAND = "Northwind Analytics"
# (brand, its first configured term, % of the five brands' search at the start and at the end of
#  the period, week-to-week noise), in the config's order, which is also the download's columns.
#  Shares move linearly in time; Adatum (None) takes what the others leave. Small terms are
#  noisier: Trends samples searches.
BRANDS = [
    ("Northwind Analytics", "northwind", 13.0, 19.0, 0.06),
    ("Contoso Metrics", "contoso", 45.0, 45.0, 0.05),
    ("Fabrikam Insights", "fabrikam", 25.0, 21.5, 0.07),
    ("Adatum Analytics", "adatum", None, None, 0.08),
    ("Tailspin Data", "tailspin", 0.4, 0.4, 0.35),
]
TERMS = [term for _, term, *_ in BRANDS]
WEEKLY_GEO = "Worldwide"
WEEKLY_FILE = "multiTimeline.csv"
CATEGORY_GROWTH = 1.08  # the category's yearly growth, as the generic Search Console queries

MONTHLY_GEO = "United States"
MONTHLY_FILE = "multiTimeline (1).csv"
# Relative US interest: a generic category term dwarfs any vendor, so it takes the peak.
MONTHLY_TERMS = [("northwind", 6.0, 9.0), ("contoso", 21.0, 22.0), ("marketing analytics", 80.0, 88.0)]

BELOW_ONE = 0.5  # how the contract (and a person by hand) counts '<1', which is really somewhere in (0, 0.5)


def _holiday_factor(start: date, days: int) -> float:
    # B2B searchers are at work: each day of the period between Christmas Eve and New Year's Day
    # takes away half of that day's searches.
    closed = sum(
        1
        for i in range(days)
        if ((d := start + timedelta(days=i)).month, d.day) >= (12, 24) or (d.month, d.day) == (1, 1)
    )
    return 1.0 - 0.5 * closed / days


def _trends_value(raw: float, peak: float) -> str:
    # Integers of the 0-100 scale (half up: Trends' tie rule is unknown and ties never matter here);
    # a positive value below 0.5 is written '<1', never 0.
    scaled = 100.0 * raw / peak
    return "<1" if 0 < scaled < 0.5 else str(math.floor(scaled + 0.5))


def _weeks(end_date: date) -> list[date]:
    first = START_DATE + timedelta(days=(6 - START_DATE.weekday()) % 7)  # the first Sunday
    last = end_date - timedelta(days=(end_date.weekday() + 1) % 7)  # the Sunday starting end_date's week
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def _months(end_date: date) -> list[date]:
    months, month = [], START_DATE.replace(day=1)
    while month <= end_date:
        months.append(month)
        month = (month + timedelta(days=31)).replace(day=1)
    return months


def weekly_values(end_date: date) -> list[tuple[date, dict[str, str]]]:
    """Per week: each term's value as Trends writes it."""
    rng = random.Random(TRENDS_SEED)
    weeks = _weeks(end_date)
    raw_rows = []
    for i, week in enumerate(weeks):
        progress = i / (len(weeks) - 1)
        level = CATEGORY_GROWTH ** ((week - weeks[0]).days / 365) * _holiday_factor(week, 7)
        shares = {term: first + (last - first) * progress for _, term, first, last, _ in BRANDS if first is not None}
        shares["adatum"] = 100.0 - sum(shares.values())
        raw_rows.append(
            (week, {term: level * shares[term] * math.exp(noise * normal(rng)) for _, term, _, _, noise in BRANDS})
        )
    # One peak for the whole download: the highest value of any term in any week is 100.
    peak = max(v for _, raw in raw_rows for v in raw.values())
    return [(week, {term: _trends_value(raw[term], peak) for term in TERMS}) for week, raw in raw_rows]


def monthly_values(end_date: date) -> list[tuple[date, dict[str, str]]]:
    """Per month (the current one partial): each term's value as Trends writes it."""
    rng = random.Random(TRENDS_SEED + 1)
    months = _months(end_date)
    raw_rows = []
    for i, month in enumerate(months):
        progress = i / (len(months) - 1)
        days = calendar.monthrange(month.year, month.month)[1]
        level = _holiday_factor(month, days)
        raw_rows.append(
            (
                month,
                {
                    term: level * (first + (last - first) * progress) * math.exp(0.04 * normal(rng))
                    for term, first, last in MONTHLY_TERMS
                },
            )
        )
    peak = max(v for _, raw in raw_rows for v in raw.values())
    return [(month, {term: _trends_value(raw[term], peak) for term, _, _ in MONTHLY_TERMS}) for month, raw in raw_rows]


def _download(period: str, geo: str, terms: list[str], rows: list[tuple[str, dict[str, str]]]) -> str:
    # Trends' layout: a category line, a blank line, then the table. No value needs quoting.
    lines = ["Category: All categories", "", ",".join([period] + [f"{t}: ({geo})" for t in terms])]
    lines += [",".join([label] + [values[t] for t in terms]) for label, values in rows]
    return "\n".join(lines) + "\n"


def write_trends(folder: Path, end_date: date) -> None:
    """The two downloads, named as a browser names repeated downloads of the same file."""
    folder.mkdir(parents=True)
    weekly = [(week.isoformat(), values) for week, values in weekly_values(end_date)]
    (folder / WEEKLY_FILE).write_bytes(_download("Week", WEEKLY_GEO, TERMS, weekly).encode("utf-8-sig"))
    monthly = [(f"{month:%Y-%m}", values) for month, values in monthly_values(end_date)]
    (folder / MONTHLY_FILE).write_bytes(
        _download("Month", MONTHLY_GEO, [t for t, _, _ in MONTHLY_TERMS], monthly).encode("utf-8")
    )


# --- the truth -----------------------------------------------------------------------------------


def _interest(value: str) -> float:
    return BELOW_ONE if value == "<1" else float(value)


def trends_truth(end_date: date) -> list[dict]:
    """One row per week and tracked brand of the weekly download, shaped like marts.share_of_search.

    ``value`` is the cell as written ('23' or '<1'); ``interest`` counts '<1' as 0.5; ``share_pct``
    is the brand's interest over the five brands' interest that week, in percent.
    """
    rows = []
    for week, values in weekly_values(end_date):
        total = sum(_interest(v) for v in values.values())
        below_one = "<1" in values.values()
        for brand, term, *_ in BRANDS:
            rows.append(
                {
                    "period_start": week,
                    "period_end": week + timedelta(days=6),
                    "geo": WEEKLY_GEO,
                    "brand": brand,
                    "is_own_brand": brand == OWN_BRAND,
                    "term": term,
                    "value": values[term],
                    "interest": _interest(values[term]),
                    "share_pct": 100 * _interest(values[term]) / total,
                    "has_below_one": below_one,
                    "source_file": WEEKLY_FILE,
                }
            )
    return rows


def own_share_pct(first_month: date, last_month: date, end_date: date) -> float:
    """Northwind's share over whole calendar months: its interest summed over the weeks starting in
    them, over all five brands' interest summed the same way (not an average of weekly shares)."""
    months = (first_month.replace(day=1), last_month.replace(day=1))
    picked = [r for r in trends_truth(end_date) if months[0] <= r["period_start"].replace(day=1) <= months[1]]
    return 100 * sum(r["interest"] for r in picked if r["is_own_brand"]) / sum(r["interest"] for r in picked)


def share_of_search_yoy(end_date: date) -> dict:
    """The scorecard's comparison: the last 12 complete months before end_date and the 12 before them."""
    last = (end_date.replace(day=1) - timedelta(days=1)).replace(day=1)  # the last complete month
    first = (date(last.year - 1, last.month, 1) + timedelta(days=31)).replace(day=1)  # 11 months before it
    prior_first, prior_last = date(first.year - 1, first.month, 1), date(last.year - 1, last.month, 1)
    current = own_share_pct(first, last, end_date)
    previous = own_share_pct(prior_first, prior_last, end_date)
    return {
        "current_months": (first, last),
        "current_pct": current,
        "previous_months": (prior_first, prior_last),
        "previous_pct": previous,
        "change_points": current - previous,
    }
