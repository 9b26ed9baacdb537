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


# Dates as each tool writes them, and as a spreadsheet re-saves them.
_DATE = re.compile(
    r"(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{2,4})"
    r"(?:[ T,]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?\s*(?P<ampm>[AaPp][Mm])?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)


def read_timestamps(dates: list[tuple[int, str]], member: str, column: str) -> tuple[list[datetime | None], str | None]:
    """The column's dates, reading day and month in one order for the whole column.

    Google Sheets, SurveyMonkey and media tools write dates in the account's locale ("9/15/2025" or
    "15/09/2025"), so the order is settled by any value that can only be read one way; when none
    can, a slash means the US order and a dot the day-first one, and the returned note says so.
    """
    parts = []
    for row, value in dates:
        if not value:
            parts.append(None)
            continue
        m = _DATE.match(value.strip())
        if not m:
            raise RejectedFile(f"{member} row {row}: {column} {quoted(value)} is not a date and time")
        parts.append((row, value, m))
    slashed = [p for p in parts if p and len(p[2]["a"]) < 4]
    day_first_only = any(int(m["a"]) > 12 for _, _, m in slashed)
    month_first_only = any(int(m["b"]) > 12 for _, _, m in slashed)
    if day_first_only and month_first_only:
        raise RejectedFile(f"{member}: {column} mixes day/month and month/day dates; re-download the export")
    note = None
    if slashed and not (day_first_only or month_first_only):
        day_first_only = all("." in value for _, value, _ in slashed)
        note = (
            f"{column} dates read as {'day.month' if day_first_only else 'month/day'}: "
            "no date in the file has a day above 12 to confirm the order"
        )
    out = []
    for p in parts:
        if p is None:
            out.append(None)
            continue
        row, value, m = p
        if len(m["a"]) == 4:
            year, month, day = int(m["a"]), int(m["b"]), int(m["c"])
        else:
            first, second, year = int(m["a"]), int(m["b"]), int(m["c"])
            day, month = (first, second) if day_first_only else (second, first)
            year += 2000 if year < 100 else 0
        hour = int(m["h"] or 0)
        if m["ampm"]:
            hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
        try:
            out.append(datetime(year, month, day, hour, int(m["m"] or 0), int(m["s"] or 0)))
        except ValueError:
            raise RejectedFile(f"{member} row {row}: {column} {quoted(value)} is not a real date") from None
    return out, note
