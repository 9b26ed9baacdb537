"""The dashboard without a browser: queries, words and figures as pure functions, and the app factory."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import dash
import duckdb
import pandas as pd
import pytest

from dashboard import downloads, figures, queries
from dashboard.app import create_app
from dashboard.components import benchmark_text, format_value, period_text, scorecard_card
from dashboard.wording import change_verdict, interval_text, wave_name
from tests.dashboard_warehouse import (
    AUGUST_MONTH,
    CONTOSO,
    DOCS,
    DOCS_OCTOBER,
    FABRIKAM,
    GA4,
    MENTIONS_PER_QUARTER,
    OCTOBER_DAY,
    OWN_BRAND,
    SEPTEMBER_DAY,
    SURVEY_FILES,
    build_dashboard_warehouse,
    daily_rows,
)


@pytest.fixture
def warehouse(tmp_path):
    return build_dashboard_warehouse(tmp_path / "serving.duckdb")


def hand_sum(segment: str, week_start: date, measure: str) -> int:
    days = {week_start + timedelta(days=n) for n in range(7)}
    column = {"clicks": 3, "impressions": 4}[measure]
    return sum(row[column] for row in daily_rows() if row[2] == segment and row[0] in days and row[5])


# --- queries ---------------------------------------------------------------------------------------


def test_weekly_sums_equal_hand_sums_of_the_daily_rows(warehouse):
    weekly = queries.branded_search_weekly(warehouse)

    for row in weekly.itertuples():
        week = row.week_start.date()
        assert row.impressions == hand_sum(row.segment, week, "impressions")
        assert row.clicks == hand_sum(row.segment, week, "clicks")
    assert set(weekly["segment"]) == {"branded", "non_branded"}  # anonymized cannot be classified


def test_weekly_has_only_full_weeks_of_complete_days(warehouse):
    weeks = sorted({ts.date() for ts in queries.branded_search_weekly(warehouse)["week_start"]})

    assert all(week.weekday() == 0 for week in weeks)  # ISO weeks start on Monday
    # The week of Monday 2026-11-16 has only three complete days (and one incomplete): dropped.
    assert weeks[-1] == date(2026, 11, 9)
    assert len(weeks) == 8  # four weeks in each year


def test_year_over_year_lines_up_weeks_364_days_apart(warehouse):
    yoy = queries.branded_year_over_year(warehouse)

    assert list(yoy["week_start"].dt.date) == [date(2026, 10, 19) + timedelta(weeks=n) for n in range(4)]
    first = yoy.iloc[0]
    assert first["last_year_week_start"].date() == date(2025, 10, 20)  # a Monday too
    assert first["impressions_this_year"] == hand_sum("branded", date(2026, 10, 19), "impressions")
    assert first["impressions_last_year"] == hand_sum("branded", date(2025, 10, 20), "impressions")


def test_growth_windows_put_the_trailing_28_days_first(warehouse):
    growth = queries.growth_windows(warehouse)

    assert list(growth["time_window"]) == ["trailing_28_days", "last_complete_quarter"]
    assert growth.loc[0, "impressions_growth_pct"] == 24.6
    assert pd.isna(growth.loc[1, "clicks_growth_pct"])


def test_top_branded_queries_come_from_the_latest_ui_export(warehouse):
    top = queries.top_branded_queries(warehouse, limit=3)

    assert list(top["query"]) == ["northwind analytics", "northwind", "northwind login"]
    assert set(top["source"]) == {"ui_export"}
    assert top.iloc[0]["period_end"].date() == date(2026, 11, 18)


def test_top_branded_queries_fall_back_to_the_daily_rollup(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.search_query_totals where source = 'ui_export'")

    top = queries.top_branded_queries(warehouse)

    assert list(top["query"]) == ["northwind api"]
    assert list(top["source"]) == ["daily_rollup"]


def test_scorecard_has_every_metric_row_in_the_design_order(warehouse):
    cards = queries.scorecard(warehouse)

    assert list(cards["metric"]) == [
        "branded_search_yoy_growth",
        "direct_organic_share",
        "target_media_mentions_per_quarter",
        "share_of_voice",
        "share_of_search",
        "unaided_awareness_yoy_change",
    ]
    assert "comparison_start" in cards.columns


def test_ingested_files_newest_first_and_counted(warehouse):
    files = queries.ingested_files(warehouse)

    assert files.iloc[0]["file_name"] == "Pages.csv"
    assert files["ingested_at"].is_monotonic_decreasing
    assert queries.ingest_summary(files) == {"loaded": 5, "duplicate": 1, "rejected": 1}  # 3 of them surveys


def times(days: int, per_day: dict[str, int]) -> dict[str, int]:
    return {channel: days * sessions for channel, sessions in per_day.items()}


def test_sites_in_sessions_come_before_sites_in_visitors(warehouse):
    sites = queries.traffic_properties(warehouse)

    # The docs site has more traffic (4,000 visitors in October against 3,689 sessions), but visitors
    # are not sessions: the site the scorecard's light is for comes first.
    assert list(sites["property"]) == [GA4, DOCS]
    assert list(sites["traffic_unit"]) == ["sessions", "visitors"]
    assert list(sites["source_tools"]) == ["ga4", "plausible"]
    assert sites.iloc[0]["data_through"].date() == date(2026, 11, 18)  # not the incomplete 2026-11-19


def test_monthly_channel_sums_equal_hand_sums_and_never_add_days_to_a_month_export(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)

    def month(site, month_start):
        rows = by_channel[(by_channel["property"] == site) & (by_channel["month_start"] == pd.Timestamp(month_start))]
        return dict(zip(rows["channel_group"], rows["traffic"]))

    assert month(GA4, date(2026, 8, 1)) == AUGUST_MONTH  # the month export: no daily rows that month
    assert month(GA4, date(2026, 9, 1)) == times(30, SEPTEMBER_DAY)  # the days, not days + the month export
    assert month(GA4, date(2026, 10, 1)) == times(31, OCTOBER_DAY)
    assert month(DOCS, date(2026, 10, 1)) == DOCS_OCTOBER  # visitors, where Plausible has no sessions
    # November has only 18 complete days: not a month yet.
    assert sorted(set(by_channel["month_start"].dt.date)) == [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    assert set(by_channel.loc[by_channel["month_start"] == pd.Timestamp(2026, 9, 1), "basis"]) == {"daily", "period"}


def test_monthly_channels_add_up_to_the_months_total(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)
    monthly = queries.direct_organic_monthly(warehouse)

    sums = by_channel.groupby(["property", "month_start"])["traffic"].sum()
    assert list(sums) == list(monthly.set_index(["property", "month_start"])["total"])


def test_direct_organic_monthly_has_whole_numbers_and_the_rest_as_other(warehouse):
    monthly = queries.direct_organic_monthly(warehouse)
    october = monthly[(monthly["property"] == GA4) & (monthly["month_start"] == pd.Timestamp(2026, 10, 1))].iloc[0]

    assert (october["direct"], october["organic"], october["total"]) == (31 * 37, 31 * 30, 31 * 119)
    assert october["other"] == 31 * (28 + 14 + 9 + 1)
    assert october["share_pct"] == 56.3
    assert str(monthly["total"].dtype) == "int64"  # not the floats pandas makes of HUGEINT


def test_direct_organic_windows_put_the_last_complete_month_first(warehouse):
    windows = queries.direct_organic_windows(warehouse)

    assert list(zip(windows["property"], windows["time_window"])) == [
        (GA4, "last_complete_month"),
        (GA4, "trailing_28_days"),
        (DOCS, "last_complete_month"),
    ]
    assert list(windows["share_pct"]) == [56.3, 56.3, 80.0]


def test_channel_disagreements_are_listed(warehouse):
    disagreements = queries.channel_disagreements(warehouse)

    assert list(disagreements["source_medium"]) == ["linkedin.com / referral"]
    assert disagreements.iloc[0]["rules_channel_group"] == "Organic Social"
    assert disagreements.iloc[0]["sessions"] == 42


def test_organic_channels_read_off_the_numbers(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)
    monthly = queries.direct_organic_monthly(warehouse)

    assert queries.organic_channels(by_channel, monthly) == ("Organic Search",)
    # With the config's organic_includes_social_and_video, the docs site's organic has Organic Social in it.
    wider = monthly.copy()
    wider.loc[wider["property"] == DOCS, "organic"] += 200
    assert queries.organic_channels(by_channel, wider) == ("Organic Search", "Organic Social", "Organic Video")


def test_a_warehouse_without_channel_disagreements_still_shows_the_data_page(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.channel_disagreements")

    with pytest.raises(queries.NoDataYet):
        queries.channel_disagreements(warehouse)
    text = page_text(create_app(warehouse), "/data")
    assert "Pages.csv" in text and "Not computed yet" in text


def test_missing_warehouse_is_no_data_yet(tmp_path):
    with pytest.raises(queries.NoDataYet, match="demandgen refresh"):
        queries.scorecard(tmp_path / "never-refreshed.duckdb")
    assert not (tmp_path / "never-refreshed.duckdb").exists()  # reading never creates the file


def test_missing_table_is_no_data_yet(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.branded_search_growth")

    with pytest.raises(queries.NoDataYet):
        queries.growth_windows(warehouse)


def swap_in_newer_warehouse(warehouse, tmp_path, value: float) -> None:
    newer = build_dashboard_warehouse(tmp_path / "newer.duckdb")
    with duckdb.connect(str(newer)) as con:
        con.execute("update marts.scorecard set value = ? where metric = 'branded_search_yoy_growth'", [value])
    os.replace(newer, warehouse)  # what the nightly publish does


def test_each_query_sees_a_warehouse_swapped_in_by_os_replace(warehouse, tmp_path):
    assert queries.scorecard(warehouse).loc[0, "value"] == 24.6

    swap_in_newer_warehouse(warehouse, tmp_path, 31.2)

    assert queries.scorecard(warehouse).loc[0, "value"] == 31.2


def test_a_request_still_reading_the_old_file_does_not_pin_it_for_the_next(warehouse, tmp_path):
    with queries.read_only(warehouse) as still_reading:
        swap_in_newer_warehouse(warehouse, tmp_path, 31.2)

        assert queries.scorecard(warehouse).loc[0, "value"] == 31.2
        assert still_reading.execute("select value from marts.scorecard order by metric").fetchone() == (24.6,)


# --- results remembered per version of the serving file ---------------------------------------------


@pytest.fixture
def warehouse_opens(monkeypatch):
    """How many times the warehouse file is opened, from now on, with nothing remembered before."""
    queries.forget_all()
    opened = []
    real = queries.read_only

    def counting(path):
        opened.append(str(path))
        return real(path)

    monkeypatch.setattr(queries, "read_only", counting)
    monkeypatch.setattr(downloads, "read_only", counting)
    yield opened
    queries.forget_all()


def test_a_second_read_of_the_same_file_is_remembered_and_equal(warehouse, warehouse_opens):
    first = queries.scorecard(warehouse)
    csv_text = downloads.table_csv(warehouse, "scorecard")
    assert len(warehouse_opens) == 2

    again = queries.scorecard(warehouse)
    assert downloads.table_csv(warehouse, "scorecard") == csv_text
    pd.testing.assert_frame_equal(again, first)
    assert len(warehouse_opens) == 2  # neither read opened the file again
    # Different parameters are different results: the unmatched names are not the fuzzy ones.
    unmatched = queries.awareness_mentions(warehouse, "unmatched")
    fuzzy = queries.awareness_mentions(warehouse, "fuzzy")
    assert set(unmatched["match_kind"]) == {"unmatched"} and set(fuzzy["match_kind"]) == {"fuzzy"}
    assert len(warehouse_opens) == 4


def test_a_caller_changing_its_frame_does_not_change_the_next_one(warehouse, warehouse_opens):
    first = queries.scorecard(warehouse)
    first.loc[0, "value"] = -1.0
    first.drop(columns=["label"], inplace=True)

    again = queries.scorecard(warehouse)
    assert again.loc[0, "value"] == 24.6 and "label" in again.columns
    assert len(warehouse_opens) == 1


def test_a_file_swapped_in_is_read_on_the_very_next_call(warehouse, tmp_path, warehouse_opens):
    assert queries.scorecard(warehouse).loc[0, "value"] == 24.6
    assert "24.6" in downloads.table_csv(warehouse, "scorecard")

    swap_in_newer_warehouse(warehouse, tmp_path, 31.2)

    assert queries.scorecard(warehouse).loc[0, "value"] == 31.2
    growth = next(
        line
        for line in downloads.table_csv(warehouse, "scorecard").splitlines()
        if line.startswith("branded_search_yoy_growth,")
    )
    assert ",31.2," in growth and ",24.6," not in growth
    # The card's headline is the value; its explanation, unchanged in the newer file, still says 24.6%.
    assert "+31.2%" in page_text(create_app(warehouse), "/")


def test_a_file_changed_in_place_is_read_again(warehouse, warehouse_opens):
    assert queries.scorecard(warehouse).loc[0, "value"] == 24.6
    with duckdb.connect(str(warehouse)) as con:  # not how the publish does it, but an analyst might
        con.execute("update marts.scorecard set value = 12.5 where metric = 'branded_search_yoy_growth'")

    assert queries.scorecard(warehouse).loc[0, "value"] == 12.5


def test_only_the_newest_version_of_a_warehouse_is_remembered(warehouse, tmp_path, warehouse_opens):
    queries.scorecard(warehouse)
    queries.benchmarks(warehouse)
    downloads.table_csv(warehouse, "media_mentions")
    old_version = queries.file_version(warehouse)
    assert len(queries._remembered[os.path.abspath(warehouse)][1]) == 3

    swap_in_newer_warehouse(warehouse, tmp_path, 31.2)
    queries.scorecard(warehouse)

    version, results = queries._remembered[os.path.abspath(warehouse)]
    assert version == queries.file_version(warehouse) != old_version
    assert len(results) == 1  # the old file's benchmarks and CSV went with it
    assert len(queries._remembered) == 1


def test_a_process_reading_many_warehouses_keeps_the_last_few(tmp_path, warehouse_opens):
    paths = [build_dashboard_warehouse(tmp_path / f"w{n}.duckdb") for n in range(queries.WAREHOUSES_REMEMBERED + 2)]
    for path in paths:
        queries.scorecard(path)

    assert list(queries._remembered) == [os.path.abspath(path) for path in paths[-queries.WAREHOUSES_REMEMBERED :]]
    queries.scorecard(paths[0])  # read again: it had been dropped
    assert len(warehouse_opens) == len(paths) + 1


def test_a_missing_warehouse_is_still_no_data_yet_after_it_was_read(warehouse, warehouse_opens):
    queries.scorecard(warehouse)
    warehouse.unlink()

    with pytest.raises(queries.NoDataYet, match="demandgen refresh"):
        queries.scorecard(warehouse)
    with pytest.raises(queries.NoDataYet):
        downloads.table_csv(warehouse, "scorecard")


def test_the_dashboard_cannot_write_to_the_warehouse(warehouse):
    with queries.read_only(warehouse) as con, pytest.raises(duckdb.Error, match="read-only|Cannot execute"):
        con.execute("delete from marts.scorecard")


# Brand surveys: the numbers below are the hand-made rows of tests/dashboard_warehouse.py.

AWARENESS = "unaided_awareness_yoy_change"
SURVEY_TABLES = [
    "awareness_waves",
    "aided_awareness_waves",
    "awareness_change",
    "awareness_mentions",
    "first_heard_channels",
    "survey_questions",
]


def test_awareness_waves_have_every_brand_each_wave_own_brand_first(warehouse):
    waves = queries.awareness_waves(warehouse)

    assert list(waves["wave"]) == ["2025-09"] * 3 + ["2026-03"] * 3 + ["2026-09"] * 3
    assert list(waves["brand"][:3]) == [OWN_BRAND, CONTOSO, FABRIKAM]
    latest = waves[(waves["wave"] == "2026-09") & waves["is_own_brand"]].iloc[0]
    assert (latest["respondents"], latest["aware"], latest["awareness_pct"]) == (400, 106, 26.5)
    assert (latest["ci_low_pct"], latest["ci_high_pct"]) == (22.41, 31.03)
    assert (waves["aware"] / waves["respondents"] * 100).round(2).tolist() == waves["awareness_pct"].tolist()


def wilson(aware: int, respondents: int) -> tuple[float, float]:
    z = 1.96
    centre = (aware + z * z / 2) / (respondents + z * z)
    half = z / (respondents + z * z) * (aware * (respondents - aware) / respondents + z * z / 4) ** 0.5
    return round(100 * (centre - half), 2), round(100 * (centre + half), 2)


def test_the_hand_written_intervals_are_wilsons(warehouse):
    """The synthetic marts' literals, checked once against the formula so the tests below can trust them."""
    for frame in (queries.awareness_waves(warehouse), queries.aided_awareness_waves(warehouse)):
        for row in frame.itertuples(index=False):
            assert (row.ci_low_pct, row.ci_high_pct) == wilson(row.aware, row.respondents), row


