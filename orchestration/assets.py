"""Ingest (inbox → raw), the config tables, and publish (working → serving warehouse)."""

import dagster as dg

from . import notify
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


@dg.multi_asset(
    specs=[dg.AssetSpec(["raw", name], group_name="ingest", deps=[["raw", "brand_terms"]]) for name in INGEST_TABLES],
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


@dg.asset(
    group_name="publish",
    deps=list(demandgen_dbt_models.keys),
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
    notify.sources_stale(stale, settings.warehouse, context.log)
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
