"""The refresh job (the same one the CLI, the schedule and the inbox sensor run)."""

import dagster as dg

from demandgen.settings import Settings

from . import notify


def failure_reason(error: "BaseException | None") -> str:
    """The innermost error, in one line: what broke, not the layers that passed it on."""
    while error is not None and error.__cause__ is not None:
        error = error.__cause__
    if error is None:
        return "no detail"
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


@dg.failure_hook
def notify_refresh_failed(context: dg.HookContext):
    """Post `refresh_failed` to the webhook (if set) with the step that failed and why."""
    # Every entry point exports the paths to the environment (Settings.export), so the hook needs no resource.
    notify.refresh_failed(
        context.step_key, failure_reason(context.op_exception), Settings.from_env().warehouse, context.log
    )


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