def test_aided_awareness_only_for_the_waves_that_asked_it(warehouse):
    aided = queries.aided_awareness_waves(warehouse)

    assert sorted(set(aided["wave"])) == ["2026-03", "2026-09"]
    contoso = aided[(aided["brand"] == CONTOSO) & (aided["wave"] == "2026-09")].iloc[0]
    assert (contoso["aware"], contoso["awareness_pct"]) == (232, 58.0)


def test_awareness_change_own_brand_first_with_its_interval(warehouse):
    changes = queries.awareness_change(warehouse).set_index("brand")

    assert list(changes.index) == [OWN_BRAND, CONTOSO, FABRIKAM]
    own = changes.loc[OWN_BRAND]
    assert (own["wave"], own["comparison_wave"]) == ("2026-09", "2025-09")
    assert own["change_points"] == own["awareness_pct"] - own["comparison_awareness_pct"] == 6.5
    assert (own["change_ci_low_points"], own["change_ci_high_points"]) == (0.64, 12.30)
    # Contoso's interval straddles 0: within noise. Fabrikam's lies below it: a real fall.
    assert changes.loc[CONTOSO, "change_ci_low_points"] < 0 < changes.loc[CONTOSO, "change_ci_high_points"]
    assert list(changes["is_distinguishable"]) == [True, False, True]


