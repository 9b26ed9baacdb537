"""Format detection by content: each format is a signature (the columns its tables carry).

A member's shape is what it is (csv, json, parquet) and the names it carries (header columns,
the keys of `# key: value` lines above a CSV header as '# key', or top-level JSON keys;
lower-cased). A signature lists, for each member it needs, the names that member must have; a
signature with several entries describes a bundle such as the
Search Console UI export (a daily table plus Filters.csv). The first signature that matches
wins, so the more specific ones come first in each family's list.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

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


def decode_text(raw: bytes, member: str | None = None) -> str:
    """Text of an export in whatever encoding its tool wrote (BOMs first, then UTF-8, then Windows-1252).

    With `member`, `raw` is the whole file, and one that ends in the middle of a character is
    rejected: it was cut off (an interrupted download), and reading it as Windows-1252 instead
    would garble every accented letter in it. Without, `raw` is a file's head, cut anywhere.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if member and len(raw) % 2:
            raise cut_mid_character(member)
        return raw.decode("utf-16", errors="strict" if member else "ignore")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":  # only the last character is incomplete
            if member:
                raise cut_mid_character(member) from None
            return raw[: e.start].decode("utf-8")
        return raw.decode("cp1252", errors="replace")


def utf8_file(path: Path, member: str, folder: Path) -> Path:
    """The file itself when it is UTF-8 (checked a chunk at a time, never read whole), else a UTF-8 copy in
    `folder`, decoded by decode_text: for readers that take UTF-8 only (DuckDB's CSV reader has no
    Windows-1252, and its "latin-1" refuses the curly quotes, dashes and euro sign at 0x80-0x9F)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return path
    except UnicodeDecodeError:
        pass  # UTF-16, Windows-1252, or UTF-8 cut inside a character (decode_text rejects that)
    copy = folder / "utf-8.csv"
    copy.write_text(decode_text(path.read_bytes(), member), encoding="utf-8")
    return copy


def cut_mid_character(member: str) -> RejectedFile:
    return RejectedFile(f"{member} ends in the middle of a character: the file is cut off; download it again")


def json_object(export: Export, member: str, description: str) -> dict:
    """A JSON export's top-level object, or a rejection naming the member."""
    try:
        data = json.loads(decode_text(export.read(member), member))
    except ValueError as e:
        raise RejectedFile(f"{member} is not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise RejectedFile(f"{member} is not a {description} (expected a JSON object)")
    return data


def is_comment(line: str) -> bool:
    """A line above a table: GA4's `#` preamble, or Google Trends' `Category: ...` line (never a
    header whose first column is named `#`, as Typeform's is; a `#` line a spreadsheet padded to
    "#,,,," is still one)."""
    stripped = line.lstrip().lstrip("\ufeff")
    if stripped.startswith("Category:"):
        return True
    return stripped.startswith("#") and (not stripped.startswith(("#,", "#\t")) or is_blank(stripped[1:]))


def is_blank(line: str) -> bool:
    """Empty, or only delimiters: a spreadsheet's re-save pads an empty line to ",,,,"."""
    return not line.strip(" \t\r\n,;\ufeff")


def header_line(text: str) -> tuple[int, str] | None:
    """(0-based line index, line) of the first line that is not a `#` comment or blank."""
    for i, line in enumerate(text.splitlines()):
        if not is_blank(line) and not is_comment(line):
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
        if not is_blank(stripped) and not is_comment(stripped):
            break
        key, colon, _ = stripped.lstrip("#").partition(":")
        if colon and key.strip():
            names.add("# " + key.strip().lower())
    return frozenset(names)


def guess_delimiter(line: str) -> str:
    return max(",\t;", key=line.count)


def csv_records(
    text: str, member: str, delimiter: str = ",", first_row: int = 1, complete: bool = True
) -> list[tuple[int, list[str]]]:
    """(row, cells) for each non-blank CSV record of `text`, numbered as a spreadsheet shows them.

    `first_row` is the row of the text's first line in the file; a value with a line break stays
    in one row. What a cut-off or damaged file looks like is a rejection naming the row: a quoted
    value left open at the end, a value too long for any export, and (when `complete`) a record
    with fewer cells than the first one, the header, has.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    row = first_row
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as e:
            raise RejectedFile(f"{member} row {row}: {_csv_problem(str(e))}") from None
        if any(c.strip() for c in cells):
            if complete and records and len(cells) < len(records[0][1]):
                raise RejectedFile(
                    f"{member} row {row}: {len(cells)} values under a header of "
                    f"{len(records[0][1])} columns; the file is cut off or damaged"
                )
            records.append((row, cells))
        row += 1


def _csv_problem(error: str) -> str:
    if "unexpected end of data" in error:
        return "a quoted value is never closed; the file is cut off or damaged"
    if "field larger than field limit" in error:
        return (
            f"a value longer than {csv.field_size_limit() // 1024} KB, more than any export writes; the file is damaged"
        )
    return f"is not valid CSV ({error}); the file is damaged"


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
