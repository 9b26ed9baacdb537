"""What the dashboard shows, read from the serving warehouse: one function per thing on a page.

Every function opens its own read-only connection and closes it before returning. The nightly
refresh swaps in a new warehouse file with os.replace, and only a connection opened after that
sees it, so the dashboard never holds a connection between requests. The SQL is fixed; the only
values that vary are bound as `?` parameters, never formatted into the text.

Results are remembered per serving file: the file's identity (inode, size, modification time) is
part of the key, so the first request after a refresh swaps in a new file reads the new file, and
the old file's results are dropped then. Callers get copies, so nothing they do changes what the
next request gets.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

NO_DATA_MESSAGE = "No data yet: run `demandgen refresh`"


class NoDataYet(Exception):
    """The warehouse file or one of its tables does not exist yet: nothing has been refreshed."""

    def __init__(self, detail: str):
        super().__init__(f"{NO_DATA_MESSAGE} ({detail})")
        self.detail = detail


# The connection a page's build reads through (see one_connection), per request context.
_page_connection: contextvars.ContextVar[tuple[str, duckdb.DuckDBPyConnection, tuple] | None] = contextvars.ContextVar(
    "page_connection", default=None
)


@contextmanager
def read_only(warehouse_path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the serving warehouse as it is on disk now, closed on exit (or the one the
    page being built reads through)."""
    shared = _shared_connection(warehouse_path)
    if shared is None:
        with _attached(warehouse_path) as con:
            yield con
        return
    try:
        yield shared[1]
    except duckdb.CatalogException as error:  # as _attached says it, so optional() reads still pass
        raise NoDataYet(str(error).splitlines()[0]) from error


@contextmanager
def one_connection(warehouse_path: str | Path) -> Iterator[None]:
    """Every read inside shares one connection, opened on entry and closed on exit: a page's queries then
    read one version of the file, and attaching it (reading its catalog, tens of milliseconds for a big
    warehouse) happens once per page, not once per query."""
    for _ in range(3):
        version = file_version(warehouse_path)
        with _attached(warehouse_path) as con:
            # What it reads is remembered under the version it attached: a file swapped in meanwhile is
            # read by the next request, not stored as the new version's.
            if file_version(warehouse_path) != version:
                continue
            token = _page_connection.set((os.path.abspath(warehouse_path), con, version))
            try:
                yield
            finally:
                _page_connection.reset(token)
            return
    raise RuntimeError(f"{warehouse_path} kept changing while the dashboard opened it")


def _shared_connection(warehouse_path):
    shared = _page_connection.get()
    return shared if shared is not None and shared[0] == os.path.abspath(warehouse_path) else None


