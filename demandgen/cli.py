"""`demandgen`: refresh, pull, check-access, scorecard, serve, demo (the contract is in the README's Commands section).

Exit codes of `refresh`: 0 everything loaded and published; 2 published, but some files were
rejected (or some sources could not be pulled); 1 failed, nothing published (the last good serving
warehouse stays). `pull` and `check-access`: 0 every source pulled or readable, 2 some not, 1 no usable config.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from pathlib import Path

import duckdb

from demandgen.settings import SAMPLE_CONFIG, SAMPLE_INBOX, Settings
from orchestration import notify
from orchestration.config import ConfigError, NotifySettings, load_config
from orchestration.failures import innermost_error
from orchestration.notify import source_age

EXIT_OK, EXIT_FAILED, EXIT_REJECTED = 0, 1, 2


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FAILED


def _set_paths(config: str | None = None, inbox: str | None = None, warehouse: str | None = None) -> Settings:
    """Flags win over environment variables, which win over defaults; one place resolves them."""
    for name, value in (("DEMANDGEN_CONFIG", config), ("DEMANDGEN_INBOX", inbox), ("DEMANDGEN_WAREHOUSE", warehouse)):
        if value:
            os.environ[name] = value
    settings = Settings.from_env()
    settings.export()
    return settings


class _ProgressHandler(logging.Handler):
    """Dagster's log stream, shortened to what a person watching the terminal needs."""

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", {}) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        if event is None:
            message = meta.get("orig_message") or record.getMessage()
            if record.levelno >= logging.INFO and step and not message.startswith("Dependencies for step"):
                print(f"  {message}", flush=True)
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            print(f"- {step}", flush=True)
        elif kind == "STEP_FAILURE":
            print(f"  FAILED: {innermost_error(event.step_failure_data.error)}", flush=True)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else "no detail"


def run_refresh(settings: Settings, full_refresh: bool = False, pull: bool = False) -> int:
    try:
        load_config(settings.config_path)
    except ConfigError as e:
        # Told like any failed refresh (with the default notify settings: the config's cannot be read).
        notify.send(notify.refresh_failed(str(e), settings.warehouse), NotifySettings())
        return _fail(str(e))
    if not settings.inbox.is_dir():
        return _fail(f"inbox folder {settings.inbox} does not exist (set --inbox or DEMANDGEN_INBOX)")
    home = os.environ.get("DAGSTER_HOME")
    if home and not (Path(home).is_absolute() and Path(home).is_dir()):
        return _fail(f"DAGSTER_HOME {home} is not an existing folder's absolute path: correct it, or unset it")

    import dagster as dg

    from orchestration.dbt_project import prepare_manifest

    print(f"Refreshing {settings.warehouse}\n  config {settings.config_path}\n  inbox  {settings.inbox}", flush=True)
    prepare_manifest()
    from orchestration.assets import google_pulls
    from orchestration.definitions import defs

    @dg.logger
    def terminal(_init_context):
        logger = logging.getLogger("demandgen.progress")
        logger.handlers = [_ProgressHandler()]
        logger.setLevel(logging.DEBUG)  # step starts are DEBUG events; the handler picks what to print
        logger.propagate = False
        return logger

    job = defs.resolve_job_def("refresh").with_logger_defs({"terminal": terminal})
    run_config = {
        "loggers": {"terminal": {}},
        "ops": {
            "demandgen_dbt_models": {"config": {"full_refresh": full_refresh}},
            google_pulls.node_def.name: {"config": {"pull": pull}},
        },
    }
    with dagster_instance() as instance:
        result = job.execute_in_process(raise_on_error=False, run_config=run_config, instance=instance)

    report = _ingest_report(result)
    if report:
        _print_ingest_summary(report)
    if not result.success:
        return _fail(
            f"refresh failed ({_failure_reason(result)}); nothing was published, "
            f"{settings.warehouse.name} still holds the last good data"
        )
    _print_stale_sources(settings.warehouse)
    print()
    print_scorecard(settings.warehouse, "table")
    return EXIT_REJECTED if report and report["rejected"] else EXIT_OK


def _config_to_pull(settings: Settings):
    """The config, when it names something to pull; ConfigError saying so otherwise."""
    config = load_config(settings.config_path)
    if config.pull is None:
        raise ConfigError(
            f"{settings.config_path}: has no `pull:` section, so there is nothing to pull (see docs/api-pulls.md)"
        )
    return config


