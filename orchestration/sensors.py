"""A run when new exports land in the inbox (without waiting for the night), and the team told of every
failed refresh and of a serving warehouse that has not been published for too long."""

import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from demandgen.settings import Settings

from . import notify
from .assets import PUBLISH_FRESHNESS, serving_warehouse
from .failures import innermost_error
from .jobs import refresh_job
from .schedules import schedule_config


def inbox_fingerprint(inbox: Path) -> str:
    """Changes when a file is added, removed or rewritten anywhere under the inbox."""
    h = hashlib.sha256()
    if inbox.is_dir():
        for p in sorted(inbox.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                st = p.stat()
                h.update(f"{p.relative_to(inbox)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@dg.sensor(job=refresh_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext):
    fingerprint = inbox_fingerprint(Settings.from_env().inbox)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed files in the inbox")
    context.update_cursor(fingerprint)
    # The run key makes a changed inbox start exactly one run, however often the sensor ticks.
    return dg.RunRequest(run_key=fingerprint)


# Dagster's run-retry machinery tags a failed run it is about to start again (dagster/will_retry).
WILL_RETRY_TAG = "dagster/will_retry"


# Every code location's runs, so that refreshes started from the CLI with DAGSTER_HOME set (recorded in this
# instance, from no code location) are heard too; only the refresh job's are told of.
@dg.run_failure_sensor(monitor_all_code_locations=True, default_status=dg.DefaultSensorStatus.RUNNING)
def refresh_failure_sensor(context: dg.RunFailureSensorContext):
    """`refresh_failed` for a refresh that failed without a step failing: the warehouse lock refused when the
    run started, a crashed or killed run, one that run monitoring ended. A step failure was already told by
    the job's failure hook, which runs on every step failure: telling it again would be a duplicate."""
    run = context.dagster_run
    if run.job_name != refresh_job.name:
        return dg.SkipReason(f"{run.job_name} is not the refresh")
    if context.get_step_failure_events():
        return dg.SkipReason("a step failed: the refresh job's failure hook told of it")
    error = getattr(context.failure_event.event_specific_data, "error", None)
    reason = innermost_error(error) if error else (context.failure_event.message or "no detail")
    # The tag is added when the failure is stored, so the run is read again rather than taken as it was. A run
    # from no code location (`demandgen refresh`) gets the tag too, but the retry daemon cannot start it again.
    stored = context.instance.get_run_by_id(run.run_id) or run
    retried = stored.tags.get(WILL_RETRY_TAG) == "true" and stored.remote_job_origin is not None
    settings = Settings.from_env()
    message = notify.refresh_failed(reason, settings.warehouse, retried=retried)
    sent = notify.send(message, notify.settings_for(settings.config_path), context.log)
    return dg.SkipReason(f"told {', '.join(sent)}: {reason}" if sent else f"no channel took it: {reason}")


@dg.sensor(minimum_interval_seconds=15 * 60, default_status=dg.DefaultSensorStatus.RUNNING)
def refresh_overdue_sensor(context: dg.SensorEvaluationContext):
    """`refresh_overdue`, once a day, while the serving warehouse has not been published for longer than its
    freshness policy's warning window: a nightly job nobody watches must be heard when it stops."""
    published = context.instance.get_latest_materialization_event(serving_warehouse.key)
    if published is None:
        return dg.SkipReason("the serving warehouse has not been published in this Dagster instance yet")
    settings = Settings.from_env()
    config = schedule_config(settings.config_path)
    zone = ZoneInfo(config.timezone if config else "UTC")
    now = datetime.now(zone)
    published_at = datetime.fromtimestamp(published.timestamp, zone)
    if now - published_at < PUBLISH_FRESHNESS.warn_window.to_timedelta():
        return dg.SkipReason(f"published {published_at:%Y-%m-%d %H:%M %Z}: on time")
    today = now.date().isoformat()  # the cursor: the day the team was last told
    if context.cursor == today:
        return dg.SkipReason("overdue, and already told today")
    message = notify.refresh_overdue(published_at, now, settings.warehouse)
    if not notify.send(message, notify.settings_for(settings.config_path), context.log):
        return dg.SkipReason("overdue, but no channel took the notice: trying again at the next tick")
    context.update_cursor(today)
    return dg.SkipReason(f"overdue since {published_at:%Y-%m-%d %H:%M %Z}: told")
