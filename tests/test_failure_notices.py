"""Every failed refresh is heard exactly once, and a serving warehouse nobody refreshes is heard once a day.

The sensors are evaluated tick by tick, as dagster-daemon does, against a real Dagster instance on a temporary
DAGSTER_HOME with the production deploy/dagster.yaml (run retries and monitoring on).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.definitions.freshness import FreshnessState
from dagster._core.definitions.freshness_evaluator import TimeWindowFreshnessPolicyEvaluator
from dagster._core.remote_origin import RegisteredCodeLocationOrigin, RemoteJobOrigin, RemoteRepositoryOrigin
from dagster._core.test_utils import BasicLoadingContext, create_run_for_test, freeze_time

from demandgen import cli
from demandgen.settings import PROJECT_ROOT, SAMPLE_CONFIG
from orchestration import notify
from tests.notify_support import run_refresh_job
from tests.pipeline_support import copy_inbox, run_cli

DEPLOY_DAGSTER_YAML = PROJECT_ROOT / "deploy" / "dagster.yaml"
SMALL_EXPORT = "bulk_export/searchdata_site_impression_202408.parquet"  # a month of Search Console, 10 kB


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """Dagster's instance as deployed: deploy/dagster.yaml in a temporary DAGSTER_HOME."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY_DAGSTER_YAML, home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        yield instance


@pytest.fixture
def paths(tmp_path, monkeypatch, restore_environment, webhook):
    """The deployment's environment: paths, and the webhook. Returns (config, inbox, warehouse)."""
    config, inbox, warehouse = SAMPLE_CONFIG, copy_inbox(tmp_path, SMALL_EXPORT), tmp_path / "w.duckdb"
    monkeypatch.setenv("DEMANDGEN_CONFIG", str(config))
    monkeypatch.setenv("DEMANDGEN_INBOX", str(inbox))
    monkeypatch.setenv("DEMANDGEN_WAREHOUSE", str(warehouse))
    monkeypatch.setenv(notify.WEBHOOK_ENV, webhook.url)
    return config, inbox, warehouse


def tick(sensor: dg.SensorDefinition, instance: dg.DagsterInstance, cursor: str | None) -> str | None:
    """One evaluation of the sensor as the daemon runs it; the cursor it leaves for the next."""
    from orchestration.definitions import defs

    with dg.build_sensor_context(instance=instance, cursor=cursor, repository_def=defs.get_repository_def()) as context:
        result = sensor.evaluate_tick(context)
    return result.cursor if result.cursor is not None else cursor


