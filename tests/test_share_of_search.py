"""Google Trends downloads → share of search: the format, the scale rules, and the light.

The fixtures under tests/fixtures/trends/ are small downloads written as Trends writes them (a
`Category:` line, a blank line, then the table; a BOM on one). The main one holds monthly values
that are constant within each year, so every share below is a hand calculation written out.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from orchestration.config import parse_config
from orchestration.ingest import trends
from orchestration.ingest.detect import detect
from orchestration.ingest.inbox import RejectedFile, discover, open_zip
from orchestration.ingest.landing import SIGNATURES, is_bundle
from tests.pipeline_support import FIXTURES, query, refresh

TRENDS = FIXTURES / "trends"
CONFIG_TEXT = """\
brand: {name: Northwind Analytics, terms: [northwind, northwind analytics]}
competitors:
  - {name: Contoso Metrics, terms: [contoso]}
  - {name: Fabrikam Insights, terms: [fabrikam]}
"""
CONFIG = parse_config({"brand": {"name": "Northwind Analytics", "terms": ["northwind"]}}, "test.yaml")


def parse_bytes(tmp_path: Path, content: bytes, name: str = "multiTimeline.csv"):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(content)
    [export] = discover(inbox, is_bundle)
    open_zip(export)
    signature = detect(export, SIGNATURES)
    assert signature is not None and signature.format == "google_trends_csv"
    return trends.parse(export, signature, CONFIG)


def test_a_weekly_download_is_read_with_its_region_and_below_one_values(tmp_path):
    content = (
        b"Category: All categories\n\nWeek,northwind: (United Kingdom),contoso: (United Kingdom)\n"
        b"2026-10-04,40,<1\n2026-10-11,42,3\n"
    )
    parsed = parse_bytes(tmp_path, content, "multiTimeline (3).csv")
    rows = parsed.tables[trends.TABLE].to_pylist()
    assert [(r["period_start"], r["period_end"], r["term"], r["interest"]) for r in rows] == [
        (date(2026, 10, 4), date(2026, 10, 10), "northwind", 40.0),
        (date(2026, 10, 4), date(2026, 10, 10), "contoso", 0.5),
        (date(2026, 10, 11), date(2026, 10, 17), "northwind", 42.0),
        (date(2026, 10, 11), date(2026, 10, 17), "contoso", 3.0),
    ]
    assert {r["geo"] for r in rows} == {"United Kingdom"} and rows[1]["value_as_written"] == "<1"
    assert parsed.notes == ["1 values '<1' counted as 0.5"]


@pytest.mark.parametrize(
    "content, reason",
    [
        (
            "Category: All categories\n\nWeek,northwind: (Worldwide)\n2026-10-04,lots\n",
            "multiTimeline.csv row 4: northwind: (Worldwide) 'lots' is not a number from 0 to 100",
        ),
        (
            "Category: All categories\n\nWeek,northwind: (Worldwide)\n04/10/2026,40\n",
            "multiTimeline.csv row 4: '04/10/2026' is not a week like 2026-03-01",
        ),
        (
            "Category: All categories\n\nWeek,northwind: (Worldwide),contoso: (United States)\n2026-10-04,40,20\n",
            "compares regions (United States, Worldwide)",
        ),
        (
            "Category: All categories\n\nMonth,northwind\n2026-10,40\n",
            "column 'northwind' is not a Trends term like 'northwind: (Worldwide)'",
        ),
    ],
)
def test_a_download_that_cannot_be_read_is_rejected_naming_the_place(tmp_path, content, reason):
    with pytest.raises(RejectedFile) as rejected:
        parse_bytes(tmp_path, content.encode())
    assert reason in str(rejected.value)


@pytest.fixture(scope="module")
def trends_warehouse(tmp_path_factory, dbt_manifest) -> Path:
    root = tmp_path_factory.mktemp("trends")
    shutil.copytree(TRENDS, root / "inbox")
    config = root / "demandgen.yaml"
    config.write_text(CONFIG_TEXT)
    warehouse = root / "demandgen.duckdb"
    assert refresh(config, root / "inbox", warehouse).success
    return warehouse


def test_shares_are_computed_within_one_download_and_never_mixed_across_scales(trends_warehouse):
    # multiTimeline.csv, January 2025: northwind 10, contoso 30, fabrikam <1 (0.5): 10 / 40.5.
    # multiTimeline (1).csv has only northwind and contoso (another scale: 100 and 50 in January
    # 2026); the three-brand download wins there: 15 / (15 + 30 + 5).
    shares = {
        (str(start), brand): (share, source)
        for start, brand, share, source in query(
            trends_warehouse,
            """
        select period_start, brand, share_pct, source_file from marts.share_of_search""",
        )
    }
    assert shares[("2025-01-01", "Northwind Analytics")][0] == pytest.approx(100 * 10 / 40.5)
    assert shares[("2025-01-01", "Fabrikam Insights")][0] == pytest.approx(100 * 0.5 / 40.5)
    assert shares[("2026-01-01", "Northwind Analytics")] == (pytest.approx(30.0), "multiTimeline.csv")
    assert {source for _, source in shares.values()} == {"multiTimeline.csv"}
    # multiTimeline (2).csv names one tracked brand and a generic term: no share from it.
    assert query(trends_warehouse, "select distinct geo from marts.share_of_search") == [("Worldwide",)]


def test_the_light_compares_the_last_12_complete_months_with_the_12_before(trends_warehouse):
    [(status, value, start, end, comparison_start, explanation)] = query(
        trends_warehouse,
        """
        select status, value, period_start, period_end, comparison_start, explanation
        from marts.scorecard where metric = 'share_of_search'""",
    )
    # November 2026 is the newest month, so not complete: Nov 2025-Oct 2026 (15 of 50 each month,
    # 30%) against Nov 2024-Oct 2025 (10 of 40.5, 24.69%).
    assert (str(start), str(end), str(comparison_start)) == ("2025-11-01", "2026-10-31", "2024-11-01")
    assert value == pytest.approx(30 - 100 * 10 / 40.5)
    assert status == "green"
    assert explanation == (
        "The brand drew 30% of the search interest in the 3 tracked brands (Worldwide) in the 12 months to "
        "October 2026, against 24.7% the 12 months before: +5.3 points. A rising share of search tends to lead "
        "a rising market share. Trends values shown as <1 are counted as 0.5."
    )


def test_the_sample_downloads_give_the_generator_s_hand_calculated_shares(sample_warehouse):
    from seeds.generate import END_DATE
    from seeds.trends import share_of_search_yoy, trends_truth

    truth = trends_truth(END_DATE)
    got = {
        (start, brand): share
        for start, brand, share in query(
            sample_warehouse,
            """
        select period_start, brand, share_pct from marts.share_of_search where geo = 'Worldwide'""",
        )
    }
    assert len(got) == len(truth)
    for row in truth:
        assert got[(row["period_start"], row["brand"])] == pytest.approx(row["share_pct"])
    expected = share_of_search_yoy(END_DATE)
    [(value, status)] = query(
        sample_warehouse, "select value, status from marts.scorecard where metric = 'share_of_search'"
    )
    assert value == pytest.approx(expected["change_points"]) and status == "green"
