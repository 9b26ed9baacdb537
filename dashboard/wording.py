"""Numbers and survey results in words on the dashboard's pages.

A light's value, status and healthy band are written by the warehouse (marts.scorecard's value_text,
status_word and benchmark_text); this module writes the other numbers a page shows, the same way.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime


def _missing(value) -> bool:
    """None, NaN, or pandas' NA: a value the warehouse does not have."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses to be a truth value
        return True


def format_value(value, unit: str, signed: bool = False, decimals: int = 1) -> str:
    """A number on a page, written as the warehouse writes a light's value (marts.scorecard.value_text, the
    dbt macro format_metric_value): "56.5%", "+24.6%" when `signed`, "+5.0 pts", "1,234", or "—" when there
    is none. Lights themselves are never formatted here: their text comes from the warehouse."""
    if _missing(value):
        return "—"
    if unit == "percent":
        return f"{value:{'+' if signed else ''},.{decimals}f}%"
    if unit == "points":
        return f"{value:+,.{decimals}f} pts"
    return f"{value:,.0f}"


def wave_name(wave: str) -> str:
    """A survey wave in words: "2026-09" is "September 2026", a second wave that month ("2026-09-2")
    "September 2026 (2)". A label of another shape is shown as it is."""
    label = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])(?:-(\d+))?", wave)
    if label is None:
        return wave
    year, month, nth = label.groups()
    return f"{calendar.month_name[int(month)]} {year}" + (f" ({nth})" if nth else "")


def quarter_name(day) -> str:
    """The calendar quarter a day (a date or a pandas Timestamp) falls in: "Q3 2026"."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def interval_text(low, high, unit: str) -> str:
    """A 95% interval's two ends: "16.4% to 24.2%", or for a change "+0.6 to +12.3 pts"."""
    if _missing(low) or _missing(high):
        return "—"
    if unit == "points":
        return f"{low:+.1f} to {high:+.1f} pts"
    return f"{format_value(low, unit)} to {format_value(high, unit)}"


def change_verdict(is_comparable, is_distinguishable, reason=None) -> str:
    """Whether a survey change is more than sampling noise, or why there is no change to judge."""
    if _missing(is_comparable) or not is_comparable:
        return "not comparable" if _missing(reason) else reason
    if is_distinguishable:
        return "a real change"
    return "within noise: the interval includes no change"


def stale_text(label: str, latest_data_date, expected_within_days, today: date) -> str | None:
    """Why a source's lights may be out of date, reckoned on the day they are read (a dashboard opened
    days after the last refresh must still say so): "Search Console: newest data 2026-11-10, 13 days old
    (expected within 4)". None while the source is fresh, or has no data (its lights say that already)."""
    if _missing(latest_data_date) or _missing(expected_within_days):
        return None
    latest = latest_data_date.date() if isinstance(latest_data_date, datetime) else latest_data_date
    age = (today - latest).days
    if age <= expected_within_days:
        return None
    return f"{label}: newest data {latest}, {age} days old (expected within {int(expected_within_days)})"