def run_pull(settings: Settings) -> int:
    try:
        config = _config_to_pull(settings)
    except ConfigError as e:
        return _fail(str(e))
    if not settings.inbox.is_dir():
        return _fail(f"inbox folder {settings.inbox} does not exist (set --inbox or DEMANDGEN_INBOX)")
    from orchestration.pull import pull

    print(f"Pulling into {settings.inbox / 'pulled'}\n  config {settings.config_path}", flush=True)
    report = pull(config, settings.inbox, say=lambda line: print(f"  {line}", flush=True))
    pulled = [o for o in report.outcomes if not o.problem]
    print(f"\nPulled: {len(pulled)} of {len(report.outcomes)} sources, {sum(len(o.files) for o in pulled)} files")
    for outcome in report.problems:
        print(f"  NOT PULLED {outcome.problem}")
    if pulled:
        print("`demandgen refresh` loads them.")
    return EXIT_REJECTED if report.problems else EXIT_OK


def run_check_access(settings: Settings) -> int:
    try:
        config = _config_to_pull(settings)
    except ConfigError as e:
        return _fail(str(e))
    from orchestration.pull import check_access

    found = check_access(config, say=lambda line: print(f"  {line}", flush=True))
    for access in found:
        print(f"{'OK ' if access.readable else 'NO '} {access.name}: {access.detail}")
    return EXIT_OK if all(a.readable for a in found) else EXIT_REJECTED


def dagster_instance():
    """The Dagster instance in DAGSTER_HOME when one is configured, so the UI's run history shows refreshes
    started here too (and its run-failure sensor hears of them); otherwise one that keeps nothing."""
    import dagster as dg

    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _failure_reason(result) -> str:
    """The innermost error of the first failure (a step, or the warehouse lock), in one line."""
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None)
        if error is not None:
            return (f"{event.step_key}: " if event.step_key else "") + innermost_error(error)
    return "unknown error"


def _ingest_report(result) -> dict | None:
    for mat in result.asset_materializations_for_node("inbox_exports"):
        if mat.asset_key.path == ["raw", "ingested_files"] and "report" in mat.metadata:
            return mat.metadata["report"].value
    return None


def _print_ingest_summary(report: dict) -> None:
    print(
        f"\nFiles: {len(report['loaded'])} loaded ({report['rows']:,} rows), "
        f"{len(report['duplicates'])} duplicate, {len(report['rejected'])} rejected, "
        f"{report['unchanged']} already loaded earlier"
    )
    for d in report["duplicates"]:
        print(f"  duplicate  {d['file']} (same content as {d['same_as']})")
    for r in report["rejected"]:
        print(f"  REJECTED   {r['file']}: {r['reason']}")


