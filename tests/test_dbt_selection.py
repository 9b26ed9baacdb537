"""A refresh builds the dbt models its new data can change, and the result is what building everything gives
(issue 18: a refresh's cost grows with what arrived, not with all the history in the warehouse).

The sample company is refreshed without its surveys; the surveys then arrive; then a refresh finds nothing
new. Which models each refresh built is read from the run's materializations.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from demandgen.settings import SAMPLE_CONFIG, SAMPLE_INBOX
from tests.pipeline_support import refresh, run_cli

EVERY_REFRESH = {
    "staging.stg_demandgen__ingested_files",
    "intermediate.int_pipeline__loaded_exports",
    "marts.ingested_files",
    "marts.source_freshness",
    "intermediate.int_scorecard__this_publish",
    "marts.light_changes",
    "marts.scorecard",
}


def _built_models(config: Path, inbox: Path, warehouse: Path) -> set[str]:
    from orchestration.dbt_models import demandgen_dbt_models

    result = refresh(config, inbox, warehouse)
    assert result.success, f"refresh of {warehouse} failed"
    built = {
        event.asset_key.path[-2] + "." + event.asset_key.path[-1]
        for event in result.get_asset_materialization_events()
        if event.asset_key in demandgen_dbt_models.keys
    }
    assert "serving_warehouse" in {e.asset_key.path[0] for e in result.get_asset_materialization_events()}, (
        "not published"
    )
    return built


def _rows(warehouse: Path, table: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        con.execute(f"attach '{warehouse}' as w (read_only)")
        return con.execute(f"select * from w.{table} order by all").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def three_refreshes(tmp_path_factory, dbt_manifest):
    root = tmp_path_factory.mktemp("selection")
    inbox = root / "inbox"
    shutil.copytree(SAMPLE_INBOX, inbox)
    shutil.move(inbox / "surveys", root / "surveys_held_back")
    warehouse = root / "warehouse" / "demandgen.duckdb"
    first = _built_models(SAMPLE_CONFIG, inbox, warehouse)
    shutil.move(root / "surveys_held_back", inbox / "surveys")
    second = _built_models(SAMPLE_CONFIG, inbox, warehouse)
    third = _built_models(SAMPLE_CONFIG, inbox, warehouse)
    return {"root": root, "inbox": inbox, "warehouse": warehouse, "built": [first, second, third]}


def test_the_first_refresh_builds_every_model(three_refreshes):
    first = three_refreshes["built"][0]
    assert {"marts.branded_search_daily", "marts.awareness_waves", "marts.media_mentions", "marts.scorecard"} <= first


def test_new_surveys_build_the_survey_models_and_the_lights_only(three_refreshes):
    second = three_refreshes["built"][1]
    assert {"staging.stg_surveys__responses", "marts.awareness_waves", "marts.awareness_change"} <= second
    # The lights read every source, so they follow any of them.
    assert {"intermediate.int_scorecard__lights", "marts.scorecard", "marts.scorecard_history"} <= second
    assert second >= EVERY_REFRESH
    untouched = {
        "marts.branded_search_daily",
        "marts.media_mentions",
        "marts.web_traffic_sites",
        "marts.share_of_search_series",
    }
    assert not untouched & second, f"rebuilt though no new data reached them: {sorted(untouched & second)}"


def test_a_refresh_with_nothing_new_builds_only_what_every_refresh_must(three_refreshes):
    assert three_refreshes["built"][2] == EVERY_REFRESH


def test_the_selected_build_gives_what_building_everything_gives(three_refreshes):
    warehouse = three_refreshes["warehouse"]
    copy_dir = three_refreshes["root"] / "full"
    shutil.copytree(warehouse.parent, copy_dir)
    (copy_dir / (warehouse.name + ".lock")).unlink(missing_ok=True)
    copy = copy_dir / warehouse.name
    args = ["--config", str(SAMPLE_CONFIG), "--inbox", str(three_refreshes["inbox"]), "--warehouse", str(copy)]
    done = run_cli("refresh", "--full-refresh", *args, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for table in ["marts.awareness_waves", "marts.awareness_change", "marts.branded_search_daily"]:
        assert _rows(warehouse, table) == _rows(copy, table), table
    scorecard = "select metric, status, value, status_since from w.marts.scorecard order by all"
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as w (read_only)")
        selected = con.execute(scorecard).fetchall()
    with duckdb.connect() as con:
        con.execute(f"attach '{copy}' as w (read_only)")
        full = con.execute(scorecard).fetchall()
    assert selected == full
