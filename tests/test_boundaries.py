"""Package boundaries and what importing the Dagster definitions may do.

orchestration/ and dashboard/ never import each other; both may import demandgen.settings, and only the
CLI (demandgen.cli) imports both. Importing the definitions parses no dbt, leaves the environment as it
was, and works with a broken config, so a typo in the YAML never stops the schedule from loading.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from demandgen.settings import PROJECT_ROOT


def imported_packages(package: str) -> dict[str, set[str]]:
    """Each module of a package -> the top-level packages it imports (at any depth in the module)."""
    found = {}
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(PROJECT_ROOT))] = names
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("orchestration", "dashboard"), ("dashboard", "orchestration")])
def test_orchestration_and_dashboard_never_import_each_other(package, forbidden):
    offenders = [module for module, names in imported_packages(package).items() if forbidden in names]
    assert offenders == []


def test_the_shared_settings_import_neither_side():
    shared = {m: n for m, n in imported_packages("demandgen").items() if not m.endswith("cli.py")}
    assert shared and all(not ({"orchestration", "dashboard"} & names) for names in shared.values())


def test_importing_the_definitions_parses_no_dbt_changes_no_environment_and_survives_a_broken_config(
    tmp_path, dbt_manifest
):
    broken = tmp_path / "demandgen.yaml"
    broken.write_text("brand:\n  name: Northwind\n  terms: [northwind\n")  # a bracket never closed
    manifest = PROJECT_ROOT / "dbt_project" / "target" / "manifest.json"
    before = manifest.stat().st_mtime_ns
    script = """
import json, os
before = dict(os.environ)
from orchestration.definitions import defs
defs.resolve_job_def("refresh")
schedule = defs.resolve_schedule_def("nightly_refresh")
changed = sorted(k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k))
print(json.dumps({"changed": changed, "timezone": schedule.execution_timezone}))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEMANDGEN_", "DAGSTER_IS_DEV"))}
    env["DEMANDGEN_CONFIG"] = str(broken)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"changed": [], "timezone": "UTC"}
    assert manifest.stat().st_mtime_ns == before, "importing the definitions parsed dbt"


def test_the_systemd_units_prepare_the_dbt_manifest_before_dagster_starts():
    for name in ("demandgen-dagster-daemon", "demandgen-dagster-webserver"):
        text = Path(PROJECT_ROOT / "deploy" / "systemd" / f"{name}.service").read_text()
        assert "ExecStartPre=/opt/demandgen/.venv/bin/demandgen prepare" in text, name
