"""Which days a pull asks for: the first pull reaches back `backfill_months`; later ones start `refetch_days`
before the last day earlier pulls had data for (Google revises recent days: those are asked again, and the
newer answer replaces the older one where they overlap)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from . import files


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    why: str  # for the progress line


@dataclass(frozen=True)
class Landed:
    """What earlier pulls of a source hold: the last day with data, and the last day asked for."""

    last_day_with_data: date | None
    last_day_asked: date | None


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_of(start: date, end: date) -> list[tuple[date, date]]:
    """The window cut at month ends: one request per month keeps each answer (and file) a month at most."""
    out, first = [], start
    while first <= end:
        last = min(end, date(first.year, first.month, calendar.monthrange(first.year, first.month)[1]))
        out.append((first, last))
        first = last + timedelta(days=1)
    return out


def read_landed(folder: Path, report: str, days_in: Callable[[Path], list[date]]) -> Landed:
    """`days_in(path)` reads an earlier file as ingest does: the days it has data for. The newest file with data
    tells the last day."""
    earlier = files.earlier_requests(folder, report)
    for _start, _end, path in earlier:
        try:
            days = days_in(path)
        except Exception:  # a file someone edited or cut: the next older one tells
            continue
        if days:
            return Landed(max(days), earlier[0][1])
    return Landed(None, earlier[0][1] if earlier else None)


def window(today: date, end: date, backfill_months: int, refetch_days: int, landed: Landed) -> Window | None:
    earliest = months_before(today, backfill_months)
    if landed.last_day_with_data is not None:
        start, why = (
            landed.last_day_with_data + timedelta(days=1 - refetch_days),
            (f"new days, and the last {refetch_days} with data again"),
        )
    elif landed.last_day_asked is not None:
        start, why = landed.last_day_asked + timedelta(days=1 - refetch_days), "no data in earlier pulls yet"
    else:
        start, why = earliest, f"first pull: {backfill_months} months back"
    if start < earliest:
        start, why = earliest, f"{why}; no further back than {backfill_months} months"
    return Window(start, end, why) if start <= end else None
