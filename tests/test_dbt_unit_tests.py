"""dbt's unit tests, run here rather than in every nightly refresh (the refresh's `dbt build` excludes them)."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess

import dagster_dbt.core.resource
from dagster_dbt import DbtCliResource

from demandgen.settings import DBT_PROJECT_DIR
from orchestration.dbt_project import dbt_resource


def test_every_dbt_unit_test_passes(sample_warehouse, tmp_path):
    # dbt reads the input models' columns from the warehouse, so the unit tests run against a built one: a
    # copy of the sample's, as the session's sample warehouse is shared by other tests.
    working = tmp_path / "demandgen.working.duckdb"
    shutil.copyfile(sample_warehouse, working)
    target = tmp_path / "dbt_target"
    result = subprocess.run(
        [
            dbt_resource().dbt_executable,
            "test",
            "--select",
            "test_type:unit",
            "--target-path",
            str(target),
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
        ],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DEMANDGEN_WORKING_WAREHOUSE": str(working)},
    )

    results = json.loads((target / "run_results.json").read_text())["results"]
    failed = [f"{r['unique_id']} ({r['status']}): {r.get('message')}" for r in results if r["status"] != "pass"]
    assert not failed, "dbt unit tests failed:\n" + "\n".join(failed)
    assert result.returncode == 0, result.stdout[-2000:]
    # Every unit test the project defines ran: none was left out by the selection.
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["unit_tests"], "the dbt project defines no unit tests"
    assert sorted(r["unique_id"] for r in results) == sorted(manifest["unit_tests"])


def test_refreshes_skip_dagster_dbts_version_subprocess_and_adapter(monkeypatch):
    # dagster-dbt names both privately: if an upgrade renames them, this fails rather than refreshes slowing down.
    assert hasattr(DbtCliResource, "_cli_version") and hasattr(DbtCliResource, "_initialize_dbt_core_adapter")
    resource = dbt_resource()

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"a subprocess was started: {args}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_subprocess)
    assert resource._cli_version.major == 1
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None
