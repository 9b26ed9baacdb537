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

BULK_COLUMNS = ["data_date", "site_url", "query", "is_anonymized_query", "country",
                "search_type", "device", "impressions", "clicks", "sum_top_position"]
PARQUET_SCHEMA = pa.schema([(c, t) for c, t in zip(BULK_COLUMNS, [
    pa.date32(), pa.string(), pa.string(), pa.bool_(), pa.string(), pa.string(), pa.string(),
    pa.int64(), pa.int64(), pa.float64()])])
PARQUET_MONTH = "202408"
REPEATED_KEYS_MONTH = "202503"
API_PAGE_ROWS = 500
UI_COUNTRIES = {"usa": "United States", "gbr": "United Kingdom", "deu": "Germany"}
# Landing page by first matching query word: the UI's Pages.csv comes from these.
UI_PAGES = [("contoso", "/compare/northwind-vs-contoso"), ("pricing", "/pricing"), ("login", "/login"),
            ("dashboard", "/product/dashboards"), ("brand awareness", "/blog/measure-brand-awareness")]
ZIP_TIME = (2026, 11, 20, 9, 0, 0)


def is_branded(query: str) -> bool:
    q = query.lower()
    return any(t in q for t in BRAND_TERMS) and not any(x in q for x in BRAND_EXCLUDE)


# Samplers built on Random.random() only: it is the one stream Python promises to keep stable.
def _normal(rng: random.Random) -> float:
    return math.sqrt(-2.0 * math.log(1.0 - rng.random())) * math.cos(2.0 * math.pi * rng.random())


def _poisson(rng: random.Random, lam: float) -> int:
    if lam >= 30:
        return max(0, round(lam + math.sqrt(lam) * _normal(rng)))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n < 30:
        return sum(rng.random() < p for _ in range(n))
    return min(n, max(0, round(n * p + math.sqrt(n * p * (1 - p)) * _normal(rng))))


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
        clicks = _binomial(rng, impressions, min(0.9, ctr * math.exp(0.1 * _normal(rng))))
        spread = 0.1 if position < 2 else 0.12 * position
        avg_position = max(1.0, position + spread * _normal(rng))
        rows.append((day, query, query == "", country, search_type, device, impressions,
                     clicks, round((avg_position - 1) * impressions, 1)))

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
        rows = [[r.data_date, SITE_URL, r.query or None, bool(r.is_anonymized_query), r.country, r.search_type,
                 r.device, int(r.impressions), int(r.clicks), float(r.sum_top_position)]
                for r in group.itertuples(index=False)]
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
                writer.writerow([r[0].isoformat(), r[1], r[2] or "", "true" if r[3] else "false",
                                 *r[4:9], f"{r[9]:.1f}"])


def _metrics(group: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    sums = group.groupby(keys, sort=True)[["clicks", "impressions", "sum_top_position"]].sum().reset_index()
    sums["ctr"] = sums["clicks"] / sums["impressions"]
    sums["position"] = sums["sum_top_position"] / sums["impressions"] + 1  # zero-based sums
    return sums


def _api_rows(sums: pd.DataFrame, keys: list[str]) -> list[dict]:
    return [{"keys": [v.isoformat() if isinstance(v, date) else v for v in (getattr(r, k) for k in keys)],
             "clicks": int(r.clicks), "impressions": int(r.impressions),
             "ctr": float(r.ctr), "position": round(float(r.position), 2)}
            for r in sums.itertuples(index=False)]


def write_api_pages(truth: pd.DataFrame, folder: Path, start: date, end_date: date) -> None:
    folder.mkdir(parents=True)
    web = truth[(truth["search_type"] == "WEB") & (truth["data_date"] >= start)]
    meta = {"responseAggregationType": "byProperty",
            "metadata": {"firstIncompleteDate": (end_date - timedelta(days=1)).isoformat()}}
    span = f"{start.isoformat()}_{end_date.isoformat()}"

    def dump(name: str, body: dict) -> None:
        (folder / name).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")

    # The API drops anonymized queries when grouping by query, and sorts by clicks.
    rows = _api_rows(_metrics(web[~web["is_anonymized_query"]], ["data_date", "query"]), ["data_date", "query"])
    rows.sort(key=lambda r: (-r["clicks"], -r["impressions"], r["keys"]))
    pages = [rows[i:i + API_PAGE_ROWS] for i in range(0, len(rows), API_PAGE_ROWS)] + [[]]
    for number, page in enumerate(pages, 1):  # paging ends with a response without "rows"
        dump(f"northwind_{span}_page{number}.json", ({"rows": page} if page else {}) | meta)
    # Grouped by date alone, the API returns days in date order, anonymized traffic included.
    dump(f"northwind_daily_totals_{span}.json",
         {"rows": _api_rows(_metrics(web, ["data_date"]), ["data_date"])} | meta)


def _ui_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue().rstrip("\n").encode("utf-8")  # the UI leaves no final newline


def _ui_table(sums: pd.DataFrame, label, by_clicks: bool = True) -> list[list]:
    if by_clicks:
        sums = sums.sort_values(["clicks", "impressions"], ascending=False, kind="stable")
    return [[label(r), int(r.clicks), int(r.impressions),
             f"{r.ctr * 100:.2f}".rstrip("0").rstrip(".") + "%", f"{r.position:.2f}".rstrip("0").rstrip(".")]
            for r in sums.itertuples(index=False)]


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
        "Queries.csv": _ui_csv(["Top queries", *metric_cols],
                               _ui_table(_metrics(web[~web["is_anonymized_query"]], ["query"]), lambda r: r.query)),
        "Pages.csv": _ui_csv(["Top pages", *metric_cols], _ui_table(_metrics(web, ["page"]), lambda r: r.page)),
        "Countries.csv": _ui_csv(["Country", *metric_cols],
                                 _ui_table(_metrics(web, ["country"]), lambda r: UI_COUNTRIES[r.country])),
        "Devices.csv": _ui_csv(["Device", *metric_cols],
                               _ui_table(_metrics(web, ["device"]), lambda r: r.device.title())),
        "Search appearance.csv": _ui_csv(["Search Appearance", *metric_cols], []),
        "Dates.csv": _ui_csv(["Date", *metric_cols], _ui_table(dates, lambda r: r.data_date.isoformat(), False)),
        "Filters.csv": _ui_csv(["Filter", "Value"], [["Search type", "Web"], ["Date", "Last 3 months"]]),
    }
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)  # fixed timestamps: identical bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def generate(out_dir: Path, end_date: date = END_DATE) -> None:
    """Rewrite out_dir with every sample export derived from one truth table."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    truth = daily_truth(end_date)
    # The API covers the previous and current month; bulk extracts cover everything before.
    api_start = (end_date.replace(day=1) - timedelta(days=1)).replace(day=1)
    write_bulk_export(truth, out_dir / "bulk_export", api_start - timedelta(days=1))
    write_api_pages(truth, out_dir / "api", api_start, end_date)
    host = SITE_URL.removeprefix("sc-domain:")
    write_ui_export(truth, out_dir / "ui" / f"{host}-Performance-on-Search-{end_date.isoformat()}.zip", end_date)


def main() -> None:
    generate(OUT_DIR)
    files = [p for p in OUT_DIR.rglob("*") if p.is_file()]
    print(f"wrote {len(files)} files ({sum(p.stat().st_size for p in files) / 1e6:.1f} MB) to {OUT_DIR}")


if __name__ == "__main__":
    main()