def test_unmatched_mentions_most_respondents_first_and_fuzzy_ones_to_audit(warehouse):
    unmatched = queries.awareness_mentions(warehouse, "unmatched")
    fuzzy = queries.awareness_mentions(warehouse, "fuzzy")

    assert list(unmatched["example"]) == ["HubSpot", "ACME Analytics", "NWA"]
    assert list(unmatched["respondents"]) == [14, 9, 2]
    assert list(zip(fuzzy["example"], fuzzy["brand"], fuzzy["matched_term"])) == [
        ("Nortwind!", OWN_BRAND, "northwind"),
        ("Contosso Metrics", CONTOSO, "contoso metrics"),
    ]


def test_first_heard_channels_of_the_latest_wave_only(warehouse):
    channels = queries.first_heard_channels(warehouse)

    assert set(channels["wave"]) == {"2026-09"}  # not March 2026's answers
    assert list(channels["answer"]) == ["Search engine", "Colleague or friend", "LinkedIn", "Podcast"]
    assert channels["respondents"].sum() == 106 == channels.iloc[0]["respondents_answering"]


def test_survey_questions_list_the_used_ones_first_in_each_file(warehouse):
    questions = queries.survey_questions(warehouse)
    guesses = questions[questions["chosen_by"] == "guess"]

    assert list(zip(guesses["file_name"], guesses["role"])) == [(SURVEY_FILES[1], "unaided")]
    september_2025 = questions[questions["file_name"] == SURVEY_FILES[0]]
    assert list(september_2025["role"].fillna("unused")) == ["unaided", "icp", "icp", "unused"]


@pytest.mark.parametrize(
    ("table", "read"),
    [
        ("awareness_waves", queries.awareness_waves),
        ("aided_awareness_waves", queries.aided_awareness_waves),
        ("awareness_change", queries.awareness_change),
        ("awareness_mentions", lambda path: queries.awareness_mentions(path, "unmatched")),
        ("first_heard_channels", queries.first_heard_channels),
        ("survey_questions", queries.survey_questions),
        ("media_mentions", queries.own_brand_mentions),
        ("mentions_per_quarter", queries.mentions_per_quarter),
        ("share_of_search", queries.share_of_search_series),
    ],
)
def test_a_warehouse_from_before_surveys_mentions_or_trends_is_no_data_yet(warehouse, table, read):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"drop table marts.{table}")

    with pytest.raises(queries.NoDataYet):
        read(warehouse)
    assert queries.optional(read, warehouse) is None  # what a page reads as "not built yet"


# Media mentions and share of search: the numbers are MENTIONS_PER_QUARTER, MEDIA_MENTIONS and the
# share-of-search rows of tests/dashboard_warehouse.py.

MENTION_TABLES = ["media_mentions", "mentions_per_quarter"]
QUARTERS = ["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026 (so far)"]


def test_mentions_per_quarter_has_every_brand_every_quarter_own_brand_first(warehouse):
    quarters = queries.mentions_per_quarter(warehouse)

    assert len(quarters) == 6 * 3
    assert list(quarters["brand"][:3]) == [OWN_BRAND, CONTOSO, FABRIKAM]
    own = quarters[quarters["is_own_brand"]]
    assert list(own["mentions"]) == [4, 5, 6, 8, 9, 4]
    assert list(own["target_media_mentions"]) == [2, 3, 4, 6, 7, 3]
    assert list(own["share_of_voice_pct"]) == [20.0, 25.0, 40.0, 40.0, 36.0, 50.0]  # 4/20, 5/20, 6/15, ...
    assert list(own["all_mentions"]) == [20, 20, 15, 20, 25, 8]
    assert list(own["is_complete"]) == [True] * 5 + [False]  # Q4 2026 runs to 2026-11-18


def test_a_brand_with_no_row_in_a_quarter_had_no_mentions(warehouse):
    quarters = queries.mentions_per_quarter(warehouse)
    fabrikam = quarters[(quarters["brand"] == FABRIKAM) & (quarters["quarter_start"] == pd.Timestamp(2026, 1, 1))]

    assert FABRIKAM not in MENTIONS_PER_QUARTER["Q1 2026"]
    assert fabrikam[
        ["mentions", "target_media_mentions", "share_of_voice_pct", "target_share_of_voice_pct"]
    ].values.tolist() == [[0, 0, 0.0, 0.0]]


