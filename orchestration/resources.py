"""The warehouse resource: paths from the environment, and the one-writer lock for a run."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from demandgen.settings import Settings

from .config import Config, load_config
from .warehouse import refresh_lock


class WarehouseResource(dg.ConfigurableResource):
    """Config, inbox and warehouse locations; holds the refresh lock while a run uses it."""

    config_path: str
    inbox: str
    warehouse: str

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(config_path=str(settings.config_path), inbox=str(settings.inbox), warehouse=str(settings.warehouse))

    @property
    def settings(self) -> Settings:
        return Settings(Path(self.config_path), Path(self.inbox), Path(self.warehouse))

    def load_config(self) -> Config:
        return load_config(self.config_path)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        # One lock for the whole run (the refresh job runs its steps in one process), so a second
        # refresh fails at once with a clear message instead of interleaving writes.
        self.settings.export()
        with refresh_lock(self.settings.warehouse):
            yield self
