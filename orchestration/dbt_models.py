"""The dbt models as Dagster assets (dbt tests become asset checks)."""

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pydantic
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from demandgen.settings import DBT_PROJECT_DIR, Settings

from .dbt_project import dbt_project, project_fingerprint
from .dbt_selection import EVERY_REFRESH, record_build, selection
from .resources import WarehouseResource

# @dbt_assets below reads the manifest at import, and importing the definitions does no other work: under
# `dagster dev` dagster-dbt parses the project here; everywhere else the manifest is prepared before
# (`demandgen prepare`: the CLI's refresh, the tests' session fixture, and the systemd units' ExecStartPre).
dbt_project.prepare_if_dev()


class DemandgenTranslator(DagsterDbtTranslator):
    """Asset groups follow the dbt folders (staging, intermediate, marts)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> "str | None":
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "models"


# dbt unit tests check the models' logic, not the night's data: as dbt advises, they run in development
# and CI (tests/test_dbt_unit_tests.py), not in every refresh.
NIGHTLY_BUILD_FLAGS = ["--exclude-resource-type", "unit_test"]


class DbtBuildConfig(dg.Config):
    full_refresh: bool = pydantic.Field(
        default=False, description="Rebuild the incremental models from all history (dbt's --full-refresh)."
    )


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=DemandgenTranslator())
def demandgen_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
):
    # Row counts and column metadata would need a second connection to the warehouse file while
    # dbt holds it (DuckDB allows one writer); the publish step reports row counts instead.
    settings = warehouse.settings
    project = project_fingerprint()
    exclude, versions = selection(
        settings.working_warehouse, project, config.full_refresh, Path(dbt_project.manifest_path)
    )
    context.log.info(f"dbt leaves out {exclude[1]}: no new data reaches them" if exclude else "dbt builds every model")
    args = ["build", *NIGHTLY_BUILD_FLAGS, *(["--full-refresh"] if config.full_refresh else []), *exclude]
    invocation = dbt.cli(args, context=context, raise_on_error=False)
    yield from invocation.stream()
    if not invocation.is_successful():
        raise dg.Failure(
            description=f"dbt build failed: {failed_dbt_nodes(invocation.get_artifact('run_results.json'))}"
        )
    keep_parse_state(Path(invocation.target_path))
    record_build(settings.working_warehouse, project, versions)
    stage_docs(dbt, Path(invocation.target_path), settings, context.log)


# The models every refresh builds, whatever arrived. The publish step depends on these only: Dagster skips a
# step when an asset it depends on was not materialized in the run, and a refresh leaves out the models no
# new data reaches (light_changes follows the lights, which follow every source).
BUILT_AT_EVERY_REFRESH = [spec.key for spec in demandgen_dbt_models.specs if EVERY_REFRESH in spec.tags]


def docs_fingerprint(working: Path) -> str:
    """What the documentation is made of: the dbt project's files and every table's columns and types. The
    same fingerprint means the same documentation, so a refresh that only loaded new rows skips making it."""
    digest = hashlib.sha256(project_fingerprint().encode())
    with duckdb.connect(str(working), read_only=True) as con:
        columns = con.execute("""
            select table_schema, table_name, column_name, data_type from information_schema.columns
            where table_schema in ('raw', 'staging', 'intermediate', 'marts', 'reference') order by all""").fetchall()
    digest.update(repr(columns).encode())
    return digest.hexdigest()


def stage_docs(dbt: DbtCliResource, build_target: Path, settings: Settings, log) -> None:
    """dbt's documentation of the warehouse as one HTML file (`dbt docs generate --static`), left for the
    publish step to swap in beside the serving file, where the dashboard serves it at /docs. Made only when
    the project or a table's columns changed since the docs the last publish showed. Documentation that
    cannot be made is a warning: the night's numbers still publish."""
    fingerprint = docs_fingerprint(settings.working_warehouse)
    marker = settings.docs.with_name(settings.docs.name + ".fingerprint")
    if settings.docs.exists() and marker.exists() and marker.read_text() == fingerprint:
        return
    # In the build's own target folder, from its manifest and compiled SQL (--no-compile: no second compile).
    invocation = dbt.cli(
        ["docs", "generate", "--static", "--no-compile"], target_path=build_target, raise_on_error=False
    ).wait()
    page = Path(invocation.target_path) / "static_index.html"
    if not invocation.is_successful() or not page.exists():
        log.warning("could not make the warehouse documentation (dbt docs generate); /docs keeps the last one")
        return
    shutil.copyfile(page, settings.docs_staged)
    settings.docs_staged.with_name(settings.docs_staged.name + ".fingerprint").write_text(fingerprint)


def keep_parse_state(run_target: Path, project: DbtProject = dbt_project) -> None:
    """Make this build's parse state the one the next dbt command starts from.

    dagster-dbt gives each command the project's target/partial_parse.msgpack, and dbt parses the whole
    project again (seconds) when that state was saved for another profile: the warehouse path is part of
    it. The state `prepare_manifest` saves is often for another path (a test's, a first run's), so
    without this every refresh parsed everything.
    """
    saved = run_target / "partial_parse.msgpack"
    if saved.exists():
        kept = DBT_PROJECT_DIR / project.target_path / "partial_parse.msgpack"
        staged = kept.with_name(f"{kept.name}.{os.getpid()}")
        shutil.copyfile(saved, staged)
        os.replace(staged, kept)  # whole, even with another refresh reading it


def failed_dbt_nodes(run_results: Mapping[str, Any]) -> str:
    """'test unique_scorecard_metric (fail), model scorecard (error)': what to look at first."""
    # unique_id is "<type>.<project>.<name>[.<hash>]", e.g. test.demandgen.unique_scorecard_metric.5452069e9d
    failed = [
        f"{r['unique_id'].split('.')[0]} {r['unique_id'].split('.')[2]} ({r['status']})"
        for r in run_results.get("results", [])
        if r.get("status") in ("error", "fail")
    ]
    return ", ".join(failed) or "see the dbt log above"
