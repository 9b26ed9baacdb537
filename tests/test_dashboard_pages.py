"""The dashboard's pages, rendered without a browser (a page's layout inside a request to its app), the app
factory and the routes beside the pages (/docs).

The warehouse is Northwind's (tests/dashboard_warehouse.py); a test that needs an older, emptier or different
warehouse changes a copy of it (`warehouse_copy`).
"""

from __future__ import annotations

from base64 import b64encode
from datetime import datetime, timedelta

import dash
import pytest

from dashboard.app import create_app
from dashboard.downloads import DOWNLOADS
from demandgen.settings import docs_beside
from tests.dashboard_support import change, element, page_text, render, rows_of, text_of
from tests.dashboard_warehouse import CONTOSO, DOCS, FABRIKAM, GA4, OWN_BRAND, REJECTED_FILE, WAVES

AWARENESS = "unaided_awareness_yoy_change"
DESIGN_ORDER = [
    "branded_search_yoy_growth",
    "direct_organic_share",
    "target_media_mentions_per_quarter",
    "share_of_voice",
    "share_of_search",
    AWARENESS,
]
SURVEY_TABLES = [
    "awareness_waves",
    "aided_awareness_waves",
    "awareness_change",
    "awareness_mentions",
    "first_heard_channels",
    "survey_questions",
]
MENTION_TABLES = ["media_mentions", "mentions_per_quarter"]


@pytest.fixture(scope="module")
def app(dashboard_warehouse):
    return create_app(dashboard_warehouse)


# --- the app ------------------------------------------------------------------------------------------------


def test_two_apps_in_one_process_each_read_their_own_warehouse(app, tmp_path):
    without_data = create_app(tmp_path / "missing.duckdb")

    assert "+25.0%" in page_text(app, "/")
    for path in ("/", "/branded-search", "/traffic", "/awareness", "/voice", "/data"):
        assert "No data yet" in page_text(without_data, path)
    assert "northwind analytics" in page_text(app, "/branded-search")
    assert REJECTED_FILE in page_text(app, "/data")


def test_the_pages_are_linked_in_order_then_the_warehouse_docs(app):
    links = app.layout.children[1].children[1].children

    assert [link.id for link in links] == [
        "nav-scorecard",
        "nav-branded_search",
        "nav-traffic",
        "nav-awareness",
        "nav-voice",
        "nav-data",
        "nav-docs",
    ]
    assert (links[-1].href, text_of(links[-1])) == ("/docs", "Warehouse docs")


def test_a_page_is_built_once_per_warehouse_version_through_one_connection(warehouse_copy, monkeypatch):
    from dashboard import queries

    attached = []
    real = queries._attached
    monkeypatch.setattr(queries, "_attached", lambda path: attached.append(path) or real(path))
    app = create_app(warehouse_copy)

    first = render(app, "/")
    assert len(attached) == 1  # every query of the page read through one connection
    assert render(app, "/") is first and len(attached) == 1  # served as built, nothing read
    # A new version of the file (a refresh publishing) is read at the next request, and shown.
    change(warehouse_copy, f"update marts.scorecard set status_word = 'Wobbly' where metric = '{DESIGN_ORDER[3]}'")
    again = render(app, "/")
    assert again is not first and len(attached) == 2
    assert "Wobbly" in text_of(again) and "Wobbly" not in text_of(first)


# --- /docs ------------------------------------------------------------------------------------------------


def test_docs_serves_the_documentation_the_refresh_published(app, dashboard_warehouse):
    response = app.server.test_client().get("/docs")

    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.data == docs_beside(dashboard_warehouse).read_bytes()
    assert b"dbt" in response.data and b"marts.scorecard" in response.data


def test_docs_before_a_refresh_published_any_say_what_to_do(warehouse_copy):
    assert not docs_beside(warehouse_copy).exists()

    response = create_app(warehouse_copy).server.test_client().get("/docs")

    assert response.status_code == 404 and response.mimetype == "text/plain"
    assert response.text == "No documentation yet: run `demandgen refresh`, which publishes it with the warehouse.\n"


