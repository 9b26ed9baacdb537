"""dbt's unit tests, run here rather than in every nightly refresh (the refresh's `dbt build` excludes them)."""

from __future__ import annotations

import importlib.metadata
import inspect
import json
import os
import shutil
import subprocess

import dagster_dbt.core.resource
from dagster_dbt import DbtCliResource

from demandgen.settings import DBT_PROJECT_DIR
from orchestration.dbt_project import DbtBesideThisPython, dbt_resource


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


# What DbtBesideThisPython (orchestration/dbt_project.py) overrides of dagster-dbt's private API, and what each
# override spares every dbt command of a refresh.
OVERRIDDEN = {
    "_cli_version": "runs `dbt --version` in a subprocess",
    "_initialize_dbt_core_adapter": "loads dbt's adapter and every macro in this process",
}


def stale_overrides(upstream: type) -> list[str]:
    """What an upgrade of dagster-dbt broke: an overridden name that `upstream` no longer defines or its `cli`
    no longer uses (the override would then silently do nothing, and refreshes slow down)."""
    calls = inspect.getsource(upstream.cli)
    return [
        f"dagster-dbt {importlib.metadata.version('dagster-dbt')}: {upstream.__name__}.cli no longer uses "
        f"{upstream.__name__}.{name}, which {cost} before each dbt command. DbtBesideThisPython in "
        "orchestration/dbt_project.py overrides it to spare refreshes that cost: find what replaced it in "
        "dagster_dbt/core/resource.py and override that instead (or drop the override if the cost is gone)."
        for name, cost in OVERRIDDEN.items()
        if name not in vars(upstream) or f"self.{name}" not in calls
    ]


def test_dagster_dbt_still_has_what_dbt_beside_this_python_overrides():
    problems = stale_overrides(DbtCliResource)
    assert not problems, "\n".join(problems)


class RenamedUpstream:
    """dagster-dbt as an upgrade might change it: the same work under new names."""

    @property
    def _dbt_version(self):
        return None

    def _initialize_adapter(self, args):
        return None

    def cli(self, args):
        return self._dbt_version, self._initialize_adapter(args)


def test_the_override_check_names_each_renamed_method_and_what_to_do():
    problems = stale_overrides(RenamedUpstream)

    assert [p.split(": ", 1)[1].split(",")[0] for p in problems] == [
        "RenamedUpstream.cli no longer uses RenamedUpstream._cli_version",
        "RenamedUpstream.cli no longer uses RenamedUpstream._initialize_dbt_core_adapter",
    ]
    assert all("override that instead" in p and "orchestration/dbt_project.py" in p for p in problems)


def test_refreshes_skip_dagster_dbts_version_subprocess_and_adapter(monkeypatch):
    resource = dbt_resource()
    assert isinstance(resource, DbtBesideThisPython)

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"a subprocess was started: {args}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_subprocess)
    assert resource._cli_version.major == 1
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None
