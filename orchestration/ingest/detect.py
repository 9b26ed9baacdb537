"""Format detection by content: each format is a signature (the columns its tables carry).

A member's shape is what it is (csv, json, parquet) and the names it carries (header columns,
the keys of `# key: value` lines above a CSV header as '# key', or top-level JSON keys;
lower-cased). A signature lists, for each member it needs, the names that member must have; a
signature with several entries describes a bundle such as the
Search Console UI export (a daily table plus Filters.csv). The first signature that matches
wins, so the more specific ones come first in each family's list.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pyarrow.parquet as pq

from .inbox import Export, RejectedFile

TABLE_KINDS = frozenset({"csv", "parquet"})


@dataclass(frozen=True)
class Shape:
    member: str
    kind: str  # 'csv', 'json', 'parquet' or 'unknown'
    columns: frozenset[str]


@dataclass(frozen=True)
class Signature:
    format: str
    family: str
    kinds: frozenset[str]
    members: tuple[frozenset[str], ...]
    description: str  # how a user would name this export

    def matches(self, shapes: list[Shape]) -> bool:
        return all(any(s.kind in self.kinds and need <= s.columns for s in shapes) for need in self.members)


def columns(*names: str) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


def decode_text(raw: bytes) -> str:
    """Text of an export in whatever encoding its tool wrote (BOMs first, then UTF-8, then Windows-1252)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def json_object(export: Export, member: str, description: str) -> dict:
    """A JSON export's top-level object, or a rejection naming the member."""
    try:
        data = json.loads(decode_text(export.read(member)))
    except ValueError as e:
        raise RejectedFile(f"{member} is not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise RejectedFile(f"{member} is not a {description} (expected a JSON object)")
    return data


def is_comment(line: str) -> bool:
    """A line above a table: GA4's `#` preamble, or Google Trends' `Category: ...` line (never a
    header whose first column is named `#`, as Typeform's is)."""
    stripped = line.lstrip().lstrip("\ufeff")
    if stripped.startswith("Category:"):
        return True
    return stripped.startswith("#") and not stripped.startswith(("#,", "#\t", '"#"'))


def header_line(text: str) -> tuple[int, str] | None:
    """(0-based line index, line) of the first line that is not a `#` comment or blank."""
    for i, line in enumerate(text.splitlines()):
        if line.strip() and not is_comment(line):
            return i, line
    return None


def preamble_names(text: str) -> frozenset[str]:
    """'# Start date: 20250901' -> '# start date', for each `key: value` comment line before the header.

    GA4's UI downloads say what they hold in `#` lines above their tables (and a "Reports snapshot"
    stacks many tables, any of which may come first), so its signature names these lines; Google
    Trends' `Category: All categories` reads '# category'.
    """
    names = set()
    for line in text.splitlines():
        stripped = line.strip().lstrip("\ufeff")
        if stripped and not is_comment(stripped):
            break
        key, colon, _ = stripped.lstrip("#").partition(":")
        if colon and key.strip():
            names.add("# " + key.strip().lower())
    return frozenset(names)


def guess_delimiter(line: str) -> str:
    return max(",\t;", key=line.count)


def sniff(export: Export, member: str) -> Shape:
    lower = member.lower()
    head = export.head(member, 65536)
    if head.startswith(b"PAR1"):
        try:
            schema = pq.read_schema(io.BytesIO(export.read(member)))
        except Exception:
            return Shape(member, "unknown", frozenset())
        return Shape(member, "parquet", columns(*schema.names))
    text = decode_text(head)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) or lower.endswith(".json"):
        try:
            data = json.loads(decode_text(export.read(member)))
        except (ValueError, RejectedFile):
            return Shape(member, "unknown", frozenset())
        keys = set(data) if isinstance(data, dict) else set()
        rows = data.get("rows") if isinstance(data, dict) else None
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            keys |= {f"rows[].{k}" for k in rows[0]}
        return Shape(member, "json", columns(*keys))
    if stripped.startswith("<"):
        # XML: an Atom feed (Google Alerts) is known by its namespace.
        atom = "http://www.w3.org/2005/Atom" in text and "<feed" in text
        return Shape(member, "xml", frozenset({"atom:feed"}) if atom else frozenset())
    if "\x00" in text[:1024]:  # binary, or UTF-16 without a BOM: no export we know
        return Shape(member, "unknown", frozenset())
    found = header_line(text)
    if not found:
        return Shape(member, "unknown", frozenset())
    line = found[1]
    try:
        names = next(csv.reader([line], delimiter=guess_delimiter(line)))
    except csv.Error:
        return Shape(member, "unknown", frozenset())
    return Shape(member, "csv", columns(*(n.strip() for n in names)) | preamble_names(text))


def shapes_of(export: Export) -> list[Shape]:
    return [sniff(export, m) for m in export.members]


def detect(export: Export, signatures: list[Signature]) -> Signature | None:
    shapes = shapes_of(export)
    for signature in signatures:
        # A lone file or a one-file zip matches single-member signatures; bundles need all parts.
        if len(signature.members) == 1 and len(shapes) != 1:
            continue
        if signature.matches(shapes):
            return signature
    return None