def test_docs_are_behind_the_dashboards_login(dashboard_warehouse, monkeypatch):
    monkeypatch.setenv("DEMANDGEN_DASHBOARD_USER", "marketing")
    monkeypatch.setenv("DEMANDGEN_DASHBOARD_PASSWORD", "s3cret-Pass")
    client = create_app(dashboard_warehouse).server.test_client()

    refused = client.get("/docs")
    signed_in = client.get("/docs", headers={"Authorization": "Basic " + b64encode(b"marketing:s3cret-Pass").decode()})

    assert refused.status_code == 401 and b"dbt" not in refused.data
    assert signed_in.status_code == 200 and signed_in.data == docs_beside(dashboard_warehouse).read_bytes()


# --- the scorecard ------------------------------------------------------------------------------------------


def test_the_scorecard_shows_every_light_in_the_warehouses_words(app):
    page = render(app, "/")

    cards = element(page, "scorecard-cards").children
    assert [card.id for card in cards] == [f"scorecard-card-{metric}" for metric in DESIGN_ORDER]
    assert [text_of(element(page, f"scorecard-value-{m}")) for m in DESIGN_ORDER] == [
        "+25.0%",
        "56.3%",
        "7",
        "+16.0 pts",
        "+6.0 pts",
        "+6.5 pts",
    ]
    assert {text_of(element(page, f"scorecard-status-{m}")) for m in DESIGN_ORDER} == {"✔ Healthy"}
    assert "Newest data: 2026-11-18" in " ".join(text_of(page).split())


def test_the_scorecard_formats_no_light_itself(warehouse_copy):
    # Other words in the warehouse are other words on the page: no status word, value or healthy band is
    # written in Python.
    change(
        warehouse_copy,
        """update marts.scorecard set status_word = 'Flourishing', status_symbol = '☀', value_text = 'plus 25',
           benchmark_text = 'Healthy: 7% to 9% a year' where metric = 'branded_search_yoy_growth'""",
    )

    page = render(create_app(warehouse_copy), "/")

    assert text_of(element(page, "scorecard-status-branded_search_yoy_growth")) == "☀ Flourishing"
    assert text_of(element(page, "scorecard-value-branded_search_yoy_growth")) == "plus 25"
    card = element(page, "scorecard-card-branded_search_yoy_growth")
    assert [text_of(p) for p in card.children if p.className == "card-benchmark"] == ["Healthy: 7% to 9% a year"]
    assert text_of(element(page, "scorecard-since-branded_search_yoy_growth")).endswith("→ Flourishing")


def test_a_card_says_since_when_its_light_changed_colour_when_that_was_recent(app):
    page = render(app, "/")

    assert text_of(element(page, "scorecard-since-direct_organic_share")) == "Since 30 Sep 2026: Watch → Healthy"
    assert (
        text_of(element(page, "scorecard-since-branded_search_yoy_growth"))
        == "Since 15 Nov 2026: Insufficient data → Healthy"
    )
    # Healthy since the end of Q1 2026, two quarters before its newest data: no line.
    assert element(page, "scorecard-since-target_media_mentions_per_quarter") is None


def test_each_card_has_its_lights_history_with_the_events_in_its_span(app):
    page = render(app, "/")

    for metric in DESIGN_ORDER:
        chart = element(page, f"scorecard-history-{metric}")
        assert chart is not None and chart.config["displayModeBar"] is False, metric
    share = element(page, "scorecard-history-direct_organic_share").figure
    (points,) = share.data
    assert list(points.y) == [47.06, 52.73, 56.3]  # August, September, October
    assert list(points.marker.symbol) == ["triangle-up", "circle", "circle"]  # Watch, Healthy, Healthy
    # August to October holds only Series B (28 October) of the config's four events.
    assert [s.name for s in share.layout.shapes if s.name] == ["event: Series B announced"]
    target_media = element(page, "scorecard-history-target_media_mentions_per_quarter").figure
    assert list(target_media.data[0].y) == [2, 3, 5, 6, 7]
    assert list(target_media.data[0].marker.symbol) == ["x", "triangle-up", "circle", "circle", "circle"]
    assert [(s.y0, s.y1) for s in target_media.layout.shapes if s.type == "rect"] == [(5.0, 10.0)]
    # Branded search has a value at two week ends: the one before had no year to compare with.
    assert len(element(page, "scorecard-history-branded_search_yoy_growth").figure.data[0].y) == 2


