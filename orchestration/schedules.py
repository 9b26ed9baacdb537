"""Every night at 02:00 in the team's time zone (config `timezone`), and the weekly digest when the config
sets `notify.digest`."""

from pathlib import Path

import dagster as dg

from .assets import google_pulls
from .config import WEEKDAYS, Config, ConfigError, load_config
from .jobs import refresh_job, weekly_digest


def schedule_config(config_path: Path) -> Config | None:
    """The config, or None when it cannot be read. The definitions must load with a broken config: the nightly
    schedule then still starts the refresh (in UTC), which fails with the config's error and says so."""
    try:
        return load_config(config_path)
    except ConfigError:
        return None


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


def weekly_digest_schedule(config: Config) -> dg.ScheduleDefinition | None:
    """At `notify.digest`'s weekday and time, in the config's time zone; none when the config sets no digest."""
    when = config.notify.digest
    if when is None:
        return None
    # cron counts days of the week from Sunday (0); WEEKDAYS starts on Monday.
    weekday = (WEEKDAYS.index(when.weekday) + 1) % 7
    return dg.ScheduleDefinition(
        name="weekly_digest",
        job=weekly_digest,
        cron_schedule=f"{when.time.minute} {when.time.hour} * * {weekday}",
        execution_timezone=config.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
