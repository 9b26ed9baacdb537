"""What the team was told, and when: a notice about the same thing goes out once a day, not on every
refresh (the inbox sensor can start several a day), and a light's change of colour is told at most once per
quiet period (see `lights_to_tell`).

The record is a small table, `notifications.sent`, in the working warehouse: only the refresh's publish
step writes it, holding the writer lock, and the working file persists from one refresh to the next (it is
restored from the serving file when missing, so the record travels with the published copy too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from .warehouse import connect_working

T = TypeVar("T")


def tell_once_a_day(
    working: Path, kind: str, items: Mapping[str, T], today: date, send: Callable[[list[T]], bool]
) -> list[str]:
    """Send the items (by what they are about) that were not told of today, with `send`; when a channel took
    the message, record them. A message no channel took is tried again by the next refresh. Returns what was
    told now."""
    with connect_working(working) as con:
        _ensure_table(con)
        told = {
            about
            for (about,) in con.execute(
                "select about from notifications.sent where kind = ? and sent_on = ?", [kind, today]
            ).fetchall()
        }
    due = [about for about in items if about not in told]
    if not due or not send([items[about] for about in due]):
        return []
    with connect_working(working) as con:
        con.executemany(
            "insert into notifications.sent values (?, ?, ?, ?)",
            [(kind, about, today, datetime.now(UTC).replace(tzinfo=None)) for about in due],
        )
    return due


def _ensure_table(con) -> None:
    con.execute("create schema if not exists notifications")
    con.execute("""
        create table if not exists notifications.sent (
            kind varchar not null,      -- sources_stale, ...
            about varchar not null,     -- what the notice was about: a source, a metric
            sent_on date not null,      -- the day, in the config's time zone
            sent_at timestamp not null  -- UTC
        )""")


@dataclass(frozen=True)
class LightChange:
    """A light to tell the team about: its row of marts.scorecard, and the status they last heard of."""

    light: dict
    told_status: str
    told_word: str


def lights_to_tell(working: Path, now: datetime, quiet: timedelta) -> list[LightChange]:
    """The lights whose colour differs from the one the team last heard of, unless the team heard about that
    light less than `quiet` ago. So a change is told at the publish that makes it; a light that flips back
    and forth around its benchmark is told at most once per quiet period, and when the period is over it is
    told where it has settled if that is not what was last said. (Every flip is in marts.light_changes, on
    the dashboard and in the weekly digest.) A light the team never heard of is compared with its status at
    the publish before this one; a light with no publish before is not news."""
    with connect_working(working) as con:
        _ensure_lights_table(con)
        current = _rows(con, "select * from marts.scorecard")
        told = {
            metric: (status, told_at)
            for metric, status, told_at in con.execute("""
                select metric, status, told_at from notifications.lights
                qualify row_number() over (partition by metric order by told_at desc) = 1""").fetchall()
        }
        # The publish before this one (this refresh's lights are logged last, at the newest time).
        before = dict(
            con.execute("""
                with publishes as (
                    select *, dense_rank() over (order by published_at desc) as newest_first
                    from raw.published_lights
                )
                select metric, status from publishes where newest_first = 2""").fetchall()
        )
        words = dict(con.execute("select status, word from reference.light_statuses").fetchall())
    changes = []
    for light in current:
        metric = light["metric"]
        if metric in told:
            status, told_at = told[metric]
            if told_at > now - quiet:
                continue
        elif metric in before:
            status = before[metric]
        else:
            continue
        if status != light["status"]:
            changes.append(LightChange(light, status, words.get(status, status)))
    return changes


def record_told(working: Path, changes: list[LightChange], now: datetime) -> None:
    """Remember what the team was told about each light, and when."""
    with connect_working(working) as con:
        _ensure_lights_table(con)
        con.executemany(
            "insert into notifications.lights values (?, ?, ?)",
            [(c.light["metric"], c.light["status"], now) for c in changes],
        )


def _rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _ensure_lights_table(con) -> None:
    con.execute("create schema if not exists notifications")
    con.execute("""
        create table if not exists notifications.lights (
            metric varchar not null,    -- the light
            status varchar not null,    -- the colour the team was told of
            told_at timestamp not null  -- UTC
        )""")
