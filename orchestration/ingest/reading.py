"""Reading an export's members, for every family's parser: text in whatever encoding its tool wrote, CSV
tables under any `#` lines, JSON objects, and the cells in them, with rejections that name the member
and row.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from .inbox import Export, RejectedFile

# --- text ---------------------------------------------------------------------------------------


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


# --- CSV ----------------------------------------------------------------------------------------


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


def csv_table(
    export: Export, member: str, delimiter: str | None = None, complete: bool = True
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV member's header (names stripped) and records under it, the `#` lines and blank lines above
    it skipped; in the delimiter its header shows unless one is given."""
    text = decode_text(export.read(member), member)
    found = header_line(text)
    records = []
    if found:
        first, line = found
        lines = "\n".join(text.splitlines()[first:])
        records = csv_records(lines, member, delimiter or guess_delimiter(line), first + 1, complete)
    if not records:
        raise RejectedFile(f"{member} is empty")
    (_, header), *rows = records
    return [h.strip() for h in header], rows


def column(header: list[str], names: Iterable[str | None]) -> int | None:
    """Index of the first of `names` (in their order of preference; None skipped) the header has, any case."""
    lower = [h.strip().lower() for h in header]
    return next((lower.index(n.lower()) for n in names if n and n.lower() in lower), None)


def cell(cells: list[str], index: int | None) -> str:
    """A record's value in a column, stripped; "" where the column is missing or the record short."""
    return cells[index].strip() if index is not None and index < len(cells) else ""


# --- the export ---------------------------------------------------------------------------------


def one_member(export: Export, description: str) -> str:
    """The one file of an export that is one file (a zip or folder of several is not one)."""
    if len(export.members) != 1:
        raise RejectedFile(f"holds {len(export.members)} files; a {description} is one file")
    return export.members[0]
