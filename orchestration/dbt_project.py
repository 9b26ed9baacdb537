"""The one DbtProject: where it is, the dbt that runs it, and its parsed manifest.

Kept apart from the assets (orchestration/dbt_models.py), which read the manifest when they are imported:
the CLI and the tests prepare the manifest here first, then import the assets.
"""

import functools
import hashlib
import importlib.metadata
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from demandgen.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class DbtBesideThisPython(DbtCliResource):
    """dagster-dbt's resource for the dbt installed beside this Python, without two start-up costs.

    Before each dbt command dagster-dbt runs `dbt --version` in a subprocess (a whole dbt start) to
    learn the version, and loads dbt's adapter with every macro in this process, which only serves
    the row counts and column metadata we do not fetch. Together they were seconds of every refresh.
    """

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    # The dbt installed beside this Python, so a venv works without being activated.
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return DbtBesideThisPython(project_dir=dbt_project, dbt_executable=str(beside))
    return DbtCliResource(project_dir=dbt_project, dbt_executable="dbt")


def project_files() -> list[Path]:
    """The files that make the dbt project (models, macros, seeds, tests and its settings), in a stable order."""
    sources = [p for folder in ("models", "macros", "seeds", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*")]
    sources += [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    return sorted(p for p in sources if p.is_file())


def project_fingerprint() -> str:
    """Changes whenever any file of the dbt project does (by content, not modification time)."""
    digest = hashlib.sha256()
    for path in project_files():
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def manifest_is_stale(project: DbtProject = dbt_project) -> bool:
    """True when a model, macro, seed or yml file is newer than the parsed manifest."""
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(p.stat().st_mtime > built for p in project_files())


def prepare_manifest(project: DbtProject = dbt_project) -> None:
    """Parse the dbt project when needed: the CLI and tests run outside `dagster dev`."""
    if manifest_is_stale(project):
        dbt_resource().cli(["--quiet", "parse"], target_path=project.target_path, raise_on_error=True).wait()