def test_a_warehouse_from_before_history_and_events_shows_the_cards_without_charts(warehouse_copy):
    change(warehouse_copy, "drop table marts.scorecard_history", "drop table marts.events")

    page = render(create_app(warehouse_copy), "/")

    assert text_of(element(page, "scorecard-value-direct_organic_share")) == "56.3%"
    assert all(element(page, f"scorecard-history-{metric}") is None for metric in DESIGN_ORDER)


def test_the_scorecard_says_whether_the_awareness_change_is_more_than_noise(warehouse_copy):
    noise = f"scorecard-noise-{AWARENESS}"
    assert text_of(element(render(create_app(warehouse_copy), "/"), noise)) == "◆ A real change"

    change(warehouse_copy, "update marts.awareness_change set is_distinguishable = false where is_own_brand")

    assert text_of(element(render(create_app(warehouse_copy), "/"), noise)) == "≈ Within noise"


def test_the_lights_of_a_source_stale_on_the_day_they_are_read_say_stale(warehouse_copy):
    # Refreshed when the mentions were a day old: fresh then, stale on any day they are read now.
    change(
        warehouse_copy,
        """update marts.source_freshness set latest_data_date = '2020-01-31', expected_within_days = 14,
           checked_on = '2020-02-01', days_behind = 1, is_stale = false where source = 'mentions'""",
    )

    page = render(create_app(warehouse_copy), "/")

    for metric in ("target_media_mentions_per_quarter", "share_of_voice"):
        badge = element(page, f"scorecard-stale-{metric}")
        assert text_of(badge) == "◷ Stale"  # a word and a shape, not colour alone
        why = text_of(element(page, f"scorecard-stale-text-{metric}"))
        assert why.startswith("Media mentions: newest data 2020-01-31, ") and why.endswith(
            " days old (expected within 14)"
        )
        assert badge.title == why  # the same words as its tooltip
    # Every other source is within its (very long) expectation: no badge.
    for metric in ("branded_search_yoy_growth", "direct_organic_share", "share_of_search", AWARENESS):
        assert element(page, f"scorecard-stale-{metric}") is None


# --- branded search -----------------------------------------------------------------------------------------


def test_the_branded_search_page_lists_the_newest_exports_top_queries(app):
    page = render(app, "/branded-search")

    rows = rows_of(element(page, "branded-search-top-queries"))
    assert [[text_of(cell) for cell in row.children] for row in rows] == [
        ["northwind analytics", "420", "5,100", "8.2%"],
        ["northwind", "310", "6,400", "4.8%"],
        ["northwind login", "150", "900", "16.7%"],
        ["northwind pricing", "95", "1,300", "7.3%"],
    ]
    assert "By clicks, from the Search Console performance export for 2026-08-21 to 2026-11-18." in text_of(page)


def test_the_branded_search_charts_mark_the_events_and_shade_the_lights_band(app):
    page = render(app, "/branded-search")

    weekly = element(page, "branded-search-weekly-chart").figure
    assert [s.name for s in weekly.layout.shapes if s.name] == [
        "event: Rebrand",
        "event: Series B announced",
        "event: Brand campaign: Know your numbers",
    ]
    # This year's four weeks, 2026-10-19 to 2026-11-15: Series B and the campaign, not June's rebrand.
    yoy = element(page, "branded-search-yoy-chart").figure
    assert [s.name for s in yoy.layout.shapes if s.name] == [
        "event: Series B announced",
        "event: Brand campaign: Know your numbers",
    ]
    growth = element(page, "branded-search-growth-chart").figure
    assert [(s.y0, s.y1) for s in growth.layout.shapes if s.type == "rect"] == [(20.0, 40.0)]


