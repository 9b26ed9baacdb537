"""A large inbox for the performance benchmark (issue 7), from the sample company's generators.

At ``--scale 1.0``: about 5 million Search Console bulk-export rows (``searchdata_site_impression``
CSVs, one per property per month) over three years for two properties, one GA4 channel CSV per
day, about 10,000 media mentions, eight survey waves of 1,000 respondents and the Trends
downloads. The sample's query list heads each property's queries; a long tail of generated
queries, countries and devices makes up the volume, drawn with numpy (the sample's per-row
Python samplers would take an hour here). Everything else is the sample generators' own code with
a volume parameter, so the two cannot drift apart.

    python -m seeds.scale --scale 1.0 --out DIR             # DIR/inbox and DIR/demandgen.yaml
    python -m seeds.scale --scale 1.0 --out DIR --last-day  # adds the next day's exports to DIR/inbox

Deterministic: each property-day draws from a stream seeded by the day, so the ``--last-day``
files are the day a later export would have brought.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import math
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from seeds import generate as sample
from seeds import surveys
from seeds.mentions import write_mentions
from seeds.trends import write_trends

END_DATE = sample.END_DATE
YEARS = 3
SEED = 20261120
ROWS_AT_SCALE_1 = 5_000_000
MENTIONS_AT_SCALE_1 = 10_000
SAMPLE_STORIES = 838  # de-duplicated mentions the sample's volume 1.0 writes
RESPONDENTS_AT_SCALE_1 = 1_000

# (site_url, the words its long-tail queries are built from). The docs site is searched for how-tos.
PROPERTIES = (
    (
        "sc-domain:northwind-analytics.com",
        ("b2b", "marketing", "saas", "demand gen", "abm", "brand", "pipeline", "campaign", "attribution", "cmo"),
    ),
    (
        "sc-domain:docs.northwind-analytics.com",
        (
            "northwind api",
            "northwind sdk",
            "northwind python",
            "connector",
            "ga4",
            "search console",
            "webhook",
            "northwind",
            "dashboard embed",
            "sso",
        ),
    ),
)
TOPICS = (
    "analytics",
    "dashboard",
    "metrics",
    "reporting",
    "software",
    "tool",
    "kpi",
    "benchmark",
    "template",
    "examples",
    "tracking",
    "platform",
    "pricing",
    "alternatives",
    "integration",
    "setup",
    "tutorial",
    "best practices",
    "report",
    "share of voice",
    "share of search",
    "awareness",
    "growth",
    "funnel",
    "roi",
    "forecast",
    "survey",
    "seo",
    "traffic",
    "leads",
)
SUFFIXES = (
    "",
    "2026",
    "free",
    "for startups",
    "for enterprise",
    "guide",
    "vs hubspot",
    "open source",
    "api",
    "review",
    "comparison",
    "example",
    "checklist",
    "definition",
    "how to",
)
COUNTRIES = {
    "usa": 0.5,
    "gbr": 0.14,
    "deu": 0.08,
    "ind": 0.08,
    "can": 0.05,
    "fra": 0.05,
    "nld": 0.04,
    "aus": 0.03,
    "bra": 0.03,
}
DEVICES = {"DESKTOP": 0.68, "MOBILE": 0.3, "TABLET": 0.02}
COMBOS = [(c, d, cw * dw) for c, cw in COUNTRIES.items() for d, dw in DEVICES.items()]
NONZERO_SHARE = 0.5  # of a day's (query, country, device) cells that get at least one impression
IMAGE_SHARE = 0.03
TAIL_CELLS = 3  # countries and devices a long-tail query is searched from
BULK_COLUMNS = sample.BULK_COLUMNS


@dataclasses.dataclass
class Cells:
    """A property's (query, country, device, search type) cells and their expected daily impressions."""

    site_url: str
    query: np.ndarray  # index into names
    names: list[str]
    country: np.ndarray
    device: np.ndarray
    search_type: np.ndarray
    base: np.ndarray  # expected impressions on an ordinary weekday at the start of the period
    branded: np.ndarray
    ctr: np.ndarray
    position: np.ndarray
    anonymized_combos: int  # the busiest countries and devices get a row of anonymized queries a day


