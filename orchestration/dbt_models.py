"""The one DbtProject, and its models as Dagster assets (dbt tests become asset checks)."""


import sys
from pathlib import Path
from typing import Any, Mapping

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from .settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def manifest_is_stale(project: DbtProject = dbt_project) -> bool:
    """True when a model, macro, seed or yml file is newer than the parsed manifest."""
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [p for folder in ("models", "macros", "seeds", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*")]
    sources += [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    return any(p.is_file() and p.stat().st_mtime > built for p in sources)


def prepare_manifest(project: DbtProject = dbt_project) -> None:
    """Parse the dbt project when needed: the CLI and tests run outside `dagster dev`."""
    if manifest_is_stale(project):
        project.preparer.prepare(project)


class DemandgenTranslator(DagsterDbtTranslator):
    """Asset groups follow the dbt folders (staging, intermediate, marts)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> "str | None":
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "models"


def dbt_resource() -> DbtCliResource:
    # The dbt installed beside this Python, so a venv works without being activated.
    beside = Path(sys.executable).parent / "dbt"
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(beside) if beside.exists() else "dbt")


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=DemandgenTranslator())
def demandgen_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    # Row counts and column metadata would need a second connection to the warehouse file while
    # dbt holds it (DuckDB allows one writer); the publish step reports row counts instead.
    yield from dbt.cli(["build"], context=context).stream()
