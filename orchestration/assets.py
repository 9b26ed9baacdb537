"""Pull (Google APIs → inbox), ingest (inbox → raw), the config tables, and publish (working → serving warehouse)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg
import pydantic

from . import notices, notify, pull
from .dbt_models import demandgen_dbt_models
from .ingest.landing import CONFIG_TABLES, FAMILIES, ensure_raw_schema, ingest_inbox, write_config_tables
from .resources import WarehouseResource
from .warehouse import (
    connect_working,
    keep_publish_log_to_what_was_published,
    log_this_publish,
    publish,
    publish_docs,
    restore_working_from_serving,
)

INGEST_TABLES = [name for family in FAMILIES for name in family.RAW_TABLES] + ["ingested_files"]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", name],
            group_name="config",
            description="From the config file; rewritten every run so changes relabel history.",
        )
        for name in CONFIG_TABLES
    ],
)
def marketing_config(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The brand's and competitors' terms, benchmark overrides and metric settings, as tables dbt can join."""
    config = warehouse.load_config()
    settings = warehouse.settings
    restore_working_from_serving(settings.working_warehouse, settings.warehouse)
    with connect_working(settings.working_warehouse) as con:
        ensure_raw_schema(con)
        terms = write_config_tables(con, config)
        if dropped := keep_publish_log_to_what_was_published(con, settings.warehouse):
            context.log.info(f"forgot {dropped} logged lights of a refresh that failed before it published")
    context.log.info(
        f"config {settings.config_path.name}: {terms} brand terms, {len(config.benchmarks)} benchmark overrides"
    )
    for name in CONFIG_TABLES:
        yield dg.MaterializeResult(asset_key=["raw", name], metadata={"config": str(settings.config_path)})


class PullConfig(dg.Config):
    pull: bool = pydantic.Field(
        default=False,
        description="Fetch what the config's `pull:` section names before ingesting (the nightly schedule and "
        "`demandgen refresh --pull` set this).",
    )


class PullsUnreachable(Exception):
    """Every source failed with a problem that may pass (Google or the network down): Dagster tries again."""


# Google's hiccups pass in minutes: the step is tried twice more, 5 then 10 minutes later, when no source could
# be reached at all. A source that fails alone is reported (a rejected file) and pulled again the next night.
PULL_RETRY = dg.RetryPolicy(max_retries=2, delay=300, backoff=dg.Backoff.EXPONENTIAL)


def retry_later(report: pull.PullReport, retry_number: int) -> bool:
    """Whether to fail this try so Dagster tries again: only when nothing could be reached and tries remain; the
    last try lands its problems (rejected like files) and lets the rest of the refresh publish."""
    return report.reached_nothing and retry_number < PULL_RETRY.max_retries


