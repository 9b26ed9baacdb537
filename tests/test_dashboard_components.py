"""dashboard/components.py and dashboard/wording.py: the words and blocks the pages are built from, checked as
pure functions. A card's light, value and healthy band are the warehouse's words, never formatted here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import queries
from dashboard.components import fieldwork_text, noise_badge, period_text, scorecard_card, since_text, stale_lights
from dashboard.wording import change_verdict, format_value, interval_text, quarter_name, stale_text, wave_name
from tests.dashboard_support import element, text_of


def card_of(warehouse, metric: str) -> pd.Series:
    cards = queries.scorecard(warehouse)
    return cards[cards["metric"] == metric].iloc[0]


# --- numbers and periods in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "signed", "expected"),
    [
        (24.6, "percent", True, "+24.6%"),
        (-3.25, "percent", True, "-3.2%"),
        (62.0, "percent", False, "62.0%"),
        (5.0, "points", False, "+5.0 pts"),  # a change in points always has its sign
        (7.0, "count", False, "7"),
        (3_689.0, "count", False, "3,689"),
        (None, "percent", False, "—"),
        (float("nan"), "count", False, "—"),
        (pd.NA, "points", False, "—"),
    ],
)
def test_format_value(value, unit, signed, expected):
    assert format_value(value, unit, signed) == expected


def test_format_value_to_other_decimals():
    assert format_value(44.221, "percent", decimals=2) == "44.22%"
    assert format_value(-1.25, "points", decimals=2) == "-1.25 pts"


def test_periods_in_words():
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
    assert (
        period_text(date(2025, 10, 1), date(2026, 9, 30), date(2024, 10, 1), date(2025, 9, 30))
        == "2025-10-01 to 2026-09-30, vs 2024-10-01 to 2025-09-30"
    )
    assert period_text(None, date(2026, 9, 30)) == ""
    assert quarter_name(date(2026, 11, 18)) == "Q4 2026"


def test_a_survey_waves_days_in_words():
    assert (
        fieldwork_text(date(2026, 9, 7), date(2026, 9, 25), date(2025, 9, 9), date(2025, 9, 26))
        == "Survey fieldwork 2026-09-07 to 2026-09-25, vs 2025-09-09 to 2025-09-26"
    )
    assert fieldwork_text(date(2026, 9, 7), date(2026, 9, 25)) == "Survey fieldwork 2026-09-07 to 2026-09-25"


def test_survey_results_in_words():
    assert wave_name("2026-09") == "September 2026"
    assert wave_name("2026-09-2") == "September 2026 (2)"  # a second wave in one month
    assert wave_name("spring tracker") == "spring tracker"
    assert interval_text(16.37, 24.2, "percent") == "16.4% to 24.2%"
    assert interval_text(-3.57, 6.56, "points") == "-3.6 to +6.6 pts"
    assert interval_text(None, 6.56, "points") == "—"
    assert change_verdict(True, True) == "a real change"
    assert change_verdict(True, False) == "within noise: the interval includes no change"
    assert change_verdict(False, None, "No wave a year before September 2026") == "No wave a year before September 2026"
    assert change_verdict(False, None) == "not comparable"


def test_a_source_is_stale_by_the_day_it_is_read():
    assert stale_text("Search Console", date(2026, 11, 10), 4, date(2026, 11, 14)) is None  # 4 days: fresh
    assert (
        stale_text("Search Console", date(2026, 11, 10), 4, date(2026, 11, 23))
        == "Search Console: newest data 2026-11-10, 13 days old (expected within 4)"
    )
    assert stale_text("Surveys", None, 400, date(2026, 11, 23)) is None  # no data: the light says so already


def test_only_lights_whose_source_is_stale_today_are_marked():
    cards = pd.DataFrame({"metric": ["a", "b", "c"], "source": ["mentions", "surveys", "trends"]})
    freshness = pd.DataFrame(
        {
            "source": ["mentions", "surveys", "trends"],
            "label": ["Media mentions", "Surveys", "Google Trends"],
            "latest_data_date": [date(2026, 11, 1), date(2026, 11, 1), None],
            "expected_within_days": [14, 400, 45],
        }
    )

    assert stale_lights(cards, freshness, date(2026, 11, 20)) == {
        "a": "Media mentions: newest data 2026-11-01, 19 days old (expected within 14)"
    }
    assert stale_lights(cards.drop(columns="source"), freshness, date(2026, 11, 20)) == {}  # an older warehouse
    assert stale_lights(cards, None, date(2026, 11, 20)) == {}


# --- a scorecard card --------------------------------------------------------------------------------------


def test_a_card_shows_the_warehouses_words(dashboard_warehouse):
    card = scorecard_card(card_of(dashboard_warehouse, "branded_search_yoy_growth"))

    assert text_of(element(card, "scorecard-value-branded_search_yoy_growth")) == "+25.0%"
    assert text_of(element(card, "scorecard-status-branded_search_yoy_growth")) == "✔ Healthy"
    assert card.className == "card status-green"
    words = text_of(card)
    assert "Healthy: +20% to +40% a year" in words
    assert "28 days to 2026-11-18, vs same weekdays a year earlier" in words
    assert "Branded impressions grew +25% (32,620 vs 26,096)" in words  # the explanation, as the pipeline wrote it
    assert "Data through 2026-11-18" in words


def test_a_card_writes_whatever_the_warehouse_says(dashboard_warehouse):
    # The card formats none of it: other words in the warehouse are other words on the card.
    row = card_of(dashboard_warehouse, "direct_organic_share").copy()
    row["value_text"], row["status_word"], row["status_symbol"] = "56,3 %", "Sain", "♥"
    row["benchmark_text"] = "Sain : 50 % ou plus"

    card = scorecard_card(row)

    assert text_of(element(card, "scorecard-value-direct_organic_share")) == "56,3 %"
    assert text_of(element(card, "scorecard-status-direct_organic_share")) == "♥ Sain"
    assert [text_of(p) for p in card.children if p.className == "card-benchmark"] == ["Sain : 50 % ou plus"]


def test_a_card_says_since_when_its_light_has_its_colour_when_that_changed_recently(dashboard_warehouse):
    share = card_of(dashboard_warehouse, "direct_organic_share")
    target_media = card_of(dashboard_warehouse, "target_media_mentions_per_quarter")

    # Healthy since September (52.7%), after August's Watch (47.1%).
    assert text_of(element(scorecard_card(share), "scorecard-since-direct_organic_share")) == (
        "Since 30 Sep 2026: Watch → Healthy"
    )
    assert since_text(share) == "Since 30 Sep 2026: Watch → Healthy"
    # Healthy since Q1 2026, two quarters before its newest data: not recent, no line.
    assert not target_media["changed_recently"]
    assert element(scorecard_card(target_media), "scorecard-since-target_media_mentions_per_quarter") is None


def test_a_card_without_a_value_yet_still_renders(dashboard_warehouse):
    row = card_of(dashboard_warehouse, "unaided_awareness_yoy_change").copy()
    row["value"], row["value_text"], row["status"] = None, "—", "insufficient_data"
    row["status_word"], row["status_symbol"], row["changed_recently"] = "Insufficient data", "?", False

    card = scorecard_card(row)

    assert card.className == "card status-insufficient_data"
    assert text_of(element(card, "scorecard-status-unaided_awareness_yoy_change")) == "? Insufficient data"
    assert text_of(element(card, "scorecard-value-unaided_awareness_yoy_change")) == "—"


def test_a_survey_card_reads_in_fieldwork_days(dashboard_warehouse):
    words = text_of(scorecard_card(card_of(dashboard_warehouse, "unaided_awareness_yoy_change")))

    # The days the answers came in, not "19 days to ...": a wave is not a run of days compared weekday by weekday.
    assert "Survey fieldwork 2026-09-07 to 2026-09-25, vs 2025-09-09 to 2025-09-26" in words
    assert "+6.5 pts" in words and "Healthy: +5 pts to +10 pts a year" in words


def test_the_voice_cards_read_as_a_count_and_as_points(dashboard_warehouse):
    target_media = text_of(scorecard_card(card_of(dashboard_warehouse, "target_media_mentions_per_quarter")))
    assert "7" in target_media and "Healthy: 5 to 10 a quarter" in target_media
    assert "Q3 2026 (July to September)" in target_media
    share_of_voice = text_of(scorecard_card(card_of(dashboard_warehouse, "share_of_voice")))
    assert "+16.0 pts" in share_of_voice and "Healthy: +1 pt or more a year" in share_of_voice
    assert "Q3 2026 (July to September), vs Q3 2025" in share_of_voice
    share_of_search = text_of(scorecard_card(card_of(dashboard_warehouse, "share_of_search")))
    assert "+6.0 pts" in share_of_search and "2025-10-01 to 2026-09-30, vs 2024-10-01 to 2025-09-30" in share_of_search


def test_a_card_holds_its_note_stale_badge_and_history_in_place(dashboard_warehouse):
    from dash import html

    note, history = html.Span("a note", id="the-note"), html.Div(id="the-history")
    card = scorecard_card(card_of(dashboard_warehouse, "share_of_voice"), note, "Media mentions: 30 days old", history)

    ids = [getattr(child, "id", None) for child in card.children]
    assert (
        ids.index("scorecard-stale-share_of_voice")
        < ids.index("the-note")
        < ids.index("scorecard-stale-text-share_of_voice")
    )
    assert ids[-1] == "the-history"
    assert element(card, "scorecard-stale-share_of_voice").title == "Media mentions: 30 days old"


def test_a_survey_change_says_whether_it_is_more_than_noise(dashboard_warehouse):
    changes = queries.awareness_change(dashboard_warehouse).set_index("brand")

    assert text_of(noise_badge(changes.loc["Northwind Analytics"])) == "◆ A real change"
    assert text_of(noise_badge(changes.loc["Contoso Metrics"])) == "≈ Within noise"
    not_comparable = changes.loc["Contoso Metrics"].copy()
    not_comparable["is_comparable"] = False
    assert noise_badge(not_comparable) is None
