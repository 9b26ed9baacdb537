"""Every night at 02:00 in the team's time zone (config `timezone`)."""

from pathlib import Path

import dagster as dg

from .assets import google_pulls
from .config import ConfigError, load_config
from .jobs import refresh_job


def schedule_timezone(config_path: Path) -> str:
    """The config's time zone, or UTC when the config cannot be read. The definitions must load with a broken
    config: the schedule then still starts the refresh, which fails with the config's error and says so."""
    try:
        return load_config(config_path).timezone
    except ConfigError:
        return "UTC"


def nightly_refresh(timezone: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly_refresh",
        job=refresh_job,
        cron_schedule="0 2 * * *",
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        # The night pulls from the Google APIs first, when the config's `pull:` names any (else it says so).
        run_config={"ops": {google_pulls.node_def.name: {"config": {"pull": True}}}},
    )
