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
from .reading import decode_text, guess_delimiter, header_line, is_blank, is_comment

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


def preamble_names(text: str) -> frozenset[str]:
    """'# Start date: 20250901' -> '# start date', for each `key: value` comment line before the header.

    GA4's UI downloads say what they hold in `#` lines above their tables (and a "Reports snapshot"
    stacks many tables, any of which may come first), so its signature names these lines; Google
    Trends' `Category: All categories` reads '# category'.
    """
    names = set()
    for line in text.splitlines():
        stripped = line.strip().lstrip("\ufeff")
        if not is_blank(stripped) and not is_comment(stripped):
            break
        key, colon, _ = stripped.lstrip("#").partition(":")
        if colon and key.strip():
            names.add("# " + key.strip().lower())
    return frozenset(names)


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


def unreadable(export: Export) -> str | None:
    """Why a member that is JSON or Parquet by its look cannot be read (a saved API response or a
    download cut off, say); said instead of "not an export we know", which would send the user
    looking in the wrong place."""
    for member in export.members:
        head = export.head(member, 1024)
        if head.startswith(b"PAR1"):
            try:
                pq.read_schema(io.BytesIO(export.read(member)))
            except Exception as e:  # pyarrow's errors have no common base; any of them means damage
                return (
                    f"{member} is a Parquet file that cannot be read ({str(e).splitlines()[0]}); "
                    "the file is damaged or cut off, download it again"
                )
            continue
        if not (decode_text(head).lstrip().startswith(("{", "[")) or member.lower().endswith(".json")):
            continue
        try:
            json.loads(decode_text(export.read(member), member))
        except RejectedFile as e:
            return str(e)
        except ValueError as e:
            return f"{member} is not valid JSON ({e}); the file is damaged or cut off, save it again"
    return None


def looks_like(export: Export) -> str:
    """What an export no signature matches looks like, in a few words a marketer recognises: "a CSV
    table with the columns Name, Email, Phone, ...", "an empty file", "a zip of 12 files"."""
    if len(export.members) != 1:
        return f"a {'zip' if export.kind == 'zip' else 'folder'} of {len(export.members)} files"
    member = export.members[0]
    shape = sniff(export, member)
    names = sorted(n for n in shape.columns if not n.startswith("# "))
    listed = ", ".join(n if len(n) <= 30 else n[:29] + "…" for n in names[:4]) + (", …" if len(names) > 4 else "")
    if shape.kind in ("csv", "parquet"):
        return f"a {shape.kind.upper() if shape.kind == 'csv' else 'Parquet'} table with the columns {listed}"
    if shape.kind == "json":
        return f"a JSON file with the keys {listed}" if names else "a JSON file with no keys"
    if shape.kind == "xml":
        return "an XML file that is not a Google Alerts feed"
    head = export.head(member, 1024)
    if not head:
        return "an empty file"
    if b"\x00" in head or head.startswith(b"PK"):
        return "a binary file (an image, a PDF or an Excel workbook?)"
    return "a text file with no table in it"


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
