"""Running the real refresh in tests: the Dagster assets against a temporary warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from demandgen.settings import PROJECT_ROOT, SAMPLE_CONFIG, SAMPLE_INBOX, Settings
from orchestration.dbt_project import prepare_manifest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def dbt_manifest():
    """`DbtProject.prepare_if_dev()` does nothing under pytest, so the tests parse dbt themselves."""
    prepare_manifest()


@pytest.fixture
def restore_environment():
    """The warehouse resource exports paths to os.environ for dbt; put the environment back after."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def refresh(config: Path, inbox: Path, warehouse: Path) -> dg.ExecuteInProcessResult:
    """The refresh job's assets, materialized in this process against the given paths. The warehouse
    resource exports its paths to os.environ for dbt: the environment is put back after."""
    from orchestration.assets import inbox_exports, marketing_config, serving_warehouse
    from orchestration.dbt_models import demandgen_dbt_models
    from orchestration.dbt_project import dbt_resource
    from orchestration.resources import WarehouseResource

    settings = Settings(config.resolve(), inbox.resolve(), warehouse.resolve())
    saved = dict(os.environ)
    try:
        return dg.materialize(
            [marketing_config, inbox_exports, demandgen_dbt_models, serving_warehouse],
            resources={"warehouse": WarehouseResource.from_settings(settings), "dbt": dbt_resource()},
            raise_on_error=False,
        )
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`demandgen ...` as a user runs it, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "demandgen.cli", *args],
        cwd=PROJECT_ROOT,
        text=True,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory, dbt_manifest) -> Path:
    """The bundled sample company, refreshed once for the whole session (read it, don't write it)."""
    warehouse = tmp_path_factory.mktemp("sample") / "demandgen.duckdb"
    result = refresh(SAMPLE_CONFIG, SAMPLE_INBOX, warehouse)
    assert result.success, "the sample refresh failed"
    return warehouse


def copy_inbox(tmp_path: Path, *relative: str) -> Path:
    """A fresh inbox holding the named sample exports (paths relative to seeds/sample_inbox)."""
    inbox = tmp_path / "inbox"
    for rel in relative:
        target = inbox / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE_INBOX / rel, target)
    inbox.mkdir(exist_ok=True)
    return inbox