def test_a_quarter_with_no_target_media_mention_has_no_target_share(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""update marts.mentions_per_quarter set target_media_mentions = 0, target_share_of_voice_pct = null
                       where quarter_start = '2026-07-01'""")

    quarters = queries.mentions_per_quarter(warehouse)
    q3 = quarters[quarters["quarter_start"] == pd.Timestamp(2026, 7, 1)]

    assert q3["target_share_of_voice_pct"].isna().all()  # nothing to have a share of: not 0%
    assert list(q3["share_of_voice_pct"]) == [36.0, 44.0, 20.0]


def test_last_quarter_is_the_last_complete_one_own_brand_then_most_mentioned(warehouse):
    last = queries.last_quarter(queries.mentions_per_quarter(warehouse))

    assert set(last["quarter_start"]) == {pd.Timestamp(2026, 7, 1)}  # Q3 2026, not the unfinished Q4
    assert list(zip(last["brand"], last["mentions"], last["target_media_mentions"])) == [
        (OWN_BRAND, 9, 7),
        (CONTOSO, 11, 3),
        (FABRIKAM, 5, 0),
    ]


def test_last_quarter_before_any_quarter_is_complete_is_the_current_one(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.mentions_per_quarter where is_complete")

    last = queries.last_quarter(queries.mentions_per_quarter(warehouse))

    assert list(zip(last["brand"], last["mentions"])) == [(OWN_BRAND, 4), (CONTOSO, 3), (FABRIKAM, 1)]
    assert not last["is_complete"].any()


def test_own_brand_mentions_newest_first_with_how_many_in_all(warehouse):
    mentions = queries.own_brand_mentions(warehouse)

    assert list(mentions["published_at"].dt.date) == [
        date(2026, 11, 12),
        date(2026, 11, 3),
        date(2026, 10, 20),
        date(2026, 10, 2),
    ]
    assert list(mentions["outlet"].fillna("-")) == ["MarTech", "TechCrunch", "-", "Marketing Week"]
    assert list(mentions["copies"]) == [3, 1, 1, 2]
    assert list(mentions["media_tier"].astype("Int64").fillna(0)) == [2, 0, 0, 1]
    # The limit cuts the list, not the count of all of them.
    first_two = queries.own_brand_mentions(warehouse, limit=2)
    assert len(first_two) == 2 and list(first_two["own_mentions"]) == [4, 4]


def test_share_of_search_charts_worldwide_over_its_longest_span(warehouse):
    series = queries.share_of_search_series(warehouse)

    assert list(zip(series["geo"], series["granularity"])) == [
        ("Worldwide", "month"),
        ("Worldwide", "week"),
        ("United States", "week"),
        ("United Kingdom", "week"),
    ]
    worldwide = series.iloc[0]
    assert (worldwide["periods"], worldwide["brands"], worldwide["below_one_periods"]) == (3, 3, 1)


def test_share_of_search_without_worldwide_charts_the_region_with_most_rows(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.share_of_search where geo = 'Worldwide'")

    series = queries.share_of_search_series(warehouse)

    assert list(series["geo"]) == ["United States", "United Kingdom"]  # 6 weeks x 2 brands against 1 x 2


def test_share_of_search_of_one_series_own_brand_first(warehouse):
    shares = queries.share_of_search(warehouse, "Worldwide", "month")

    assert (
        list(shares["period_start"].dt.date)
        == [date(2026, 8, 1)] * 3 + [date(2026, 9, 1)] * 3 + [date(2026, 10, 1)] * 3
    )
    own = shares[shares["is_own_brand"]]
    # October: 44 of 44 + 55 + 0.5 (Fabrikam's '<1') = 99.5.
    assert [round(share, 2) for share in own["share_pct"]] == [30.0, 36.0, 44.22]
    assert list(shares["has_below_one"]) == [False] * 6 + [True] * 3
    assert queries.share_of_search(warehouse, "Worldwide", "day").empty


# --- words on the page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "metric", "expected"),
    [
        (24.6, "percent", "branded_search_yoy_growth", "+24.6%"),
        (-3.25, "percent", "branded_search_yoy_growth", "-3.2%"),
        (62.0, "percent", "direct_organic_share", "62.0%"),
        (5.0, "points", "unaided_awareness_yoy_change", "+5.0 pts"),
        (7.0, "count", "target_media_mentions_per_quarter", "7"),
        (None, "percent", "branded_search_yoy_growth", "—"),
        (float("nan"), "count", "target_media_mentions_per_quarter", "—"),
    ],
)
def test_format_value(value, unit, metric, expected):
    assert format_value(value, unit, metric) == expected


def test_benchmark_and_period_in_words():
    assert benchmark_text(20.0, 40.0, "percent", "branded_search_yoy_growth") == "Healthy: +20% to +40% a year"
    assert benchmark_text(50.0, None, "percent", "direct_organic_share") == "Healthy: 50% or more"
    assert benchmark_text(5.0, 10.0, "count", "target_media_mentions_per_quarter") == "Healthy: 5 to 10 a quarter"
    assert (
        period_text(date(2026, 10, 22), date(2026, 11, 18), date(2025, 10, 23), date(2025, 11, 19))
        == "28 days to 2026-11-18, vs same weekdays a year earlier"
    )
    assert period_text(date(2026, 10, 1), date(2026, 10, 31)) == "October 2026"
    assert period_text(date(2026, 2, 1), date(2026, 2, 28)) == "February 2026"
    assert (
        period_text(date(2026, 7, 1), date(2026, 9, 30), date(2025, 7, 1), date(2025, 9, 30))
        == "Q3 2026 (July to September), vs Q3 2025"
    )
    assert (
        period_text(date(2026, 7, 1), date(2026, 9, 30), date(2025, 7, 2), date(2025, 10, 1))
        == "Q3 2026 (July to September), vs same weekdays a year earlier"
    )
    assert period_text(date(2026, 8, 1), date(2026, 10, 31)) == "2026-08-01 to 2026-10-31"  # not a quarter


def test_a_card_says_its_status_in_words(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update marts.scorecard set value = null, status = 'insufficient_data' where metric = ?", [AWARENESS]
        )
    cards = queries.scorecard(warehouse)

    assert "Healthy" in text_of(scorecard_card(cards.iloc[0]))
    gap = text_of(scorecard_card(cards[cards["metric"] == AWARENESS].iloc[0]))  # no value yet still renders
    assert "Insufficient data" in gap and "—" in gap


def test_the_awareness_card_reads_in_points_and_says_whether_the_change_is_real(warehouse):
    cards = queries.scorecard(warehouse)
    card = text_of(scorecard_card(cards[cards["metric"] == AWARENESS].iloc[0]))

    assert "+6.5 pts" in card and "Healthy: +5 pts to +10 pts a year" in card
    # The days the answers came in, not "19 days to ...": a wave is not a run of days compared weekday by weekday.
    assert "Survey fieldwork 2026-09-07 to 2026-09-25, vs 2025-09-09 to 2025-09-26" in card
    assert "(95% interval +0.6 to +12.3 points). A real change" in card  # the explanation, as the pipeline wrote it


def test_the_voice_cards_read_as_a_count_and_as_points(warehouse):
    cards = queries.scorecard(warehouse).set_index("metric", drop=False)

    target_media = text_of(scorecard_card(cards.loc["target_media_mentions_per_quarter"]))
    assert "7" in target_media and "Healthy: 5 to 10 a quarter" in target_media
    assert "Q3 2026 (July to September)" in target_media
    share_of_voice = text_of(scorecard_card(cards.loc["share_of_voice"]))
    assert "+16.0 pts" in share_of_voice and "Healthy: +1 pt or more a year" in share_of_voice
    assert "Q3 2026 (July to September), vs Q3 2025" in share_of_voice
    share_of_search = text_of(scorecard_card(cards.loc["share_of_search"]))
    assert "+4.0 pts" in share_of_search and "2025-11-01 to 2026-10-31, vs 2024-11-01 to 2025-10-31" in share_of_search


def test_survey_results_in_words():
    assert wave_name("2026-09") == "September 2026"
    assert wave_name("2026-09-2") == "September 2026 (2)"  # a second wave in one month
    assert wave_name("spring tracker") == "spring tracker"
    assert interval_text(16.37, 24.2, "percent") == "16.4% to 24.2%"
    assert interval_text(-3.57, 6.56, "points") == "-3.6 to +6.6 pts"
    assert change_verdict(True, True) == "a real change"
    assert change_verdict(True, False) == "within noise: the interval includes no change"
    assert change_verdict(False, None, "No wave a year before September 2026") == "No wave a year before September 2026"


def test_the_direct_organic_card_reads_as_a_share_with_an_open_ended_benchmark(warehouse):
    cards = queries.scorecard(warehouse)
    card = text_of(scorecard_card(cards[cards["metric"] == "direct_organic_share"].iloc[0]))

    assert "56.3%" in card and "+56.3%" not in card
    assert "Healthy: 50% or more" in card and "+50%" not in card
    assert "October 2026" in card


# --- figures ---------------------------------------------------------------------------------------


def test_weekly_figure_has_branded_and_non_branded_for_impressions_and_clicks(warehouse):
    fig = figures.branded_vs_non_branded(queries.branded_search_weekly(warehouse))

    assert [trace.name for trace in fig.data] == ["Branded", "Branded", "Non-branded", "Non-branded"]
    assert fig.data[0].line.color != fig.data[2].line.color
    assert fig.data[0].line.dash != fig.data[2].line.dash  # not colour alone


def test_year_over_year_figure_has_this_year_and_the_year_before(warehouse):
    fig = figures.this_year_vs_last_year(queries.branded_year_over_year(warehouse))

    assert [trace.name for trace in fig.data] == ["Last 52 weeks", "Same weeks a year earlier"]
    assert list(fig.data[1].y) == list(queries.branded_year_over_year(warehouse)["impressions_last_year"])


def test_growth_figure_shades_the_benchmark_band(warehouse):
    fig = figures.growth_windows(queries.growth_windows(warehouse), 20.0, 40.0)

    assert [trace.name for trace in fig.data] == ["Impressions", "Clicks"]
    last_28_days, last_quarter = fig.data[0].x
    assert last_28_days == "Last 28 days"
    assert last_quarter.startswith("Last complete quarter") and "clicks: no data a year earlier" in last_quarter
    band = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert [(shape.y0, shape.y1) for shape in band] == [(20.0, 40.0)]


def ga4_only(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["property"] == GA4]


def test_channel_mix_stacks_direct_and_organic_search_at_the_bottom(warehouse):
    fig = figures.channel_mix_figure(ga4_only(queries.traffic_monthly_by_channel(warehouse)), "sessions")

    names = [trace.name for trace in fig.data]
    assert names[:2] == ["Direct", "Organic Search"]  # drawn first: the bottom of each stack
    assert set(names) == {
        "Direct",
        "Organic Search",
        "Paid Search",
        "Referral",
        "Email",
        "Organic Social",
        "Unassigned",
    }
    assert fig.layout.barmode == "stack"
    direct = fig.data[0]
    assert list(direct.x) == ["Aug 2026", "Sep 2026", "Oct 2026"]
    assert list(direct.y) == [900, 30 * 32, 31 * 37]
    organic_social = next(trace for trace in fig.data if trace.name == "Organic Social")
    assert list(organic_social.y) == [0, 60, 0]  # none those months: 0, not a hole plotly mis-stacks around
    # Demand channels solid, the rest hatched as well as paler: not colour alone.
    assert not fig.data[0].marker.pattern.shape
    assert all(trace.marker.pattern.shape for trace in fig.data[2:])
    assert fig.layout.yaxis.title.text == "Sessions per month"


def test_channel_mix_in_visitors_says_so(warehouse):
    by_channel = queries.traffic_monthly_by_channel(warehouse)
    fig = figures.channel_mix_figure(by_channel[by_channel["property"] == DOCS], "visitors")

    assert fig.layout.yaxis.title.text == "Visitors per month"
    assert "visitors" in fig.data[0].hovertemplate


def test_share_figure_has_the_healthy_and_watch_lines_in_words(warehouse):
    fig = figures.direct_organic_share_figure(ga4_only(queries.direct_organic_monthly(warehouse)), 50.0, 40.0)

    share = fig.data[0]
    assert list(share.y) == [47.06, 52.73, 56.3]
    assert list(share.text) == ["47.1%", "52.7%", "56.3%"]
    assert list(share.marker.symbol) == ["triangle-up", "circle", "circle"]  # watch, healthy, healthy
    lines = {shape.y0: shape.line.dash for shape in fig.layout.shapes}
    assert lines == {50.0: "dash", 40.0: "dot"}
    labels = [annotation.text for annotation in fig.layout.annotations]
    assert "Healthy: 50% or more" in labels and "Unhealthy: below 40%" in labels


def test_share_figure_leaves_a_missing_month_as_a_gap():
    monthly = pd.DataFrame({"month_start": pd.to_datetime(["2026-07-01", "2026-09-01"]), "share_pct": [51.0, 49.0]})

    fig = figures.direct_organic_share_figure(monthly)

    assert list(fig.data[0].x) == ["Jul 2026", "Aug 2026", "Sep 2026"] and pd.isna(fig.data[0].y[1])


def test_figures_say_when_there_is_nothing_to_plot():
    fig = figures.branded_vs_non_branded(pd.DataFrame(columns=["week_start", "segment", "impressions", "clicks"]))

    assert not fig.data
    assert "No complete weeks" in fig.layout.annotations[0].text


def test_awareness_figure_has_a_point_and_interval_per_brand_and_wave(warehouse):
    fig = figures.awareness_by_wave(queries.awareness_waves(warehouse))

    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    own = fig.data[0]
    assert list(own.x) == ["September 2025", "March 2026", "September 2026"]
    assert list(own.y) == [20.0, 22.0, 26.5]
    # Error bars from the Wilson ends: September 2026 is 26.5 - 22.41 below and 31.03 - 26.5 above.
    assert round(own.error_y.arrayminus[2], 2) == 4.09 and round(own.error_y.array[2], 2) == 4.53
    assert own.marker.size > fig.data[1].marker.size  # the own brand stands out
    assert len({trace.marker.symbol for trace in fig.data}) == 3  # not colour alone


def test_first_heard_figure_puts_the_most_common_answer_on_top(warehouse):
    fig = figures.first_heard_figure(queries.first_heard_channels(warehouse))

    assert list(fig.data[0].y) == ["Podcast", "LinkedIn", "Colleague or friend", "Search engine"]  # bottom up
    assert list(fig.data[0].text) == ["15%", "19%", "28%", "38%"]


def test_share_of_voice_figure_has_a_line_per_brand_the_current_quarter_hollow(warehouse):
    fig = figures.share_of_voice_figure(queries.mentions_per_quarter(warehouse))

    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    own, contoso, fabrikam = fig.data
    assert list(own.x) == QUARTERS
    assert list(own.y) == [20.0, 25.0, 40.0, 40.0, 36.0, 50.0]
    assert list(fabrikam.y) == [30.0, 30.0, 0.0, 20.0, 20.0, 12.5]  # no row in Q1 2026: 0
    assert list(own.marker.symbol) == ["circle"] * 5 + ["circle-open"]  # Q4 2026 is not over
    assert own.line.width > contoso.line.width and own.line.dash == "solid" != contoso.line.dash
    assert own.customdata[4].tolist() == [9, 25]  # 9 of 25 mentions in Q3 2026


def test_target_share_of_voice_figure_counts_target_media_only(warehouse):
    fig = figures.share_of_voice_figure(queries.mentions_per_quarter(warehouse), "target_share_of_voice_pct")

    assert list(fig.data[0].y) == [25.0, 37.5, 50.0, 60.0, 70.0, 75.0]  # 2/8, 3/8, 4/8, 6/10, 7/10, 3/4
    assert "target-media mentions" in fig.data[0].hovertemplate


def test_target_media_bars_over_the_shaded_band(warehouse):
    fig = figures.target_media_figure(queries.mentions_per_quarter(warehouse), 5.0, 10.0)

    bars = fig.data[0]
    assert list(bars.x) == QUARTERS
    assert list(bars.y) == [2, 3, 4, 6, 7, 3]
    assert list(bars.text) == ["2", "3", "4", "6", "7", "3 so far"]
    assert list(bars.marker.pattern.shape) == [""] * 5 + ["/"]  # the quarter under way is hatched
    band = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert [(shape.y0, shape.y1) for shape in band] == [(5.0, 10.0)]
    assert [annotation.text for annotation in fig.layout.annotations] == ["Healthy: 5 to 10 a quarter"]
    assert fig.layout.yaxis.range[1] >= 10 * 1.25  # the whole band shows above the bars


def test_a_missing_quarter_is_an_empty_slot_not_a_squeezed_axis(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.mentions_per_quarter where quarter_start = '2026-01-01'")

    fig = figures.target_media_figure(queries.mentions_per_quarter(warehouse))

    assert list(fig.data[0].x) == QUARTERS and pd.isna(fig.data[0].y[2])


def test_share_of_search_figure_has_a_line_per_brand_own_brand_first(warehouse):
    fig = figures.share_of_search_figure(queries.share_of_search(warehouse, "Worldwide", "month"), "month")

    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    assert [round(share, 2) for share in fig.data[2].y] == [20.0, 16.0, 0.5]  # October's '<1' as 0.5 of 99.5
    assert fig.data[0].line.width > fig.data[1].line.width
    assert fig.layout.xaxis.hoverformat == "%B %Y"


# --- the app factory -------------------------------------------------------------------------------


def test_two_apps_in_one_process_each_read_their_own_warehouse(warehouse, tmp_path):
    with_data = create_app(warehouse)
    without_data = create_app(tmp_path / "missing.duckdb")

    assert "+24.6%" in page_text(with_data, "/")
    assert "No data yet" in page_text(without_data, "/")
    for path in ("/branded-search", "/traffic", "/awareness", "/voice", "/data"):
        assert "No data yet" in page_text(without_data, path)
    assert "northwind analytics" in page_text(with_data, "/branded-search")
    assert "Pages.csv" in page_text(with_data, "/data")
    assert "linkedin.com / referral" in page_text(with_data, "/data")


def test_the_traffic_page_has_a_section_per_site_sessions_first(warehouse):
    text = page_text(create_app(warehouse), "/traffic")

    assert text.index(GA4) < text.index(DOCS)
    assert "Measured in visitors, not sessions: Plausible counts no sessions" in text
    assert "56.3%" in text and "of 3,689 sessions in October 2026 came by Direct or Organic Search" in text
    assert "47.1%" in text and "Month export" in text  # August, from the month export
    assert "No daily data for this site" in text  # the docs site has no trailing 28 days


def test_the_traffic_page_says_when_the_last_month_cannot_be_measured(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            """update marts.direct_organic_share
                       set share_pct = null, is_measurable = false, traffic_unit = null, direct = null,
                           organic = null, total = null
                       where property = ? and time_window = 'last_complete_month'""",
            [GA4],
        )

    text = page_text(create_app(warehouse), "/traffic")

    assert "No share for October 2026: not every day of the month has data" in text
    assert "October 2026: not every day has data" in text


def test_the_traffic_page_before_any_web_analytics_export(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.web_traffic_channels")
        con.execute("delete from marts.direct_organic_share_monthly")
        con.execute("delete from marts.direct_organic_share")

    assert "No web analytics exports loaded yet" in page_text(create_app(warehouse), "/traffic")


def test_the_awareness_page_says_which_changes_are_real(warehouse):
    page = render(create_app(warehouse), "/awareness")

    own = text_of(element(page, "awareness-change-northwind-analytics"))
    assert "+6.5 pts" in own and "(95% interval +0.6 to +12.3 pts)" in own
    assert "26.5% of 400 in the September 2026 wave, against 20.0% of 400 in September 2025" in own
    assert text_of(element(page, "awareness-change-northwind-analytics-verdict")) == "A real change."
    assert (
        text_of(element(page, "awareness-change-contoso-metrics-verdict"))
        == "Within noise: the interval includes no change."
    )
    assert "-5.0 pts" in text_of(element(page, "awareness-change-fabrikam-insights"))
    assert "Healthy: +5 pts to +10 pts a year" in text_of(page)


def test_the_awareness_page_has_a_table_per_wave_own_brand_first(warehouse):
    page = render(create_app(warehouse), "/awareness")

    rows = element(page, "awareness-wave-2026-09").children[1].children
    assert [text_of(cell) for cell in rows[0].children] == [
        f"{OWN_BRAND} (your brand)",
        "400",
        "106",
        "26.5%",
        "22.4% to 31.0%",
    ]
    assert rows[0].className == "own-brand"
    assert element(page, "awareness-wave-2025-09") is not None
    assert element(page, "awareness-aided-chart") is not None
    first_heard = text_of(element(page, "awareness-first-heard"))
    assert "September 2026 wave: 106 respondents in your ideal customer profile answered." in first_heard


def test_the_awareness_page_lists_names_to_add_to_the_config(warehouse):
    page = render(create_app(warehouse), "/awareness")

    unmatched = element(page, "awareness-unmatched").children[1].children
    assert [text_of(row.children[0]) for row in unmatched] == ["HubSpot", "ACME Analytics", "NWA"]
    assert "misspellings" in text_of(element(page, "awareness-mentions"))
    fuzzy = text_of(element(page, "awareness-fuzzy"))
    assert "Nortwind! Northwind Analytics northwind 5 March 2026 to September 2026" in fuzzy


def test_a_long_tail_of_unmatched_names_is_cut_short(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.executemany(
            "insert into marts.awareness_mentions values (?, ?, null, 'unmatched', null, 1, ?, ?)",
            [(f"tool {n}", f"Tool {n}", "2026-09", "2026-09") for n in range(30)],
        )

    page = render(create_app(warehouse), "/awareness")

    assert len(element(page, "awareness-unmatched").children[1].children) == 25
    assert "And 8 more, each written by fewer respondents." in text_of(element(page, "awareness-mentions"))


def test_a_change_that_cannot_be_judged_says_why(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""update marts.awareness_change
                       set is_comparable = false, is_distinguishable = null, change_points = null,
                           change_ci_low_points = null, change_ci_high_points = null,
                           reason = 'No wave 9 to 15 months before September 2026'""")
        con.execute(
            "update marts.scorecard set value = null, status = 'insufficient_data' where metric = ?", [AWARENESS]
        )

    awareness = render(create_app(warehouse), "/awareness")
    scorecard = render(create_app(warehouse), "/")

    assert (
        text_of(element(awareness, "awareness-change-northwind-analytics-verdict"))
        == "No change to judge: No wave 9 to 15 months before September 2026"
    )
    assert element(scorecard, f"scorecard-noise-{AWARENESS}") is None


