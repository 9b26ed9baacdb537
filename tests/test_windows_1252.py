"""Exports saved in Windows-1252 (a spreadsheet's "CSV" on Windows) land with their characters as written.

Windows-1252 puts the curly quotes, dashes, the euro sign and the ellipsis at bytes 0x80-0x9F, where
Latin-1 has control codes. Each ingester reading text is given one of its real-format fixtures re-saved
in Windows-1252 with a value holding those characters and accented letters, and the value must land in
its raw table exactly. A UTF-8 file with the same characters must land the same (never read as
Windows-1252, even where a character straddles the 64 KB head read to recognise the file), and a UTF-8
file cut inside a character is still refused.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from orchestration.config import parse_config
from orchestration.ingest.landing import ingest_inbox
from tests.pipeline_support import FIXTURES

CONFIG = parse_config(
    {
        "brand": {"name": "Northwind Analytics", "terms": ["northwind"]},
        "search_console": {"property": "sc-domain:northwind-analytics.com"},
        "web_analytics": {"property": "northwind-analytics.com"},
        "mentions_csv": {"date": "Published", "title": "Headline", "url": "Link", "outlet": "Source"},
    },
    "demandgen.yaml",
)
# Every character Windows-1252 puts at 0x80-0x9F that a marketer types, and accented letters.
WORDS = "Café “Nord” – ‘Süd’ — 5 € … Œuvre"
assert {b for b in WORDS.encode("cp1252") if 0x80 <= b <= 0x9F} == {
    0x80,
    0x85,
    0x8C,
    0x91,
    0x92,
    0x93,
    0x94,
    0x96,
    0x97,
}


def fixture_text(relative: str) -> str:
    """A fixture's text, whatever encoding its tool wrote it in (without a BOM: Windows-1252 has none)."""
    raw = (FIXTURES / relative).read_bytes()
    return raw.decode("utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig")


def replaced(relative: str, old: str, new: str, member: str | None = None) -> str:
    """The fixture (or the zip fixture's `member`) with its first `old` replaced."""
    if member:
        with zipfile.ZipFile(FIXTURES / relative) as z:
            text = z.read(member).decode("utf-8-sig")
    else:
        text = fixture_text(relative)
    assert old in text, f"{old!r} is not in {relative}"
    return text.replace(old, new, 1)


def folder(relative: str, dropped_as: str, member: str, old: str, new: str) -> dict[str, str]:
    """A fixture folder's files, dropped as the folder `dropped_as`, with `member`'s first `old` replaced."""
    return {
        f"{dropped_as}/{p.name}": replaced(f"{relative}/{p.name}", old, new)
        if p.name == member
        else fixture_text(f"{relative}/{p.name}")
        for p in sorted((FIXTURES / relative).iterdir())
    }


MATOMO = "\n".join(
    [
        "Date,Label,Unique visitors,Visits,Actions,Bounce Rate",
        "2025-09-01,Search Engines,84,91,263,36.11%",
        f"2025-09-01,{WORDS},12,13,20,50%",
    ]
)

# (id, the file or folder dropped: name -> text, raw table, column, the value that must land there)
CASES = [
    (
        "search console bulk csv",
        {
            "searchdata_site_impression.csv": replaced(
                "search_console/bulk_site_impression.csv", ",northwind analytics,", f",{WORDS},"
            )
        },
        "search_console_bulk_site_rows",
        "query",
        WORDS,
    ),
    (
        "search console ui export",
        folder("search_console/ui_dates_last_3_months", "Performance", "Queries.csv", "\nnorthwind,", f'\n"{WORDS}",'),
        "search_console_ui_query_totals",
        "query",
        WORDS,
    ),
    (
        "ga4 csv",
        {
            "data-export.csv": replaced(
                "web_analytics/ga4_traffic_acquisition_daily.csv",
                "# Property: Northwind Analytics - GA4",
                "# Property: " + WORDS,
            )
        },
        "web_analytics_channel_rows",
        "property",
        WORDS,
    ),
    (
        "plausible",
        folder(
            "web_analytics/plausible_export_sources_only",
            "Plausible export northwind-analytics.com 2025-09-01  to 2025-09-07 ",
            "sources.csv",
            "\nnews.ycombinator.com,",
            f'\n"{WORDS}",',
        ),
        "web_analytics_channel_rows",
        "source_medium",
        WORDS,
    ),
    (
        "qualtrics",
        {
            "Brand tracker.csv": replaced(
                "surveys/Brand tracker Q4 2025_October 17, 2025_09.12.csv", '"Northwind, Contoso"', f'"{WORDS}"'
            )
        },
        "survey_answers",
        "answer",
        WORDS,
    ),
    (
        "surveymonkey",
        {
            "Brand awareness.csv": replaced(
                "surveys/Brand awareness spring 2025.zip",
                '"Contoso, Northwind Analytics, Google Analytics"',
                f'"{WORDS}"',
                member="CSV/Brand awareness spring 2025.csv",
            )
        },
        "survey_answers",
        "answer",
        WORDS,
    ),
    (
        "typeform",
        {"responses.csv": replaced("surveys/responses-Xy12AbCd-2026-04-20.csv", "Northwind & Fabrikam", f'"{WORDS}"')},
        "survey_answers",
        "answer",
        WORDS,
    ),
    (
        "google forms",
        {
            "Vendor awareness (Responses).csv": replaced(
                "surveys/Vendor awareness October 2026 (Responses) - Form Responses 1.csv",
                ",contoso metrics,",
                f",{WORDS},",
            )
        },
        "survey_answers",
        "answer",
        WORDS,
    ),
    (
        "google trends",
        {"multiTimeline.csv": replaced("trends/multiTimeline.csv", "fabrikam: (Worldwide)", f"{WORDS}: (Worldwide)")},
        "trends_interest",
        "term",
        WORDS,
    ),
    (
        "meltwater",
        {
            "Meltwater export.csv": replaced(
                "mentions/Meltwater export 2026-Q3.csv",
                "Contoso and Northwind battle for B2B analytics",
                WORDS,
            )
        },
        "media_mention_rows",
        "title",
        WORDS,
    ),
    (
        "mapped mentions csv",
        {"coverage.csv": replaced("mentions/brand24_mentions.csv", "Contoso expands to Europe", WORDS)},
        "media_mention_rows",
        "title",
        WORDS,
    ),
    ("matomo", {"Channel Type.csv": MATOMO}, "ingested_files", "reason", WORDS),
]


