"""dashboard/queries.py: what each page reads from the serving warehouse and in what order, the read-only
connection, and results remembered per version of the serving file.

The warehouse is Northwind's (tests/dashboard_warehouse.py), built by the real refresh from the exports written
there; every number below is worked out from those exports' rows. What the pipeline computes (sums, shares,
lights) is checked in tests/test_dashboard_marts.py.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from dashboard import downloads, queries
from dashboard.app import create_app
from tests.dashboard_support import change, page_text
from tests.dashboard_warehouse import (
    CONTOSO,
    DOCS,
    FABRIKAM,
    FIRST_DAY,
    GA4,
    OWN_BRAND,
    WAVES,
)

DESIGN_ORDER = [
    "branded_search_yoy_growth",
    "direct_organic_share",
    "target_media_mentions_per_quarter",
    "share_of_voice",
    "share_of_search",
    "unaided_awareness_yoy_change",
]


# --- the scorecard and its history -------------------------------------------------------------------------


def test_the_scorecard_has_every_light_in_the_design_order_with_its_words(dashboard_warehouse):
    cards = queries.scorecard(dashboard_warehouse)

    assert list(cards["metric"]) == DESIGN_ORDER
    # The words the cards show, as the warehouse wrote them (tests/dashboard_warehouse.py works each out).
    assert list(cards["value_text"]) == ["+25.0%", "56.3%", "7", "+16.0 pts", "+6.0 pts", "+6.5 pts"]
    assert set(cards["status_word"]) == {"Healthy"}
    assert {"benchmark_text", "status_symbol", "status_since", "status_before_word", "changed_recently"} <= set(
        cards.columns
    )


def test_a_lights_history_is_oldest_first(dashboard_warehouse):
    history = queries.scorecard_history(dashboard_warehouse)

    assert list(history["metric"].unique()) == DESIGN_ORDER
    share = history[history["metric"] == "direct_organic_share"]
    # August from its month export (47.06%), then September and October from their days.
    assert list(share["period_end"].dt.date) == [date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31)]
    assert list(share["value_text"]) == ["47.1%", "52.7%", "56.3%"]
    assert list(share["status_word"]) == ["Watch", "Healthy", "Healthy"]
    assert list(share["is_current"]) == [False, False, True]


def test_the_configs_events_are_read_oldest_first(dashboard_warehouse):
    events = queries.events(dashboard_warehouse)

    assert list(events["label"]) == [
        "Blog launched",
        "Rebrand",
        "Series B announced",
        "Brand campaign: Know your numbers",
    ]
    assert list(events["event_date"].dt.date) == [
        date(2024, 6, 3),
        date(2026, 6, 15),
        date(2026, 10, 28),
        date(2026, 11, 2),
    ]
    # A one-day event ends the day it starts; the campaign runs a week.
    assert list(events["end_date"].dt.date) == [
        date(2024, 6, 3),
        date(2026, 6, 15),
        date(2026, 10, 28),
        date(2026, 11, 8),
    ]


# --- branded search ----------------------------------------------------------------------------------------


def test_the_weekly_read_has_both_segments_week_by_week(dashboard_warehouse):
    weekly = queries.branded_search_weekly(dashboard_warehouse)

    assert list(weekly.columns) == ["week_start", "segment", "impressions", "clicks"]
    assert list(weekly["segment"][:2]) == ["branded", "non_branded"]
    assert weekly["week_start"].is_monotonic_increasing


def test_year_over_year_is_the_last_52_weeks_beside_the_same_weeks_a_year_earlier(dashboard_warehouse):
    yoy = queries.branded_year_over_year(dashboard_warehouse)

    # This year's four full weeks only: last year's weeks are the comparison, not rows of their own.
    assert list(yoy["week_start"].dt.date) == [FIRST_DAY + timedelta(weeks=n) for n in range(4)]
    first = yoy.iloc[0]
    assert first["last_year_week_start"].date() == date(2025, 10, 20)  # a Monday too
    assert first["impressions_this_year"] == 7 * 1_000 + 10 * (0 + 1 + 2 + 3 + 4 + 5 + 6)  # 7,210
    assert first["impressions_last_year"] == 7 * 800 + 8 * (0 + 1 + 2 + 3 + 4 + 5 + 6)  # 5,768


def test_growth_windows_put_the_trailing_28_days_first(dashboard_warehouse):
    growth = queries.growth_windows(dashboard_warehouse)

    assert list(growth["time_window"]) == ["trailing_28_days", "last_complete_quarter"]
    assert growth.loc[0, "impressions_growth_pct"] == 25.0
    assert growth.loc[0, "clicks_growth_pct"] == 10.0
    assert growth.loc[1, ["impressions_growth_pct", "clicks_growth_pct"]].isna().all()  # no Q3 data either year


def test_top_branded_queries_are_cut_at_the_limit_most_clicks_first(dashboard_warehouse):
    top = queries.top_branded_queries(dashboard_warehouse, limit=3)

    assert list(top["query"]) == ["northwind analytics", "northwind", "northwind login"]
    assert list(top["clicks"]) == [420, 310, 150]
    assert set(top["source"]) == {"ui_export"}
    # The newer export's four branded queries: no fifth row to fill the default ten.
    assert len(queries.top_branded_queries(dashboard_warehouse)) == 4


def test_ingested_files_newest_first_and_counted(dashboard_warehouse):
    files = queries.ingested_files(dashboard_warehouse)

    assert files["ingested_at"].is_monotonic_decreasing
    # 21 files: Search Console 4 loaded and Pages.csv rejected; web 5; mentions 3; surveys 3; Trends 4 and a
    # second copy of one of them.
    assert queries.ingest_summary(files) == {"loaded": 19, "duplicate": 1, "rejected": 1}


# --- web traffic -------------------------------------------------------------------------------------------


def test_sites_are_read_the_one_to_read_first_first(dashboard_warehouse):
    sites = queries.traffic_properties(dashboard_warehouse)

    assert list(sites["property"]) == [GA4, DOCS]
    assert list(sites["traffic_unit"]) == ["sessions", "visitors"]
    assert list(sites["source_tools"]) == ["ga4", "plausible"]
    assert list(sites["months"]) == [3, 2]


def test_traffic_is_read_in_whole_numbers_site_by_site_oldest_month_first(dashboard_warehouse):
    by_channel = queries.traffic_monthly_by_channel(dashboard_warehouse)
    monthly = queries.direct_organic_monthly(dashboard_warehouse)

    for frame, column in ((by_channel, "traffic"), (monthly, "total")):
        assert str(frame[column].dtype) == "int64"  # not the floats pandas makes of a HUGEINT sum
    assert list(zip(monthly["property"], monthly["month_start"].dt.month)) == [
        (GA4, 8),
        (GA4, 9),
        (GA4, 10),
        (DOCS, 9),
        (DOCS, 10),
    ]
    assert {"status", "status_word", "status_symbol", "organic_channels", "other"} <= set(monthly.columns)


def test_direct_organic_windows_put_the_last_complete_month_first(dashboard_warehouse):
    windows = queries.direct_organic_windows(dashboard_warehouse)

    assert list(zip(windows["property"], windows["time_window"])) == [
        (GA4, "last_complete_month"),
        (GA4, "trailing_28_days"),
        (DOCS, "last_complete_month"),  # the docs site has no daily data: no trailing 28 days
    ]
    assert list(windows["share_pct"]) == [56.3, 56.3, 80.0]
    assert list(windows["status_word"]) == ["Healthy"] * 3


def test_channel_disagreements_are_listed(dashboard_warehouse):
    disagreements = queries.channel_disagreements(dashboard_warehouse)

    assert list(disagreements["source_medium"]) == ["linkedin.com / referral"]
    assert disagreements.iloc[0]["rules_channel_group"] == "Organic Social"
    assert disagreements.iloc[0]["sessions"] == 42


# --- brand surveys -----------------------------------------------------------------------------------------


def test_awareness_waves_have_every_brand_each_wave_own_brand_first(dashboard_warehouse):
    waves = queries.awareness_waves(dashboard_warehouse)

    assert list(waves["wave"]) == ["2025-09"] * 3 + ["2026-03"] * 3 + ["2026-09"] * 3
    assert list(waves["brand"][:3]) == [OWN_BRAND, CONTOSO, FABRIKAM]
    latest = waves[(waves["wave"] == "2026-09") & waves["is_own_brand"]].iloc[0]
    assert (latest["respondents"], latest["aware"], latest["awareness_pct"]) == (400, 106, 26.5)


def test_aided_awareness_only_for_the_waves_that_asked_it(dashboard_warehouse):
    aided = queries.aided_awareness_waves(dashboard_warehouse)

    assert sorted(set(aided["wave"])) == ["2026-03", "2026-09"]
    contoso = aided[(aided["brand"] == CONTOSO) & (aided["wave"] == "2026-09")].iloc[0]
    assert (contoso["aware"], contoso["awareness_pct"]) == (232, 58.0)


def test_awareness_change_own_brand_first(dashboard_warehouse):
    changes = queries.awareness_change(dashboard_warehouse)

    assert list(changes["brand"]) == [OWN_BRAND, CONTOSO, FABRIKAM]
    assert list(changes["change_points"]) == [6.5, 1.5, -5.0]


def test_names_written_are_read_by_how_they_matched_most_respondents_first(dashboard_warehouse):
    unmatched = queries.awareness_mentions(dashboard_warehouse, "unmatched")
    fuzzy = queries.awareness_mentions(dashboard_warehouse, "fuzzy")

    assert list(unmatched["example"]) == ["HubSpot", "ACME Analytics", "NWA"]
    assert list(unmatched["respondents"]) == [8 + 6, 9, 2]
    assert list(zip(fuzzy["example"], fuzzy["brand"], fuzzy["matched_term"])) == [
        ("Nortwind!", OWN_BRAND, "northwind"),
        ("Contosso Metrics", CONTOSO, "contoso metrics"),
    ]


def test_first_heard_channels_of_the_latest_wave_only_most_first(dashboard_warehouse):
    channels = queries.first_heard_channels(dashboard_warehouse)

    assert set(channels["wave"]) == {"2026-09"}  # not March 2026's answers
    assert list(channels["answer"]) == ["Search engine", "Colleague or friend", "LinkedIn", "Podcast"]
    assert channels["respondents"].sum() == 106 == channels.iloc[0]["respondents_answering"]


def test_survey_questions_list_the_used_ones_first_in_each_file(dashboard_warehouse):
    questions = queries.survey_questions(dashboard_warehouse)

    qualtrics = questions[questions["file_name"] == "surveys/" + WAVES["2025-09"]["file"]]
    assert list(qualtrics["role"].fillna("unused")) == ["unaided", "icp", "icp", "unused"]
    surveymonkey = questions[questions["file_name"] == "surveys/" + WAVES["2026-03"]["file"]]
    assert list(surveymonkey["role"].fillna("unused")) == ["unaided", "aided", "first_heard", "icp", "icp", "unused"]


# --- media mentions and share of search --------------------------------------------------------------------


def test_mentions_per_quarter_own_brand_first_in_each_quarter(dashboard_warehouse):
    quarters = queries.mentions_per_quarter(dashboard_warehouse)

    assert len(quarters) == 6 * 3
    assert quarters["quarter_start"].is_monotonic_increasing
    assert list(quarters["brand"][:3]) == [OWN_BRAND, CONTOSO, FABRIKAM]
    own = quarters[quarters["is_own_brand"]]
    assert list(own["mentions"]) == [4, 5, 6, 8, 9, 4]
    assert list(own["all_mentions"]) == [20, 20, 15, 20, 25, 8]
    assert str(own["mentions"].dtype) == "int64"


def test_last_quarter_is_the_last_complete_one_own_brand_then_most_mentioned(dashboard_warehouse):
    last = queries.last_quarter(queries.mentions_per_quarter(dashboard_warehouse))

    assert set(last["quarter_start"]) == {pd.Timestamp(2026, 7, 1)}  # Q3 2026, not the unfinished Q4
    assert list(zip(last["brand"], last["mentions"], last["target_media_mentions"])) == [
        (OWN_BRAND, 9, 7),
        (CONTOSO, 11, 3),
        (FABRIKAM, 5, 0),
    ]


def test_last_quarter_before_any_quarter_is_complete_is_the_current_one(dashboard_warehouse):
    quarters = queries.mentions_per_quarter(dashboard_warehouse)

    last = queries.last_quarter(quarters[~quarters["is_complete"]])

    assert list(zip(last["brand"], last["mentions"])) == [(OWN_BRAND, 4), (CONTOSO, 3), (FABRIKAM, 1)]
    assert queries.last_quarter(quarters.iloc[0:0]).empty


def test_own_brand_mentions_newest_first_with_how_many_in_all(dashboard_warehouse):
    mentions = queries.own_brand_mentions(dashboard_warehouse, limit=4)

    assert list(mentions["published_at"].dt.date) == [
        date(2026, 11, 12),
        date(2026, 11, 3),
        date(2026, 10, 20),
        date(2026, 10, 2),
    ]
    assert list(mentions["copies"]) == [3, 1, 1, 2]
    # The limit cuts the list, not the count of all of them: the own brand's stories of every quarter.
    assert list(mentions["own_mentions"]) == [4 + 5 + 6 + 8 + 9 + 4] * 4


def test_share_of_search_series_worldwide_first(dashboard_warehouse):
    series = queries.share_of_search_series(dashboard_warehouse)

    assert list(zip(series["geo"], series["granularity"])) == [
        ("Worldwide", "month"),
        ("Worldwide", "week"),
        ("United States", "week"),
        ("United Kingdom", "week"),
    ]
    worldwide = series.iloc[0]
    assert (worldwide["periods"], worldwide["brands"], worldwide["below_one_periods"]) == (25, 3, 1)


def test_share_of_search_of_one_series_own_brand_first_each_period(dashboard_warehouse):
    shares = queries.share_of_search(dashboard_warehouse, "Worldwide", "week")

    assert list(shares["period_start"].dt.date) == [date(2026, 10, 4) + timedelta(weeks=n // 2) for n in range(8)]
    assert list(shares["brand"][:2]) == [OWN_BRAND, CONTOSO]
    assert list(shares["share_pct"][:2]) == [40.0, 60.0]
    assert queries.share_of_search(dashboard_warehouse, "Worldwide", "day").empty


# --- a warehouse without some tables -------------------------------------------------------------------------


def test_missing_warehouse_is_no_data_yet(tmp_path):
    with pytest.raises(queries.NoDataYet, match="demandgen refresh"):
        queries.scorecard(tmp_path / "never-refreshed.duckdb")
    assert not (tmp_path / "never-refreshed.duckdb").exists()  # reading never creates the file


@pytest.mark.parametrize(
    ("table", "read"),
    [
        ("branded_search_growth", queries.growth_windows),
        ("scorecard_history", queries.scorecard_history),
        ("events", queries.events),
        ("awareness_waves", queries.awareness_waves),
        ("aided_awareness_waves", queries.aided_awareness_waves),
        ("awareness_change", queries.awareness_change),
        ("awareness_mentions", lambda path: queries.awareness_mentions(path, "unmatched")),
        ("first_heard_channels", queries.first_heard_channels),
        ("survey_questions", queries.survey_questions),
        ("media_mentions", queries.own_brand_mentions),
        ("mentions_per_quarter", queries.mentions_per_quarter),
        ("share_of_search_series", queries.share_of_search_series),
        ("channel_disagreements", queries.channel_disagreements),
    ],
)
def test_a_warehouse_from_before_a_mart_existed_is_no_data_yet(warehouse_copy, table, read):
    change(warehouse_copy, f"drop table marts.{table}")

    with pytest.raises(queries.NoDataYet):
        read(warehouse_copy)
    assert queries.optional(read, warehouse_copy) is None  # what a page reads as "not built yet"


def test_the_dashboard_cannot_write_to_the_warehouse(dashboard_warehouse):
    with queries.read_only(dashboard_warehouse) as con, pytest.raises(duckdb.Error, match="read-only|Cannot execute"):
        con.execute("delete from marts.scorecard")


# --- a refresh swapping in a new file -----------------------------------------------------------------------


def swap_in_newer_warehouse(dashboard_warehouse, warehouse, tmp_path, value: float) -> None:
    newer = tmp_path / "newer.duckdb"
    shutil.copyfile(dashboard_warehouse, newer)
    change(
        newer,
        "update marts.scorecard set value = ?, value_text = ? where metric = 'branded_search_yoy_growth'",
        params=[value, f"{value:+.1f}%"],
    )
    os.replace(newer, warehouse)  # what the nightly publish does


def test_each_query_sees_a_warehouse_swapped_in_by_os_replace(dashboard_warehouse, warehouse_copy, tmp_path):
    assert queries.scorecard(warehouse_copy).loc[0, "value"] == 25.0

    swap_in_newer_warehouse(dashboard_warehouse, warehouse_copy, tmp_path, 31.2)

    assert queries.scorecard(warehouse_copy).loc[0, "value"] == 31.2


def test_a_request_still_reading_the_old_file_does_not_pin_it_for_the_next(
    dashboard_warehouse, warehouse_copy, tmp_path
):
    with queries.read_only(warehouse_copy) as still_reading:
        swap_in_newer_warehouse(dashboard_warehouse, warehouse_copy, tmp_path, 31.2)

        assert queries.scorecard(warehouse_copy).loc[0, "value"] == 31.2
        old = "select value from marts.scorecard where metric = 'branded_search_yoy_growth'"
        assert still_reading.execute(old).fetchone() == (25.0,)


# --- results remembered per version of the serving file ---------------------------------------------------


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


def test_a_second_read_of_the_same_file_is_remembered_and_equal(dashboard_warehouse, warehouse_opens):
    first = queries.scorecard(dashboard_warehouse)
    csv_text = downloads.table_csv(dashboard_warehouse, "scorecard")
    assert len(warehouse_opens) == 2

    again = queries.scorecard(dashboard_warehouse)
    assert downloads.table_csv(dashboard_warehouse, "scorecard") == csv_text
    pd.testing.assert_frame_equal(again, first)
    assert len(warehouse_opens) == 2  # neither read opened the file again
    # Different parameters are different results: the unmatched names are not the fuzzy ones.
    unmatched = queries.awareness_mentions(dashboard_warehouse, "unmatched")
    fuzzy = queries.awareness_mentions(dashboard_warehouse, "fuzzy")
    assert set(unmatched["match_kind"]) == {"unmatched"} and set(fuzzy["match_kind"]) == {"fuzzy"}
    assert len(warehouse_opens) == 4


def test_a_caller_changing_its_frame_does_not_change_the_next_one(dashboard_warehouse, warehouse_opens):
    first = queries.scorecard(dashboard_warehouse)
    first.loc[0, "value"] = -1.0
    first.drop(columns=["label"], inplace=True)

    again = queries.scorecard(dashboard_warehouse)
    assert again.loc[0, "value"] == 25.0 and "label" in again.columns
    assert len(warehouse_opens) == 1


def test_a_file_swapped_in_is_read_on_the_very_next_call(
    dashboard_warehouse, warehouse_copy, tmp_path, warehouse_opens
):
    assert queries.scorecard(warehouse_copy).loc[0, "value"] == 25.0
    assert ",25.0," in downloads.table_csv(warehouse_copy, "scorecard")

    swap_in_newer_warehouse(dashboard_warehouse, warehouse_copy, tmp_path, 31.2)

    assert queries.scorecard(warehouse_copy).loc[0, "value"] == 31.2
    growth = next(
        line
        for line in downloads.table_csv(warehouse_copy, "scorecard").splitlines()
        if line.startswith("branded_search_yoy_growth,")
    )
    assert ",31.2," in growth and ",25.0," not in growth
    # The card's headline is the warehouse's value_text, read anew too.
    assert "+31.2%" in page_text(create_app(warehouse_copy), "/")


def test_a_file_changed_in_place_is_read_again(warehouse_copy, warehouse_opens):
    assert queries.scorecard(warehouse_copy).loc[0, "value"] == 25.0
    # Not how the publish does it, but an analyst might.
    change(warehouse_copy, "update marts.scorecard set value = 12.5 where metric = 'branded_search_yoy_growth'")

    assert queries.scorecard(warehouse_copy).loc[0, "value"] == 12.5


def test_only_the_newest_version_of_a_warehouse_is_remembered(
    dashboard_warehouse, warehouse_copy, tmp_path, warehouse_opens
):
    queries.scorecard(warehouse_copy)
    queries.benchmarks(warehouse_copy)
    downloads.table_csv(warehouse_copy, "media_mentions")
    old_version = queries.file_version(warehouse_copy)
    assert len(queries._remembered[os.path.abspath(warehouse_copy)][1]) == 3

    swap_in_newer_warehouse(dashboard_warehouse, warehouse_copy, tmp_path, 31.2)
    queries.scorecard(warehouse_copy)

    version, results = queries._remembered[os.path.abspath(warehouse_copy)]
    assert version == queries.file_version(warehouse_copy) != old_version
    assert len(results) == 1  # the old file's benchmarks and CSV went with it
    assert len(queries._remembered) == 1


def test_a_process_reading_many_warehouses_keeps_the_last_few(dashboard_warehouse, tmp_path, warehouse_opens):
    paths = [
        shutil.copyfile(dashboard_warehouse, tmp_path / f"w{n}.duckdb")
        for n in range(queries.WAREHOUSES_REMEMBERED + 2)
    ]
    for path in paths:
        queries.scorecard(path)

    assert list(queries._remembered) == [os.path.abspath(path) for path in paths[-queries.WAREHOUSES_REMEMBERED :]]
    queries.scorecard(paths[0])  # read again: it had been dropped
    assert len(warehouse_opens) == len(paths) + 1


def test_a_missing_warehouse_is_still_no_data_yet_after_it_was_read(warehouse_copy, warehouse_opens):
    queries.scorecard(warehouse_copy)
    warehouse_copy.unlink()

    with pytest.raises(queries.NoDataYet, match="demandgen refresh"):
        queries.scorecard(warehouse_copy)
    with pytest.raises(queries.NoDataYet):
        downloads.table_csv(warehouse_copy, "scorecard")
