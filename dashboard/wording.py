"""Metric values and benchmarks in words, the same on the dashboard and in `demandgen scorecard`.

Plain Python (no Dash, no pandas) so the CLI can use it without loading the web stack.
"""

from __future__ import annotations


def _missing(value) -> bool:
    """None, NaN, or pandas' NA: a value the warehouse does not have."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses to be a truth value
        return True


def _is_change(metric: str) -> bool:
    # Growth and change metrics get a sign ("+24.6%"); shares and counts do not ("62.0%", "7").
    return any(word in metric for word in ("growth", "change", "yoy"))


def format_value(value, unit: str, metric: str = "", decimals: int = 1) -> str:
    """A metric value as a marketer reads it: "+24.6%", "+5.0 pts", "7", or "—" when there is none."""
    if _missing(value):
        return "—"
    sign = "+" if _is_change(metric) or unit == "points" else ""
    if unit == "percent":
        return f"{value:{sign},.{decimals}f}%"
    if unit == "points":
        return f"{value:{sign},.{decimals}f} pts"
    return f"{value:{sign},.0f}"


def benchmark_text(low, high, unit: str, metric: str = "") -> str:
    """The healthy band in words: "Healthy: +20% to +40% a year"."""
    if _missing(low) and _missing(high):
        return "No fixed benchmark: read it against its own trend"

    def bound(value) -> str:
        return format_value(value, unit, metric, decimals=0 if float(value).is_integer() else 1)

    cadence = " a year" if "yoy" in metric else " a quarter" if "per_quarter" in metric else ""
    if _missing(high):
        return f"Healthy: {bound(low)} or more{cadence}"
    if _missing(low):
        return f"Healthy: up to {bound(high)}{cadence}"
    return f"Healthy: {bound(low)} to {bound(high)}{cadence}"
