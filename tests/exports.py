"""Building export files in tests (zips are built, not committed), and export rows more than one test module
uses."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pyarrow as pa

from orchestration.config import parse_config

SEARCH_CONSOLE_PROPERTY = "sc-domain:northwind-analytics.com"
SEARCH_CONSOLE_CONFIG = parse_config(
    {
        "brand": {"name": "Northwind Analytics", "terms": ["northwind"]},
        "search_console": {"property": SEARCH_CONSOLE_PROPERTY},
    },
    "test.yaml",
)


def zipped(folder: Path, tmp_path: Path) -> bytes:
    """An export zip as the tools serve it: the folder's files flat at the top level."""
    path = tmp_path / "built.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member in sorted(folder.iterdir()):
            z.write(member, member.name)
    return path.read_bytes()


BULK_PARQUET_SCHEMA = pa.schema(
    [
        ("data_date", pa.date32()),
        ("site_url", pa.string()),
        ("query", pa.string()),
        ("is_anonymized_query", pa.bool_()),
        ("country", pa.string()),
        ("search_type", pa.string()),
        ("device", pa.string()),
        ("impressions", pa.int64()),
        ("clicks", pa.int64()),
        ("sum_top_position", pa.float64()),
    ]
)
# The CSV fixture's nine records, as BigQuery types them in a Parquet extract.
BULK_PARQUET_ROWS = [
    (date(2026, 3, 1), SEARCH_CONSOLE_PROPERTY, "northwind analytics", False, "usa", "WEB", "DESKTOP", 120, 40, 10.0),
    (date(2026, 3, 1), SEARCH_CONSOLE_PROPERTY, "northwind analytics", False, "usa", "WEB", "DESKTOP", 30, 5, 6.0),
    (date(2026, 3, 1), SEARCH_CONSOLE_PROPERTY, None, True, "usa", "WEB", "DESKTOP", 55, 3, 200.5),
    (date(2026, 3, 1), SEARCH_CONSOLE_PROPERTY, "northwind, pricing", False, "gbr", "WEB", "MOBILE", 12, 2, 8.0),
    (
        date(2026, 3, 2),
        SEARCH_CONSOLE_PROPERTY,
        'the "northwind" dashboard',
        False,
        "deu",
        "WEB",
        "DESKTOP",
        9,
        1,
        27.0,
    ),
    (date(2026, 3, 2), SEARCH_CONSOLE_PROPERTY, "northwind\nlogin", False, "usa", "WEB", "MOBILE", 4, 2, 0.0),
    (
        date(2026, 3, 2),
        SEARCH_CONSOLE_PROPERTY,
        "nörthwind analýtics münchen",
        False,
        "deu",
        "WEB",
        "DESKTOP",
        7,
        0,
        35.0,
    ),
    (date(2026, 3, 2), SEARCH_CONSOLE_PROPERTY, None, True, "fra", "WEB", "MOBILE", 20, 0, 150.0),
    (date(2026, 3, 3), SEARCH_CONSOLE_PROPERTY, "ノースウィンド 料金", False, "jpn", "WEB", "MOBILE", 3, 1, 2.0),
]


MATOMO_TRANSLATED = [  # Referrers > Channel Type for two days, as Matomo translates its columns
    [
        "Date",
        "Label",
        "Unique visitors",
        "Visits",
        "Actions",
        "Users",
        "Maximum actions in one visit",
        "Total time spent by visitors (in seconds)",
        "Bounces",
        "Visits with Conversions",
        "Bounce Rate",
        "Actions per Visit",
        "Avg. Time on Website",
        "Conversion Rate",
    ],
    [
        "2025-09-01",
        "Search Engines",
        "84",
        "91",
        "263",
        "0",
        "17",
        "10422",
        "33",
        "2",
        "36.26%",
        "2.9",
        "00:01:55",
        "2.2%",
    ],
    ["2025-09-01", "Direct Entry", "51", "58", "141", "0", "9", "5210", "25", "1", "43.1%", "2.4", "00:01:30", "1.72%"],
    ["2025-09-01", "Websites", "12", "13", "40", "0", "8", "1820", "4", "0", "30.77%", "3.1", "00:02:20", "0%"],
    [
        "2025-09-02",
        "Search Engines",
        "90",
        "99",
        "290",
        "0",
        "21",
        "11880",
        "35",
        "3",
        "35.35%",
        "2.9",
        "00:02:00",
        "3.03%",
    ],
    ["2025-09-02", "Social Networks", "7", "7", "12", "0", "3", "420", "4", "0", "57.14%", "1.7", "00:01:00", "0%"],
    ["2025-09-02", "Campaigns", "15", "16", "52", "0", "11", "2400", "3", "1", "18.75%", "3.3", "00:02:30", "6.25%"],
]


def matomo_bytes(table: list[list[str]], delimiter: str = ",") -> bytes:
    """As Matomo writes an export: UTF-16LE with a BOM, LF, no final line break."""
    return ("\ufeff" + "\n".join(delimiter.join(row) for row in table)).encode("utf-16-le")