def ingested(tmp_path: Path, dropped: dict[str, str], encoding: str) -> duckdb.DuckDBPyConnection:
    inbox = tmp_path / "inbox"
    for name, text in dropped.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        # As Windows saves it: a character Windows-1252 lacks (the fixtures' Japanese queries) becomes "?".
        (inbox / name).write_bytes(text.encode(encoding, errors="replace"))
    con = duckdb.connect()
    ingest_inbox(con, inbox, CONFIG, "run-1")
    return con


def landed(con: duckdb.DuckDBPyConnection, table: str, column: str) -> list[str]:
    return [v for (v,) in con.execute(f"select {column} from raw.{table}").fetchall() if v is not None]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
@pytest.mark.parametrize(("case_id", "dropped", "table", "column", "exact"), CASES, ids=[c[0] for c in CASES])
def test_a_windows_1252_or_utf_8_export_lands_its_characters_exactly(
    tmp_path, case_id, dropped, table, column, exact, encoding
):
    con = ingested(tmp_path, dropped, encoding)
    outcomes = con.execute("select file_name, status, reason from raw.ingested_files").fetchall()
    values = landed(con, table, column)
    if case_id == "matomo":
        # Matomo's labels are its channel types: one that is not is quoted in the rejection, as written.
        [(_, status, reason)] = outcomes
        assert status == "rejected" and f"labels '{WORDS}' are not Matomo channel types" in reason, reason
        return
    assert {status for _, status, _ in outcomes} == {"loaded"}, outcomes
    assert exact in values, f"{WORDS!r} is not among {values[:20]}"
    assert not any("\ufffd" in v or "â€" in v or "Ã" in v for v in values), "characters were misread"


def test_a_utf_8_character_across_the_64_kb_head_is_still_read_as_utf_8(tmp_path):
    # The head read to recognise a file is cut at 65,536 bytes, here inside "é": that cut is the head's,
    # not the file's, and the file is UTF-8 throughout.
    header = "Published,Headline,Link\n"
    row = "2026-09-25,{title},https://a.example/{n}\n"
    filler = []
    size = len(header)
    n = 0
    while size < 65_536 - 200:
        line = row.format(title="Northwind weekly", n=n)
        filler.append(line)
        size += len(line)
        n += 1
    pad = 65_535 - size - len("2026-09-25,")
    last = "2026-09-25," + "x" * pad + "é " + WORDS + ",https://a.example/last\n"
    text = header + "".join(filler) + last
    raw = text.encode("utf-8")
    assert raw[65_535:65_537] == "é".encode()  # the head ends between é's two bytes
    con = ingested(tmp_path, {"coverage.csv": text}, "utf-8")
    assert con.execute("select status from raw.ingested_files").fetchall() == [("loaded",)]
    [(title,)] = con.execute("select title from raw.media_mention_rows where url like '%/last'").fetchall()
    assert title.endswith("é " + WORDS)


@pytest.mark.parametrize(
    "name, text",
    [
        ("searchdata_site_impression.csv", fixture_text("search_console/bulk_site_impression.csv") + "2026-03-09,café"),
        ("coverage.csv", fixture_text("mentions/brand24_mentions.csv") + "2026-10-06,café"),
    ],
)
def test_a_utf_8_file_cut_inside_a_character_is_still_refused(tmp_path, name, text):
    raw = text.encode("utf-8")[:-1]  # the last byte of "é" lost
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(raw)
    con = duckdb.connect()
    ingest_inbox(con, inbox, CONFIG, "run-1")
    [(status, reason)] = con.execute("select status, reason from raw.ingested_files").fetchall()
    assert status == "rejected"
    assert reason == f"{name} ends in the middle of a character: the file is cut off; download it again"
