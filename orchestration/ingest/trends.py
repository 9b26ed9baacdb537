"""Google Trends downloads (`multiTimeline.csv`): search interest per term over time, for share of search.

Trends scales every download to its own peak (the highest value of any of its terms is 100), so
values are comparable only within one download. Each row keeps its download (the load) and the
download's term set; which download is used for a period, and which term stands for which brand,
is decided in dbt from the config. `<1` (above 0 but below 0.5 of the peak's 1%) is kept as
written beside the number it is counted as.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ..config import Config
from . import values
from .detect import Signature, columns
from .inbox import Export, RejectedFile
from .parsed import Parsed, arrow_table
from .reading import cell, csv_table, one_member

FAMILY = "trends"
TABLE = "trends_interest"

RAW_TABLES: dict[str, list[tuple[str, str]]] = {
    TABLE: [
        ("granularity", "VARCHAR"),  # 'week', 'day' or 'month'
        ("period_start", "DATE"),
        ("period_end", "DATE"),
        ("geo", "VARCHAR"),  # as Trends names it: 'Worldwide', 'United States', ...
        ("term", "VARCHAR"),  # the search term as the download names it
        ("term_set", "VARCHAR"),  # every term of the download, sorted: one scale per set
        ("value_as_written", "VARCHAR"),  # '45', '<1'
        ("interest", "DOUBLE"),  # '<1' counts as 0.5
        ("source_row", "BIGINT"),
    ]
}

DESCRIPTION = "Google Trends download (multiTimeline.csv, Interest over time)"
SIGNATURES = [
    Signature("google_trends_csv", FAMILY, frozenset({"csv"}), (columns("# category", period),), DESCRIPTION)
    for period in ("Week", "Day", "Month")
]

# "northwind: (Worldwide)" -> term "northwind", geo "Worldwide"
_TERM = re.compile(r"^(?P<term>.+?):\s*\((?P<geo>.+)\)$")
BELOW_ONE = 0.5  # '<1' means above 0 but below 0.5 once rounded: its midpoint


def _period(value: str, granularity: str, where: str) -> tuple[date, date]:
    try:
        if granularity == "month":
            start = date.fromisoformat(value + "-01")
            return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
        start = date.fromisoformat(value)
    except ValueError:
        raise RejectedFile(
            f"{where}: {values.quoted(value)} is not a {granularity} like "
            f"{'2026-03' if granularity == 'month' else '2026-03-01'}"
        ) from None
    return start, start + timedelta(days=6 if granularity == "week" else 0)


def _interest(value: str, where: str, column: str) -> float:
    if value == "<1":
        return BELOW_ONE
    try:
        number = float(value)
    except ValueError:
        raise RejectedFile(f"{where}: {column} {values.quoted(value)} is not a number from 0 to 100 (or <1)") from None
    if not 0 <= number <= 100:
        raise RejectedFile(f"{where}: {column} {values.quoted(value)} is outside Trends' 0 to 100")
    return number


def parse(export: Export, signature: Signature, config: Config) -> Parsed:
    member = one_member(export, signature.description)
    header, rows = csv_table(export, member, delimiter=",")
    # A spreadsheet's re-save pads every line with empty columns: those are not terms.
    while len(header) > 1 and not header[-1] and not any(cell(cells, len(header) - 1) for _, cells in rows):
        header.pop()
    granularity = header[0].lower()
    terms = []
    for column in header[1:]:
        m = _TERM.match(column)
        if not m:
            raise RejectedFile(
                f"{member}: column {values.quoted(column)} is not a Trends term like 'northwind: (Worldwide)'"
            )
        terms.append((m["term"].strip(), m["geo"].strip()))
    if not terms:
        raise RejectedFile(f"{member} has no search terms, only its {header[0]} column")
    if len({geo for _, geo in terms}) > 1:
        raise RejectedFile(
            f"{member} compares regions ({', '.join(sorted({g for _, g in terms}))}); "
            "download one region at a time to compare brands"
        )
    term_set = " | ".join(sorted(t for t, _ in terms))
    out = []
    for number, cells in rows:
        where = f"{member} row {number}"
        start, end = _period(cells[0].strip(), granularity, where)
        for (term, geo), value in zip(terms, cells[1:]):
            value = value.strip()
            out.append(
                {
                    "granularity": granularity,
                    "period_start": start,
                    "period_end": end,
                    "geo": geo,
                    "term": term,
                    "term_set": term_set,
                    "value_as_written": value,
                    "interest": _interest(value, where, f"{term}: ({geo})"),
                    "source_row": number,
                }
            )
    if not out:
        raise RejectedFile(f"{member} has no rows under its header")
    below_one = sum(r["value_as_written"] == "<1" for r in out)
    notes = [f"{below_one} values '<1' counted as {BELOW_ONE}"] if below_one else []
    return Parsed(
        {TABLE: arrow_table(RAW_TABLES[TABLE], out)},
        terms[0][1],
        min(r["period_start"] for r in out),
        max(r["period_end"] for r in out),
        f"trends:{granularity}:{term_set}",
        notes,
    )