def _queries(words: tuple[str, ...]) -> list[str]:
    head = [q for q, *_ in sample.QUERIES]
    tail = (" ".join(w for w in parts if w) for parts in itertools.product(SUFFIXES, words, TOPICS))
    return head + [q for q in tail if q not in head]


def build_cells(prop: int, rows_per_day: float) -> Cells:
    """Enough cells that about rows_per_day of them have impressions on an average day."""
    site_url, words = PROPERTIES[prop]
    rng = np.random.default_rng([SEED, prop])
    names = _queries(words)
    n = max(8, math.ceil(rows_per_day / NONZERO_SHARE))
    # The sample's queries get a cell for every country and device; each tail query gets three
    # different ones, the busy countries more often (weighted draws without replacement).
    combo_weights = np.array([w for *_, w in COMBOS])
    head_cells = len(COMBOS) * len(sample.QUERIES)
    query = np.minimum(np.arange(n) // len(COMBOS), len(sample.QUERIES) - 1)
    combo = np.arange(n) % len(COMBOS)
    tail = np.arange(n) >= head_cells
    tail_queries = -(-int(tail.sum()) // TAIL_CELLS)
    query[tail] = len(sample.QUERIES) + (np.arange(tail.sum()) // TAIL_CELLS) % (len(names) - len(sample.QUERIES))
    gumbel = np.log(combo_weights) - np.log(-np.log(rng.random((tail_queries, len(COMBOS)))))
    combo[tail] = np.argsort(-gumbel, axis=1)[:, :TAIL_CELLS].ravel()[: tail.sum()]
    branded = np.array([sample.is_branded(names[q]) for q in query])
    weight = 1.0 / (np.arange(n) + 10.0) ** 1.1 * combo_weights[combo]
    # Scale the weights so about NONZERO_SHARE of the cells see an impression on a mean day.
    lo, hi = 1e-3, 1e9
    for _ in range(60):
        total = math.sqrt(lo * hi)
        share = np.mean(1 - np.exp(-total * weight * 0.85))
        lo, hi = (total, hi) if share < NONZERO_SHARE else (lo, total)
    head_ctr = np.array([c for _, _, c, _ in sample.QUERIES])
    head_pos = np.array([p for _, _, _, p in sample.QUERIES])
    in_head = query < len(sample.QUERIES)
    ctr = np.where(branded, 0.4, 0.02) * np.exp(0.3 * rng.standard_normal(n))
    position = np.where(branded, 1.3, 4 + 25 * rng.random(n))
    ctr[in_head] = head_ctr[query[in_head]]
    position[in_head] = head_pos[query[in_head]]
    search_type = np.where(rng.random(n) < IMAGE_SHARE, "IMAGE", "WEB")
    return Cells(
        site_url,
        query,
        names,
        np.array([c for c, _, _ in COMBOS])[combo],
        np.array([d for _, d, _ in COMBOS])[combo],
        search_type,
        lo * weight,
        branded,
        np.minimum(ctr, 0.9),
        position,
        min(len(COMBOS), max(1, round(rows_per_day / 100))),
    )


def day_rows(cells: Cells, prop: int, day: date, start: date) -> pa.Table:
    """One property's bulk-export rows for one day, anonymized queries included."""
    rng = np.random.default_rng([SEED, prop, day.toordinal()])
    years = (day - start).days / 365
    factors = {c: sample.day_factor(day, c) for c in COUNTRIES}
    growth = np.where(cells.branded, 1.25, 1.08) ** years
    expected = cells.base * growth * np.array([factors[c] for c in cells.country])
    impressions = rng.poisson(expected)
    keep = impressions > 0
    # The anonymized long tail: 8-12% of the day's impressions, a row per busy country and device.
    named = impressions.sum()
    share = 0.08 + 0.04 * rng.random()
    weights = np.array([w for *_, w in COMBOS])
    weights[np.argsort(-weights, kind="stable")[cells.anonymized_combos :]] = 0
    anon = rng.poisson(named * share / (1 - share) * weights / weights.sum())
    anon_keep = anon > 0
    impressions = np.concatenate([impressions[keep], anon[anon_keep]])
    ctr = np.concatenate([cells.ctr[keep], np.full(anon_keep.sum(), 0.03)])
    position = np.concatenate([cells.position[keep], np.full(anon_keep.sum(), 9.0)])
    clicks = rng.binomial(impressions, np.minimum(0.9, ctr * np.exp(0.1 * rng.standard_normal(len(ctr)))))
    spread = np.where(position < 2, 0.1, 0.12 * position)
    avg_position = np.maximum(1.0, position + spread * rng.standard_normal(len(position)))
    n_named, n_anon = int(keep.sum()), int(anon_keep.sum())
    queries = [cells.names[q] for q in cells.query[keep]] + [None] * n_anon
    return pa.table(
        {
            "data_date": pa.array([day] * (n_named + n_anon), pa.date32()),
            "site_url": pa.array([cells.site_url] * (n_named + n_anon)),
            "query": pa.array(queries, pa.string()),
            "is_anonymized_query": pa.array([False] * n_named + [True] * n_anon),
            "country": pa.array(np.concatenate([cells.country[keep], np.array([c for c, _, _ in COMBOS])[anon_keep]])),
            "search_type": pa.array(np.concatenate([cells.search_type[keep], np.full(n_anon, "WEB")])),
            "device": pa.array(np.concatenate([cells.device[keep], np.array([d for _, d, _ in COMBOS])[anon_keep]])),
            "impressions": pa.array(impressions, pa.int64()),
            "clicks": pa.array(clicks, pa.int64()),
            "sum_top_position": pa.array(np.round((avg_position - 1) * impressions, 1)),
        }
    )


def _write_csv(table: pa.Table, path: Path) -> None:
    con = duckdb.connect()
    con.register("bulk_rows", table)
    con.execute(f"copy bulk_rows to '{path}' (header, delimiter ',')")
    con.close()


def _host(site_url: str) -> str:
    return site_url.removeprefix("sc-domain:").split(".")[0]


def _rows_per_day(scale: float, start: date, end: date) -> float:
    return ROWS_AT_SCALE_1 * scale / len(PROPERTIES) / ((end - start).days + 1)


def write_bulk(folder: Path, scale: float, start: date, end: date) -> int:
    """One bulk-export CSV per property and month from start to end; returns the rows written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for prop, (site_url, _) in enumerate(PROPERTIES):
        cells = build_cells(prop, _rows_per_day(scale, start, end))
        day = start
        while day <= end:
            last = min(end, (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
            table = pa.concat_tables(
                [day_rows(cells, prop, day + timedelta(days=i), start) for i in range((last - day).days + 1)]
            )
            _write_csv(table, folder / f"searchdata_site_impression_{_host(site_url)}_{day:%Y%m}.csv")
            total += table.num_rows
            day = last + timedelta(days=1)
    return total


def write_ga4_days(folder: Path, start: date, end: date, first: date | None = None) -> int:
    """One GA4 Traffic acquisition CSV per day (channel x date), as a daily scheduled download."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = sample.web_truth(end, start)
    truth = truth[truth["date"] >= (first or start)]
    header = ["Session primary channel group (Default Channel Group)", "Date", *sample.GA4_METRICS]
    for day, part in truth.groupby("date", sort=True):
        part = part.sort_values(["sessions", "channel"], ascending=[False, True], kind="stable")
        rows = [[r.channel, f"{r.date:%Y%m%d}", *sample._ga4_metrics(r)] for r in part.itertuples(index=False)]
        (folder / f"ga4_channels_{day:%Y%m%d}.csv").write_bytes(
            sample._ga4_ui_csv(sample.GA4_CHANNEL_REPORT, day, day, header, rows)
        )
    return len(truth)


def survey_waves(scale: float) -> tuple[surveys.Wave, ...]:
    """The sample's five waves plus its first three run two years earlier: eight yearly-ish waves."""
    completes = max(40, round(RESPONDENTS_AT_SCALE_1 * scale))
    earlier = timedelta(days=728)  # whole weeks, so fieldwork keeps its weekdays
    older = [
        dataclasses.replace(
            w,
            number=5 + w.number,
            start=w.start - earlier,
            end=w.end - earlier,
            title=w.title.replace(str(w.start.year), str((w.start - earlier).year)),
            exported=w.exported - earlier,
        )
        for w in surveys.WAVES[:3]
    ]
    return tuple(dataclasses.replace(w, completes=completes) for w in (*older, *surveys.WAVES))


def generate(out: Path, scale: float = 1.0, years: int = YEARS, end: date = END_DATE) -> dict:
    """Write out/inbox (replacing it) and out/demandgen.yaml; returns what was written."""
    inbox = out / "inbox"
    if inbox.exists():
        shutil.rmtree(inbox)
    start = end - timedelta(days=round(365.25 * years) - 1)
    counts = {
        "bulk_rows": write_bulk(inbox / "bulk_export", scale, start, end),
        "ga4_rows": write_ga4_days(inbox / "web_analytics", start, end),
    }
    surveys.write_surveys(inbox / "surveys", end, survey_waves(scale))
    write_mentions(inbox / "mentions", end, max(1.0, MENTIONS_AT_SCALE_1 * scale / SAMPLE_STORIES))
    write_trends(inbox / "trends", end)
    shutil.copyfile(sample.OUT_DIR.parent / "sample_config.yaml", out / "demandgen.yaml")
    return counts | {"start": start.isoformat(), "end": end.isoformat()}


def add_next_day(out: Path, scale: float = 1.0, years: int = YEARS, end: date = END_DATE) -> dict:
    """Drop the exports of the day after end into out/inbox: bulk rows of each property and GA4."""
    start = end - timedelta(days=round(365.25 * years) - 1)
    day = end + timedelta(days=1)
    inbox = out / "inbox"
    counts = {
        "bulk_rows": _write_day(inbox / "bulk_export", scale, start, end, day),
        "ga4_rows": write_ga4_days(inbox / "web_analytics", start, day, first=day),
    }
    return counts | {"day": day.isoformat()}


def _write_day(folder: Path, scale: float, start: date, end: date, day: date) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for prop, (site_url, _) in enumerate(PROPERTIES):
        # The full history's cells, so the new day looks like its neighbours.
        table = day_rows(build_cells(prop, _rows_per_day(scale, start, end)), prop, day, start)
        _write_csv(table, folder / f"searchdata_site_impression_{_host(site_url)}_{day:%Y%m%d}.csv")
        total += table.num_rows
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m seeds.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: about 5 million Search Console rows")
    parser.add_argument("--years", type=int, default=YEARS, help="years of history (default 3)")
    parser.add_argument("--out", type=Path, required=True, help="writes OUT/inbox and OUT/demandgen.yaml")
    parser.add_argument(
        "--last-day",
        action="store_true",
        help="add the next day's exports to an inbox written before with the same options",
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error(f"--scale must be positive, got {args.scale}")
    began = time.perf_counter()
    if args.last_day:
        if not (args.out / "inbox").is_dir():
            parser.error(f"--last-day needs an inbox written before: {args.out / 'inbox'} does not exist")
        counts = add_next_day(args.out, args.scale, args.years)
    else:
        counts = generate(args.out, args.scale, args.years)
    print(f"wrote {counts} to {args.out / 'inbox'} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
