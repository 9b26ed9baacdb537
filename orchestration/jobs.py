"""The refresh job (the same one the CLI, the schedule and the inbox sensor run)."""

import dagster as dg

from demandgen.settings import Settings

from . import notify
from .failures import innermost_error


@dg.failure_hook
def notify_refresh_failed(context: dg.HookContext):
    """Send `refresh_failed` with the step that failed and why. A run that fails outside a step (the
    warehouse lock refused, a killed run) has no step failure: sensors.refresh_failure_sensor tells of it."""
    # Every entry point exports the paths to the environment (Settings.export), so the hook needs no resource.
    settings = Settings.from_env()
    message = notify.refresh_failed(innermost_error(context.op_exception), settings.warehouse, context.step_key)
    notify.send(message, notify.settings_for(settings.config_path), context.log)


# In one process, one step at a time: the working warehouse has a single writer, and the
# warehouse resource's lock then spans the whole run.
refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    # deploy/dagster.yaml queues runs carrying this tag one at a time; the warehouse lock is what
    # guarantees one writer, the queue only spares a second run from being refused.
    tags={"demandgen/warehouse": "writer"},
    # On every run of the job, whoever starts it: the CLI, the schedule, the sensor, the UI.
    hooks={notify_refresh_failed},
    description="Ingest the inbox, build and test the dbt models, publish the serving warehouse.",
)


@dg.op(description="Read the serving warehouse and send the weekly digest (mail, and the webhook's short version).")
def send_weekly_digest(context: dg.OpExecutionContext) -> None:
    from . import digest
    from .config import load_config

    settings = Settings.from_env()
    config = load_config(settings.config_path)
    week = digest.read(settings.warehouse, digest.now_in(config.timezone).date())
    sent = digest.send(week, config.notify, context.log)
    context.log.info(f"weekly digest for the week to {week.week_end}: sent to {', '.join(sent) or 'nobody'}")
    if not sent:
        # Nothing took it: a failed run, which the UI shows, rather than a digest silently lost.
        raise dg.Failure(
            description="the weekly digest went nowhere: set DEMANDGEN_WEBHOOK_URL or notify.email, "
            "and check the warnings above"
        )


# Reads the serving file only (read-only), so it never waits for, nor blocks, a refresh.
@dg.job(description="The weekly digest (config notify.digest): every light, its week, its history, the events.")
def weekly_digest():
    send_weekly_digest()