@pytest.fixture
def hold_the_lock():
    """Another process holding the warehouse's refresh lock (a refresh still writing), until the test ends."""
    holders = []

    def hold(warehouse: Path) -> int:
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""\
                    import sys
                    from pathlib import Path
                    from orchestration.warehouse import refresh_lock
                    with refresh_lock(Path({str(warehouse)!r})):
                        print("holding", flush=True)
                        sys.stdin.read()
                    """),
            ],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        holders.append(holder)
        assert holder.stdout.readline() == "holding\n"
        return holder.pid

    yield hold
    for holder in holders:
        holder.stdin.close()  # the holder reads to the end of its input, then lets go
        holder.wait(timeout=30)


# --- a run that fails outside any step ----------------------------------------------------------------


def test_a_refresh_refused_the_warehouse_lock_is_told_once_by_the_run_failure_sensor(
    instance, paths, webhook, hold_the_lock, dbt_manifest
):
    from orchestration.sensors import refresh_failure_sensor

    config, inbox, warehouse = paths
    cursor = tick(refresh_failure_sensor, instance, None)  # the daemon's first tick starts from now
    holder = hold_the_lock(warehouse)

    # Started from the CLI with DAGSTER_HOME set: the run is in the instance the daemon watches.
    refused = run_cli("refresh", "--config", str(config), "--inbox", str(inbox), "--warehouse", str(warehouse), env={})

    assert refused.returncode == 1
    assert "another refresh is already writing w.duckdb" in refused.stderr
    assert webhook.received == []  # no step ran, so the failure hook never did
    [run] = instance.get_runs()
    assert (run.job_name, run.status) == ("refresh", dg.DagsterRunStatus.FAILURE)

    cursor = tick(refresh_failure_sensor, instance, cursor)
    tick(refresh_failure_sensor, instance, cursor)  # a later tick tells nothing again

    [(_, message)] = webhook.received
    reason = f"another refresh is already writing w.duckdb (pid {holder} since "
    assert message["event"] == "refresh_failed"
    assert message["details"]["step"] is None and message["details"]["reason"].startswith(reason)
    assert message["details"]["reason"].endswith("); wait for it to finish")
    # deploy/dagster.yaml retries a run that failed outside its steps, but not one the CLI started: it has no
    # code location to start it again from.
    assert message["text"] == (
        f"Demand-gen health: the refresh failed: {message['details']['reason']}. Nothing was published; "
        "w.duckdb still holds the last good data."
    )


def daemon_launched(job_name: str) -> RemoteJobOrigin:
    """Where a run the daemon launched (the schedule's, the inbox sensor's) comes from: this code location."""
    from orchestration.definitions import defs

    repository = RemoteRepositoryOrigin(RegisteredCodeLocationOrigin("demandgen"), defs.get_repository_def().name)
    return RemoteJobOrigin(repository, job_name)


def test_a_run_that_run_monitoring_ends_is_told_once_and_says_dagster_retries_it(instance, paths, webhook):
    from orchestration.sensors import refresh_failure_sensor

    cursor = tick(refresh_failure_sensor, instance, None)
    # A refresh whose process died (out of memory, a reboot) stays "started" until run monitoring ends it,
    # with this message, after max_runtime_seconds.
    runs = [
        create_run_for_test(
            instance, job_name=job, status=dg.DagsterRunStatus.STARTED, remote_job_origin=daemon_launched(job)
        )
        for job in ("refresh", "some_other_job")
    ]
    for run in runs:
        instance.report_run_failed(run, "Run timed out after taking longer than 7200 seconds to complete.")

    cursor = tick(refresh_failure_sensor, instance, cursor)
    tick(refresh_failure_sensor, instance, cursor)

    [(_, message)] = webhook.received  # the other job's failure is not the refresh's
    assert message["details"] == {
        "step": None,
        "reason": "Run timed out after taking longer than 7200 seconds to complete.",
    }
    # deploy/dagster.yaml retries a run whose process died.
    assert message["text"] == (
        "Demand-gen health: the refresh failed: Run timed out after taking longer than 7200 seconds to complete. "
        "Nothing was published; w.duckdb still holds the last good data. Dagster starts it again."
    )


# --- a step that fails -----------------------------------------------------------------------------------


def test_a_broken_config_fails_the_run_with_its_error_and_is_told_once_by_the_hook(
    instance, paths, webhook, tmp_path, dbt_manifest
):
    from orchestration.sensors import refresh_failure_sensor

    _, inbox, warehouse = paths
    broken = tmp_path / "demandgen.yaml"
    # Even a mistake in `notify:` itself is told: with the default settings, to the webhook.
    broken.write_text(SAMPLE_CONFIG.read_text() + "notify:\n  on: [refresh_failed, light_change]\n")
    cursor = tick(refresh_failure_sensor, instance, None)

    result = run_refresh_job(broken, inbox, warehouse, instance)  # as the schedule runs it
    cursor = tick(refresh_failure_sensor, instance, cursor)

    assert not result.success
    [(_, message)] = webhook.received
    expected = (
        f"{broken}: notify.on[1]: the text 'light_change' is not a notice (known: light_changed, refresh_failed, "
        "refresh_overdue, sources_stale)"
    )
    assert message["details"] == {"step": "marketing_config", "reason": expected}
    assert message["text"] == (
        f"Demand-gen health: the refresh failed at step marketing_config: {expected}. Nothing was published; "
        "w.duckdb still holds the last good data."
    )
    assert not warehouse.exists()


def test_the_cli_tells_of_a_broken_config_before_it_starts_a_run(tmp_path, webhook, dbt_manifest):
    broken = tmp_path / "demandgen.yaml"
    broken.write_text(SAMPLE_CONFIG.read_text().replace("timezone: UTC", "timezone: Mars/Olympus_Mons"))
    assert broken.read_text() != SAMPLE_CONFIG.read_text()

    refused = run_cli(
        "refresh",
        "--config",
        str(broken),
        "--inbox",
        str(tmp_path),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        env={notify.WEBHOOK_ENV: webhook.url},
    )

    reason = f"{broken}: timezone: 'Mars/Olympus_Mons' is not an IANA time zone such as 'Europe/Berlin'"
    assert refused.returncode == 1 and refused.stderr == f"error: {reason}\n"
    [(_, message)] = webhook.received
    assert message["event"] == "refresh_failed" and message["details"] == {"step": None, "reason": reason}


# --- the serving warehouse, overdue ----------------------------------------------------------------------


def published(instance: dg.DagsterInstance, at: datetime) -> None:
    """Record a publish of the serving warehouse at `at`, as the refresh's materialization would."""
    with freeze_time(at):
        instance.report_runless_asset_event(dg.AssetMaterialization("serving_warehouse"))