def test_the_scorecard_says_whether_the_awareness_change_is_more_than_noise(warehouse):
    assert text_of(element(render(create_app(warehouse), "/"), f"scorecard-noise-{AWARENESS}")) == "◆ A real change"

    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.awareness_change set is_distinguishable = false where is_own_brand")

    assert text_of(element(render(create_app(warehouse), "/"), f"scorecard-noise-{AWARENESS}")) == "≈ Within noise"


def test_the_lights_of_a_source_stale_on_the_day_they_are_read_say_stale(warehouse):
    # Refreshed on 2020-02-01, when the mentions were a day old: fresh then, stale on any day they are read now.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table marts.scorecard add column source varchar")
        con.execute("""update marts.scorecard set source = case
            when metric in ('target_media_mentions_per_quarter', 'share_of_voice') then 'mentions'
            when metric = 'branded_search_yoy_growth' then 'search_console' else 'surveys' end""")
        con.execute("""create table marts.source_freshness (
            source varchar, label varchar, latest_data_date date, expected_within_days bigint, checked_on date,
            days_behind bigint, is_stale boolean, files bigint, last_loaded_at timestamp)""")
        con.executemany(
            "insert into marts.source_freshness values (?, ?, ?, ?, date '2020-02-01', ?, false, ?, null)",
            [
                ("mentions", "Media mentions", date(2020, 1, 31), 14, 1, 2),
                ("search_console", "Search Console", date(2020, 1, 31), 100_000, 1, 1),
                ("surveys", "Surveys", None, 400, None, 0),
            ],
        )

    page = render(create_app(warehouse), "/")

    for metric in ("target_media_mentions_per_quarter", "share_of_voice"):
        badge = element(page, f"scorecard-stale-{metric}")
        assert text_of(badge) == "◷ Stale"  # a word and a shape, not colour alone
        why = text_of(element(page, f"scorecard-stale-text-{metric}"))
        assert why.startswith("Media mentions: newest data 2020-01-31, ") and why.endswith(
            " days old (expected within 14)"
        )
        assert badge.title == why  # the same words as its tooltip
    # Within its expectation, or no data at all: no badge.
    for metric in ("branded_search_yoy_growth", AWARENESS, "direct_organic_share"):
        assert element(page, f"scorecard-stale-{metric}") is None
    assert "Stale" not in text_of(element(page, "scorecard-card-branded_search_yoy_growth"))