# --- traffic ------------------------------------------------------------------------------------------------


def test_the_traffic_page_has_a_section_per_site_sessions_first(app):
    text = page_text(app, "/traffic")

    assert text.index(GA4) < text.index(DOCS)
    assert "Measured in visitors, not sessions: Plausible counts no sessions" in text
    assert "56.3%" in text and "of 3,689 sessions in October 2026 came by Direct or Organic Search" in text
    assert "No daily data for this site" in text  # the docs site has no trailing 28 days


def test_the_traffic_page_lists_each_months_numbers_and_light_newest_first(app):
    page = render(app, "/traffic")

    months = [[text_of(cell) for cell in row.children] for row in rows_of(element(page, "traffic-site-1-months"))]
    assert months == [
        ["October 2026", "1,147", "930", "1,612", "3,689", "56.3%", "✔ Healthy", "Every day"],
        ["September 2026", "960", "780", "1,560", "3,300", "52.7%", "✔ Healthy", "Every day"],
        ["August 2026", "900", "700", "1,800", "3,400", "47.1%", "▲ Watch", "Month export"],
    ]
    windows = [[text_of(cell) for cell in row.children] for row in rows_of(element(page, "traffic-site-1-windows"))]
    assert windows == [
        ["Last complete month", "October 2026", "1,147", "930", "3,689", "56.3%", "✔ Healthy"],
        ["Last 28 days", "2026-10-22 to 2026-11-18", "1,036", "840", "3,332", "56.3%", "✔ Healthy"],
    ]


def test_the_traffic_page_writes_the_warehouses_lights_and_benchmark(warehouse_copy):
    change(
        warehouse_copy,
        """update marts.direct_organic_share_monthly set status_word = 'Flourishing', status_symbol = '☀'
           where month_start = '2026-08-01'""",
        "update marts.benchmarks set benchmark_text = 'Healthy: 45% or more' where metric = 'direct_organic_share'",
    )

    page = render(create_app(warehouse_copy), "/traffic")

    august = rows_of(element(page, "traffic-site-1-months"))[2]
    assert text_of(august.children[6]) == "☀ Flourishing"
    share_chart = element(page, "traffic-site-1-share-chart").figure
    assert "Healthy: 45% or more" in [a.text for a in share_chart.layout.annotations]
    assert "bring healthy: 45% or more of a site's traffic" in text_of(page)


def test_the_traffic_page_names_the_channels_the_share_counts_as_organic(warehouse_copy):
    change(
        warehouse_copy,
        """update marts.direct_organic_share_monthly
           set organic_channels = 'Organic Search, Organic Social, Organic Video'""",
    )

    page = render(create_app(warehouse_copy), "/traffic")

    assert "Direct + Organic Search, Social and Video bring" in text_of(page)
    docs_mix = element(page, "traffic-site-2-mix-chart").figure
    assert [trace.name for trace in docs_mix.data][:3] == ["Direct", "Organic Search", "Organic Social"]


def test_the_traffic_page_says_when_the_last_month_cannot_be_measured(warehouse_copy):
    change(
        warehouse_copy,
        """update marts.direct_organic_share
           set share_pct = null, is_measurable = false, traffic_unit = null, direct = null, organic = null, total = null
           where property = ? and time_window = 'last_complete_month'""",
        params=[GA4],
    )

    text = page_text(create_app(warehouse_copy), "/traffic")

    assert "No share for October 2026: not every day of the month has data" in text
    assert "October 2026: not every day has data" in text


def test_the_traffic_page_before_any_web_analytics_export(warehouse_copy):
    change(
        warehouse_copy,
        "delete from marts.web_traffic_sites",
        "delete from marts.web_traffic_monthly_channels",
        "delete from marts.direct_organic_share_monthly",
        "delete from marts.direct_organic_share",
    )

    assert "No web analytics exports loaded yet" in page_text(create_app(warehouse_copy), "/traffic")


