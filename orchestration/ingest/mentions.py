"""Media mentions: Meltwater exports (current and older layouts), Google Alerts feeds, and any
tool's CSV whose columns the config maps (`mentions_csv`).

Every tool lands in one raw table, one row per mention as exported, with the real URL (Google
Alerts' redirect unwrapped) and its domain. Which brand a mention names, whether it is in the
target media, and which rows are the same story are decided in dbt from the config.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

from ..config import Config
from . import pulled, values
from .detect import Signature, columns
from .inbox import Export, RejectedFile
from .parsed import Parsed, arrow_table
from .reading import cell, column, csv_table, one_member

FAMILY = "mentions"
TABLE = "media_mention_rows"

RAW_TABLES: dict[str, list[tuple[str, str]]] = {
    TABLE: [
        ("source_tool", "VARCHAR"),  # 'meltwater' | 'google_alerts' | 'mentions_csv'
        ("published_at", "TIMESTAMP"),
        ("title", "VARCHAR"),  # tags removed, entities decoded
        ("body", "VARCHAR"),  # opening text, hit sentence or snippet: what else names the brand
        ("url", "VARCHAR"),  # the article's own URL
        ("domain", "VARCHAR"),  # its host, lower case, without www.
        ("outlet", "VARCHAR"),  # the source's name where the tool gives one, else the domain
        ("sentiment", "VARCHAR"),
        ("document_id", "VARCHAR"),
        ("source_row", "BIGINT"),
    ]
}

MELTWATER = "Meltwater export (CSV or tab-separated, current or older layout)"
ALERTS = "Google Alerts feed (Atom XML saved from the feed URL)"
SIGNATURES = [
    Signature(
        "meltwater_csv",
        FAMILY,
        frozenset({"csv"}),
        (columns("Date", "Time", "Document ID", "URL", "Title", "Source Name"),),
        MELTWATER,
    ),
    Signature("meltwater_csv", FAMILY, frozenset({"csv"}), (columns("Date", "Headline", "URL", "Source"),), MELTWATER),
    Signature("google_alerts_atom", FAMILY, frozenset({"xml"}), (frozenset({"atom:feed"}),), ALERTS),
    # A feed `demandgen pull` could not fetch (or fetched again after that): its feeds land as the Atom XML itself.
    Signature(
        "google_alerts_pull",
        FAMILY,
        frozenset({"json"}),
        (columns(pulled.MARK, "feed_url"),),
        "Google Alerts feed pull status (demandgen pull)",
    ),
]
ATOM = "{http://www.w3.org/2005/Atom}"
_TAGS = re.compile(r"<[^>]+>")
_MONTH_NAMES = ("%d-%b-%Y", "%d-%b-%y", "%b %d, %Y", "%d %b %Y", "%d %B %Y", "%B %d, %Y")


# Said among the formats read when the config names no mentions_csv columns: how another tool's CSV is read.
UNMAPPED_CSV = "another media tool's CSV, once mentions_csv in the config names its date, title and URL columns"


def config_signatures(config: Config) -> list[Signature]:
    """The generic mentions CSV is recognised by the columns the config maps."""
    mapping = config.mentions_csv
    if mapping is None:
        return []
    return [
        Signature(
            "mentions_csv",
            FAMILY,
            frozenset({"csv"}),
            (columns(mapping.date, mapping.title, mapping.url),),
            f"mentions CSV with the columns mentions_csv names ({mapping.date}, {mapping.title}, {mapping.url})",
        )
    ]


def plain(text: str | None) -> str:
    """Feed text as a reader sees it: entities decoded (twice: Alerts escapes them twice), tags gone."""
    once = html.unescape(text or "")
    return " ".join(_TAGS.sub("", html.unescape(once)).split())


def real_url(url: str) -> str:
    """Google's redirect (https://www.google.com/url?...&url=<real>&...) as the URL it leads to."""
    parts = urlsplit(url)
    if parts.netloc.endswith("google.com") and parts.path == "/url":
        target = parse_qs(parts.query).get("url") or parse_qs(parts.query).get("q")
        if target:
            return target[0]
    return url


