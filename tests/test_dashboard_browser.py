"""The dashboard in headless Chromium, through dash[testing]'s dash_duo (see conftest for the setup)."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from demandgen.settings import SAMPLE_INBOX
from tests.pipeline_support import query

pytestmark = pytest.mark.browser


def test_a_marketer_reads_the_scorecard_then_the_evidence(dash_browser, dashboard_warehouse):
    app = create_app(dashboard_warehouse)
    dash_browser.start_server(app)

    dash_browser.wait_for_text_to_equal("#scorecard-value-branded_search_yoy_growth", "+25.0%")
    assert "Healthy" in dash_browser.find_element("#scorecard-status-branded_search_yoy_growth").text
    card = dash_browser.find_element("#scorecard-card-branded_search_yoy_growth").text
    assert "Healthy: +20% to +40% a year" in card
    assert "28 days to 2026-11-18, vs same weekdays a year earlier" in card
    assert "Data through 2026-11-18" in card
    # A change in points, with whether it is more than survey noise beside the light.
    assert dash_browser.find_element("#scorecard-value-unaided_awareness_yoy_change").text == "+6.5 pts"
    assert "Healthy" in dash_browser.find_element("#scorecard-status-unaided_awareness_yoy_change").text
    # A share, not a change: no sign, and a benchmark with no upper end.
    assert dash_browser.find_element("#scorecard-value-direct_organic_share").text == "56.3%"
    assert "Healthy" in dash_browser.find_element("#scorecard-status-direct_organic_share").text
    share_card = dash_browser.find_element("#scorecard-card-direct_organic_share").text
    assert "Healthy: 50% or more" in share_card
    assert "October 2026" in share_card

    dash_browser.find_element("#nav-branded_search").click()  # client-side navigation, no reload
    dash_browser.wait_for_contains_text("#branded-search-top-queries", "northwind analytics")
    for chart in ("growth", "weekly", "yoy"):
        dash_browser.wait_for_element(f"#branded-search-{chart}-chart .main-svg")
    assert "Healthy: +20% to +40%" in dash_browser.find_element("#branded-search-growth-chart").text

    dash_browser.driver.get(dash_browser.server_url + "/data")  # and a page opened directly
    dash_browser.wait_for_contains_text("#data-files-table", "Pages.csv")
    rejected = dash_browser.find_element("#data-files-table tr.row-rejected")
    assert "Rejected" in rejected.text
    assert "is not an export this product recognises" in rejected.text
    assert "1 rejected" in dash_browser.find_element("#data-summary").text
    disagreement = dash_browser.find_element("#data-disagreements-table tbody tr").text
    for text in (
        "linkedin.com / referral",
        "Referral",
        "Organic Social",
        "42",
        "Traffic_acquisition_Session_source_medium.csv",
    ):
        assert text in disagreement

    assert dash_browser.get_logs() == []


def test_a_marketer_reads_where_each_sites_traffic_comes_from(dash_browser, dashboard_warehouse):
    app = create_app(dashboard_warehouse)
    dash_browser.start_server(app)
    dash_browser.wait_for_text_to_equal("#scorecard-value-direct_organic_share", "56.3%")

    dash_browser.find_element("#nav-traffic").click()
    # The GA4 site, in sessions, comes first; the docs site, in visitors only, after it.
    dash_browser.wait_for_contains_text("#traffic-site-1 h2", "Northwind - GA4")
    assert "Measured in sessions, from GA4" in dash_browser.find_element("#traffic-site-1-about").text
    assert dash_browser.find_element("#traffic-site-2 h2").text == "docs.northwind.example"
    assert "Measured in visitors" in dash_browser.find_element("#traffic-site-2-about").text
    for chart in ("share", "mix"):
        dash_browser.wait_for_element(f"#traffic-site-1-{chart}-chart .main-svg")
    assert "Healthy: 50% or more" in dash_browser.find_element("#traffic-site-1-share-chart").text

    months = dash_browser.find_elements("#traffic-site-1-months tbody tr")
    assert [row.text.split(" 20")[0] for row in months] == ["October", "September", "August"]  # newest first
    september = next(row.text for row in months if row.text.startswith("September 2026"))
    assert "52.7%" in september and "Healthy" in september
    for number in ("960", "780", "1,560", "3,300"):  # direct, organic search, other, all: 30 days by hand
        assert number in september
    august = next(row.text for row in months if row.text.startswith("August 2026"))
    assert "47.1%" in august and "Watch" in august and "Month export" in august
    windows = dash_browser.find_element("#traffic-site-1-windows").text
    assert "Last complete month" in windows and "Last 28 days" in windows and "56.3%" in windows
    assert "No daily data for this site" in dash_browser.find_element("#traffic-site-2-windows").text

    assert dash_browser.get_logs() == []


def test_a_marketer_reads_whether_awareness_really_changed(dash_browser, dashboard_warehouse):
    app = create_app(dashboard_warehouse)
    dash_browser.start_server(app)

    dash_browser.wait_for_text_to_equal("#scorecard-value-unaided_awareness_yoy_change", "+6.5 pts")
    assert "Healthy" in dash_browser.find_element("#scorecard-status-unaided_awareness_yoy_change").text
    assert "A real change" in dash_browser.find_element("#scorecard-noise-unaided_awareness_yoy_change").text
    card = dash_browser.find_element("#scorecard-card-unaided_awareness_yoy_change").text
    assert "Healthy: +5 pts to +10 pts a year" in card
    assert "Survey fieldwork 2026-09-07 to 2026-09-25, vs 2025-09-09 to 2025-09-26" in card
    assert "(95% interval +0.6 to +12.3 points). A real change" in card

    dash_browser.find_element("#nav-awareness").click()
    dash_browser.wait_for_text_to_equal("#awareness-change-northwind-analytics-verdict", "A real change.")
    own = dash_browser.find_element("#awareness-change-northwind-analytics").text
    assert "+6.5 pts" in own and "95% interval +0.6 to +12.3 pts" in own
    # Contoso's +1.5 points has an interval from -3.6 to +6.6: it could be no change at all.
    contoso = dash_browser.find_element("#awareness-change-contoso-metrics").text
    assert "+1.5 pts" in contoso and "-3.6 to +6.6 pts" in contoso
    assert (
        dash_browser.find_element("#awareness-change-contoso-metrics-verdict").text
        == "Within noise: the interval includes no change."
    )
    for chart in ("unaided", "aided", "first-heard"):
        dash_browser.wait_for_element(f"#awareness-{chart}-chart .main-svg")
    latest = dash_browser.find_elements("#awareness-wave-2026-09 tbody tr")
    assert latest[0].text.startswith("Northwind Analytics (your brand)") and "22.4% to 31.0%" in latest[0].text
    unmatched = dash_browser.find_elements("#awareness-unmatched tbody tr")
    assert [row.text.split(" ")[0] for row in unmatched] == ["HubSpot", "ACME", "NWA"]  # most respondents first
    assert "Nortwind!" in dash_browser.find_element("#awareness-fuzzy").text

    dash_browser.find_element("#nav-data").click()
    dash_browser.wait_for_contains_text("#data-survey-questions-table tr.row-guess", "A guess")
    guess = dash_browser.find_element("#data-survey-questions-table tr.row-guess").text
    assert "surveys.first_heard_question" in guess and "How did you first hear about Northwind Analytics?" in guess

    assert dash_browser.get_logs() == []


def test_a_marketer_reads_the_brands_share_of_voice_and_of_search(dash_browser, dashboard_warehouse):
    app = create_app(dashboard_warehouse)
    dash_browser.start_server(app)

    dash_browser.wait_for_text_to_equal("#scorecard-value-target_media_mentions_per_quarter", "7")
    assert (
        "Healthy: 5 to 10 a quarter"
        in dash_browser.find_element("#scorecard-card-target_media_mentions_per_quarter").text
    )
    assert dash_browser.find_element("#scorecard-value-share_of_voice").text == "+16.0 pts"
    assert dash_browser.find_element("#scorecard-value-share_of_search").text == "+6.0 pts"

    dash_browser.find_element("#nav-voice").click()
    dash_browser.wait_for_contains_text("#voice-mentions-table", "Northwind Analytics raises Series B")
    first = dash_browser.find_element("#voice-mentions-table tbody tr")
    words = " ".join(first.text.split())
    assert words.startswith("2026-11-12 MarTech martech.org Northwind Analytics raises Series B")
    assert "◆ Target · tier 2 Positive 3" in words
    link = first.find_element("css selector", "a")
    assert link.get_attribute("href") == "https://martech.org/northwind-analytics-raises-series-b/"
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    competitors = [row.text for row in dash_browser.find_elements("#voice-competitors-table tbody tr")]
    assert competitors[0].startswith("Northwind Analytics (your brand) 9 7 36.0%")
    assert competitors[1].startswith("Contoso Metrics 11 3 44.0%")

    # Six quarters of bars over the shaded 5 to 10 band, named on the chart.
    dash_browser.wait_for_element("#voice-target-media-chart .main-svg")
    assert len(dash_browser.find_elements("#voice-target-media-chart .trace.bars .point")) == 6
    assert dash_browser.find_elements("#voice-target-media-chart .shapelayer path")
    assert "Healthy: 5 to 10 a quarter" in dash_browser.find_element("#voice-target-media-chart").text
    assert "Q4 2026 (so far)" in dash_browser.find_element("#voice-target-media-chart").text
    for chart in ("share-of-voice", "target-share-of-voice"):
        dash_browser.wait_for_element(f"#voice-{chart}-chart .main-svg")

    dash_browser.wait_for_element("#voice-share-of-search-chart .main-svg")
    assert len(dash_browser.find_elements("#voice-share-of-search-chart .scatterlayer .trace")) == 3
    assert "Northwind Analytics (your brand)" in dash_browser.find_element("#voice-share-of-search-chart").text
    assert "counted as 0.5" in dash_browser.find_element("#voice-share-of-search-below-one").text

    assert dash_browser.get_logs() == []


def test_before_the_first_refresh_every_page_says_what_to_do(dash_browser, tmp_path):
    app = create_app(tmp_path / "not-refreshed-yet.duckdb")
    dash_browser.start_server(app)

    for path in ("/", "/branded-search", "/traffic", "/awareness", "/voice", "/data"):
        dash_browser.driver.get(dash_browser.server_url + path)
        dash_browser.wait_for_contains_text(".no-data", "No data yet: run demandgen refresh")

    assert dash_browser.get_logs() == []


def test_the_sample_companys_light_after_a_real_refresh(dash_browser, sample_warehouse):
    """The sample company's warehouse: what `make demo` shows."""
    ((value, status, period_end),) = query(
        sample_warehouse,
        "select value, status, period_end from marts.scorecard where metric = 'branded_search_yoy_growth'",
    )
    assert status == "green"
    app = create_app(sample_warehouse)
    dash_browser.start_server(app)
    dash_browser.wait_for_text_to_equal("#scorecard-value-branded_search_yoy_growth", f"{value:+.1f}%")
    assert "Healthy" in dash_browser.find_element("#scorecard-status-branded_search_yoy_growth").text
    card = dash_browser.find_element("#scorecard-card-branded_search_yoy_growth").text
    assert f"Data through {period_end:%Y-%m-%d}" in card
    assert "Branded impressions grew" in card
    dash_browser.find_element("#nav-data").click()
    # Each sample file is one export; the inbox passes over hidden files (the folder's .gitattributes).
    exports = sum(1 for p in SAMPLE_INBOX.rglob("*") if p.is_file() and not p.name.startswith("."))
    dash_browser.wait_for_contains_text("#data-summary", str(exports))
    assert dash_browser.get_logs() == []


