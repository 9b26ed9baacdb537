"""The weekly digest: every light in words, how it moved since the digest before, a small chart of each, and
the week's events, read from the serving warehouse (read-only, so it never waits for a refresh).

`demandgen digest --output FILE.html` writes it as one self-contained page (charts embedded as data URIs);
`--send` mails it (an HTML mail with the charts as inline images referenced by `cid:`, no scripts) and posts
a short version to the webhook; the `weekly_digest` schedule (config `notify.digest`) sends it.

"Since the digest before" is a week back: the lights as the last publish before then showed them
(raw.published_lights), so the digest needs no state of its own and a resent digest says the same.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

import duckdb

from . import notify
from .config import NotifySettings

WEEK = timedelta(days=7)
# Status colours and the chart's, the dashboard's Okabe-Ito palette: distinguishable in every common colour
# vision deficiency, and every light says its status in words as well.
COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "insufficient_data": "#6E6E6E"}
MARKERS = {"green": "o", "amber": "^", "red": "X", "insufficient_data": "o"}
EVENT_COLOUR = "#5B4B8A"


@dataclass(frozen=True)
class Digest:
    week_start: date
    week_end: date
    lights: list[dict]  # rows of marts.scorecard, each with `week_before` (status and word a week back)
    history: dict[str, list[dict]]  # metric -> rows of marts.scorecard_history, oldest first
    events: list[dict]  # every event (the charts mark them); `this_week` says whether it is in the week
    warehouse: Path


def read(warehouse: Path, today: date) -> Digest:
    """Everything the digest says, from the serving warehouse as it is now."""
    if not Path(warehouse).is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}; run `demandgen refresh` first")
    week_start = today - WEEK + timedelta(days=1)
    con = duckdb.connect()
    try:
        con.execute("attach ? as serving (read_only)", [str(warehouse)])
        con.execute("use serving")
        lights = _rows(con, "select * from marts.scorecard order by display_order, metric")
        history_rows = _rows(con, "select * from marts.scorecard_history order by display_order, period_end")
        events = _rows(con, "select * from marts.events order by event_date, label")
        # The lights as the last publish before the week showed them.
        before = {
            row["metric"]: row
            for row in _rows(
                con,
                """
                with publishes as (
                    select *, dense_rank() over (order by published_at desc) as newest_first
                    from raw.published_lights
                    where cast(published_at as date) < ?
                )
                select publishes.metric, publishes.status, statuses.word
                from publishes join reference.light_statuses as statuses using (status)
                where newest_first = 1""",
                [week_start],
            )
        }
    finally:
        con.close()
    for light in lights:
        light["week_before"] = before.get(light["metric"])
    history: dict[str, list[dict]] = {}
    for row in history_rows:
        history.setdefault(row["metric"], []).append(row)
    for event in events:
        event["this_week"] = event["event_date"] <= today and event["end_date"] >= week_start
    return Digest(week_start, today, lights, history, events, Path(warehouse))


def _rows(con, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def change_words(light: dict) -> str:
    """How the light moved since the digest before: "was Watch a week ago", "unchanged", or "new"."""
    before = light["week_before"]
    if before is None:
        return "no publish a week ago to compare with"
    if before["status"] == light["status"]:
        return "unchanged since a week ago"
    return f"was {before['word']} a week ago"


# --- charts --------------------------------------------------------------------------------------------


def chart(history: list[dict], light: dict, events: list[dict]) -> bytes | None:
    """A light's history as a small PNG: its value at the end of each period, each point coloured and shaped
    by its status then, over the healthy band, with the events marked. None when it has no values yet.
    Drawn by matplotlib, without a browser, when the digest is made."""
    import matplotlib

    matplotlib.use("Agg")  # no display, no browser: a PNG in memory
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    points = [row for row in history if row["value"] is not None]
    if not points:
        return None
    days = [row["period_end"] for row in points]
    values = [row["value"] for row in points]
    fig, ax = plt.subplots(figsize=(4.8, 1.6), dpi=100)
    try:
        low, high = light["benchmark_low"], light["benchmark_high"]
        if low is not None:
            top = high if high is not None else max(max(values), low) * 1.1 + 1
            ax.axhspan(low, top, color=COLOURS["green"], alpha=0.12, linewidth=0)
        ax.plot(days, values, color="#6E6E6E", linewidth=1.2, zorder=2)
        for status in COLOURS:
            mine = [(d, v) for d, v, row in zip(days, values, points) if row["status"] == status]
            if mine:
                ax.scatter(*zip(*mine), color=COLOURS[status], marker=MARKERS[status], s=18, zorder=3)
        for event in events:
            start, end = event["event_date"], event["end_date"]
            if end < days[0] or start > days[-1]:
                continue
            if start == end:
                ax.axvline(start, color=EVENT_COLOUR, linestyle=":", linewidth=1)
            else:
                ax.axvspan(start, end + timedelta(days=1), color=EVENT_COLOUR, alpha=0.08, linewidth=0)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=5))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.tick_params(labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout(pad=0.4)
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def charts(digest: Digest) -> dict[str, bytes]:
    """metric -> PNG, for the lights that have a history to draw."""
    drawn = {}
    for light in digest.lights:
        png = chart(digest.history.get(light["metric"], []), light, digest.events)
        if png is not None:
            drawn[light["metric"]] = png
    return drawn


# --- words ---------------------------------------------------------------------------------------------


def subject(digest: Digest) -> str:
    counts = {}
    for light in digest.lights:
        counts[light["status_word"]] = counts.get(light["status_word"], 0) + 1
    summary = ", ".join(f"{n} {word}" for word, n in counts.items())
    return f"Demand-gen health, week to {digest.week_end:%-d %b %Y}: {summary}"


def text(digest: Digest) -> str:
    """The short version (the webhook's, and the mail's plain-text part): a line per light and the events."""
    lines = [subject(digest)]
    for light in digest.lights:
        lines.append(
            f"• {light['label']}: {light['status_word']}, {light['value_text']} "
            f"({change_words(light)}). {light['benchmark_text']}."
        )
    week_events = [e for e in digest.events if e["this_week"]]
    if week_events:
        lines.append("This week: " + "; ".join(_event_words(e) for e in week_events) + ".")
    return "\n".join(lines)


def _event_words(event: dict) -> str:
    if event["event_date"] == event["end_date"]:
        return f"{event['label']} ({event['event_date']:%-d %b})"
    return f"{event['label']} ({event['event_date']:%-d %b} to {event['end_date']:%-d %b})"


def html(digest: Digest, images: dict[str, bytes], inline: bool) -> str:
    """The digest as one HTML page for mail clients: tables and inline styles, no scripts, no stylesheets.
    Charts are data URIs when `inline` (a file that stands alone), else `cid:<metric>` parts of the mail."""

    def image(metric: str) -> str:
        if metric not in images:
            return '<p style="color:#6e6e6e;font-size:13px;margin:4px 0">No history to draw yet.</p>'
        source = (
            "data:image/png;base64," + base64.b64encode(images[metric]).decode("ascii") if inline else f"cid:{metric}"
        )
        return (
            f'<img src="{source}" alt="{escape(metric)} over time" width="480" height="160" '
            'style="display:block;border:0;max-width:100%;height:auto">'
        )

    blocks = []
    for light in digest.lights:
        colour = COLOURS.get(light["status"], "#6e6e6e")
        blocks.append(f"""
