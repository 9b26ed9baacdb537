"""Every night at 02:00 in the team's time zone (config `timezone`)."""

import dagster as dg

from .jobs import refresh_job


def nightly_refresh(timezone: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly_refresh",
        job=refresh_job,
        cron_schedule="0 2 * * *",
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