def test_a_marketer_sees_each_lights_history_and_the_events_on_the_weekly_chart(dash_browser, sample_warehouse):
    """The sample company: every card draws its light's history, and branded search's weekly chart marks the
    config's four events, each a line or a band with its label."""
    lights = query(
        sample_warehouse,
        """select metric, count(value) from marts.scorecard_history group by metric, display_order
           order by display_order""",
    )
    assert len(lights) == 6 and all(points > 0 for _, points in lights)
    events = [label for (label,) in query(sample_warehouse, "select label from marts.events order by event_date")]
    assert len(events) == 4
    app = create_app(sample_warehouse)
    dash_browser.start_server(app)

    for metric, points in lights:
        dash_browser.wait_for_element(f"#scorecard-history-{metric} .main-svg")
        drawn = dash_browser.find_elements(f"#scorecard-history-{metric} .scatterlayer .point")
        assert len(drawn) == points, metric  # a marker per period with a value

    dash_browser.find_element("#nav-branded_search").click()
    dash_browser.wait_for_element("#branded-search-weekly-chart .main-svg")
    chart = "#branded-search-weekly-chart"
    # Two one-day events (dotted lines) and two campaigns (shaded bands), all within the weeks charted.
    assert len(dash_browser.find_elements(f"{chart} .shapelayer path")) == 4
    labels = {label.text for label in dash_browser.find_elements(f"{chart} .annotation-text")}
    assert {"Series B announced", "Free plan launched", "Spring brand campaign"} <= labels
    assert "Brand campaign: Know your n…" in labels  # cut short on the chart, whole on hover

    assert dash_browser.get_logs() == []


