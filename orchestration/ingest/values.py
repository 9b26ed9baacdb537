"""Reading the numbers and dates exports write, with errors that name the place."""

from __future__ import annotations

import re
from datetime import date, datetime

from .inbox import RejectedFile

_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_YYYYMMDD = re.compile(r"\d{8}")


def _clean(value: str) -> str:
    value = value.strip().replace("\u00a0", "")
    # Spreadsheets re-save 1234 as "1,234"; only a strict thousands pattern is unwrapped.
    return value.replace(",", "") if _THOUSANDS.fullmatch(value) else value


def quoted(value: str, limit: int = 60) -> str:
    """A value as a rejection quotes it: in full when short, else its start (a damaged file's
    "value" can be megabytes long)."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def whole_number(value: str, where: str, column: str) -> int:
    try:
        number = float(_clean(value))
    except ValueError:
        raise RejectedFile(f"{where}: {column} {quoted(value)} is not a number") from None
    if number < 0 or number != int(number):
        raise RejectedFile(f"{where}: {column} {quoted(value)} is not a whole number of zero or more")
    return int(number)


def decimal(value: str, where: str, column: str) -> float | None:
    cleaned = _clean(value)
    if cleaned == "":
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise RejectedFile(f"{where}: {column} {quoted(value)} is not a number") from None


def percent_as_fraction(value: str, where: str, column: str) -> float | None:
    """'53.13%' -> 0.5313; an export's CTR column."""
    cleaned = _clean(value).rstrip("%").strip()
    if cleaned == "":
        return None
    try:
        return float(cleaned) / 100
    except ValueError:
        raise RejectedFile(f"{where}: {column} {quoted(value)} is not a percentage") from None


def iso_date(value: str, where: str, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RejectedFile(f"{where}: {column} {quoted(value)} is not a date like 2026-03-31") from None


def month_day_year(value: str) -> date:
    """Search Console's 'Mar 1, 2026'."""
    return datetime.strptime(value.strip(), "%b %d, %Y").date()


def yyyymmdd(value: str, where: str, column: str) -> date:
    """GA4's '20260331' (UI downloads and the Data API write dates without separators)."""
    try:
        if not _YYYYMMDD.fullmatch(value.strip()):
            raise ValueError
        return datetime.strptime(value.strip(), "%Y%m%d").date()
    except ValueError:
        raise RejectedFile(f"{where}: {column} {quoted(value)} is not a date like 20260331") from None
