"""Shared test setup."""

from __future__ import annotations

import os
import shutil

import pytest

# The real refresh against temporary warehouses (dbt manifest, sample warehouse, helpers); the dashboard tests'
# company, refreshed once a session; the local webhook and mail server that notices go to; a stand-in for
# Google's APIs.
pytest_plugins = [
    "tests.pipeline_support",
    "tests.dashboard_warehouse",
    "tests.dashboard_server",
    "tests.notify_support",
    "tests.google_standin",
]


def pytest_configure(config):
    """Parse the dbt project before any test module is imported: a module that imports the Dagster assets reads
    dbt's manifest then, and `DbtProject.prepare_if_dev()` does nothing under pytest. Quick when it is fresh."""
    from orchestration.dbt_project import prepare_manifest

    prepare_manifest()


# --- Browser tests (dash[testing]'s dash_duo fixture in headless Chromium) ---------------------------
#
# dash[testing] builds Chrome's options from the `pytest_setup_options` hook below, and only adds
# `--headless` itself when pytest gets the `--headless` flag. Returning headless options here makes a
# plain `pytest` run headless everywhere (CI machines have no display) without extra flags.
# DASH_TEST_CHROMEPATH, which dash[testing] also reads, still picks another browser binary.

CHROMIUM = os.environ.get("DASH_TEST_CHROMEPATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGUMENTS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(optionalhook=True)  # the hook exists only when dash[testing] is installed
def pytest_setup_options():
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for argument in CHROME_ARGUMENTS:
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    return options


@pytest.fixture
def dash_browser(request):
    """dash_duo, or a clear skip when there is no Chromium (a failure when CI says the browser is required).

    The check comes before dash_duo is created, because dash[testing] retries a missing browser for 30s.
    """
    missing = [
        name
        for name, found in (("Chromium", os.path.exists(CHROMIUM)), ("chromedriver", shutil.which("chromedriver")))
        if not found
    ]
    if missing:
        message = f"browser test needs {' and '.join(missing)} (Debian: apt-get install chromium chromium-driver)"
        if os.environ.get("DEMANDGEN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"DEMANDGEN_REQUIRE_BROWSER=1 but the {message}", pytrace=False)
        pytest.skip(message)
    return request.getfixturevalue("dash_duo")


@pytest.fixture(autouse=True)
def no_secrets_from_the_shell(monkeypatch):
    """A developer's own webhook or dashboard password never reaches a test (nor a test's refresh, which
    would post to that webhook); tests that need them set their own."""
    for name in (
        "DEMANDGEN_WEBHOOK_URL",
        "DEMANDGEN_SMTP_USER",
        "DEMANDGEN_SMTP_PASSWORD",
        "DEMANDGEN_DASHBOARD_USER",
        "DEMANDGEN_DASHBOARD_PASSWORD",
        "DAGSTER_HOME",
        # A developer's own Google key or API root never reaches a test's pull (tests point them at the stand-in).
        "GOOGLE_APPLICATION_CREDENTIALS",
        "DEMANDGEN_GOOGLE_API_ROOT",
    ):
        monkeypatch.delenv(name, raising=False)
