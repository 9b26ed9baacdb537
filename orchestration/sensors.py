"""A run when new exports land in the inbox (without waiting for the night)."""

import hashlib
from pathlib import Path

import dagster as dg

from demandgen.settings import Settings

from .jobs import refresh_job


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