def test_an_overdue_serving_warehouse_is_told_once_a_day(instance, paths, webhook, dbt_manifest):
    from orchestration.sensors import refresh_overdue_sensor

    now = datetime.now(UTC)
    today, yesterday = now.date().isoformat(), (now - timedelta(days=1)).date().isoformat()  # the config's UTC
    assert tick(refresh_overdue_sensor, instance, None) is None  # never published: nothing to be late

    published(instance, now - timedelta(hours=29))
    assert tick(refresh_overdue_sensor, instance, None) == today
    assert tick(refresh_overdue_sensor, instance, today) == today  # the same day: told already

    [(_, message)] = webhook.received
    assert message["event"] == "refresh_overdue"
    assert message["text"].startswith(
        "Demand-gen health: w.duckdb has not been refreshed for 29 hours (last published "
    )
    assert message["details"]["hours_since"] == 29

    # The next day, still overdue: told again.
    assert tick(refresh_overdue_sensor, instance, yesterday) == today
    assert len(webhook.received) == 2

    # Published again: on time, nothing to tell.
    published(instance, now - timedelta(hours=20))
    assert tick(refresh_overdue_sensor, instance, yesterday) == yesterday
    assert len(webhook.received) == 2


def test_a_notice_no_channel_took_is_tried_again_at_the_next_tick(instance, paths, webhook, dbt_manifest):
    from orchestration.sensors import refresh_overdue_sensor

    published(instance, datetime.now(UTC) - timedelta(days=2))
    webhook.status = 503

    assert tick(refresh_overdue_sensor, instance, None) is None  # not recorded as told
    webhook.status = 200
    assert tick(refresh_overdue_sensor, instance, None) is not None
    assert [m["event"] for _, m in webhook.received] == ["refresh_overdue", "refresh_overdue"]


def test_dagster_s_freshness_policy_warns_after_a_day_and_fails_after_three(instance, dbt_manifest):
    """Dagster's own evaluation of the serving warehouse's policy (what the UI and asset health show), on the
    same instance: the notice above is sent from the same warning window."""
    from orchestration.definitions import defs

    node = defs.resolve_asset_graph().get(dg.AssetKey("serving_warehouse"))
    now = datetime.now(UTC)

    def state_after(age: timedelta) -> FreshnessState:
        published(instance, now - age)  # newer than the one before: the latest publish
        with freeze_time(now):
            return asyncio.run(
                TimeWindowFreshnessPolicyEvaluator().evaluate_freshness(BasicLoadingContext(instance), node)
            )

    assert state_after(timedelta(days=3, hours=1)) == FreshnessState.FAIL
    assert state_after(timedelta(hours=29)) == FreshnessState.WARN
    assert state_after(timedelta(hours=27)) == FreshnessState.PASS  # a slow night is not late yet


# --- where the CLI records its runs ------------------------------------------------------------------------


def test_a_cli_refresh_is_recorded_in_the_instance_dagster_home_names(instance, paths, dbt_manifest):
    config, inbox, warehouse = paths

    done = run_cli("refresh", "--config", str(config), "--inbox", str(inbox), "--warehouse", str(warehouse))

    assert done.returncode == 0, done.stdout + done.stderr
    [run] = instance.get_runs()
    assert (run.job_name, run.status) == ("refresh", dg.DagsterRunStatus.SUCCESS)
    # Its publish is what the overdue sensor and the freshness policy read.
    publish = instance.get_latest_materialization_event(dg.AssetKey("serving_warehouse"))
    assert publish is not None and publish.run_id == run.run_id


def test_without_dagster_home_the_cli_keeps_no_run_history(monkeypatch, tmp_path):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with cli.dagster_instance() as instance:
        assert instance.is_ephemeral
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with cli.dagster_instance() as instance:
        assert not instance.is_ephemeral and Path(instance.root_directory) == tmp_path


def test_a_dagster_home_that_is_not_a_folder_is_a_clear_error(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()

    refused = run_cli(
        "refresh",
        "--config",
        str(SAMPLE_CONFIG),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        env={"DAGSTER_HOME": str(tmp_path / "nowhere")},
    )

    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: DAGSTER_HOME {tmp_path / 'nowhere'} is not an existing folder's absolute path: correct it, "
        "or unset it\n"
    )
