"""The refresh job (the same one the CLI, the schedule and the inbox sensor run)."""

import dagster as dg

# In one process, one step at a time: the working warehouse has a single writer, and the
# warehouse resource's lock then spans the whole run.
refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    # deploy/dagster.yaml queues runs carrying this tag one at a time; the warehouse lock is what
    # guarantees one writer, the queue only spares a second run from being refused.
    tags={"demandgen/warehouse": "writer"},
    description="Ingest the inbox, build and test the dbt models, publish the serving warehouse.",
)