# --- awareness ----------------------------------------------------------------------------------------------


def test_the_awareness_page_says_which_changes_are_real(app):
    page = render(app, "/awareness")

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


def test_the_awareness_page_has_a_table_per_wave_own_brand_first(app):
    page = render(app, "/awareness")

    rows = rows_of(element(page, "awareness-wave-2026-09"))
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


def test_the_awareness_page_lists_names_to_add_to_the_config(app):
    page = render(app, "/awareness")

    unmatched = rows_of(element(page, "awareness-unmatched"))
    assert [text_of(row.children[0]) for row in unmatched] == ["HubSpot", "ACME Analytics", "NWA"]
    assert "misspellings" in text_of(element(page, "awareness-mentions"))
    fuzzy = text_of(element(page, "awareness-fuzzy"))
    assert "Nortwind! Northwind Analytics northwind 5 March 2026 to September 2026" in fuzzy


def test_a_long_tail_of_unmatched_names_is_cut_short(warehouse_copy):
    change(
        warehouse_copy,
        *[
            f"""insert into marts.awareness_mentions (mention, example, match_kind, respondents, first_wave, last_wave)
                values ('tool {n}', 'Tool {n}', 'unmatched', 1, '2026-09', '2026-09')"""
            for n in range(30)
        ],
    )

    page = render(create_app(warehouse_copy), "/awareness")

    assert len(rows_of(element(page, "awareness-unmatched"))) == 25
    assert "And 8 more, each written by fewer respondents." in text_of(element(page, "awareness-mentions"))  # 33


def test_a_change_that_cannot_be_judged_says_why(warehouse_copy):
    change(
        warehouse_copy,
        """update marts.awareness_change
           set is_comparable = false, is_distinguishable = null, change_points = null, change_ci_low_points = null,
               change_ci_high_points = null, reason = 'No wave 9 to 15 months before September 2026'""",
        f"update marts.scorecard set value = null, status = 'insufficient_data' where metric = '{AWARENESS}'",
    )
    app = create_app(warehouse_copy)

    assert (
        text_of(element(render(app, "/awareness"), "awareness-change-northwind-analytics-verdict"))
        == "No change to judge: No wave 9 to 15 months before September 2026"
    )
    assert element(render(app, "/"), f"scorecard-noise-{AWARENESS}") is None


def test_a_warehouse_from_before_surveys_says_no_survey_data_yet(warehouse_copy):
    change(warehouse_copy, *[f"drop table marts.{table}" for table in SURVEY_TABLES])
    app = create_app(warehouse_copy)

    assert "No survey data yet" in page_text(app, "/awareness")
    assert "No survey exports loaded yet" in page_text(app, "/data")
    scorecard = render(app, "/")
    assert "+6.5 pts" in text_of(scorecard) and element(scorecard, f"scorecard-noise-{AWARENESS}") is None


def test_a_survey_without_aided_or_first_heard_questions(warehouse_copy):
    change(warehouse_copy, "delete from marts.aided_awareness_waves", "drop table marts.first_heard_channels")

    page = render(create_app(warehouse_copy), "/awareness")

    assert "surveys.aided_question" in text_of(element(page, "awareness-aided-none"))
    assert "surveys.first_heard_question" in text_of(element(page, "awareness-first-heard-none"))
    assert element(page, "awareness-unaided-chart") is not None


# --- voice ----------------------------------------------------------------------------------------------------