def domain_of(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _published(
    dates: list[tuple[int, str]], times: list[str], member: str, date_column: str
) -> tuple[list[datetime], str | None]:
    """Dates as tools write them ('18-Nov-2026', '2026-11-18', '11/18/2026'), with an optional time; and a
    note when the order of day and month in numeric dates had to be assumed."""
    parsed: list[datetime | None] = []
    for _, value in dates:
        found = None
        for fmt in _MONTH_NAMES:
            try:
                found = datetime.strptime(value.strip(), fmt)
                break
            except ValueError:
                continue
        parsed.append(found)
    note = None
    if any(p is None for p in parsed):
        numeric, note = values.read_timestamps(
            [(row, v) for (row, v), p in zip(dates, parsed) if p is None], member, date_column
        )
        it = iter(numeric)
        parsed = [p if p is not None else next(it) for p in parsed]
    out = []
    for (row, _value), day, clock in zip(dates, parsed, times):
        if day is None:
            raise RejectedFile(f"{member} row {row}: {date_column} is empty")
        if clock.strip():
            try:
                t = datetime.strptime(
                    clock.strip().upper(), "%I:%M %p" if clock.strip()[-1:].upper() == "M" else "%H:%M"
                )
            except ValueError:
                raise RejectedFile(
                    f"{member} row {row}: Time {values.quoted(clock)} is not a time like 09:31 AM"
                ) from None
            day = day.replace(hour=t.hour, minute=t.minute)
        out.append(day)
    return out, note


def _rows_from_table(
    export: Export, member: str, tool: str, fields: dict[str, tuple[str | None, ...]]
) -> tuple[list[dict], list[str]]:
    """The table's mentions, and notes on how they were read."""
    header, records = csv_table(export, member)
    index = {field: column(header, names) for field, names in fields.items()}
    for required in ("date", "title", "url"):
        if index[required] is None:
            raise RejectedFile(f"{member}: no {' or '.join(n for n in fields[required] if n)} column")

    def field(cells: list[str], name: str) -> str:
        return cell(cells, index[name])

    published, note = _published(
        [(row, field(cells, "date")) for row, cells in records],
        [field(cells, "time") for _, cells in records],
        member,
        header[index["date"]],
    )
    out = []
    for (row, cells), when in zip(records, published):
        url = real_url(field(cells, "url"))
        if not url:
            raise RejectedFile(f"{member} row {row}: the mention has no URL")
        out.append(
            {
                "source_tool": tool,
                "published_at": when,
                "title": plain(field(cells, "title")),
                "body": plain(" ".join(filter(None, (field(cells, "text"), field(cells, "hit"))))) or None,
                "url": url,
                "domain": domain_of(url),
                "outlet": field(cells, "outlet") or domain_of(url),
                "sentiment": field(cells, "sentiment") or None,
                "document_id": field(cells, "id") or None,
                "source_row": row,
            }
        )
    return out, [note] if note else []


def _alerts(export: Export, member: str) -> list[dict]:
    try:
        root = ElementTree.fromstring(export.read(member))
    except ElementTree.ParseError as e:
        raise RejectedFile(f"{member} is not a readable feed ({e})") from None
    out = []
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
        link = entry.find(f"{ATOM}link")
        url = real_url(link.get("href", "")) if link is not None else ""
        stamp = (entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated") or "").strip()
        try:
            published = datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            raise RejectedFile(
                f"{member} entry {number}: published {values.quoted(stamp)} is not a date and time"
            ) from None
        if not url:
            raise RejectedFile(f"{member} entry {number}: the entry has no link")
        out.append(
            {
                "source_tool": "google_alerts",
                "published_at": published,
                "title": plain(entry.findtext(f"{ATOM}title")),
                "body": plain(entry.findtext(f"{ATOM}content")) or None,
                "url": url,
                "domain": domain_of(url),
                "outlet": domain_of(url),
                "sentiment": None,
                "document_id": (entry.findtext(f"{ATOM}id") or "").strip() or None,
                "source_row": number,
            }
        )
    return out


def parse(export: Export, signature: Signature, config: Config) -> Parsed:
    member = one_member(export, signature.description)
    notes: list[str] = []
    if signature.format == "google_alerts_pull":
        # A problem is raised as the rejection it stands for; feeds themselves land as their Atom XML.
        note = pulled.solved(pulled.envelope(export, member, pulled.ALERTS_API, "feed_url"))
        if note is None:
            raise RejectedFile(f"{member}: a Google Alerts pull lands the feed's Atom XML, not JSON responses")
        return Parsed({TABLE: arrow_table(RAW_TABLES[TABLE], [])}, None, None, None, "pull_status", [note])
    if signature.format == "google_alerts_atom":
        rows = _alerts(export, member)
    elif signature.format == "meltwater_csv":
        rows, notes = _rows_from_table(
            export,
            member,
            "meltwater",
            {
                "date": ("Date",),
                "time": ("Time",),
                "title": ("Title", "Headline"),
                "url": ("URL",),
                "outlet": ("Source Name", "Source"),
                "text": ("Opening Text",),
                "hit": ("Hit Sentence",),
                "sentiment": ("Sentiment",),
                "id": ("Document ID",),
            },
        )
    else:
        m = config.mentions_csv
        rows, notes = _rows_from_table(
            export,
            member,
            "mentions_csv",
            {
                "date": (m.date,),
                "time": (None,),
                "title": (m.title,),
                "url": (m.url,),
                "outlet": (m.outlet,),
                "text": (m.text,),
                "hit": (None,),
                "sentiment": (m.sentiment,),
                "id": (None,),
            },
        )
    if not rows:
        raise RejectedFile(f"{member} has no mentions in it")
    days = [r["published_at"].date() for r in rows]
    return Parsed(
        {TABLE: arrow_table(RAW_TABLES[TABLE], rows)}, None, min(days), max(days), f"mentions:{signature.format}", notes
    )
