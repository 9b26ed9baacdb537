"""Dagster definitions: `dagster dev` from the repo root loads these (see pyproject [tool.dagster])."""

import dagster as dg

from .assets import inbox_exports, marketing_config, serving_warehouse
from .config import load_config
from .dbt_models import dbt_resource, demandgen_dbt_models
from .jobs import refresh_job
from .resources import WarehouseResource
from .schedules import nightly_refresh
from .sensors import inbox_sensor
from .settings import Settings

settings = Settings.from_env()
settings.export()
timezone = load_config(settings.config_path).timezone if settings.config_path.exists() else "UTC"

defs = dg.Definitions(
    assets=[marketing_config, inbox_exports, demandgen_dbt_models, serving_warehouse],
    jobs=[refresh_job],
    schedules=[nightly_refresh(timezone)],
    sensors=[inbox_sensor],
    resources={"warehouse": WarehouseResource.from_settings(settings), "dbt": dbt_resource()},
)
