"""The team's YAML config: the sample loads into typed values; every mistake is one line naming file and key."""

from __future__ import annotations

import textwrap
from datetime import time
from pathlib import Path

import pytest

from demandgen.settings import SAMPLE_CONFIG
from orchestration.config import (
    AlertsPull,
    Brand,
    ConfigError,
    DigestSettings,
    EmailSettings,
    Ga4Pull,
    IcpRule,
    NotifySettings,
    PullSettings,
    SearchConsolePull,
    SearchConsoleSettings,
    SurveySettings,
    load_config,
    parse_config,
)

GOOD = """\
brand:
  name: Northwind Analytics
  terms: [northwind]
timezone: Europe/Berlin
"""


def with_good(extra: str) -> str:
    return GOOD + textwrap.dedent(extra)


def write(tmp_path: Path, text: str, name: str = "demandgen.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def config_error(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_the_sample_config_loads_into_typed_values():
    config = load_config(SAMPLE_CONFIG)

    assert config.brand == Brand(
        name="Northwind Analytics",
        terms=("northwind", "northwind analytics"),
        misspellings=("nothwind", "north wind", "northwnd"),
        exclude=("northwind traders", "northwind sample database"),
    )
    assert config.competitors == (
        Brand("Contoso Metrics", ("contoso", "contoso metrics"), ("kontoso",)),
        Brand("Fabrikam Insights", ("fabrikam",), ("fabricom",), ("fabrikam fiber",)),
        Brand("Adatum Analytics", ("adatum",), ("a datum",)),
        Brand("Tailspin Data", ("tailspin",), ("tail spin",)),
    )
    assert config.surveys == SurveySettings(
        unaided_question=("come to mind",),
        aided_question=("heard of",),
        first_heard_question=("first hear",),
        icp=(IcpRule("role", any_of=("Marketing", "Demand generation")), IcpRule("company size", at_least=200.0)),
    )
    assert [(m.name, m.kind, m.tier) for m in config.target_media] == [
        ("techcrunch.com", "domain", 1),
        ("Marketing Week", "outlet", 1),
        ("martech.org", "domain", 2),
        ("adexchanger.com", "domain", None),
    ]
    assert (config.mentions_csv.date, config.mentions_csv.url) == ("Published", "Link")
    assert config.benchmarks == {}
    assert config.timezone == "UTC"
    assert config.search_console == SearchConsoleSettings(property="sc-domain:northwind-analytics.com")
    assert config.source == str(SAMPLE_CONFIG)


def test_a_minimal_config_gets_the_defaults(tmp_path):
    config = load_config(write(tmp_path, GOOD))

    assert config.brand == Brand("Northwind Analytics", ("northwind",))
    assert config.competitors == () and config.target_media == () and config.benchmarks == {}
    assert config.timezone == "Europe/Berlin"
    assert config.search_console.property is None
    assert config.surveys == SurveySettings()  # guess the questions, count every respondent
    assert (config.surveys.min_respondents, config.surveys.comparison_window_months) == (30, 3)


def test_a_benchmark_override_is_read_as_numbers(tmp_path):
    path = write(
        tmp_path,
        with_good("""\
        benchmarks:
          branded_search_yoy_growth: {healthy_low: 15, healthy_high: 35.5}
        """),
    )

    assert load_config(path).benchmarks == {"branded_search_yoy_growth": {"healthy_low": 15.0, "healthy_high": 35.5}}


def test_freshness_has_a_default_per_source_and_takes_overrides(tmp_path):
    defaults = {"search_console": 4, "web_analytics": 4, "mentions": 14, "surveys": 400, "trends": 45}
    assert load_config(write(tmp_path, GOOD)).freshness == defaults
    # The sample company's exports end in November 2026: its demo must not turn stale as time passes.
    assert set(load_config(SAMPLE_CONFIG).freshness.values()) == {3650}

    path = write(
        tmp_path,
        with_good("""\
        freshness:
          mentions: 30
          trends: 90
        """),
        "override.yaml",
    )

    assert load_config(path).freshness == {**defaults, "mentions": 30, "trends": 90}


@pytest.mark.parametrize(
    "text, key, problem",
    [
        pytest.param(GOOD + "colour: blue\n", "colour", "unknown key", id="unknown top-level key"),
        pytest.param(
            """\
        brand:
          nmae: Northwind Analytics
          terms: [northwind]
        """,
            "brand.nmae",
            "unknown key",
            id="unknown nested key",
        ),
        pytest.param(
            """\
        brand:
          name: Northwind Analytics
          terms: northwind
        """,
            "brand.terms",
            "expected a list of terms, got the text 'northwind'",
            id="terms not a list",
        ),
        pytest.param(
            with_good("""\
        benchmarks:
          branded_search_yoy_growth: {healthy_low: "20%"}
        """),
            "benchmarks.branded_search_yoy_growth.healthy_low",
            "expected a number, got the text '20%'",
            id="benchmark value a string",
        ),
        pytest.param(
            with_good("""\
        benchmarks:
          branded_search_yoy_growth: {amber_low: yes}
        """),
            "benchmarks.branded_search_yoy_growth.amber_low",
            "expected a number",
            id="benchmark value a boolean",
        ),
        pytest.param(
            with_good("""\
        benchmarks:
          brand_love: {healthy_low: 10}
        """),
            "benchmarks.brand_love",
            "unknown key (allowed: branded_search_yoy_growth",
            id="unknown metric in benchmarks",
        ),
        pytest.param(
            with_good("""\
        benchmarks:
          branded_search_yoy_growth: {healthy: 10}
        """),
            "benchmarks.branded_search_yoy_growth.healthy",
            "unknown key",
            id="unknown benchmark field",
        ),
        pytest.param(
            GOOD.replace("Europe/Berlin", "Europe/Atlantis"),
            "timezone",
            "'Europe/Atlantis' is not an IANA time zone",
            id="bad timezone",
        ),
        pytest.param(
            """\
        brand:
          name: Northwind Analytics
          terms: [northwind, ノースウィンド]
        """,
            "brand.terms[1]",
            "has no Latin letters or digits",
            id="term with no Latin letters",
        ),
        pytest.param(
            """\
        brand:
          name: Northwind Analytics
          terms: [northwind]
        competitors:
          - name: Contoso Metrics
            terms: []
        """,
            "competitors[0].terms",
            "needs at least one term",
            id="competitor without terms",
        ),
        pytest.param(
            """\
        brand:
          name: Northwind Analytics
        """,
            "brand.terms",
            "is required",
            id="missing terms",
        ),
        pytest.param(
            with_good("""\
        search_console:
          propety: sc-domain:northwind-analytics.com
        """),
            "search_console.propety",
            "unknown key",
            id="misspelt search_console key",
        ),
        pytest.param(
            with_good("""\
        surveys:
          icp:
            - question: role
        """),
            "surveys.icp[0]",
            "needs exactly one of any_of (a list of answers) or at_least (a number)",
            id="icp rule without a condition",
        ),
        pytest.param(
            with_good("""\
        surveys:
          icp:
            - {question: company size, at_least: "200+"}
        """),
            "surveys.icp[0].at_least",
            "expected a number, got the text '200+'",
            id="icp bound not a number",
        ),
        pytest.param(
            with_good("""\
        surveys:
          icp:
            - {question: role, any_of: Marketing}
        """),
            "surveys.icp[0].any_of",
            "expected a non-empty list of answers",
            id="icp answers not a list",
        ),
        pytest.param(
            with_good("""\
        surveys:
          min_respondents: 0
        """),
            "surveys.min_respondents",
            "expected a whole number of at least 1, got the number 0",
            id="no minimum sample",
        ),
        pytest.param(
            with_good("""\
        surveys:
          include_unfinished: "no"
        """),
            "surveys.include_unfinished",
            "expected true or false, got the text 'no'",
            id="flag as text",
        ),
        pytest.param(
            with_good("""\
        surveys:
          unaided_question: [come to mind, ""]
        """),
            "surveys.unaided_question[1]",
            "expected a non-empty text",
            id="empty question fragment",
        ),
        pytest.param(
            with_good("""\
        target_media:
          - {domain: martech.org, outlet: MarTech}
        """),
            "target_media[0]",
            "needs exactly one of domain or outlet",
            id="target medium both ways",
        ),
        pytest.param(
            with_good("""\
        target_media:
          - {outlet: Marketing Week, tier: first}
        """),
            "target_media[0].tier",
            "expected a whole number of at least 1",
            id="tier not a number",
        ),
        pytest.param(
            with_good("""\
        mentions_csv: {date: Published, title: Headline}
        """),
            "mentions_csv.url",
            "is required",
            id="mentions csv without url",
        ),
        pytest.param(
            with_good("""\
        surveys:
          unaided: come to mind
        """),
            "surveys.unaided",
            "unknown key (allowed: aided_question, comparison_window_months",
            id="misspelt surveys key",
        ),
        pytest.param(
            with_good("""\
        freshness: {search_consle: 4}
        """),
            "freshness.search_consle",
            "unknown key (allowed: mentions, search_console, surveys, trends, web_analytics)",
            id="unknown freshness source",
        ),
        pytest.param(
            with_good("""\
        freshness: {mentions: 0}
        """),
            "freshness.mentions",
            "expected a whole number of at least 1, got the number 0",
            id="freshness zero days",
        ),
        pytest.param(
            with_good("""\
        freshness: {surveys: -30}
        """),
            "freshness.surveys",
            "expected a whole number of at least 1, got the number -30",
            id="freshness negative days",
        ),
        pytest.param(
            with_good("""\
        freshness: {trends: 4.5}
        """),
            "freshness.trends",
            "expected a whole number of at least 1, got the number 4.5",
            id="freshness fractional days",
        ),
        pytest.param(
            with_good("""\
        freshness: {web_analytics: 4 days}
        """),
            "freshness.web_analytics",
            "expected a whole number of at least 1, got the text '4 days'",
            id="freshness days as text",
        ),
        pytest.param(
            with_good("""\
        freshness: {search_console: true}
        """),
            "freshness.search_console",
            "expected a whole number of at least 1, got true",
            id="freshness boolean",
        ),
        pytest.param(
            with_good("""\
        freshness: 4
        """),
            "freshness",
            "expected a mapping of keys, got the number 4",
            id="freshness not a mapping",
        ),
    ],
)
def test_each_mistake_names_the_file_and_the_key(tmp_path, text, key, problem):
    path = write(tmp_path, text)

    message = config_error(path)

    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message


def test_a_config_that_is_not_a_mapping_says_so_without_an_empty_key(tmp_path):
    path = write(tmp_path, "- brand\n- terms\n")

    assert config_error(path) == f"{path}: expected a mapping of keys, got a list"


def test_a_missing_file_names_the_file(tmp_path):
    path = tmp_path / "nowhere" / "demandgen.yaml"

    message = config_error(path)

    assert message.startswith(f"{path}: ") and "config file not found" in message


def test_invalid_yaml_names_the_file_and_the_line(tmp_path):
    # Line 4 has a second colon where YAML expects the value to end.
    path = write(
        tmp_path,
        """\
        brand:
          name: Northwind Analytics
          terms: [northwind]
        timezone: Europe/Berlin: UTC
        """,
    )

    message = config_error(path)

    assert message.startswith(f"{path}: is not valid YAML at line 4: ")
    assert "mapping values are not allowed here" in message


def test_parse_config_names_the_source_it_is_given():
    with pytest.raises(ConfigError, match=r"^team settings: brand: is required$"):
        parse_config({}, "team settings")


# --- pull: what `demandgen pull` fetches ------------------------------------------------------------------


def test_the_pull_section_loads_into_typed_values_with_googles_defaults(tmp_path):
    path = write(
        tmp_path,
        with_good("""\
        pull:
          search_console:
            properties: ["sc-domain:example.com", "https://www.example.org/"]
          ga4:
            properties: {123456789: "Example - GA4", "987654321": "Docs site"}
            refetch_days: 5
          google_alerts:
            feeds: ["https://www.google.com/alerts/feeds/0107/1144"]
        """),
    )

    pull = load_config(path).pull

    assert pull == PullSettings(
        search_console=SearchConsolePull(
            ("sc-domain:example.com", "https://www.example.org/"),
            refetch_days=4,
            backfill_months=16,
            data_state="final",
        ),
        ga4=Ga4Pull({"123456789": "Example - GA4", "987654321": "Docs site"}, refetch_days=5, backfill_months=16),
        google_alerts=AlertsPull(("https://www.google.com/alerts/feeds/0107/1144",)),
    )


def test_without_a_pull_section_nothing_is_pulled(tmp_path):
    assert load_config(write(tmp_path, GOOD)).pull is None
    assert load_config(SAMPLE_CONFIG).pull is None


def test_a_pull_section_may_name_one_source_only(tmp_path):
    path = write(tmp_path, with_good('pull: {ga4: {properties: {"1": "Site"}}}\n'))

    pull = load_config(path).pull

    assert (pull.search_console, pull.google_alerts) == (None, None)
    assert pull.ga4 == Ga4Pull({"1": "Site"})


@pytest.mark.parametrize(
    "section, key, problem",
    [
        pytest.param("pull: {}", "pull", "names nothing to pull", id="empty"),
        pytest.param(
            "pull: {gsc: {}}",
            "pull.gsc",
            "unknown key (allowed: ga4, google_alerts, search_console)",
            id="unknown source",
        ),
        pytest.param(
            "pull: {search_console: {properties: [sc-domain:a.com], refetch: 2}}",
            "pull.search_console.refetch",
            "unknown key (allowed: backfill_months, data_state, properties, refetch_days)",
            id="unknown setting",
        ),
        pytest.param(
            "pull: {search_console: {refetch_days: 2}}",
            "pull.search_console.properties",
            "is required",
            id="no properties",
        ),
        pytest.param(
            "pull: {search_console: {properties: sc-domain:a.com}}",
            "pull.search_console.properties",
            "expected a list of properties, got the text 'sc-domain:a.com'",
            id="properties not a list",
        ),
        pytest.param(
            "pull: {search_console: {properties: [example.com]}}",
            "pull.search_console.properties[0]",
            "'example.com' is not a Search Console property: write a domain property as 'sc-domain:example.com'",
            id="property without its kind",
        ),
        pytest.param(
            "pull: {search_console: {properties: [sc-domain:a.com, sc-domain:a.com]}}",
            "pull.search_console.properties[1]",
            "'sc-domain:a.com' is listed twice",
            id="property twice",
        ),
        pytest.param(
            "pull: {search_console: {properties: [sc-domain:a.com], refetch_days: four}}",
            "pull.search_console.refetch_days",
            "expected a whole number of at least 0, got the text 'four'",
            id="refetch days as text",
        ),
        pytest.param(
            "pull: {search_console: {properties: [sc-domain:a.com], backfill_months: 17}}",
            "pull.search_console.backfill_months",
            "Search Console keeps 16 months of data, so at most 16 can be pulled, got 17",
            id="further back than Search Console keeps",
        ),
        pytest.param(
            "pull: {search_console: {properties: [sc-domain:a.com], data_state: fresh}}",
            "pull.search_console.data_state",
            "expected 'final' (days Google has finished) or 'all' (recent days too), got the text 'fresh'",
            id="unknown data state",
        ),
        pytest.param(
            "pull: {ga4: {properties: [123456789]}}",
            "pull.ga4.properties",
            'expected a mapping of GA4 property ids to site names ({"123456789": "Example - GA4"}), got a list',
            id="ga4 ids without names",
        ),
        pytest.param(
            'pull: {ga4: {properties: {"G-ABC123": "Site"}}}',
            "pull.ga4.properties.G-ABC123",
            "is not a GA4 property id: use the number shown under Admin > Property details",
            id="ga4 measurement id",
        ),
        pytest.param(
            'pull: {ga4: {properties: {"1": "Site", "2": "Site"}}}',
            "pull.ga4.properties.2",
            "'Site' already names another property",
            id="two ga4 properties one name",
        ),
        pytest.param(
            'pull: {ga4: {properties: {"1": "Site"}, backfill_months: 0}}',
            "pull.ga4.backfill_months",
            "expected a whole number of at least 1, got the number 0",
            id="ga4 no months back",
        ),
        pytest.param(
            "pull: {google_alerts: {feeds: [northwind]}}",
            "pull.google_alerts.feeds[0]",
            "'northwind' is not a feed URL: in Google Alerts choose 'Deliver to: RSS feed'",
            id="an alert's words instead of its feed",
        ),
        pytest.param(
            "pull: {google_alerts: {feeds: []}}",
            "pull.google_alerts.feeds",
            "needs at least one feed URL",
            id="no feeds",
        ),
    ],
)
def test_each_pull_mistake_names_the_file_and_the_key(tmp_path, section, key, problem):
    path = write(tmp_path, with_good(section + "\n"))

    message = config_error(path)

    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message


# --- notify -------------------------------------------------------------------------------------------


def test_without_notify_the_webhook_hears_of_everything_and_nothing_is_mailed(tmp_path):
    notify = load_config(write(tmp_path, GOOD)).notify

    assert notify == NotifySettings()
    assert notify.on == {"light_changed", "refresh_failed", "refresh_overdue", "sources_stale"}
    assert notify.quiet_days == 7
    assert notify.dashboard_url is None and notify.email is None and notify.digest is None


def test_notify_reads_what_is_sent_the_dashboard_link_the_mail_server_and_the_digest(tmp_path):
    path = write(
        tmp_path,
        with_good("""\
        notify:
          on: [light_changed, refresh_failed]
          dashboard_url: https://dashboards.example.com/demand
          email:
            smtp_host: smtp.example.com
            smtp_port: 2525
            starttls: false
            from: demand-health@example.com
            to: [marketing@example.com, cmo@example.com]
          digest: {weekday: Monday, time: "08:30"}
        """),
    )

    assert load_config(path).notify == NotifySettings(
        on=frozenset({"light_changed", "refresh_failed"}),
        dashboard_url="https://dashboards.example.com/demand",
        email=EmailSettings(
            smtp_host="smtp.example.com",
            sender="demand-health@example.com",
            to=("marketing@example.com", "cmo@example.com"),
            smtp_port=2525,
            starttls=False,
        ),
        digest=DigestSettings(weekday="monday", time=time(8, 30)),
    )


def test_an_email_section_defaults_to_starttls_on_the_submission_port_and_takes_one_address(tmp_path):
    path = write(
        tmp_path,
        with_good("""\
        notify:
          email: {smtp_host: smtp.example.com, from: a@example.com, to: marketing@example.com}
        """),
    )

    notify = load_config(path).notify
    assert notify.email == EmailSettings("smtp.example.com", "a@example.com", ("marketing@example.com",), 587, True)
    assert notify.on == NotifySettings().on  # `on` left out: the defaults


def test_an_empty_on_list_sends_nothing(tmp_path):
    assert load_config(write(tmp_path, with_good("notify: {on: []}\n"))).notify.on == frozenset()


@pytest.mark.parametrize(
    "notify, key, problem",
    [
        pytest.param(
            "notify: {colour: blue}",
            "notify.colour",
            "unknown key (allowed: dashboard_url, digest, email, on, quiet_days)",
        ),
        pytest.param("notify: {on: refresh_failed}", "notify.on", "expected a list of notices, got the text"),
        pytest.param(
            "notify: {on: [refresh_failed, light_change]}",
            "notify.on[1]",
            "the text 'light_change' is not a notice (known: light_changed, refresh_failed, refresh_overdue, "
            "sources_stale)",
        ),
        pytest.param(
            "notify: {dashboard_url: dashboards.example.com}",
            "notify.dashboard_url",
            "'dashboards.example.com' is not an http:// or https:// address",
        ),
        pytest.param(
            "notify: {email: {smtp_host: smtp.example.com, from: a@example.com}}", "notify.email.to", "is required"
        ),
        pytest.param(
            "notify: {email: {smtp_host: smtp.example.com, from: a@example.com, to: []}}",
            "notify.email.to",
            "needs at least one address",
        ),
        pytest.param(
            "notify: {email: {smtp_host: smtp.example.com, from: a@example.com, to: [marketing]}}",
            "notify.email.to[0]",
            "'marketing' is not an e-mail address",
        ),
        pytest.param(
            "notify: {email: {smtp_host: smtp.example.com, from: a@example.com, to: b@example.com, password: x}}",
            "notify.email.password",
            "unknown key",  # the password comes from DEMANDGEN_SMTP_PASSWORD, never the file
        ),
        pytest.param(
            "notify: {email: {smtp_host: smtp.example.com, smtp_port: '587', from: a@example.com, to: b@example.com}}",
            "notify.email.smtp_port",
            "expected a port number from 1 to 65535, got the text '587'",
        ),
        pytest.param(
            "notify: {email: {smtp_host: smtp.example.com, starttls: 'yes', from: a@example.com, to: b@example.com}}",
            "notify.email.starttls",
            "expected true or false",
        ),
        pytest.param(
            'notify: {digest: {weekday: mondays, time: "08:00"}}',
            "notify.digest.weekday",
            "'mondays' is not a day of the week",
        ),
        pytest.param(
            'notify: {digest: {weekday: monday, time: "8am"}}',
            "notify.digest.time",
            "'8am' is not a time of day such as \"08:00\" (24-hour clock)",
        ),
        pytest.param(
            'notify: {digest: {weekday: monday, time: "24:00"}}', "notify.digest.time", "is not a time of day"
        ),
        pytest.param(
            "notify: {digest: {weekday: monday, time: 8:00}}",
            "notify.digest.time",
            'write the time in quotes, as "08:00"',
        ),
        pytest.param("notify: {digest: {weekday: monday}}", "notify.digest.time", "is required"),
    ],
)
def test_each_notify_mistake_names_the_file_and_the_key(tmp_path, notify, key, problem):
    path = write(tmp_path, with_good(notify + "\n"))

    message = config_error(path)

    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message