# After the config tables (a broken config stops the run before anything is fetched), before ingest.
@dg.asset(key=["inbox", "pulled"], group_name="pull", deps=[["raw", "brand_terms"]], retry_policy=PULL_RETRY)
def google_pulls(context: dg.AssetExecutionContext, config: PullConfig, warehouse: WarehouseResource):
    """Search Console, GA4 and Google Alerts, as the config's `pull:` names them, landed under INBOX/pulled/."""
    settings = warehouse.settings
    marketing = warehouse.load_config()
    if not config.pull:
        context.log.info("not pulling in this run (the nightly schedule and `demandgen refresh --pull` pull)")
        return dg.MaterializeResult(metadata={"pulled": "not in this run"})
    if marketing.pull is None:
        context.log.info(f"nothing to pull: {settings.config_path.name} has no `pull:` section")
        return dg.MaterializeResult(metadata={"pulled": "nothing configured"})
    report = pull.pull(marketing, settings.inbox, say=context.log.info)
    if retry_later(report, context.retry_number):
        raise PullsUnreachable("; ".join(o.problem for o in report.problems))
    for outcome in report.problems:
        context.log.warning(f"not pulled: {outcome.problem}")
    return dg.MaterializeResult(
        metadata={
            "files": sum(len(o.files) for o in report.outcomes),
            "pulled": [o.name for o in report.outcomes if not o.problem],
            "not pulled": [o.problem for o in report.problems],
        }
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", name], group_name="ingest", deps=[["raw", "brand_terms"], google_pulls.key])
        for name in INGEST_TABLES
    ],
)
def inbox_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Every new export in the inbox, detected by content, landed whole or rejected with a reason."""
    config = warehouse.load_config()
    settings = warehouse.settings
    with connect_working(settings.working_warehouse) as con:
        report = ingest_inbox(con, settings.inbox, config, context.run_id)
        counts = {name: con.execute(f"select count(*) from raw.{name}").fetchone()[0] for name in INGEST_TABLES}
    for f in report.loaded:
        context.log.info(f"loaded   {f['file']}: {f['rows']:,} rows ({f['format']})")
    for f in report.duplicates:
        context.log.info(f"skipped  {f['file']}: same content as {f['same_as']}")
    for f in report.rejected:
        context.log.warning(f"rejected {f['file']}: {f['reason']}")
    summary = dg.MetadataValue.json(report.as_metadata())
    for name in INGEST_TABLES:
        metadata = {"dagster/row_count": counts[name]}
        if name == "ingested_files":
            metadata["report"] = summary
        yield dg.MaterializeResult(asset_key=["raw", name], metadata=metadata)


MART_TABLES = [
    "scorecard",
    "branded_search_daily",
    "search_query_totals",
    "branded_search_growth",
    "ingested_files",
    "benchmarks",
    "web_traffic_channels",
    "awareness_waves",
    "awareness_mentions",
]


# The nightly refresh publishes once a day. Dagster shows the serving warehouse as late (WARN) a day after
# its last publish, with four hours' slack for a slow night (run monitoring ends a run after two) and the
# 25-hour day of a daylight-saving change, and as failing (FAIL) after three days without one. The
# refresh_overdue notice (sensors.py) is sent from the same warning window.
PUBLISH_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(days=3), warn_window=timedelta(hours=28))


@dg.asset(
    group_name="publish",
    deps=list(demandgen_dbt_models.keys),
    freshness_policy=PUBLISH_FRESHNESS,
    check_specs=[
        dg.AssetCheckSpec(
            "sources_are_fresh",
            asset="serving_warehouse",
            description="Each source's newest data is within the config's `freshness` days (marts.source_freshness).",
        )
    ],
)
def serving_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The file readers open: a checkpointed copy of the working warehouse, swapped in atomically."""
    settings = warehouse.settings
    with connect_working(settings.working_warehouse) as con:
        rows = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in MART_TABLES}
        lights = con.execute("select metric, status, value, unit from marts.scorecard order by metric").fetchall()
        cursor = con.execute("""
            select source, label, latest_data_date, expected_within_days, days_behind, is_stale
            from marts.source_freshness order by source""")
        sources = [dict(zip([d[0] for d in cursor.description], row)) for row in cursor.fetchall()]
        log_this_publish(con)
    size = publish(settings.working_warehouse, settings.warehouse)
    if publish_docs(settings.docs_staged, settings.docs):
        context.log.info(f"published the warehouse documentation: {settings.docs.name}")
    context.log.info(f"published {settings.warehouse} ({size / 2**20:.1f} MB)")
    preview = "\n".join(
        ["| metric | status | value |", "|---|---|---|"]
        + [f"| {m} | {s} | {'—' if v is None else f'{v:.1f} {u}'} |" for m, s, v, u in lights]
    )
    stale = [s for s in sources if s["is_stale"]]
    for s in stale:
        context.log.warning(f"stale: {s['label']}, {notify.source_age(s)}")
    config = warehouse.load_config()
    now = datetime.now(UTC).replace(tzinfo=None)
    if changed := notices.lights_to_tell(settings.working_warehouse, now, timedelta(days=config.notify.quiet_days)):
        for change in changed:
            context.log.info(
                f"light changed: {change.light['label']}: {change.told_word} → {change.light['status_word']}"
            )
        if notify.send(notify.lights_changed(changed, settings.warehouse), config.notify, context.log):
            notices.record_told(settings.working_warehouse, changed, now)
    notices.tell_once_a_day(
        settings.working_warehouse,
        "sources_stale",
        {s["source"]: s for s in stale},
        datetime.now(ZoneInfo(config.timezone)).date(),
        lambda due: bool(notify.send(notify.sources_stale(due, settings.warehouse), config.notify, context.log)),
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.warehouse)),
            "size_mb": round(size / 2**20, 2),
            "scorecard": dg.MetadataValue.md(preview),
            **{f"rows/{t}": n for t, n in rows.items()},
        },
        # A warning, not a blocking error: one stale source must not hold back the others' fresh data.
        check_results=[
            dg.AssetCheckResult(
                check_name="sources_are_fresh",
                passed=not stale,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={s["source"]: _source_age_words(s) for s in sources},
            )
        ],
    )


def _source_age_words(source: dict) -> str:
    if source["latest_data_date"] is None:
        return "no data loaded"
    return f"{'STALE' if source['is_stale'] else 'fresh'}: {notify.source_age(source)}"
