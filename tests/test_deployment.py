"""Running it in production: who may see the dashboard, CSV downloads, gunicorn, dagster.yaml, systemd units."""

from __future__ import annotations

import configparser
import csv
import io
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import tomllib
from base64 import b64encode
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest

from dashboard import downloads
from dashboard.app import CredentialsError, create_app, credentials_from_env, is_loopback, network_warning
from demandgen import cli
from tests.dashboard_server import get
from tests.dashboard_warehouse import CHANGES, FABRIKAM, MENTIONS_PER_QUARTER, SERIES_B

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
USER, PASSWORD = "DEMANDGEN_DASHBOARD_USER", "DEMANDGEN_DASHBOARD_PASSWORD"
CHALLENGE = 'Basic realm="Demand-gen health"'
# Where the units expect the checkout and its virtualenv (README "Running it in production").
INSTALL, VENV_BIN = "/opt/demandgen", "/opt/demandgen/.venv/bin/"


@pytest.fixture(scope="module")
def built_warehouse(dashboard_warehouse, tmp_path_factory):
    """The dashboard tests' warehouse, plus two mentions a hostile or careless source could send: titles a
    spreadsheet would run as formulas, and an outlet that is a social handle."""
    path = Path(shutil.copy(dashboard_warehouse, tmp_path_factory.mktemp("built") / "serving.duckdb"))
    with duckdb.connect(str(path)) as con:
        con.executemany(
            """insert into marts.media_mentions (mention_id, published_at, brand, is_own_brand, outlet, domain, url,
                   title, is_target_media, media_tier, sentiment, source_tool, copies)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    "x1",
                    "2026-11-14 10:00:00",
                    "Contoso Metrics",
                    False,
                    "@contoso_news",
                    "x.com",
                    "https://x.com/contoso_news/status/1",
                    '=HYPERLINK("http://evil","x")',
                    False,
                    None,
                    "neutral",
                    "mentions_csv",
                    1,
                ),
                (
                    "x2",
                    "2026-11-13 10:00:00",
                    "Contoso Metrics",
                    False,
                    "Data Digest",
                    "datadigest.example",
                    "https://datadigest.example/sum",
                    "-2+3",
                    False,
                    None,
                    "neutral",
                    "mentions_csv",
                    1,
                ),
            ],
        )
    return path


@pytest.fixture
def warehouse(built_warehouse, tmp_path):
    """A copy of that warehouse for one test (built once: building takes seconds)."""
    return Path(shutil.copy(built_warehouse, tmp_path / "serving.duckdb"))


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + b64encode(f"{user}:{password}".encode()).decode()}


def csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith("\ufeff".encode()), "the byte-order mark that makes Excel read UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


# --- spreadsheet formula injection -----------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Northwind raises Series B", "Northwind raises Series B"),
        ("B2B = brand", "B2B = brand"),  # a formula sign further in is harmless
        ("", ""),
    ],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(cell, expected):
    assert downloads.neutralise(cell) == expected


@pytest.mark.parametrize("value", [-3.2, -5, 0, None, True])
def test_numbers_and_empty_cells_stay_as_they_are(value):
    assert downloads.neutralise(value) is value


def test_the_mentions_download_neutralises_formulas_and_keeps_the_rest(warehouse):
    response = create_app(warehouse).server.test_client().get("/download/media_mentions.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="media_mentions.csv"'
    rows = csv_rows(response.data)
    # Every story of every quarter, one row per brand it names, and the two added above.
    assert len(rows) == sum(n for brands in MENTIONS_PER_QUARTER.values() for n, _ in brands.values()) + 2
    by_id = {row["mention_id"]: row for row in rows}
    assert by_id["x1"]["title"] == '\'=HYPERLINK("http://evil","x")'
    assert by_id["x1"]["outlet"] == "'@contoso_news"
    assert by_id["x2"]["title"] == "'-2+3"
    # Newest first, and an ordinary story as it is.
    assert [row["title"] for row in rows[:3]] == ['\'=HYPERLINK("http://evil","x")', "'-2+3", SERIES_B]
    assert rows[2]["copies"] == "3"


def test_negative_numbers_stay_numbers(warehouse):
    response = create_app(warehouse).server.test_client().get("/download/awareness_change.csv")

    fabrikam = next(row for row in csv_rows(response.data) if row["brand"] == FABRIKAM)
    change, low, high, _ = CHANGES[FABRIKAM]  # -5.0 points, from -9.13 to -0.93
    assert fabrikam["change_points"] == "-5.0"  # a number, not "'-5.0"
    assert (round(float(fabrikam["change_ci_low_points"]), 2), round(float(fabrikam["change_ci_high_points"]), 2)) == (
        low,
        high,
    )


def test_the_scorecard_download_has_every_light(warehouse):
    rows = csv_rows(create_app(warehouse).server.test_client().get("/download/scorecard.csv").data)

    assert [row["metric"] for row in rows] == [
        "branded_search_yoy_growth",
        "direct_organic_share",
        "share_of_search",
        "share_of_voice",
        "target_media_mentions_per_quarter",
        "unaided_awareness_yoy_change",
    ]
    growth = next(row for row in rows if row["metric"] == "branded_search_yoy_growth")
    assert (growth["value"], growth["status"], growth["period_end"]) == ("25.0", "green", "2026-11-18")


def test_every_download_reads_a_table_the_dashboard_warehouse_has(warehouse):
    client = create_app(warehouse).server.test_client()
    for name in downloads.DOWNLOADS:
        response = client.get(f"/download/{name}.csv")
        assert response.status_code == 200, name
        assert csv_rows(response.data), name


def test_only_the_listed_downloads_exist(warehouse):
    client = create_app(warehouse).server.test_client()

    # marts.benchmarks is in the warehouse but not offered: the request picks a listed name, never a table.
    for path in ("/download/benchmarks.csv", "/download/scorecard;drop%20table%20marts.scorecard.csv"):
        response = client.get(path)
        assert response.status_code == 404, path
    assert "Data page lists them" in client.get("/download/benchmarks.csv").text
    assert client.get("/download/scorecard.csv").status_code == 200


def test_a_download_before_the_first_refresh_says_what_to_do(tmp_path):
    response = create_app(tmp_path / "not-refreshed.duckdb").server.test_client().get("/download/scorecard.csv")

    assert response.status_code == 404
    assert response.text.startswith("No data yet: run `demandgen refresh`")


def test_a_download_of_a_table_the_warehouse_lacks_says_what_to_do(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.share_of_search")

    response = create_app(warehouse).server.test_client().get("/download/share_of_search.csv")

    assert response.status_code == 404
    assert response.text.startswith("No data yet: run `demandgen refresh`")


def test_a_download_of_a_table_that_lacks_a_column_says_what_to_do(warehouse):
    # A warehouse published by an older version: the table is there, without a column the download orders by.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table marts.share_of_search drop column geo")

    response = create_app(warehouse).server.test_client().get("/download/share_of_search.csv")

    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    first_line = response.text.splitlines()[0]
    assert first_line.startswith("No data yet: run `demandgen refresh` (marts.share_of_search lacks a column: ")
    assert '"geo"' in first_line  # what is missing, for whoever looks further


# --- credentials ---------------------------------------------------------------------------------------

# Every kind of request the dashboard answers: a page, Dash's layout, dependencies and callback endpoints,
# a stylesheet from assets/, a Dash component bundle, a download.
GUARDED = ["/", "/voice", "/_dash-layout", "/_dash-dependencies", "/assets/style.css", "/download/scorecard.csv"]


def test_without_credentials_configured_the_dashboard_is_open(warehouse):
    client = create_app(warehouse).server.test_client()

    for path in GUARDED:
        assert client.get(path).status_code == 200, path


def test_with_credentials_every_request_needs_them(warehouse, monkeypatch):
    monkeypatch.setenv(USER, "marketing")
    monkeypatch.setenv(PASSWORD, "correct horse ✓")
    client = create_app(warehouse).server.test_client()

    for path in GUARDED:
        refused = client.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["WWW-Authenticate"] == CHALLENGE
        assert "Northwind" not in refused.text
        assert client.get(path, headers=basic("marketing", "correct horse ✓")).status_code == 200, path
    assert client.post("/_dash-update-component", json={}).status_code == 401
    # The JavaScript bundles the page loads.
    page = client.get("/", headers=basic("marketing", "correct horse ✓")).text
    bundle = re.search(r'src="(/_dash-component-suites/[^"]+)"', page).group(1)
    assert client.get(bundle).status_code == 401
    assert client.get(bundle, headers=basic("marketing", "correct horse ✓")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        basic("marketing", "wrong"),
        basic("Marketing", "correct horse ✓"),
        basic("marketing", "correct horse ✓ "),
        basic("marketing", ""),
        {"Authorization": "Bearer correct horse ✓"},
        {"Authorization": "Basic not-base64!"},
    ],
)
def test_wrong_credentials_are_refused(warehouse, monkeypatch, headers):
    monkeypatch.setenv(USER, "marketing")
    monkeypatch.setenv(PASSWORD, "correct horse ✓")

    response = create_app(warehouse).server.test_client().get("/download/scorecard.csv", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == CHALLENGE


@pytest.mark.parametrize("present, missing", [(USER, PASSWORD), (PASSWORD, USER)])
def test_one_credential_without_the_other_refuses_to_start(warehouse, monkeypatch, present, missing):
    monkeypatch.setenv(present, "marketing")

    with pytest.raises(CredentialsError) as refused:
        create_app(warehouse)
    assert str(refused.value) == f"{present} is set but {missing} is not: set both to require a password, or neither"


def test_empty_credentials_count_as_unset():
    assert credentials_from_env({USER: "", PASSWORD: ""}) is None
    assert credentials_from_env({}) is None
    assert credentials_from_env({USER: "a", PASSWORD: "b"}) == ("a", "b")
    with pytest.raises(CredentialsError, match=f"{USER} is set but {PASSWORD} is not"):
        credentials_from_env({USER: "a", PASSWORD: ""})


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("dashboard.example.com", False),
    ],
)
def test_which_hosts_are_this_machine_only(host, loopback):
    assert is_loopback(host) is loopback
    assert (network_warning(host, None) is None) is loopback
    assert network_warning(host, ("a", "b")) is None


# --- demandgen serve -------------------------------------------------------------------------------------


@pytest.fixture
def serve(monkeypatch, tmp_path):
    """`demandgen serve` in this process, with the dashboard's server replaced by a note of its arguments."""
    for name in ("DEMANDGEN_CONFIG", "DEMANDGEN_INBOX", "DEMANDGEN_WAREHOUSE", "DEMANDGEN_WORKING_WAREHOUSE"):
        # The CLI exports its paths to the environment: setenv first, so monkeypatch puts back what was there.
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    started = []
    monkeypatch.setattr("dashboard.app.main", lambda warehouse, host, port: started.append((warehouse, host, port)))

    def run(*args):
        code = cli.main(["serve", "--warehouse", str(tmp_path / "w.duckdb"), *args])
        return code, started

    return run


def test_serve_refuses_half_set_credentials(serve, monkeypatch, capsys):
    monkeypatch.setenv(PASSWORD, "only-the-password")

    code, started = serve()

    assert code == 1 and started == []
    assert capsys.readouterr().err == (
        f"error: {PASSWORD} is set but {USER} is not: set both to require a password, or neither\n"
    )


def test_serve_warns_when_open_to_the_network_without_a_password(serve, capsys, tmp_path):
    code, started = serve("--host", "0.0.0.0", "--port", "8123")

    assert code == 0 and started == [(tmp_path / "w.duckdb", "0.0.0.0", 8123)]
    assert capsys.readouterr().err == (
        f"warning: the dashboard on 0.0.0.0 is open to the network without a "
        f"password; set {USER} and {PASSWORD} to require one\n"
    )


@pytest.mark.parametrize("host, credentials", [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serve_says_nothing_on_this_machine_or_with_a_password(serve, monkeypatch, capsys, host, credentials):
    if credentials:
        monkeypatch.setenv(USER, "marketing")
        monkeypatch.setenv(PASSWORD, "secret")

    code, started = serve("--host", host)

    assert code == 0 and len(started) == 1
    assert capsys.readouterr().err == ""


# --- gunicorn ----------------------------------------------------------------------------------------------


def test_gunicorn_serves_pages_layout_and_downloads_from_two_workers(gunicorn, warehouse):
    url, log = gunicorn(warehouse)

    status, _, page = get(url + "/")
    assert status == 200 and b"<title>Demand-gen health</title>" in page
    status, headers, layout = get(url + "/_dash-layout")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert b'"nav-scorecard"' in layout and b'"nav-data"' in layout
    status, _, body = get(url + "/download/media_mentions.csv")
    assert status == 200
    assert {row["title"] for row in csv_rows(body)} >= {'\'=HYPERLINK("http://evil","x")', "'-2+3"}
    assert log.read_text().count("Booting worker with pid") == 2


def test_every_gunicorn_worker_reads_the_warehouse_a_refresh_swaps_in(
    gunicorn, warehouse, dashboard_warehouse, tmp_path
):
    url, _ = gunicorn(warehouse)
    assert get(url + "/download/scorecard.csv")[0] == 200  # the file as it was

    newer = Path(shutil.copy(dashboard_warehouse, tmp_path / "newer.duckdb"))
    with duckdb.connect(str(newer)) as con:
        con.execute("update marts.scorecard set value = 31.5 where metric = 'branded_search_yoy_growth'")
    os.replace(newer, warehouse)  # what the publish step does

    for _ in range(6):  # several requests, so both workers answer some
        growth = next(
            row
            for row in csv_rows(get(url + "/download/scorecard.csv")[2])
            if row["metric"] == "branded_search_yoy_growth"
        )
        assert growth["value"] == "31.5"


def test_gunicorn_workers_that_remember_the_old_file_serve_the_new_one_at_once(
    gunicorn, warehouse, dashboard_warehouse, tmp_path
):
    url, _ = gunicorn(warehouse)

    def growth_value() -> str:
        return next(
            row
            for row in csv_rows(get(url + "/download/scorecard.csv")[2])
            if row["metric"] == "branded_search_yoy_growth"
        )["value"]

    # Many requests, so both workers have read the file and remember its CSV.
    assert {growth_value() for _ in range(8)} == {"25.0"}

    newer = Path(shutil.copy(dashboard_warehouse, tmp_path / "newer.duckdb"))
    with duckdb.connect(str(newer)) as con:
        con.execute("update marts.scorecard set value = 31.5 where metric = 'branded_search_yoy_growth'")
    os.replace(newer, warehouse)

    assert {growth_value() for _ in range(8)} == {"31.5"}


def test_gunicorn_with_credentials_refuses_requests_without_them(gunicorn, warehouse):
    url, _ = gunicorn(warehouse, {USER: "marketing", PASSWORD: "s3cret"})

    for path in ("/", "/_dash-layout", "/download/scorecard.csv"):
        status, headers, body = get(url + path)
        assert status == 401, path
        assert headers["WWW-Authenticate"] == CHALLENGE
        assert get(url + path, basic("marketing", "s3cret"))[0] == 200, path


def test_gunicorn_config_warns_when_bound_beyond_this_machine_without_a_password(monkeypatch):
    when_ready = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["when_ready"]
    warnings = []

    def server(*addresses):
        return SimpleNamespace(
            cfg=SimpleNamespace(address=list(addresses)), log=SimpleNamespace(warning=warnings.append)
        )

    when_ready(server(("127.0.0.1", 8050), "/run/demandgen.sock"))
    assert warnings == []
    when_ready(server(("0.0.0.0", 8050)))
    assert warnings == [
        f"warning: the dashboard on 0.0.0.0 is open to the network without a password; "
        f"set {USER} and {PASSWORD} to require one"
    ]
    monkeypatch.setenv(USER, "marketing")
    monkeypatch.setenv(PASSWORD, "s3cret")
    when_ready(server(("0.0.0.0", 8050)))
    assert len(warnings) == 1


def test_gunicorn_config_defaults():
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert settings["bind"] == "127.0.0.1:8050"
    assert 1 < settings["workers"] <= 4
    assert settings["accesslog"] == "-"


# --- dagster.yaml -----------------------------------------------------------------------------------------


@pytest.fixture
def instance(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        yield instance


def test_dagster_yaml_queues_one_warehouse_writer_at_a_time(instance):
    from dagster._core.run_coordinator import QueuedRunCoordinator

    from orchestration.jobs import refresh_job

    assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
    queue = instance.get_concurrency_config().run_queue_config
    assert queue.max_concurrent_runs == 1
    assert queue.tag_concurrency_limits == [{"key": "demandgen/warehouse", "value": "writer", "limit": 1}]
    assert refresh_job.tags["demandgen/warehouse"] == "writer"  # the limit applies to the refresh job


def test_dagster_yaml_retries_crashed_runs_only(instance):
    assert instance.run_retries_enabled
    assert instance.run_retries_max_retries == 2
    assert instance.run_retries_retry_on_asset_or_op_failure is False  # a failing dbt test is not retried
    assert instance.run_monitoring_enabled
    assert instance.run_monitoring_max_runtime_seconds == 2 * 60 * 60
    assert instance.run_monitoring_max_resume_run_attempts == 0


def test_dagster_yaml_keeps_history_in_dagster_home_and_sends_no_telemetry(instance, tmp_path):
    from dagster._core.storage.runs import SqliteRunStorage

    assert isinstance(instance.run_storage, SqliteRunStorage)
    assert Path(instance.root_directory) == tmp_path / "dagster_home"
    assert (tmp_path / "dagster_home" / "history").is_dir()
    assert instance.get_settings("telemetry") == {"enabled": False}


# --- systemd units and their environment -------------------------------------------------------------------

UNITS = ["demandgen-dagster-daemon", "demandgen-dagster-webserver", "demandgen-dashboard"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(DEPLOY / "systemd" / f"{name}.service")
    return parser


def exec_start(name: str) -> list[str]:
    """The unit's command, with its program found in this test run's virtualenv and its paths in this checkout."""
    program, *args = shlex.split(unit(name)["Service"]["ExecStart"])
    assert program.startswith(VENV_BIN), program
    installed = Path(sys.executable).parent / program.removeprefix(VENV_BIN)
    assert installed.is_file(), f"{name}: {installed} is not installed"
    return [str(installed), *args]


@pytest.mark.parametrize("name", UNITS)
def test_units_run_as_a_dedicated_user_and_restart_on_failure(name):
    service = unit(name)["Service"]

    assert service["User"] == service["Group"] == "demandgen"
    assert service["Restart"] == "on-failure"
    assert service["WorkingDirectory"] == INSTALL
    assert service["EnvironmentFile"] == "/etc/demandgen/demandgen.env"
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_the_daemon_unit_runs_the_daemon_on_the_projects_code_location():
    assert exec_start("demandgen-dagster-daemon")[1:] == ["run"]
    # With no workspace flag, Dagster loads the code location pyproject.toml names, as `dagster dev` does.
    dagster = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["dagster"]
    assert (ROOT / (dagster["module_name"].replace(".", "/") + ".py")).is_file()


def test_the_webserver_unit_listens_on_this_machine_only():
    command = exec_start("demandgen-dagster-webserver")
    assert command[command.index("--host") + 1] == "127.0.0.1"


def test_the_dashboard_unit_starts_gunicorn_with_the_config_and_the_wsgi_app(warehouse):
    command = exec_start("demandgen-dashboard")
    config = command[command.index("--config") + 1]
    assert (ROOT / config).is_file()
    assert command[-1] == "dashboard.wsgi:server"

    # gunicorn loads the config and imports the app, exactly as the unit asks, then stops.
    checked = subprocess.run(
        [*command, "--check-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DEMANDGEN_WAREHOUSE": str(warehouse)},
    )
    assert checked.returncode == 0, checked.stderr


def test_the_environment_example_sets_what_the_units_need_and_no_secret():
    settings = {}
    for line in (DEPLOY / "demandgen.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key] = value

    for name in ("DEMANDGEN_CONFIG", "DEMANDGEN_INBOX", "DEMANDGEN_WAREHOUSE", "DAGSTER_HOME"):
        assert Path(settings[name]).is_absolute(), name  # services start in /opt/demandgen, data lives elsewhere
    assert settings["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"
    secrets = [USER, PASSWORD, "DEMANDGEN_WEBHOOK_URL", "DEMANDGEN_SMTP_USER", "DEMANDGEN_SMTP_PASSWORD"]
    assert {name: settings[name] for name in secrets} == dict.fromkeys(secrets, "")
    assert credentials_from_env(settings) is None  # as shipped, the dashboard starts