def test_with_credentials_set_only_a_signed_in_browser_sees_the_dashboard(
    dash_browser, dashboard_warehouse, monkeypatch
):
    import requests

    monkeypatch.setenv("DEMANDGEN_DASHBOARD_USER", "marketing")
    monkeypatch.setenv("DEMANDGEN_DASHBOARD_PASSWORD", "s3cret-Pass")
    app = create_app(dashboard_warehouse)
    dash_browser.start_server(app, navigate=False)  # dash_duo's own first visit has no credentials
    url = dash_browser.server.url

    for path in ("/", "/_dash-layout", "/download/scorecard.csv"):
        refused = requests.get(url + path, timeout=30)
        assert refused.status_code == 401, path
        assert refused.headers["WWW-Authenticate"] == 'Basic realm="Demand-gen health"'

    # Signing in: Chromium keeps credentials given in an address for the whole site, as it does those typed
    # into its sign-in prompt. (Not a Dash page: a page whose own address holds credentials cannot fetch().)
    dash_browser.driver.get(url.replace("://", "://marketing:s3cret-Pass@") + "/assets/style.css")
    # The cards render only once the page's callback requests (/_dash-update-component) are let through.
    dash_browser.server_url = url
    dash_browser.wait_for_text_to_equal("#scorecard-value-branded_search_yoy_growth", "+25.0%")
    dash_browser.find_element("#nav-data").click()
    dash_browser.wait_for_contains_text("#data-files-table", "Pages.csv")
    link = dash_browser.find_element("#download-media_mentions")
    assert link.get_attribute("href") == url + "/download/media_mentions.csv"
    # The download link, fetched as the signed-in page fetches it.
    status = dash_browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => done(r.status), e => done(String(e)));",
        link.get_attribute("href"),
    )
    assert status == 200

    assert dash_browser.get_logs() == []
