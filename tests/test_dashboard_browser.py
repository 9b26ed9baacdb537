"""The dashboard in headless Chromium, through dash[testing]'s dash_duo (see conftest for the setup)."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from tests.dashboard_warehouse import build_dashboard_warehouse

pytestmark = pytest.mark.browser


def test_a_marketer_reads_the_scorecard_then_the_evidence(dash_browser, tmp_path):
    app = create_app(build_dashboard_warehouse(tmp_path / "serving.duckdb"))
    dash_browser.start_server(app)

    dash_browser.wait_for_text_to_equal("#scorecard-value-branded_search_yoy_growth", "+24.6%")
    assert "Healthy" in dash_browser.find_element("#scorecard-status-branded_search_yoy_growth").text
    card = dash_browser.find_element("#scorecard-card-branded_search_yoy_growth").text
    assert "Healthy: +20% to +40% a year" in card
    assert "28 days to 2026-11-18, vs same weekdays a year earlier" in card
    assert "Data through 2026-11-18" in card
    # Any metric row renders, including one that honestly has no value yet.
    assert dash_browser.find_element("#scorecard-value-unaided_awareness_yoy_change").text == "—"
    assert "Insufficient data" in dash_browser.find_element("#scorecard-status-unaided_awareness_yoy_change").text

    dash_browser.find_element("#nav-branded_search").click()  # client-side navigation, no reload
    dash_browser.wait_for_contains_text("#branded-search-top-queries", "northwind analytics")
    for chart in ("growth", "weekly", "yoy"):
        dash_browser.wait_for_element(f"#branded-search-{chart}-chart .main-svg")
    assert "Healthy: +20% to +40%" in dash_browser.find_element("#branded-search-growth-chart").text

    dash_browser.driver.get(dash_browser.server_url + "/data")  # and a page opened directly
    dash_browser.wait_for_contains_text("#data-files-table", "Pages.csv")
    rejected = dash_browser.find_element("#data-files-table tr.row-rejected")
    assert "Rejected" in rejected.text
    assert "export the Dates and Queries tabs instead" in rejected.text
    assert "1 rejected" in dash_browser.find_element("#data-summary").text

    assert dash_browser.get_logs() == []


def test_before_the_first_refresh_every_page_says_what_to_do(dash_browser, tmp_path):
    app = create_app(tmp_path / "not-refreshed-yet.duckdb")
    dash_browser.start_server(app)

    for path in ("/", "/branded-search", "/data"):
        dash_browser.driver.get(dash_browser.server_url + path)
        dash_browser.wait_for_contains_text(".no-data", "No data yet: run demandgen refresh")

    assert dash_browser.get_logs() == []


def test_the_sample_companys_light_after_a_real_refresh(dash_browser, sample_warehouse):
    """The warehouse the pipeline published, not a hand-built one: what `make demo` shows."""
    from tests.pipeline_support import query

    (value, status, period_end), = query(sample_warehouse,
                                         "select value, status, period_end from marts.scorecard")
    assert status == "green"
    app = create_app(sample_warehouse)
    dash_browser.start_server(app)
    dash_browser.wait_for_text_to_equal("#scorecard-value-branded_search_yoy_growth", f"{value:+.1f}%")
    assert "Healthy" in dash_browser.find_element("#scorecard-status-branded_search_yoy_growth").text
    card = dash_browser.find_element("#scorecard-card-branded_search_yoy_growth").text
    assert f"Data through {period_end:%Y-%m-%d}" in card
    assert "Branded impressions grew" in card
    dash_browser.find_element("#nav-data").click()
    dash_browser.wait_for_contains_text("#data-summary", "31")
    assert dash_browser.get_logs() == []
