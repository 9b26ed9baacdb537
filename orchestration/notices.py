"""What the team was told, and on which day: a notice about the same thing goes out once a day, not on
every refresh (the inbox sensor can start several a day).

The record is a small table, `notifications.sent`, in the working warehouse: only the refresh's publish
step writes it, holding the writer lock, and the working file persists from one refresh to the next (it is
restored from the serving file when missing, so the record travels with the published copy too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
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
