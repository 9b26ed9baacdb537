"""Search Console bulk files land several at a time (each on its own cursor and transaction), and the
outcome is exactly a one-at-a-time ingest's: the report in discovery order, a damaged file rejected whole
with its reason, a same-content copy a duplicate of the first, the same raw rows, and load ids in
discovery order (dbt reads the larger id as the export loaded later).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from orchestration.ingest import landing
from orchestration.ingest.landing import ingest_inbox
from tests.exports import SEARCH_CONSOLE_CONFIG as CONFIG

WEB_ANALYTICS = Path(__file__).parent / "fixtures" / "web_analytics"
HEADER = "data_date,site_url,query,is_anonymized_query,country,search_type,device,impressions,clicks,sum_top_position\n"
SITE = "sc-domain:northwind-analytics.com"
GA4 = "ga4_traffic_acquisition_daily.csv"


def month(number: int, third_impressions: str = "30") -> str:
    """A bulk file of three records on 2026-<number>-01; the third's impressions as given."""
    return HEADER + "".join(
        f"2026-{number:02d}-01,{SITE},northwind {query},false,usa,WEB,DESKTOP,{impressions},1,2.0\n"
        for query, impressions in (("pricing", "10"), ("login", "20"), ("demo", third_impressions))
    )


def bulk(number: int) -> str:
    return f"searchdata_site_impression_2026{number:02d}.csv"


# Discovery order (oldest first): what each file is.
INBOX = [
    (bulk(1), month(1)),
    (bulk(2), month(2)),
    (bulk(3), month(3, third_impressions="1.5")),  # damaged: record 3 is spreadsheet row 4
    (GA4, None),  # a careful-parser export between the bulk files
    ("searchdata_site_impression_202601 (1).csv", month(1)),  # the same content as the first file
    (bulk(4), month(4)),
    ("searchdata_site_impression_202603 (1).csv", month(3, third_impressions="1.5")),  # the damaged one again
    (bulk(5), month(5)),
]


def fill(inbox: Path) -> None:
    inbox.mkdir(parents=True)
    for n, (name, text) in enumerate(INBOX):
        if text is None:
            shutil.copyfile(WEB_ANALYTICS / name, inbox / name)
        else:
            (inbox / name).write_text(text, encoding="utf-8")
        os.utime(inbox / name, (1_770_000_000 + 60 * n, 1_770_000_000 + 60 * n))


def ingest(folder: Path, workers: int, monkeypatch) -> dict:
    fill(folder / "inbox")
    with duckdb.connect(str(folder / "warehouse.duckdb")) as con, monkeypatch.context() as patch:
        on_callers = {}  # file name -> whether it landed on the caller's connection (else on a cursor of its own)
        real_land = landing._land

        def land(on, export, *args):
            on_callers.setdefault(export.name, on is con)
            return real_land(on, export, *args)

        patch.setattr(landing, "_land", land)
        report = ingest_inbox(con, folder / "inbox", CONFIG, "test-run", workers=workers)
        return {
            "on_callers": on_callers,
            "report": report.as_metadata(),
            "files": con.execute(
                "select * exclude (load_id, ingested_at) from raw.ingested_files order by file_name"
            ).fetchall(),
            "rows": con.execute(
                "select * exclude (load_id, ingested_at) from raw.search_console_bulk_site_rows "
                "order by source_file, source_row"
            ).fetchall(),
            "rows_match_their_file": con.execute(
                "select bool_and(r.load_id = f.load_id) from raw.search_console_bulk_site_rows r "
                "join raw.ingested_files f on r.source_file = f.file_name"
            ).fetchall()[0][0],
            "ga4_rows": con.execute(
                "select * exclude (load_id, ingested_at) from raw.web_analytics_channel_rows order by source_row"
            ).fetchall(),
            "by_load_id": [
                name for [name] in con.execute("select file_name from raw.ingested_files order by load_id").fetchall()
            ],
        }


def test_two_at_a_time_lands_what_one_at_a_time_does(tmp_path, monkeypatch):
    one = ingest(tmp_path / "one", workers=1, monkeypatch=monkeypatch)
    two = ingest(tmp_path / "two", workers=2, monkeypatch=monkeypatch)

    report = two["report"]
    [ga4] = [f for f in report["loaded"] if f["file"] == GA4]
    assert ga4["format"] == "ga4_ui_csv" and ga4["rows"] > 0
    assert report["loaded"] == [
        {"file": bulk(1), "format": "search_console_bulk_site", "rows": 3},
        {"file": bulk(2), "format": "search_console_bulk_site", "rows": 3},
        ga4,
        {"file": bulk(4), "format": "search_console_bulk_site", "rows": 3},
        {"file": bulk(5), "format": "search_console_bulk_site", "rows": 3},
    ]
    assert report["duplicates"] == [{"file": "searchdata_site_impression_202601 (1).csv", "same_as": bulk(1)}]
    assert report["rejected"] == [
        {"file": bulk(3), "reason": f"{bulk(3)} row 4: impressions '1.5' is not a whole number of zero or more"},
        {
            "file": "searchdata_site_impression_202603 (1).csv",
            "reason": "searchdata_site_impression_202603 (1).csv row 4: impressions '1.5' is not a whole number "
            "of zero or more",
        },
    ]
    assert report["rows"] == 4 * 3 + ga4["rows"]
    # Every file has its row in raw.ingested_files, load ids in discovery order.
    assert two["by_load_id"] == [name for name, _ in INBOX]
    assert len(two["rows"]) == 12 and two["rows_match_their_file"]
    assert sorted({row[-2] for row in two["rows"]}) == [bulk(1), bulk(2), bulk(4), bulk(5)]  # source_file
    # The bulk files (the damaged one's copy is tried after the others) land on cursors of their own, the
    # GA4 download on the caller's connection.
    assert two["on_callers"] == {
        bulk(1): False,
        bulk(2): False,
        bulk(3): False,
        GA4: True,
        bulk(4): False,
        "searchdata_site_impression_202603 (1).csv": True,
        bulk(5): False,
    }
    assert one == two
