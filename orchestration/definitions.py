"""Dagster definitions: `dagster dev` from the repo root loads these (see pyproject [tool.dagster]).

Loading them reads the dbt manifest and nothing more: no dbt parse, no change to the environment (the
warehouse resource exports the paths when a run starts), and a broken config does not stop them loading.
"""

import dagster as dg

from demandgen.settings import Settings

from .assets import inbox_exports, marketing_config, serving_warehouse
from .dbt_models import demandgen_dbt_models
from .dbt_project import dbt_resource
from .jobs import refresh_job
from .resources import WarehouseResource
from .schedules import nightly_refresh, schedule_timezone
from .sensors import inbox_sensor

settings = Settings.from_env()

defs = dg.Definitions(
    assets=[marketing_config, inbox_exports, demandgen_dbt_models, serving_warehouse],
    jobs=[refresh_job],
    schedules=[nightly_refresh(schedule_timezone(settings.config_path))],
    sensors=[inbox_sensor],
    resources={"warehouse": WarehouseResource.from_settings(settings), "dbt": dbt_resource()},
)