def test_the_voice_page_lists_the_own_brands_stories_newest_first(app):
    page = render(app, "/voice")

    rows = rows_of(element(page, "voice-mentions-table"))
    assert len(rows) == 4 + 5 + 6 + 8 + 9 + 4  # every quarter's: fewer than the 50 shown
    newest = rows[:4]
    assert [text_of(row.children[0]) for row in newest] == ["2026-11-12", "2026-11-03", "2026-10-20", "2026-10-02"]
    link = newest[0].children[2].children[0]
    assert (link.href, link.target, link.rel) == (
        "https://martech.org/northwind-analytics-raises-series-b/",
        "_blank",
        "noopener",
    )
    assert text_of(link) == "Northwind Analytics raises Series B to bring brand metrics to B2B marketers"
    assert text_of(newest[0].children[2]).endswith("Google Alerts, Meltwater")  # three copies, from two tools
    assert [" ".join(text_of(row.children[3]).split()) for row in newest] == [
        "◆ Target · tier 2",
        "◆ Target media",
        "",
        "◆ Target · tier 1",
    ]
    assert [text_of(row.children[4]) for row in newest] == [
        "Positive",
        "—",
        "—",
        "Positive",
    ]  # Alerts and the CSV have none
    assert [text_of(row.children[5]) for row in newest] == ["3", "1", "1", "2"]
    assert text_of(newest[0].children[1]) == "MarTech martech.org"
    assert text_of(newest[2].children[1]) == "growthnotes.example"  # no outlet name: its address, once
    assert element(page, "voice-mentions-more") is None


def test_the_voice_page_cuts_the_list_at_50(warehouse_copy):
    change(
        warehouse_copy,
        *[
            f"""insert into marts.media_mentions (mention_id, published_at, brand, is_own_brand, outlet, domain, url,
                   title, is_target_media, source_tool, copies)
                values ('old{n}', timestamp '2024-01-01 10:00:00' + interval {n} day, '{OWN_BRAND}', true, 'Blog',
                   'blog.example', 'https://blog.example/{n}', 'Older story {n}', false, 'meltwater', 1)"""
            for n in range(55)
        ],
    )

    page = render(create_app(warehouse_copy), "/voice")

    assert len(rows_of(element(page, "voice-mentions-table"))) == 50
    assert text_of(element(page, "voice-mentions-more")) == "And 41 more, older."  # 36 + 55 = 91


def test_an_address_that_is_not_a_web_page_is_not_a_link(warehouse_copy):
    change(warehouse_copy, "update marts.media_mentions set url = 'javascript:alert(1)' where domain = 'martech.org'")

    rows = rows_of(element(render(create_app(warehouse_copy), "/voice"), "voice-mentions-table"))

    story = rows[0].children[2].children[0]
    assert not isinstance(story, dash.html.A) and text_of(story).startswith("Northwind Analytics raises")


def test_the_voice_page_counts_every_brand_last_quarter(app):
    page = render(app, "/voice")

    rows = rows_of(element(page, "voice-competitors-table"))
    assert [[text_of(cell) for cell in row.children] for row in rows] == [
        [f"{OWN_BRAND} (your brand)", "9", "7", "36.0%", "70.0%"],
        [CONTOSO, "11", "3", "44.0%", "30.0%"],
        [FABRIKAM, "5", "0", "20.0%", "0.0%"],
    ]
    assert "Q3 2026, the last complete quarter." in text_of(element(page, "voice-mentions"))


def test_the_voice_page_shades_the_warehouses_benchmark(warehouse_copy):
    def band(app):
        fig = element(render(app, "/voice"), "voice-target-media-chart").figure
        return [(shape.y0, shape.y1) for shape in fig.layout.shapes if shape.type == "rect"]

    assert band(create_app(warehouse_copy)) == [(5.0, 10.0)]
    # The config's override, as the refresh applied it.
    change(
        warehouse_copy,
        """update marts.benchmarks set healthy_low = 4, healthy_high = 8, benchmark_text = 'Healthy: 4 to 8 a quarter'
           where metric = 'target_media_mentions_per_quarter'""",
    )
    assert band(create_app(warehouse_copy)) == [(4.0, 8.0)]
    assert "Healthy: 4 to 8 a quarter: the shaded band." in page_text(create_app(warehouse_copy), "/voice")


