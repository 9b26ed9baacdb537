"""Dagster definitions: `dagster dev` from the repo root loads these (see pyproject [tool.dagster]).

Loading them reads the dbt manifest and nothing more: no dbt parse, no change to the environment (the
warehouse resource exports the paths when a run starts), and a broken config does not stop them loading.
"""

import dagster as dg

from demandgen.settings import Settings

from .assets import google_pulls, inbox_exports, marketing_config, serving_warehouse
from .dbt_models import demandgen_dbt_models
from .dbt_project import dbt_resource
from .jobs import refresh_job, weekly_digest
from .resources import WarehouseResource
from .schedules import nightly_refresh, schedule_config, weekly_digest_schedule
from .sensors import inbox_sensor, refresh_failure_sensor, refresh_overdue_sensor

settings = Settings.from_env()
config = schedule_config(settings.config_path)
digest_schedule = weekly_digest_schedule(config) if config else None

defs = dg.Definitions(
    assets=[google_pulls, marketing_config, inbox_exports, demandgen_dbt_models, serving_warehouse],
    jobs=[refresh_job, weekly_digest],
    schedules=[nightly_refresh(config.timezone if config else "UTC"), *([digest_schedule] if digest_schedule else [])],
    sensors=[inbox_sensor, refresh_failure_sensor, refresh_overdue_sensor],
    resources={"warehouse": WarehouseResource.from_settings(settings), "dbt": dbt_resource()},
)
