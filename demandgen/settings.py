"""Where things are: config, inbox and warehouse, from environment variables (the CLI's flags set them).

`DEMANDGEN_WAREHOUSE` names the serving file that readers open. The working warehouse that the
refresh writes sits beside it, so publishing is a rename within one folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SAMPLE_CONFIG = PROJECT_ROOT / "seeds" / "sample_config.yaml"
SAMPLE_INBOX = PROJECT_ROOT / "seeds" / "sample_inbox"

# How much memory DuckDB may take for the refresh's work, in the refresh's process (ingest, publish) and in dbt's
# (dbt_project/profiles.yml reads the same variable, with the same default). DuckDB's own default is 80% of
# the machine's memory: its buffers then grow with the history, while with a limit it spills to a temporary
# folder beside the working warehouse. The dashboard's readers are not limited: they read small marts.
DUCKDB_MEMORY_LIMIT_ENV = "DEMANDGEN_DUCKDB_MEMORY_LIMIT"
DUCKDB_MEMORY_LIMIT_DEFAULT = "1GB"


def duckdb_memory_limit() -> str:
    return os.environ.get(DUCKDB_MEMORY_LIMIT_ENV, DUCKDB_MEMORY_LIMIT_DEFAULT)


@dataclass(frozen=True)
class Settings:
    config_path: Path
    inbox: Path
    warehouse: Path  # the serving file

    @property
    def working_warehouse(self) -> Path:
        return self.warehouse.with_name(self.warehouse.stem + ".working" + self.warehouse.suffix)

    @property
    def docs(self) -> Path:
        """The warehouse's documentation (dbt docs as one HTML file), published beside the serving file."""
        return docs_beside(self.warehouse)

    @property
    def docs_staged(self) -> Path:
        """Where a refresh leaves new documentation for its publish step to swap in."""
        return self.docs.with_name(self.docs.name + ".staged")

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            config_path=Path(os.environ.get("DEMANDGEN_CONFIG", "demandgen.yaml")).resolve(),
            inbox=Path(os.environ.get("DEMANDGEN_INBOX", "inbox")).resolve(),
            warehouse=Path(os.environ.get("DEMANDGEN_WAREHOUSE", "warehouse/demandgen.duckdb")).resolve(),
        )

    def export(self) -> None:
        """Put the resolved paths in the environment: dbt's profiles.yml reads the working file from it."""
        os.environ["DEMANDGEN_CONFIG"] = str(self.config_path)
        os.environ["DEMANDGEN_INBOX"] = str(self.inbox)
        os.environ["DEMANDGEN_WAREHOUSE"] = str(self.warehouse)
        os.environ["DEMANDGEN_WORKING_WAREHOUSE"] = str(self.working_warehouse)


def docs_beside(warehouse: Path) -> Path:
    return Path(warehouse).with_name(Path(warehouse).stem + ".docs.html")