def test_a_warehouse_from_before_surveys_says_no_survey_data_yet(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        for table in SURVEY_TABLES:
            con.execute(f"drop table marts.{table}")
    app = create_app(warehouse)

    assert "No survey data yet" in page_text(app, "/awareness")
    assert "No survey exports loaded yet" in page_text(app, "/data")
    scorecard = render(app, "/")
    assert "+6.5 pts" in text_of(scorecard) and element(scorecard, f"scorecard-noise-{AWARENESS}") is None


def test_a_survey_without_aided_or_first_heard_questions(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.aided_awareness_waves")
        con.execute("drop table marts.first_heard_channels")

    page = render(create_app(warehouse), "/awareness")

    assert "surveys.aided_question" in text_of(element(page, "awareness-aided-none"))
    assert "surveys.first_heard_question" in text_of(element(page, "awareness-first-heard-none"))
    assert element(page, "awareness-unaided-chart") is not None


def test_the_data_page_lists_the_newest_100_files_and_every_rejected_one(warehouse):
    # A year of nightly GA4 downloads, all received after the fixture's seven files (one of them rejected).
    with duckdb.connect(str(warehouse)) as con:
        con.executemany(
            "insert into marts.ingested_files values (?, ?, ?, 'loaded', 24, null, ?, null, null, null)",
            [
                (f"ga4_{n:03}.csv", f"{n:064}", "ga4_csv", datetime(2026, 11, 20, 2) + timedelta(minutes=n))
                for n in range(150)
            ],
        )

    page = render(create_app(warehouse), "/data")
    rows = element(page, "data-files-table").children[1].children
    files = [text_of(row.children[1].children[0]) for row in rows]
    assert files == [f"ga4_{n:03}.csv" for n in range(149, 49, -1)] + ["Pages.csv"]  # newest first
    assert rows[-1].className == "row-rejected"
    assert text_of(element(page, "data-files-more")).startswith("The newest 100 of 157 files, and every rejected one")
    counts = [text_of(item.children[0]) for item in element(page, "data-summary").children]
    assert counts == ["155", "1", "1"]  # loaded, duplicates, rejected: of every file, not just those listed


def test_the_data_page_folds_the_formats_read_under_a_rejected_file_s_one_line_reason(warehouse):
    reason = (
        "is not an export this product recognises: a CSV table with the columns company, email, name, phone, …; "
        "download it again from its tool as one of the exports the Data page lists"
    )
    formats = ["GA4 report download (CSV from Reports, e.g. Traffic acquisition)", "Typeform responses download (CSV)"]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table marts.ingested_files add column detail varchar")
        con.execute(
            "update marts.ingested_files set reason = ?, detail = ? where status = 'rejected'",
            [reason, "\n".join(formats)],
        )
        # Only a rejected file's detail is shown: a loaded file's row stays as it was.
        con.execute("update marts.ingested_files set detail = 'not shown' where status = 'loaded'")

    rows = element(render(create_app(warehouse), "/data"), "data-files-table").children[1].children
    [rejected] = [row for row in rows if row.className == "row-rejected"]
    line, folded = rejected.children[-1].children
    assert text_of(line) == reason and line.className == "reason"
    assert isinstance(folded, dash.html.Details) and not getattr(folded, "open", False)  # folded until asked for
    summary, listed = folded.children
    assert text_of(summary) == "The exports this product reads"
    assert [text_of(item) for item in listed.children] == formats
    assert all("not shown" not in text_of(row) for row in rows)


def test_the_data_page_marks_a_guessed_survey_question(warehouse):
    rows = element(render(create_app(warehouse), "/data"), "data-survey-questions-table").children[1].children
    guessed = [row for row in rows if row.className == "row-guess"]

    assert len(guessed) == 1
    guess = " ".join(text_of(guessed[0]).split())
    assert guess.startswith(f"{SURVEY_FILES[1]} SurveyMonkey · Brand tracker March 2026 Unaided awareness")
    assert "Which marketing analytics vendors can you name?" in guess
    assert "A guess: set surveys.unaided_question in the config" in guess


def test_the_data_page_says_when_a_survey_file_has_no_unaided_question(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.survey_questions set role = null, chosen_by = null where role = 'unaided'")

    rows = element(render(create_app(warehouse), "/data"), "data-survey-questions-table").children[1].children

    missing = [text_of(row) for row in rows if row.className == "row-missing"]
    assert len(missing) == 3  # one per file
    assert all("None found" in row and "surveys.unaided_question" in row for row in missing)


def test_the_voice_page_comes_after_awareness_and_before_data(warehouse):
    app = create_app(warehouse)
    links = [link.id for link in app.layout.children[1].children[1].children]

    assert links.index("nav-awareness") + 1 == links.index("nav-voice") == links.index("nav-data") - 1


def test_the_voice_page_lists_the_own_brands_stories_newest_first(warehouse):
    page = render(create_app(warehouse), "/voice")

    rows = element(page, "voice-mentions-table").children[1].children
    assert [text_of(row.children[0]) for row in rows] == ["2026-11-12", "2026-11-03", "2026-10-20", "2026-10-02"]
    first = rows[0].children
    link = first[2].children[0]
    assert (link.href, link.target, link.rel) == (
        "https://martech.org/northwind-analytics-raises-series-b/",
        "_blank",
        "noopener",
    )
    assert text_of(link) == "Northwind Analytics raises Series B to bring brand metrics to B2B marketers"
    assert text_of(first[2]).endswith("Google Alerts, Meltwater")  # three copies, from two tools
    assert [" ".join(text_of(row.children[3]).split()) for row in rows] == [
        "◆ Target · tier 2",
        "◆ Target media",
        "",
        "◆ Target · tier 1",
    ]
    assert [text_of(row.children[4]) for row in rows] == ["Positive", "Neutral", "—", "Positive"]
    assert [text_of(row.children[5]) for row in rows] == ["3", "1", "1", "2"]
    assert text_of(rows[0].children[1]) == "MarTech martech.org"
    assert text_of(rows[2].children[1]) == "growthnotes.example"  # no outlet name: its address, once
    assert element(page, "voice-mentions-more") is None  # all four shown


def test_the_voice_page_cuts_the_list_at_50(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.executemany(
            """insert into marts.media_mentions values
                           (?, ?, ?, true, 'Blog', 'blog.example', ?, ?, false, null, null, 'meltwater', 1)""",
            [
                (
                    f"old{n}",
                    f"2026-0{1 + n // 20}-{1 + n % 20:02d} 10:00:00",
                    OWN_BRAND,
                    f"https://blog.example/{n}",
                    f"Older story {n}",
                )
                for n in range(55)
            ],
        )

    page = render(create_app(warehouse), "/voice")

    assert len(element(page, "voice-mentions-table").children[1].children) == 50
    assert text_of(element(page, "voice-mentions-more")) == "And 9 more, older."  # 4 + 55 = 59


def test_an_address_that_is_not_a_web_page_is_not_a_link(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.media_mentions set url = 'javascript:alert(1)' where mention_id = 'm1'")

    rows = element(render(create_app(warehouse), "/voice"), "voice-mentions-table").children[1].children

    story = rows[0].children[2].children[0]
    assert not isinstance(story, dash.html.A) and text_of(story).startswith("Northwind Analytics raises")


def test_the_voice_page_counts_every_brand_last_quarter(warehouse):
    page = render(create_app(warehouse), "/voice")

    rows = element(page, "voice-competitors-table").children[1].children
    assert [[text_of(cell) for cell in row.children] for row in rows] == [
        [f"{OWN_BRAND} (your brand)", "9", "7", "36.0%", "70.0%"],
        [CONTOSO, "11", "3", "44.0%", "30.0%"],
        [FABRIKAM, "5", "0", "20.0%", "0.0%"],
    ]
    assert "Q3 2026, the last complete quarter." in text_of(element(page, "voice-mentions"))


def test_the_voice_page_shades_the_benchmarks_band(warehouse):
    def band(app):
        fig = element(render(app, "/voice"), "voice-target-media-chart").figure
        return [(shape.y0, shape.y1) for shape in fig.layout.shapes if shape.type == "rect"]

    assert band(create_app(warehouse)) == [(5.0, 10.0)]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""update marts.benchmarks set healthy_low = 4, healthy_high = 8
                       where metric = 'target_media_mentions_per_quarter'""")
    assert band(create_app(warehouse)) == [(4.0, 8.0)]  # the config's override, as the refresh applied it
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.benchmarks where metric = 'target_media_mentions_per_quarter'")
    assert band(create_app(warehouse)) == [(5.0, 10.0)]  # no benchmark in the warehouse: the default


def test_the_voice_page_charts_share_of_search_and_notes_below_one(warehouse):
    page = render(create_app(warehouse), "/voice")

    fig = element(page, "voice-share-of-search-chart").figure
    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    assert text_of(element(page, "voice-share-of-search-about")) == "Worldwide, monthly, 2026-08-01 to 2026-10-31."
    assert "In 1 month of the 3, a brand's interest was below 1" in text_of(
        element(page, "voice-share-of-search-below-one")
    )
    assert "Also loaded, not charted: Worldwide (weekly), United States (weekly), United Kingdom (weekly)." in (
        text_of(element(page, "voice-share-of-search"))
    )


def test_a_warehouse_from_before_mentions_and_trends_says_so_per_section(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        for table in [*MENTION_TABLES, "share_of_search"]:
            con.execute(f"drop table marts.{table}")

    page = render(create_app(warehouse), "/voice")

    assert "No media mentions yet" in text_of(element(page, "voice-mentions-none"))
    assert "No Google Trends data yet" in text_of(element(page, "voice-share-of-search-none"))
    assert element(page, "voice-share-of-voice-chart") is None
    assert element(page, "voice-share-of-search-chart") is None


@pytest.mark.parametrize("table", MENTION_TABLES)
def test_share_of_search_without_mentions_still_shows(warehouse, table):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"drop table marts.{table}")

    page = render(create_app(warehouse), "/voice")

    assert "No media mentions yet" in text_of(element(page, "voice-mentions-none"))
    assert element(page, "voice-share-of-search-chart") is not None


def test_mentions_without_share_of_search(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.share_of_search")

    page = render(create_app(warehouse), "/voice")

    assert element(page, "voice-share-of-search-none") is not None
    assert element(page, "voice-mentions-table") is not None and element(page, "voice-mentions-none") is None


def test_only_competitors_mentioned_says_so_for_the_own_brand(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.media_mentions where is_own_brand")
        con.execute("delete from marts.mentions_per_quarter where is_own_brand")

    page = render(create_app(warehouse), "/voice")

    assert "No story has named your brand yet" in text_of(element(page, "voice-mentions-table"))
    bars = element(page, "voice-target-media-chart").figure
    assert not bars.data and "No mentions of your brand yet" in bars.layout.annotations[0].text
    assert [text_of(row.children[0]) for row in element(page, "voice-competitors-table").children[1].children] == [
        CONTOSO,
        FABRIKAM,
    ]


# --- CSV download links ---------------------------------------------------------------------------------


def test_the_data_page_links_every_download(warehouse):
    from dashboard.downloads import DOWNLOADS

    section = element(render(create_app(warehouse), "/data"), "data-downloads")

    links = {name: element(section, f"download-{name}") for name in DOWNLOADS}
    assert {name: (link.href, link.download) for name, link in links.items()} == {
        name: (f"/download/{name}.csv", f"{name}.csv") for name in DOWNLOADS
    }
    assert "Every story naming a tracked brand" in text_of(section)
    for name in (
        "scorecard",
        "branded_search_daily",
        "web_traffic_channels",
        "awareness_waves",
        "awareness_change",
        "media_mentions",
        "mentions_per_quarter",
        "share_of_search",
        "ingested_files",
    ):
        assert name in DOWNLOADS


def test_the_voice_and_awareness_pages_link_their_tables_downloads(warehouse):
    app = create_app(warehouse)

    voice = element(render(app, "/voice"), "voice-downloads")
    assert text_of(voice) == "Download as CSV:  media_mentions.csv  ·  mentions_per_quarter.csv"
    assert element(voice, "download-media_mentions").href == "/download/media_mentions.csv"
    awareness = element(render(app, "/awareness"), "awareness-downloads")
    assert element(awareness, "download-awareness_waves").href == "/download/awareness_waves.csv"
    assert element(awareness, "download-awareness_change").href == "/download/awareness_change.csv"


def render(app: dash.Dash, path: str):
    """A page's layout, rendered the way Dash's router does: inside a request to that app."""
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context(path):
        return page["layout"]()


def element(component, element_id: str):
    """The component with that id inside a rendered layout, or None."""
    if getattr(component, "id", None) == element_id:
        return component
    children = getattr(component, "children", None) if not isinstance(component, (list, tuple)) else component
    if isinstance(children, (list, tuple)):
        return next((found for child in children if (found := element(child, element_id)) is not None), None)
    return element(children, element_id) if children is not None and not isinstance(children, str) else None


def page_text(app: dash.Dash, path: str) -> str:
    return text_of(render(app, path))


def text_of(component) -> str:
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(child) for child in component)
    return text_of(getattr(component, "children", None))