def _print_stale_sources(warehouse: Path) -> None:
    """A line per source whose newest data is older than the config's `freshness` allows."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute("""
            select label, latest_data_date, days_behind, expected_within_days
            from marts.source_freshness where is_stale order by source""")
        stale = [dict(zip([d[0] for d in cursor.description], row)) for row in cursor.fetchall()]
    for s in stale:
        print(f"  STALE      {s['label']}: {source_age(s)}")


def _scorecard_rows(warehouse: Path) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute("select * from marts.scorecard order by display_order, metric")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def print_scorecard(warehouse: Path, fmt: str) -> int:
    if not warehouse.exists():
        return _fail(f"no warehouse at {warehouse}; run `demandgen refresh` first")
    try:
        rows = _scorecard_rows(warehouse)
    except duckdb.Error as e:
        return _fail(f"{warehouse} has no scorecard ({_first_line(str(e))}); run `demandgen refresh`")
    if fmt == "json":
        print(json.dumps(rows, default=str, indent=2))
        return EXIT_OK
    for r in rows:
        # A metric with no data yet has no period to show. The words and numbers are the warehouse's own
        # (marts.scorecard), as on the dashboard.
        period = (
            f"; {r['period_start']} to {r['period_end']}, data through {r['data_through']}" if r["period_start"] else ""
        )
        print(f"{r['label']}: {r['value_text']}  [{r['status_word'].upper()}]  {r['benchmark_text']}{period}")
        print(textwrap.indent(textwrap.fill(r["explanation"] or "", 96), "    "))
    return EXIT_OK


def digest(settings: Settings, output: str | None, send: bool) -> int:
    """The weekly digest of the serving warehouse: written to `output` as one HTML file, sent, or (with
    neither) printed as the short version the webhook gets."""
    from orchestration import digest as weekly

    try:
        config = load_config(settings.config_path)
    except ConfigError as e:
        return _fail(str(e))
    try:
        week = weekly.read(settings.warehouse, weekly.now_in(config.timezone).date())
    except FileNotFoundError as e:
        return _fail(str(e))
    except duckdb.Error as e:
        return _fail(f"{settings.warehouse} has no lights to digest ({_first_line(str(e))}); run `demandgen refresh`")
    if output:
        page = Path(output)
        staged = page.with_name(page.name + ".writing")
        staged.write_text(weekly.html(week, weekly.charts(week), inline=True), encoding="utf-8")
        staged.replace(page)  # whole or not at all
        print(f"Wrote the digest for the week to {week.week_end} to {page}")
    if send:
        sent = weekly.send(week, config.notify)
        if not sent:
            return _fail("the digest went nowhere: set DEMANDGEN_WEBHOOK_URL or notify.email in the config")
        print(f"Sent the digest for the week to {week.week_end} to: {', '.join(sent)}")
    if not output and not send:
        print(weekly.text(week))
    return EXIT_OK


def serve(warehouse: Path, host: str, port: int) -> int:
    from dashboard.app import CredentialsError, credentials_from_env, network_warning
    from dashboard.app import main as run_dashboard

    try:
        credentials = credentials_from_env()
    except CredentialsError as e:
        return _fail(str(e))
    if warning := network_warning(host, credentials):
        print(warning, file=sys.stderr, flush=True)
    run_dashboard(warehouse, host=host, port=port)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="demandgen", description="Demand-generation health: exports to traffic lights."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    refresh = sub.add_parser("refresh", help="ingest the inbox, build the warehouse, publish it")
    refresh.add_argument("--config")
    refresh.add_argument("--inbox")
    refresh.add_argument("--warehouse")
    refresh.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every incremental model from all history, not only the days new exports touch",
    )
    refresh.add_argument(
        "--pull", action="store_true", help="first fetch what the config's pull: section names (as the night does)"
    )
    pull = sub.add_parser("pull", help="fetch Search Console, GA4 and Google Alerts data into INBOX/pulled/")
    pull.add_argument("--config")
    pull.add_argument("--inbox")
    check = sub.add_parser("check-access", help="whether the credentials can read each property and feed to pull")
    check.add_argument("--config")
    sub.add_parser(
        "prepare", help="parse the dbt project for Dagster (after installing or upgrading; refresh does it itself)"
    )
    weekly = sub.add_parser("digest", help="the weekly digest: every light, its week and history, the events")
    weekly.add_argument("--config")
    weekly.add_argument("--warehouse")
    weekly.add_argument("--output", metavar="FILE.html", help="write it as one self-contained HTML file")
    weekly.add_argument("--send", action="store_true", help="mail it and post its short version to the webhook")
    scorecard = sub.add_parser("scorecard", help="print the traffic lights")
    scorecard.add_argument("--warehouse")
    scorecard.add_argument("--format", choices=["table", "json"], default="table")
    for name, helptext in (("serve", "the dashboard"), ("demo", "refresh the bundled sample data, then serve it")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--warehouse", default="warehouse/demo.duckdb" if name == "demo" else None)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8050)
    args = parser.parse_args(argv)

    if args.command == "refresh":
        return run_refresh(_set_paths(args.config, args.inbox, args.warehouse), args.full_refresh, args.pull)
    if args.command == "pull":
        return run_pull(_set_paths(args.config, args.inbox))
    if args.command == "check-access":
        return run_check_access(_set_paths(args.config))
    if args.command == "prepare":
        from orchestration.dbt_project import prepare_manifest

        prepare_manifest()
        return EXIT_OK
    if args.command == "digest":
        return digest(_set_paths(config=args.config, warehouse=args.warehouse), args.output, args.send)
    if args.command == "scorecard":
        return print_scorecard(_set_paths(warehouse=args.warehouse).warehouse, args.format)
    if args.command == "serve":
        return serve(_set_paths(warehouse=args.warehouse).warehouse, args.host, args.port)
    # demo: the sample company's exports into their own warehouse, so real data is never mixed in.
    settings = _set_paths(str(SAMPLE_CONFIG), str(SAMPLE_INBOX), args.warehouse)
    code = run_refresh(settings)
    if code == EXIT_FAILED:
        return code
    return serve(settings.warehouse, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
