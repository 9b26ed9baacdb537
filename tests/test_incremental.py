"""An incremental refresh gives exactly what a full rebuild gives (issue 7).

The sample company is refreshed without some of its exports, then again after they arrive with a
Search Console export that replaces some earlier days with fewer queries (and one that loses to it),
then again after the brand terms change. Each incremental result is compared row by row with a full
rebuild: dbt's --full-refresh on a copy of the same warehouse (same load ids, so every column), and
a fresh warehouse refreshed from the whole inbox.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from demandgen.settings import SAMPLE_CONFIG, SAMPLE_INBOX
from tests.pipeline_support import refresh, run_cli

HELD_BACK = ["mentions/Meltwater export 2026-11-19.csv", "bulk_export/searchdata_site_impression_202608.csv"]
PROPERTY = "sc-domain:northwind-analytics.com"
BULK_HEADER = [
    "data_date",
    "site_url",
    "query",
    "is_anonymized_query",
    "country",
    "search_type",
    "device",
    "impressions",
    "clicks",
    "sum_top_position",
]
# Reaches 21 Nov, later than every other export: it replaces 28-30 Sep, each day with fewer queries.
REPLACING = [
    ("2026-09-28", "northwind analytics", "usa", "DESKTOP", 10, 3),
    ("2026-09-28", "northwind analytics", "gbr", "MOBILE", 5, 1),
    ("2026-09-29", "northwind analytics", "usa", "DESKTOP", 8, 2),
    ("2026-09-29", "crm reporting", "usa", "DESKTOP", 7, 0),
    ("2026-09-30", "northwind pricing", "deu", "DESKTOP", 4, 1),
    ("2026-11-21", "northwind analytics", "usa", "DESKTOP", 12, 5),
]
# Ends on 27 Sep, before the month's export does: loaded last, yet it wins no day.
LOSING = [("2026-09-27", "should never show", "usa", "DESKTOP", 999, 99)]

MODELS = [
    "intermediate.int_search__daily_rows_current",
    "intermediate.int_media__copy_brands",
    "intermediate.int_media__story_brands",
]
MARTS = ["marts.scorecard", "marts.branded_search_daily", "marts.media_mentions", "marts.search_query_totals"]
# Columns that name load ids, which differ between two warehouses that loaded the same files in other runs.
LOAD_LINEAGE = {"intermediate.int_search__daily_rows_current": ["export_last_load"]}


def _write_bulk(path: Path, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(BULK_HEADER)
        for day, query, country, device, impressions, clicks in rows:
            out.writerow([day, PROPERTY, query, "false", country, "WEB", device, impressions, clicks, 3.0])


def _rows(warehouse: Path, table: str, exclude: list[str] = ()) -> list[tuple]:
    # Attached into a private in-memory database: a second connect() to a swapped file may be stale.
    con = duckdb.connect()
    try:
        con.execute(f"attach '{warehouse}' as w (read_only)")
        columns = f"* exclude ({', '.join(exclude)})" if exclude else "*"
        return con.execute(f"select {columns} from w.{table} order by all").fetchall()
    finally:
        con.close()


def _refresh(config: Path, inbox: Path, warehouse: Path) -> None:
    result = refresh(config, inbox, warehouse)
    assert result.success, f"refresh of {warehouse} failed"


def _full_rebuild_of_a_copy(warehouse: Path, config: Path, inbox: Path, copy_dir: Path) -> Path:
    """`demandgen refresh --full-refresh` on a copy of the warehouse (serving and working file)."""
    shutil.copytree(warehouse.parent, copy_dir)
    (copy_dir / (warehouse.name + ".lock")).unlink(missing_ok=True)
    copy = copy_dir / warehouse.name
    done = run_cli(
        "refresh",
        "--full-refresh",
        "--config",
        str(config),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(copy),
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return copy


def _assert_same(incremental: Path, full: Path, tables: list[str], exclude: dict[str, list[str]]) -> None:
    for table in tables:
        got, expected = _rows(incremental, table, exclude.get(table, [])), _rows(full, table, exclude.get(table, []))
        assert expected, f"{table} is empty in the full rebuild"
        missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
        assert got == expected, (
            f"{table}: incremental differs from full: {len(missing)} rows missing "
            f"(first {missing[:3]}), {len(extra)} extra (first {extra[:3]})"
        )


@pytest.fixture(scope="module")
def after_new_exports(tmp_path_factory, dbt_manifest):
    """The sample refreshed without HELD_BACK, then again with them and the two new Search Console exports."""
    root = tmp_path_factory.mktemp("incremental")
    inbox = root / "inbox"
    shutil.copytree(SAMPLE_INBOX, inbox)
    held = root / "held_back"
    for rel in HELD_BACK:
        (held / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(inbox / rel, held / rel)
    warehouse = root / "incremental" / "demandgen.duckdb"
    _refresh(SAMPLE_CONFIG, inbox, warehouse)
    before = _rows(warehouse, "intermediate.int_search__daily_rows_current")

    for rel in HELD_BACK:
        shutil.move(held / rel, inbox / rel)
    _write_bulk(inbox / "bulk_export" / "searchdata_site_impression_20260928_20261121.csv", REPLACING)
    _write_bulk(inbox / "bulk_export" / "searchdata_site_impression_20260927.csv", LOSING)
    _refresh(SAMPLE_CONFIG, inbox, warehouse)
    return {"root": root, "inbox": inbox, "warehouse": warehouse, "before": before}


def test_new_exports_give_what_a_full_rebuild_gives(after_new_exports):
    w = after_new_exports
    full = _full_rebuild_of_a_copy(w["warehouse"], SAMPLE_CONFIG, w["inbox"], w["root"] / "full_rebuild")
    _assert_same(w["warehouse"], full, MODELS + MARTS, exclude={})


def test_a_newer_export_replaces_whole_days_even_with_fewer_queries(after_new_exports):
    w = after_new_exports
    rows = _rows(
        w["warehouse"],
        "intermediate.int_search__daily_rows_current",
        ["grain", "is_anonymized", "is_complete", "export_last_load"],
    )
    by_day = {}
    for prop, search_type, day, query, clicks, impressions in rows:
        if (prop, search_type) == (PROPERTY, "web") and day.isoformat() in (
            "2026-09-28",
            "2026-09-29",
            "2026-09-30",
            "2026-11-21",
        ):
            by_day.setdefault(day.isoformat(), []).append((query, clicks, impressions))
    # REPLACING's rows, summed by query by hand; the month export's other queries for those days are gone.
    assert by_day == {
        "2026-09-28": [("northwind analytics", 4, 15)],
        "2026-09-29": [("crm reporting", 0, 7), ("northwind analytics", 2, 8)],
        "2026-09-30": [("northwind pricing", 1, 4)],
        "2026-11-21": [("northwind analytics", 5, 12)],
    }
    # Before the new export, those September days had the month export's many queries; 27 Sep keeps them.
    before = {
        day: [r[4] for r in w["before"] if (r[0], r[2], r[3].isoformat()) == (PROPERTY, "web", day)]
        for day in ("2026-09-27", "2026-09-29")
    }
    assert len(before["2026-09-29"]) > 2
    kept = [
        query
        for prop, search_type, day, query, _, _ in rows
        if (prop, search_type, day.isoformat()) == (PROPERTY, "web", "2026-09-27")
    ]
    assert sorted(kept, key=str) == sorted(before["2026-09-27"], key=str) and "should never show" not in kept


def test_a_brand_term_change_rematches_every_story(after_new_exports, tmp_path):
    w = after_new_exports
    warehouse = tmp_path / "incremental" / "demandgen.duckdb"
    shutil.copytree(w["warehouse"].parent, warehouse.parent)
    before = _rows(warehouse, "intermediate.int_media__story_brands")
    # "Northwind" alone no longer names the brand; Fabrikam's exclusion goes.
    config = tmp_path / "demandgen.yaml"
    text = SAMPLE_CONFIG.read_text()
    changed = text.replace("terms: [northwind, northwind analytics]", "terms: [northwind analytics]").replace(
        "exclude: [fabrikam fiber]", "exclude: []"
    )
    assert changed != text
    config.write_text(changed)
    _refresh(config, w["inbox"], warehouse)
    assert _rows(warehouse, "intermediate.int_media__story_brands") != before

    fresh = tmp_path / "fresh" / "demandgen.duckdb"
    _refresh(config, w["inbox"], fresh)
    # Story copies are keyed by load id, which differs between two warehouses that loaded the files in other runs.
    copies = "intermediate.int_media__copy_brands"
    _assert_same(warehouse, fresh, [m for m in MODELS if m != copies] + MARTS, exclude=LOAD_LINEAGE)