def test_the_voice_page_charts_share_of_search_and_notes_below_one(app):
    page = render(app, "/voice")

    fig = element(page, "voice-share-of-search-chart").figure
    assert [trace.name for trace in fig.data] == [f"{OWN_BRAND} (your brand)", CONTOSO, FABRIKAM]
    assert text_of(element(page, "voice-share-of-search-about")) == "Worldwide, monthly, 2024-10-01 to 2026-10-31."
    assert "In 1 month of the 25, a brand's interest was below 1" in text_of(
        element(page, "voice-share-of-search-below-one")
    )
    assert "Also loaded, not charted: Worldwide (weekly), United States (weekly), United Kingdom (weekly)." in (
        text_of(element(page, "voice-share-of-search"))
    )


def test_a_warehouse_from_before_mentions_and_trends_says_so_per_section(warehouse_copy):
    change(warehouse_copy, *[f"drop table marts.{t}" for t in [*MENTION_TABLES, "share_of_search_series"]])

    page = render(create_app(warehouse_copy), "/voice")

    assert "No media mentions yet" in text_of(element(page, "voice-mentions-none"))
    assert "No Google Trends data yet" in text_of(element(page, "voice-share-of-search-none"))
    assert element(page, "voice-share-of-voice-chart") is None
    assert element(page, "voice-share-of-search-chart") is None


@pytest.mark.parametrize("table", MENTION_TABLES)
def test_share_of_search_without_mentions_still_shows(warehouse_copy, table):
    change(warehouse_copy, f"drop table marts.{table}")

    page = render(create_app(warehouse_copy), "/voice")

    assert "No media mentions yet" in text_of(element(page, "voice-mentions-none"))
    assert element(page, "voice-share-of-search-chart") is not None


def test_mentions_without_share_of_search(warehouse_copy):
    change(warehouse_copy, "delete from marts.share_of_search_series")

    page = render(create_app(warehouse_copy), "/voice")

    assert element(page, "voice-share-of-search-none") is not None
    assert element(page, "voice-mentions-table") is not None and element(page, "voice-mentions-none") is None


def test_only_competitors_mentioned_says_so_for_the_own_brand(warehouse_copy):
    change(
        warehouse_copy,
        "delete from marts.media_mentions where is_own_brand",
        "delete from marts.mentions_per_quarter where is_own_brand",
    )

    page = render(create_app(warehouse_copy), "/voice")

    assert "No story has named your brand yet" in text_of(element(page, "voice-mentions-table"))
    bars = element(page, "voice-target-media-chart").figure
    assert not bars.data and "No mentions of your brand yet" in bars.layout.annotations[0].text
    assert [text_of(row.children[0]) for row in rows_of(element(page, "voice-competitors-table"))] == [
        CONTOSO,
        FABRIKAM,
    ]


# --- data -----------------------------------------------------------------------------------------------------


def test_the_data_page_counts_every_file_and_explains_the_rejected_one(app):
    page = render(app, "/data")

    counts = [text_of(item.children[0]) for item in element(page, "data-summary").children]
    assert counts == ["19", "1", "1"]  # loaded, duplicate, rejected
    [rejected] = [row for row in rows_of(element(page, "data-files-table")) if row.className == "row-rejected"]
    assert text_of(rejected.children[1]).startswith(f"search_console/{REJECTED_FILE}")
    line, folded = rejected.children[-1].children
    assert text_of(line).startswith("is not an export this product recognises") and line.className == "reason"
    # The formats the product reads, folded under the reason until asked for.
    assert isinstance(folded, dash.html.Details) and not getattr(folded, "open", False)
    summary, listed = folded.children
    assert text_of(summary) == "The exports this product reads"
    formats = [text_of(item) for item in listed.children]
    assert "Search Console performance export (Chart.csv or Dates.csv with Filters.csv)" in formats
    assert "mentions CSV with the columns mentions_csv names (Published, Headline, Link)" in formats  # the config's