@contextmanager
def _attached(warehouse_path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    path = Path(warehouse_path)
    if not path.is_file():
        raise NoDataYet(f"no warehouse file at {path}")
    # Not duckdb.connect(path, read_only=True): while any other connection to that path is open in this
    # process (another request still reading), DuckDB hands back that same database, which still reads
    # the file the refresh has just replaced. A private in-memory database attaching the file read-only
    # always opens whatever file is at the path now.
    con = duckdb.connect()
    try:
        # DuckDB's Python client otherwise resolves a table it cannot find to a Python object of that
        # name in the caller's scope (this module's `scorecard` function, a page's `benchmarks` frame),
        # so a missing table would be an odd error, or silently the wrong data, instead of NoDataYet.
        con.execute("set python_enable_replacements = false")
        con.execute("attach ? as serving (read_only)", [str(path)])
        con.execute("use serving")
        yield con
    except duckdb.CatalogException as error:
        # A table the dashboard reads is not built yet (a first refresh that stopped early).
        raise NoDataYet(str(error).splitlines()[0]) from error
    finally:
        con.close()


# --- results remembered per serving file -----------------------------------------------------------

# A process serving one warehouse needs one; tests and a second app in the same process may read a few.
WAREHOUSES_REMEMBERED = 4
_remembered: OrderedDict[str, tuple[tuple, dict]] = OrderedDict()  # path -> (file version, {key: result})
_remembered_lock = threading.Lock()
_MISSING = object()


def file_version(warehouse_path: str | Path) -> tuple:
    """What identifies the file at the path now. The refresh publishes with os.replace, so a new file has a
    new inode; size and modification time also catch a file rewritten in place, and the write-ahead log's
    identity a change that a writer has not checkpointed into the file yet."""
    path = Path(warehouse_path)
    try:
        file = os.stat(path)
    except FileNotFoundError:
        raise NoDataYet(f"no warehouse file at {path}") from None
    try:
        wal = os.stat(f"{path}.wal")
        wal_version = (wal.st_ino, wal.st_size, wal.st_mtime_ns)
    except FileNotFoundError:
        wal_version = None
    return (file.st_dev, file.st_ino, file.st_size, file.st_mtime_ns, wal_version)


def remembered(warehouse_path: str | Path, key: tuple, read: Callable[[], object]):
    """What `read()` returns for the warehouse file at the path now, read once per version of the file.

    Only the newest version of each warehouse is kept: a refresh drops the old one's results, so memory
    does not grow from one refresh to the next. A DataFrame is handed out as a copy.
    """
    path = os.path.abspath(warehouse_path)
    # The version is taken before reading: a file swapped in during the read is then stored under the older
    # version, and the next request, seeing the newer one, reads again.
    shared = _shared_connection(path)
    version = shared[2] if shared is not None else file_version(path)
    with _remembered_lock:
        entry = _remembered.get(path)
        if entry is None or entry[0] != version:
            entry = _remembered[path] = (version, {})
        _remembered.move_to_end(path)
        while len(_remembered) > WAREHOUSES_REMEMBERED:
            _remembered.popitem(last=False)
        found = entry[1].get(key, _MISSING)
    if found is _MISSING:
        found = read()
        with _remembered_lock:
            current = _remembered.get(path)
            if current is not None and current[0] == version:
                current[1][key] = found
    return found.copy() if isinstance(found, pd.DataFrame) else found


def forget_all() -> None:
    """Drop every remembered result (tests, or a process that wants to free the memory)."""
    with _remembered_lock:
        _remembered.clear()


def _frame(warehouse_path: str | Path, sql: str, params: list | None = None) -> pd.DataFrame:
    def read() -> pd.DataFrame:
        with read_only(warehouse_path) as con:
            return con.execute(sql, params or []).df()

    return remembered(warehouse_path, ("frame", sql, repr(params)), read)


def scorecard(warehouse_path: str | Path) -> pd.DataFrame:
    """One row per metric, in the order the seed `metrics` gives. `select *` so new scorecard columns just
    appear."""
    return _frame(warehouse_path, "select * from marts.scorecard order by display_order, metric")


def scorecard_history(warehouse_path: str | Path) -> pd.DataFrame:
    """Every light at the end of each past period (marts.scorecard_history), oldest first per metric."""
    return _frame(
        warehouse_path,
        """
        select metric, period_start, period_end, value, value_text, status, status_word, benchmark_low,
               benchmark_high, unit, time_window, is_current
        from marts.scorecard_history
        order by display_order, metric, period_end
    """,
    )


def events(warehouse_path: str | Path) -> pd.DataFrame:
    """The config's events (a day, or a first and last day, and a label), oldest first."""
    return _frame(warehouse_path, "select event_date, end_date, label from marts.events order by event_date, label")


def source_freshness(warehouse_path: str | Path) -> pd.DataFrame:
    """Per source family (search_console, web_analytics, mentions, surveys, trends): label, latest_data_date,
    expected_within_days, and what the refresh found (checked_on, days_behind, is_stale, files, last_loaded_at).
    The dashboard reckons staleness again on the day it is viewed."""
    return _frame(
        warehouse_path,
        """
        select source, label, latest_data_date, expected_within_days, checked_on, days_behind, is_stale,
               files, last_loaded_at
        from marts.source_freshness
        order by source
    """,
    )


def branded_search_weekly(warehouse_path: str | Path) -> pd.DataFrame:
    """Branded and non-branded impressions and clicks per full ISO week (marts.branded_search_weekly):
    week_start, segment, impressions, clicks."""
    return _frame(
        warehouse_path,
        "select week_start, segment, impressions, clicks from marts.branded_search_weekly order by week_start, segment",
    )


def branded_year_over_year(warehouse_path: str | Path) -> pd.DataFrame:
    """Branded impressions for the last 52 full weeks beside the same weeks a year earlier (364 days back, so
    Mondays line up): week_start, last_year_week_start, impressions_this_year, impressions_last_year (missing
    when not in the data)."""
    return _frame(
        warehouse_path,
        """
        select week_start, year_earlier_week_start as last_year_week_start,
               impressions as impressions_this_year, year_earlier_impressions as impressions_last_year
        from marts.branded_search_weekly
        where segment = 'branded'
          and week_start > (select max(week_start) from marts.branded_search_weekly where segment = 'branded') - 364
        order by week_start
    """,
    )


def growth_windows(warehouse_path: str | Path) -> pd.DataFrame:
    """Branded search growth vs a year earlier for each time window, trailing 28 days first."""
    return _frame(
        warehouse_path,
        """
        select time_window, period_start, period_end, comparison_start, comparison_end,
               impressions, comparison_impressions, clicks, comparison_clicks,
               impressions_growth_pct, clicks_growth_pct
        from marts.branded_search_growth
        order by time_window = 'trailing_28_days' desc, period_end desc
    """,
    )


def top_branded_queries(warehouse_path: str | Path, limit: int = 10) -> pd.DataFrame:
    """The branded queries with the most clicks in one period (marts.top_branded_queries): query, clicks,
    impressions, period_start, period_end, source."""
    return _frame(
        warehouse_path,
        """
        select query, clicks, impressions, period_start, period_end, source
        from marts.top_branded_queries
        where query_rank <= ?
        order by query_rank
    """,
        [int(limit)],
    )


def ingested_files(warehouse_path: str | Path) -> pd.DataFrame:
    """Every file the pipeline has seen, newest first, with its status and any rejection reason."""
    return _frame(warehouse_path, "select * from marts.ingested_files order by ingested_at desc, file_name")


def ingest_summary(files: pd.DataFrame) -> dict[str, int]:
    """How many files were loaded, skipped as duplicates and rejected."""
    counts = files["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in ("loaded", "duplicate", "rejected")}


# --- web traffic -----------------------------------------------------------------------------------
#
# A site is counted in its tool's unit: sessions, or visitors where the tool has no sessions
# (Plausible's channel report). The two never add up, so everything below is per site and unit.


def traffic_properties(warehouse_path: str | Path) -> pd.DataFrame:
    """Every site with web traffic, the one to read first first (marts.web_traffic_sites): property,
    traffic_unit, source_tools, data_through, months (complete months measured), last_month_total."""
    return _frame(
        warehouse_path,
        """
        select property, traffic_unit, source_tools, data_through, months, last_month_total
        from marts.web_traffic_sites
        order by site_rank
    """,
    )


def traffic_monthly_by_channel(warehouse_path: str | Path) -> pd.DataFrame:
    """Traffic per site, calendar month and channel, for the months the share is measured on
    (marts.web_traffic_monthly_channels): property, traffic_unit, month_start, basis, channel_group, traffic."""
    return _frame(
        warehouse_path,
        """
        select property, traffic_unit, month_start, basis, channel_group, sum(traffic)::bigint as traffic
        from marts.web_traffic_monthly_channels
        group by all
        order by property, traffic_unit, month_start, channel_group
    """,
    )


def direct_organic_monthly(warehouse_path: str | Path) -> pd.DataFrame:
    """(Direct + organic) / all traffic per site and calendar month, oldest month first, with each month's
    status by the scorecard's rule: property, traffic_unit, month_start, month_end, basis, direct, organic,
    other, total, share_pct, status, status_word, organic_channels."""
    return _frame(
        warehouse_path,
        """
        select property, traffic_unit, month_start, month_end, basis, direct::bigint as direct,
               organic::bigint as organic, other::bigint as other, total::bigint as total, share_pct, status,
               status_word, status_symbol, organic_channels
        from marts.direct_organic_share_monthly
        order by property, traffic_unit, month_start
    """,
    )


def direct_organic_windows(warehouse_path: str | Path) -> pd.DataFrame:
    """The share per site for the last complete month and the trailing 28 days, in that order.

    share_pct is missing (is_measurable false) where the window is not fully covered by data; a site
    with no daily data has no trailing 28 days row at all.
    """
    return _frame(
        warehouse_path,
        """
        select property, time_window, period_start, period_end, data_through, traffic_unit, basis,
               direct::bigint as direct, organic::bigint as organic, total::bigint as total,
               share_pct, is_measurable, status, status_word, status_symbol
        from marts.direct_organic_share
        order by property, time_window = 'last_complete_month' desc, time_window
    """,
    )


def benchmarks(warehouse_path: str | Path) -> pd.DataFrame:
    """Each metric's benchmark as the last refresh applied it (defaults with the config's overrides)."""
    return _frame(warehouse_path, "select * from marts.benchmarks order by metric")


def channel_disagreements(warehouse_path: str | Path) -> pd.DataFrame:
    """GA4 rows whose file channel differs from what GA4's default rules give, most sessions first."""
    return _frame(
        warehouse_path,
        """
        select property, period_start, period_end, source_medium, channel_label, file_channel_group,
               rules_channel_group, sessions::bigint as sessions, source_file
        from marts.channel_disagreements
        order by sessions desc nulls last, property, source_medium, period_start
    """,
    )


# --- brand surveys ---------------------------------------------------------------------------------
#
# Awareness is counted among respondents in the ideal customer profile (the config's surveys.icp).
# A warehouse refreshed before surveys were supported has none of these tables: NoDataYet, which the
# pages turn into "no survey data yet".

_WAVES = """
    select wave, wave_number, brand, is_own_brand, fieldwork_start, fieldwork_end, respondents, aware,
           awareness_pct, ci_low_pct, ci_high_pct
    from marts.{table}
    order by wave_number, is_own_brand desc, brand
"""


def awareness_waves(warehouse_path: str | Path) -> pd.DataFrame:
    """Unaided awareness per wave and brand, oldest wave first and the own brand first in each, with
    the Wilson 95% interval in percent (ci_low_pct, ci_high_pct)."""
    return _frame(warehouse_path, _WAVES.format(table="awareness_waves"))


def aided_awareness_waves(warehouse_path: str | Path) -> pd.DataFrame:
    """Aided awareness ("which of these have you heard of?"), as `awareness_waves`; only the waves whose
    survey asked it."""
    return _frame(warehouse_path, _WAVES.format(table="aided_awareness_waves"))


def awareness_change(warehouse_path: str | Path) -> pd.DataFrame:
    """Each brand's unaided awareness in the latest wave against the wave about a year earlier, own
    brand first: change_points with its Newcombe 95% interval, is_distinguishable (the interval
    excludes no change), and a reason when the two waves cannot be compared."""
    return _frame(warehouse_path, "select * from marts.awareness_change order by is_own_brand desc, brand")


def awareness_mentions(warehouse_path: str | Path, match_kind: str) -> pd.DataFrame:
    """The names respondents wrote that were matched one way ('term', 'misspelling', 'fuzzy') or not at
    all ('unmatched'), the most respondents first."""
    return _frame(
        warehouse_path,
        """
        select mention, example, brand, match_kind, matched_term, respondents, first_wave, last_wave
        from marts.awareness_mentions
        where match_kind = ?
        order by respondents desc, mention
    """,
        [match_kind],
    )


def first_heard_channels(warehouse_path: str | Path) -> pd.DataFrame:
    """Answers to "how did you first hear about us?" in the latest wave that asked it, most first."""
    return _frame(
        warehouse_path,
        """
        select wave, answer, respondents, respondents_answering, share_pct
        from marts.first_heard_channels
        where wave_number = (select max(wave_number) from marts.first_heard_channels)
        order by respondents desc, answer
    """,
    )


def survey_questions(warehouse_path: str | Path) -> pd.DataFrame:
    """Every question of every survey file, by file, the ones the pipeline used first: role ('unaided',
    'aided', 'first_heard', 'icp', or missing when unused) and chosen_by ('config' or 'guess')."""
    return _frame(
        warehouse_path,
        """
        select file_name, survey, source_tool, question_id, question_text, role, chosen_by
        from marts.survey_questions
        order by file_name, coalesce(list_position(['unaided', 'aided', 'first_heard', 'icp'], role), 5),
                 position
    """,
    )


def optional(read, *args):
    """What `read` returns, or None when its table is not in the warehouse: the pipeline builds some marts
    only from some exports, and a warehouse refreshed before a mart existed does not have it."""
    try:
        return read(*args)
    except NoDataYet:
        return None


# --- share of voice (media mentions) --------------------------------------------------------------
#
# A warehouse refreshed before mentions were supported has neither table: NoDataYet, which the Voice
# page turns into "no media mentions yet".


def mentions_per_quarter(warehouse_path: str | Path) -> pd.DataFrame:
    """Every tracked brand in every quarter with mentions (a brand not mentioned in a quarter has 0), oldest
    quarter first and the own brand first in each: quarter_start, quarter_end, is_complete, brand,
    is_own_brand, mentions, target_media_mentions, share_of_voice_pct, target_share_of_voice_pct, and the
    quarter's totals over the brands (all_mentions, all_target_media_mentions)."""
    return _frame(
        warehouse_path,
        """
        select quarter_start, quarter_end, is_complete, brand, is_own_brand, mentions::bigint as mentions,
               target_media_mentions::bigint as target_media_mentions, share_of_voice_pct,
               target_share_of_voice_pct, all_mentions::bigint as all_mentions,
               all_target_media_mentions::bigint as all_target_media_mentions
        from marts.mentions_per_quarter
        order by quarter_start, is_own_brand desc, brand
    """,
    )


def last_quarter(quarters: pd.DataFrame) -> pd.DataFrame:
    """The rows of `mentions_per_quarter` for the last complete quarter (the latest one when none is
    complete yet), the own brand first, then the most mentioned."""
    if quarters.empty:
        return quarters
    complete = quarters[quarters["is_complete"]]
    chosen = (complete if len(complete) else quarters)["quarter_start"].max()
    return (
        quarters[quarters["quarter_start"] == chosen]
        .sort_values(["is_own_brand", "mentions", "brand"], ascending=[False, False, True])
        .reset_index(drop=True)
    )


def own_brand_mentions(warehouse_path: str | Path, limit: int = 50) -> pd.DataFrame:
    """The newest stories naming the own brand, at most `limit`, each merged from its copies: published_at,
    outlet, domain, url, title, is_target_media, media_tier, sentiment, source_tool, copies, and
    own_mentions, how many there are in all."""
    return _frame(
        warehouse_path,
        """
        select published_at, outlet, domain, url, title, is_target_media, media_tier, sentiment, source_tool,
               copies::bigint as copies, count(*) over () as own_mentions
        from marts.media_mentions
        where is_own_brand
        order by published_at desc, title
        limit ?
    """,
        [int(limit)],
    )


# --- share of search (Google Trends) ---------------------------------------------------------------


def share_of_search_series(warehouse_path: str | Path) -> pd.DataFrame:
    """Each Trends series loaded (a region at one granularity), the one to chart first first
    (marts.share_of_search_series): geo, granularity, first_period_start, last_period_end, periods, brands,
    below_one_periods."""
    return _frame(
        warehouse_path,
        """
        select geo, granularity, first_period_start, last_period_end, periods, brands, below_one_periods
        from marts.share_of_search_series
        order by series_rank
    """,
    )


def share_of_search(warehouse_path: str | Path, geo: str, granularity: str) -> pd.DataFrame:
    """One series' share of search per period and brand, oldest period first and the own brand first in
    each: period_start, period_end, brand, is_own_brand, interest, share_pct, has_below_one."""
    return _frame(
        warehouse_path,
        """
        select period_start, period_end, brand, is_own_brand, interest, share_pct, has_below_one
        from marts.share_of_search
        where geo = ? and granularity = ?
        order by period_start, is_own_brand desc, brand
    """,
        [geo, granularity],
    )


# --- what Google said about pulled data -------------------------------------------------------------


def capped_search_days(warehouse_path: str | Path) -> pd.DataFrame:
    """Days whose Search Console query rows reached the API's cap of rows a day: property, date."""
    try:
        return _frame(
            warehouse_path,
            """
            select property, date from marts.branded_search_daily
            where query_rows_capped
            group by property, date
            order by property, date
        """,
        )
    except duckdb.BinderException as error:  # a warehouse refreshed before capped days were marked
        raise NoDataYet(str(error).splitlines()[0]) from error


def traffic_caveats(warehouse_path: str | Path) -> pd.DataFrame:
    """GA4's caveats per site and kind: property, caveat, explanation, days, first_day, last_day, and the
    smallest share sampled (sampling only)."""
    return _frame(
        warehouse_path,
        """
        select property, caveat, explanation, count(*) as days, min(period_start) as first_day,
               max(period_end) as last_day, min(sampled_pct) as lowest_sampled_pct
        from marts.web_traffic_caveats
        group by property, caveat, explanation
        order by property, caveat
    """,
    )