<tr><td style="padding:16px 0;border-top:1px solid #d9dee3">
  <div style="font-size:15px;font-weight:600;color:#1f2933">{escape(light["label"])}</div>
  <div style="margin:4px 0">
    <span style="font-size:24px;font-weight:700;color:#1f2933">{escape(light["value_text"])}</span>
    <span class="status" style="display:inline-block;margin-left:8px;padding:2px 10px;border-radius:12px;\
background:{colour};color:#ffffff;font-size:13px;font-weight:600">{escape(light["status_symbol"])} \
{escape(light["status_word"])}</span>
  </div>
  <div style="font-size:13px;color:#1f2933">{escape(light["benchmark_text"])}; {escape(change_words(light))}.</div>
  {image(light["metric"])}
  <p style="font-size:13px;color:#3e4c59;margin:6px 0 0">{escape(light["explanation"] or "")}</p>
</td></tr>""")
    week_events = [e for e in digest.events if e["this_week"]]
    events_html = (
        "<ul>" + "".join(f"<li>{escape(_event_words(e))}</li>" for e in week_events) + "</ul>"
        if week_events
        else '<p style="font-size:13px;color:#6e6e6e">No events this week.</p>'
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(subject(digest))}</title></head>
<body style="margin:0;padding:16px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;\
background:#ffffff;padding:0 20px">
<tr><td style="padding:20px 0 8px">
  <h1 style="font-size:20px;margin:0;color:#1f2933">Demand-gen health</h1>
  <p style="font-size:13px;color:#3e4c59;margin:4px 0 0">The week from {digest.week_start:%-d %b} to \
{digest.week_end:%-d %b %Y}: every light, how it moved, and its history (shaded: the healthy band; dotted \
lines and bands: events).</p>
</td></tr>{"".join(blocks)}
<tr><td style="padding:16px 0;border-top:1px solid #d9dee3">
  <h2 style="font-size:15px;margin:0;color:#1f2933">Events this week</h2>{events_html}
</td></tr>
</table></body></html>
"""


def message(digest: Digest, images: dict[str, bytes]) -> notify.Message:
    return notify.Message(
        "digest",
        subject(digest),
        text(digest),
        str(digest.warehouse),
        {"week_start": str(digest.week_start), "week_end": str(digest.week_end)},
        html=html(digest, images, inline=False),
        images=images,
    )


def send(digest: Digest, settings: NotifySettings, logger=notify.log) -> list[str]:
    """Mail the digest and post its short version to the webhook. It goes whenever asked (`--send`, or the
    schedule `notify.digest` sets): `notify.on` chooses among the alerts, not the digest."""
    return notify.send(message(digest, charts(digest)), replace(settings, on=settings.on | {"digest"}), logger)


def now_in(timezone: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(timezone))