def test_the_data_page_lists_the_newest_100_files_and_every_rejected_one(warehouse_copy):
    # A year of nightly GA4 downloads, all received after Northwind's 21 files (one of them rejected).
    later = datetime(2030, 1, 1, 2)
    change(
        warehouse_copy,
        *[
            f"""insert into marts.ingested_files (file_name, sha256, detected_format, status, rows, ingested_at)
                values ('ga4_{n:03}.csv', '{n:064}', 'ga4_csv', 'loaded', 24, '{later + timedelta(minutes=n)}')"""
            for n in range(150)
        ],
    )

    page = render(create_app(warehouse_copy), "/data")

    rows = rows_of(element(page, "data-files-table"))
    files = [text_of(row.children[1].children[0]) for row in rows]
    assert files == [f"ga4_{n:03}.csv" for n in range(149, 49, -1)] + [f"search_console/{REJECTED_FILE}"]
    assert rows[-1].className == "row-rejected"
    assert text_of(element(page, "data-files-more")).startswith("The newest 100 of 171 files, and every rejected one")
    counts = [text_of(item.children[0]) for item in element(page, "data-summary").children]
    assert counts == ["169", "1", "1"]  # of every file, not just those listed


def test_the_data_page_marks_a_guessed_survey_question(app):
    rows = rows_of(element(render(app, "/data"), "data-survey-questions-table"))
    lines = [(row.className, " ".join(text_of(row).split())) for row in rows]

    # Each file named on its first row, with its tool and survey; the config does not name the first-heard
    # question, so it is a guess in both files that ask it.
    march = next(n for n, (_, line) in enumerate(lines) if line.startswith(f"surveys/{WAVES['2026-03']['file']}"))
    assert lines[march][1].startswith(
        f"surveys/{WAVES['2026-03']['file']} SurveyMonkey · Brand tracker March 2026 · 1 question not used "
        "Unaided awareness Which marketing analytics tools come to mind?"
    )
    guess = (
        "Where they first heard How did you first hear about Northwind Analytics? {} "
        "? A guess: set surveys.first_heard_question in the config to choose it"
    )
    assert lines[march + 2] == ("row-guess", guess.format("C13"))  # SurveyMonkey's 13th column
    assert [line for cls, line in lines if cls == "row-guess"] == [guess.format("C6"), guess.format("C13")]


def test_the_data_page_says_when_a_survey_file_has_no_unaided_question(warehouse_copy):
    change(warehouse_copy, "update marts.survey_questions set role = null, chosen_by = null where role = 'unaided'")

    rows = rows_of(element(render(create_app(warehouse_copy), "/data"), "data-survey-questions-table"))

    missing = [text_of(row) for row in rows if row.className == "row-missing"]
    assert len(missing) == 3  # one per file
    assert all("None found" in row and "surveys.unaided_question" in row for row in missing)


def test_the_data_page_lists_channel_disagreements(app):
    rows = rows_of(element(render(app, "/data"), "data-disagreements-table"))

    assert [text_of(cell) for cell in rows[0].children][:4] == [
        "linkedin.com / referral",
        "Referral",
        "Organic Social",
        "42",
    ]


def test_a_warehouse_without_channel_disagreements_still_shows_the_data_page(warehouse_copy):
    change(warehouse_copy, "drop table marts.channel_disagreements")

    text = page_text(create_app(warehouse_copy), "/data")

    assert REJECTED_FILE in text and "Not computed yet" in text


def test_the_data_page_links_every_download(app):
    section = element(render(app, "/data"), "data-downloads")

    links = {name: element(section, f"download-{name}") for name in DOWNLOADS}
    assert {name: (link.href, link.download) for name, link in links.items()} == {
        name: (f"/download/{name}.csv", f"{name}.csv") for name in DOWNLOADS
    }
    assert "Every story naming a tracked brand" in text_of(section)


def test_the_voice_and_awareness_pages_link_their_tables_downloads(app):
    voice = element(render(app, "/voice"), "voice-downloads")
    assert text_of(voice) == "Download as CSV:  media_mentions.csv  ·  mentions_per_quarter.csv"
    assert element(voice, "download-media_mentions").href == "/download/media_mentions.csv"
    awareness = element(render(app, "/awareness"), "awareness-downloads")
    assert element(awareness, "download-awareness_waves").href == "/download/awareness_waves.csv"
    assert element(awareness, "download-awareness_change").href == "/download/awareness_change.csv"
