"""The team's YAML config, read and validated once at the edge into typed objects.

Every error a user can cause here is a `ConfigError` whose message names the file and the key,
so `demandgen refresh` can print it as one line instead of a traceback.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

# The dbt seed that lists every metric with its default benchmark: the one list of metric keys.
METRICS_SEED = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "metrics.csv"
BENCHMARK_FIELDS = ("healthy_low", "healthy_high", "amber_low")


class ConfigError(ValueError):
    """A config problem a user can fix; the message names the file and the key."""


@dataclass(frozen=True)
class Brand:
    name: str
    terms: tuple[str, ...]
    misspellings: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchConsoleSettings:
    # Saved API responses and UI exports do not say which property they come from.
    property: str | None = None


@dataclass(frozen=True)
class WebAnalyticsSettings:
    # Matomo exports and GA4 API responses do not name the site they measure.
    property: str | None = None
    # GA4 reports Organic Social and Organic Video apart from Organic Search; whether they count
    # as "organic" demand is a team's call (default: no, only search).
    organic_includes_social_and_video: bool = False


@dataclass(frozen=True)
class TargetMedium:
    """An outlet the buyers read: matched by its domain (and subdomains) or by its outlet name."""

    name: str
    kind: str  # 'domain' or 'outlet'
    tier: int | None = None


@dataclass(frozen=True)
class MentionsCsv:
    """Which columns of another tool's mentions CSV hold what (the tool's own column names)."""

    date: str
    title: str
    url: str
    outlet: str | None = None
    text: str | None = None
    sentiment: str | None = None


@dataclass(frozen=True)
class IcpRule:
    """One condition a survey respondent must meet to be in the ideal customer profile."""

    question: str  # a fragment of the question's text, or its column tag (Qualtrics' Q4)
    any_of: tuple[str, ...] = ()  # the answer is one of these (case, accents and spacing ignored)
    at_least: float | None = None  # the answer's lower bound ("200-999 employees" -> 200) is this or more


@dataclass(frozen=True)
class SurveySettings:
    # Each names a question by fragments of its text or its column tag; none lets the product
    # guess (the guess is shown on the data page).
    unaided_question: tuple[str, ...] = ()
    aided_question: tuple[str, ...] = ()
    first_heard_question: tuple[str, ...] = ()
    icp: tuple[IcpRule, ...] = ()  # every rule must hold; none means every respondent counts
    include_unfinished: bool = False
    min_respondents: int = 30  # fewer ICP respondents in a wave and its awareness is too noisy to compare
    comparison_window_months: int = 3  # how far from exactly a year earlier the comparison wave may be
    wave_gap_days: int = 30  # responses further apart than this belong to different waves


# How many days behind today each source's newest data may be before the source is called stale
# (config `freshness`). Keys are the source families of marts.source_freshness.
FRESHNESS_DEFAULTS = {
    "search_console": 4,  # Google publishes a day's data two to three days later
    "web_analytics": 4,  # daily exports and API pulls run nightly
    "mentions": 14,  # monitoring exports are pulled every week or two
    "surveys": 400,  # an awareness survey runs once a year; a month's slack for the fieldwork
    # Trends has no export API: someone downloads multiTimeline.csv by hand, typically once a month,
    # so the newest week can be a month old just before the next download; two weeks' slack on that.
    "trends": 45,
}


# Search Console keeps 16 months of performance data; a first pull cannot reach further back.
SEARCH_CONSOLE_MONTHS_KEPT = 16


@dataclass(frozen=True)
class SearchConsolePull:
    properties: tuple[str, ...]  # 'sc-domain:example.com' or 'https://www.example.com/'
    refetch_days: int = 4  # Google revises recent days: the last this many days with data are pulled again
    backfill_months: int = SEARCH_CONSOLE_MONTHS_KEPT
    data_state: str = "final"  # 'final': only days Google has finished; 'all': recent days too, marked incomplete


@dataclass(frozen=True)
class Ga4Pull:
    properties: dict[str, str]  # GA4 property id ('123456789') -> the site name shown
    refetch_days: int = 3
    backfill_months: int = 16


@dataclass(frozen=True)
class AlertsPull:
    feeds: tuple[str, ...]  # Google Alerts delivered to an RSS feed: the feed URLs


@dataclass(frozen=True)
class PullSettings:
    """What `demandgen pull` fetches (config `pull:`); a source left out is not pulled."""

    search_console: SearchConsolePull | None = None
    ga4: Ga4Pull | None = None
    google_alerts: AlertsPull | None = None


# What can be sent (config `notify.on`). refresh_overdue: the serving warehouse has not been published
# for longer than its freshness policy allows (the nightly refresh did not run, or kept failing).
NOTIFY_KINDS = ("light_changed", "refresh_failed", "refresh_overdue", "sources_stale")
# Without `notify.on`: everything (a light changing colour is what the team most needs to hear of).
NOTIFY_DEFAULT_KINDS = NOTIFY_KINDS
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class EmailSettings:
    """Where notices are mailed; the login comes from DEMANDGEN_SMTP_USER and DEMANDGEN_SMTP_PASSWORD."""

    smtp_host: str
    sender: str  # config `from`
    to: tuple[str, ...]
    smtp_port: int = 587
    starttls: bool = True


@dataclass(frozen=True)
class DigestSettings:
    """When the weekly digest goes out, in the config's time zone."""

    weekday: str  # "monday"
    time: time


@dataclass(frozen=True)
class NotifySettings:
    on: frozenset[str] = frozenset(NOTIFY_DEFAULT_KINDS)
    dashboard_url: str | None = None
    email: EmailSettings | None = None
    digest: DigestSettings | None = None
    # After a message about a light, its next changes within this many days are not sent one by one (a
    # light flapping around its benchmark would page every night); see notices.lights_to_tell.
    quiet_days: int = 7


@dataclass(frozen=True)
class Event:
    """A day or a run of days worth marking on every chart: a launch, an announcement, a campaign."""

    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Config:
    brand: Brand
    competitors: tuple[Brand, ...] = ()
    target_media: tuple[TargetMedium, ...] = ()
    benchmarks: dict[str, dict[str, float]] = field(default_factory=dict)
    timezone: str = "UTC"
    search_console: SearchConsoleSettings = SearchConsoleSettings()
    web_analytics: WebAnalyticsSettings = WebAnalyticsSettings()
    surveys: SurveySettings = SurveySettings()
    mentions_csv: MentionsCsv | None = None
    freshness: dict[str, int] = field(default_factory=lambda: dict(FRESHNESS_DEFAULTS))
    pull: PullSettings | None = None  # None: nothing is pulled, exports are dropped by hand
    notify: NotifySettings = NotifySettings()
    events: tuple[Event, ...] = ()
    source: str = "<defaults>"


def metric_keys() -> list[str]:
    """Metric keys (the dbt seed `metrics` is the one list of them)."""
    with METRICS_SEED.open(newline="", encoding="utf-8") as f:
        return [row["metric"] for row in csv.DictReader(f)]


def fold_for_matching(text: str) -> str:
    """Lower-case, accents folded, punctuation to spaces: the form brand terms are compared in.

    Mirrors the dbt macro `normalize_for_matching`; used here only to refuse terms that would
    match nothing (for example a term written only in a non-Latin script).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


class _Reader:
    """Walks the parsed YAML, checking types and refusing unknown keys, naming each key."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, problem: str) -> ConfigError:
        # The top level has no key of its own ("" here); it must not print as "file: : problem".
        return ConfigError(f"{self.source}: {key}: {problem}" if key else f"{self.source}: {problem}")

    def mapping(self, value: Any, key: str, allowed: set[str], required: set[str] = frozenset()) -> dict:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a mapping of keys, got {_kind(value)}")
        for k in value:
            if k not in allowed:
                raise self.fail(f"{key}.{k}" if key else str(k), f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for k in required:
            if k not in value:
                raise self.fail(f"{key}.{k}" if key else k, "is required")
        return value

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty text, got {_kind(value)}")
        return value.strip()

    def terms(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list of terms, got {_kind(value)}")
        out = []
        for i, item in enumerate(value):
            term = self.text(item, f"{key}[{i}]")
            if not fold_for_matching(term):
                raise self.fail(
                    f"{key}[{i}]",
                    f"{term!r} has no Latin letters or digits once accents "
                    "are folded, so it could never match a query or a mention",
                )
            out.append(term)
        return tuple(out)

    def brand(self, value: Any, key: str) -> Brand:
        m = self.mapping(value, key, {"name", "terms", "misspellings", "exclude"}, {"name", "terms"})
        name = self.text(m["name"], f"{key}.name")
        terms = self.terms(m["terms"], f"{key}.terms")
        if not terms:
            raise self.fail(f"{key}.terms", "needs at least one term")
        return Brand(
            name,
            terms,
            self.terms(m.get("misspellings"), f"{key}.misspellings"),
            self.terms(m.get("exclude"), f"{key}.exclude"),
        )

    def benchmarks(self, value: Any) -> dict[str, dict[str, float]]:
        known = set(metric_keys())
        m = self.mapping(value, "benchmarks", known)
        out: dict[str, dict[str, float]] = {}
        for metric, override in m.items():
            fields = self.mapping(override, f"benchmarks.{metric}", set(BENCHMARK_FIELDS))
            for f, v in fields.items():
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise self.fail(f"benchmarks.{metric}.{f}", f"expected a number, got {_kind(v)}")
            out[metric] = {f: float(v) for f, v in fields.items()}
        return out

    def flag(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_kind(value)}")
        return value

    def count(self, value: Any, key: str, minimum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"expected a whole number of at least {minimum}, got {_kind(value)}")
        return value

    def texts(self, value: Any, key: str) -> tuple[str, ...]:
        """One text or a list of them."""
        if value is None:
            return ()
        if isinstance(value, list):
            return tuple(self.text(v, f"{key}[{i}]") for i, v in enumerate(value))
        return (self.text(value, key),)

    def surveys(self, value: Any) -> SurveySettings:
        questions = ("unaided_question", "aided_question", "first_heard_question")
        m = self.mapping(
            value,
            "surveys",
            {*questions, "icp", "include_unfinished", "min_respondents", "comparison_window_months", "wave_gap_days"},
        )
        rules = m.get("icp") or []
        if not isinstance(rules, list):
            raise self.fail("surveys.icp", f"expected a list of rules, got {_kind(rules)}")
        defaults = SurveySettings()
        return SurveySettings(
            **{q: self.texts(m.get(q), f"surveys.{q}") for q in questions},
            icp=tuple(self.icp_rule(rule, f"surveys.icp[{i}]") for i, rule in enumerate(rules)),
            include_unfinished=self.flag(m.get("include_unfinished", False), "surveys.include_unfinished"),
            min_respondents=self.count(
                m.get("min_respondents", defaults.min_respondents), "surveys.min_respondents", 1
            ),
            comparison_window_months=self.count(
                m.get("comparison_window_months", defaults.comparison_window_months),
                "surveys.comparison_window_months",
                0,
            ),
            wave_gap_days=self.count(m.get("wave_gap_days", defaults.wave_gap_days), "surveys.wave_gap_days", 1),
        )

    def icp_rule(self, value: Any, key: str) -> IcpRule:
        m = self.mapping(value, key, {"question", "any_of", "at_least"}, {"question"})
        if ("any_of" in m) == ("at_least" in m):
            raise self.fail(key, "needs exactly one of any_of (a list of answers) or at_least (a number)")
        if "at_least" in m:
            bound = m["at_least"]
            if isinstance(bound, bool) or not isinstance(bound, (int, float)):
                raise self.fail(f"{key}.at_least", f"expected a number, got {_kind(bound)}")
            return IcpRule(self.text(m["question"], f"{key}.question"), at_least=float(bound))
        answers = m["any_of"]
        if not isinstance(answers, list) or not answers:
            raise self.fail(f"{key}.any_of", f"expected a non-empty list of answers, got {_kind(answers)}")
        return IcpRule(
            self.text(m["question"], f"{key}.question"),
            any_of=tuple(self.text(a, f"{key}.any_of[{i}]") for i, a in enumerate(answers)),
        )

    def target_medium(self, value: Any, key: str) -> TargetMedium:
        if isinstance(value, str):
            name = self.text(value, key)
            # "techcrunch.com" is a domain; "Marketing Week" an outlet's name.
            return TargetMedium(name, "domain" if "." in name and " " not in name else "outlet")
        m = self.mapping(value, key, {"domain", "outlet", "tier"})
        if ("domain" in m) == ("outlet" in m):
            raise self.fail(key, "needs exactly one of domain or outlet")
        kind = "domain" if "domain" in m else "outlet"
        tier = self.count(m["tier"], f"{key}.tier", 1) if "tier" in m else None
        return TargetMedium(self.text(m[kind], f"{key}.{kind}"), kind, tier)

    def freshness(self, value: Any) -> dict[str, int]:
        m = self.mapping(value, "freshness", set(FRESHNESS_DEFAULTS))
        return {**FRESHNESS_DEFAULTS, **{k: self.count(v, f"freshness.{k}", 1) for k, v in m.items()}}

    def notify(self, value: Any) -> NotifySettings:
        if value is None:
            return NotifySettings()
        if isinstance(value, dict) and True in value:
            # YAML 1.1, which PyYAML reads, takes an unquoted `on:` key for the boolean true.
            value = {("on" if k is True else k): v for k, v in value.items()}
        m = self.mapping(value, "notify", {"on", "dashboard_url", "email", "digest", "quiet_days"})
        kinds = m.get("on", list(NOTIFY_DEFAULT_KINDS))
        if not isinstance(kinds, list):
            raise self.fail("notify.on", f"expected a list of notices, got {_kind(kinds)}")
        for i, kind in enumerate(kinds):
            if kind not in NOTIFY_KINDS:
                raise self.fail(f"notify.on[{i}]", f"{_kind(kind)} is not a notice (known: {', '.join(NOTIFY_KINDS)})")
        url = self.text(m["dashboard_url"], "notify.dashboard_url") if "dashboard_url" in m else None
        if url is not None and not re.match(r"https?://[^/\s]+", url):
            raise self.fail("notify.dashboard_url", f"{url!r} is not an http:// or https:// address")
        return NotifySettings(
            on=frozenset(kinds),
            dashboard_url=url,
            email=self.email(m["email"]) if "email" in m else None,
            digest=self.digest(m["digest"]) if "digest" in m else None,
            quiet_days=self.count(m.get("quiet_days", NotifySettings.quiet_days), "notify.quiet_days", 0),
        )

    def email(self, value: Any) -> EmailSettings:
        m = self.mapping(
            value, "notify.email", {"smtp_host", "smtp_port", "starttls", "from", "to"}, {"smtp_host", "from", "to"}
        )
        to = self.texts(m["to"], "notify.email.to")
        if not to:
            raise self.fail("notify.email.to", "needs at least one address")
        return EmailSettings(
            smtp_host=self.text(m["smtp_host"], "notify.email.smtp_host"),
            sender=self.address(m["from"], "notify.email.from"),
            to=tuple(self.address(a, f"notify.email.to[{i}]") for i, a in enumerate(to)),
            smtp_port=self.port(m.get("smtp_port", EmailSettings.smtp_port), "notify.email.smtp_port"),
            starttls=self.flag(m.get("starttls", EmailSettings.starttls), "notify.email.starttls"),
        )

    def address(self, value: Any, key: str) -> str:
        address = self.text(value, key)
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
            raise self.fail(key, f"{address!r} is not an e-mail address such as 'marketing@example.com'")
        return address

    def port(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            raise self.fail(key, f"expected a port number from 1 to 65535, got {_kind(value)}")
        return value

    def digest(self, value: Any) -> DigestSettings:
        m = self.mapping(value, "notify.digest", {"weekday", "time"}, {"weekday", "time"})
        weekday = self.text(m["weekday"], "notify.digest.weekday").lower()
        if weekday not in WEEKDAYS:
            raise self.fail("notify.digest.weekday", f"{m['weekday']!r} is not a day of the week such as 'monday'")
        return DigestSettings(weekday=weekday, time=self.clock(m["time"], "notify.digest.time"))

    def clock(self, value: Any, key: str) -> time:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML reads an unquoted 8:00 as a number of minutes (480).
            raise self.fail(key, 'write the time in quotes, as "08:00"')
        text = self.text(value, key)
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
        if not match:
            raise self.fail(key, f'{text!r} is not a time of day such as "08:00" (24-hour clock)')
        return time(int(match[1]), int(match[2]))

    def day(self, value: Any, key: str) -> date:
        # YAML reads an unquoted 2026-03-10 as a date; a quoted one is text, taken too when it is ISO.
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(key, f"expected a date such as 2026-03-10, got {_kind(value)}")

    def events(self, value: Any) -> tuple[Event, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail("events", f"expected a list of events, got {_kind(value)}")
        out = []
        for i, item in enumerate(value):
            key = f"events[{i}]"
            m = self.mapping(item, key, {"date", "start", "end", "label"}, {"label"})
            label = self.text(m["label"], f"{key}.label")
            if "date" in m:
                if "start" in m or "end" in m:
                    raise self.fail(key, "has a date and a start or end: give either date, or start and end")
                day = self.day(m["date"], f"{key}.date")
                out.append(Event(day, day, label))
                continue
            if "start" not in m or "end" not in m:
                raise self.fail(key, "needs a date, or a start and an end")
            start, end = self.day(m["start"], f"{key}.start"), self.day(m["end"], f"{key}.end")
            if end < start:
                raise self.fail(f"{key}.end", f"{end} is before the start, {start}")
            out.append(Event(start, end, label))
        return tuple(out)

    def mentions_csv(self, value: Any) -> MentionsCsv | None:
        if value is None:
            return None
        fields = ("date", "title", "url", "outlet", "text", "sentiment")
        m = self.mapping(value, "mentions_csv", set(fields), {"date", "title", "url"})
        return MentionsCsv(**{f: self.text(m[f], f"mentions_csv.{f}") for f in fields if f in m})

    def pull(self, value: Any) -> PullSettings | None:
        if value is None:
            return None
        m = self.mapping(value, "pull", {"search_console", "ga4", "google_alerts"})
        if not m:
            raise self.fail("pull", "names nothing to pull (expected search_console, ga4 or google_alerts)")
        return PullSettings(
            search_console=self.search_console_pull(m["search_console"]) if "search_console" in m else None,
            ga4=self.ga4_pull(m["ga4"]) if "ga4" in m else None,
            google_alerts=self.alerts_pull(m["google_alerts"]) if "google_alerts" in m else None,
        )

    def _distinct(self, values: tuple[str, ...], key: str) -> tuple[str, ...]:
        for i, v in enumerate(values):
            if v in values[:i]:
                raise self.fail(f"{key}[{i}]", f"{v!r} is listed twice")
        return values

    def search_console_pull(self, value: Any) -> SearchConsolePull:
        key = "pull.search_console"
        m = self.mapping(value, key, {"properties", "refetch_days", "backfill_months", "data_state"}, {"properties"})
        properties = m["properties"]
        if not isinstance(properties, list):
            raise self.fail(f"{key}.properties", f"expected a list of properties, got {_kind(properties)}")
        if not properties:
            raise self.fail(f"{key}.properties", "needs at least one property")
        names = self._distinct(
            tuple(self.text(p, f"{key}.properties[{i}]") for i, p in enumerate(properties)), f"{key}.properties"
        )
        for i, name in enumerate(names):
            if not name.startswith(("sc-domain:", "http://", "https://")):
                raise self.fail(
                    f"{key}.properties[{i}]",
                    f"{name!r} is not a Search Console property: write a domain property as 'sc-domain:example.com' "
                    "or a URL-prefix property as its URL, 'https://www.example.com/'",
                )
        defaults = SearchConsolePull(names)
        months = self.count(m.get("backfill_months", defaults.backfill_months), f"{key}.backfill_months", 1)
        if months > SEARCH_CONSOLE_MONTHS_KEPT:
            raise self.fail(
                f"{key}.backfill_months",
                f"Search Console keeps {SEARCH_CONSOLE_MONTHS_KEPT} months of data, so at most "
                f"{SEARCH_CONSOLE_MONTHS_KEPT} can be pulled, got {months}",
            )
        state = self.text(m.get("data_state", defaults.data_state), f"{key}.data_state")
        if state not in ("final", "all"):
            raise self.fail(
                f"{key}.data_state",
                f"expected 'final' (days Google has finished) or 'all' (recent days too), got {_kind(state)}",
            )
        return SearchConsolePull(
            names,
            refetch_days=self.count(m.get("refetch_days", defaults.refetch_days), f"{key}.refetch_days", 0),
            backfill_months=months,
            data_state=state,
        )

    def ga4_pull(self, value: Any) -> Ga4Pull:
        key = "pull.ga4"
        m = self.mapping(value, key, {"properties", "refetch_days", "backfill_months"}, {"properties"})
        properties = m["properties"]
        if isinstance(properties, dict) and not properties:
            raise self.fail(f"{key}.properties", "needs at least one property")
        if not isinstance(properties, dict):
            raise self.fail(
                f"{key}.properties",
                f'expected a mapping of GA4 property ids to site names ({{"123456789": "Example - GA4"}}), '
                f"got {_kind(properties)}",
            )
        named = {}
        for raw_id, name in properties.items():
            # YAML reads an unquoted 123456789 as a number; either spelling names the same property.
            property_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
            if not property_id.isdigit():
                raise self.fail(
                    f"{key}.properties.{raw_id}",
                    "is not a GA4 property id: use the number shown under Admin > Property details (like 123456789), "
                    "not the measurement id (G-...)",
                )
            if property_id in named:
                raise self.fail(f"{key}.properties.{raw_id}", "is listed twice")
            name = self.text(name, f"{key}.properties.{raw_id}")
            if name in named.values():
                raise self.fail(
                    f"{key}.properties.{raw_id}",
                    f"{name!r} already names another property: each GA4 property needs its own name, "
                    "or their traffic would be counted as one site's",
                )
            named[property_id] = name
        defaults = Ga4Pull(named)
        return Ga4Pull(
            named,
            refetch_days=self.count(m.get("refetch_days", defaults.refetch_days), f"{key}.refetch_days", 0),
            backfill_months=self.count(m.get("backfill_months", defaults.backfill_months), f"{key}.backfill_months", 1),
        )

    def alerts_pull(self, value: Any) -> AlertsPull:
        key = "pull.google_alerts"
        m = self.mapping(value, key, {"feeds"}, {"feeds"})
        feeds = m["feeds"]
        if not isinstance(feeds, list):
            raise self.fail(f"{key}.feeds", f"expected a list of feed URLs, got {_kind(feeds)}")
        if not feeds:
            raise self.fail(f"{key}.feeds", "needs at least one feed URL")
        urls = self._distinct(tuple(self.text(f, f"{key}.feeds[{i}]") for i, f in enumerate(feeds)), f"{key}.feeds")
        for i, url in enumerate(urls):
            if not url.startswith(("https://", "http://")):
                raise self.fail(
                    f"{key}.feeds[{i}]",
                    f"{url!r} is not a feed URL: in Google Alerts choose 'Deliver to: RSS feed' and copy the feed "
                    "icon's link (https://www.google.com/alerts/feeds/...)",
                )
        return AlertsPull(urls)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return {"list": "a list", "dict": "a mapping of keys"}.get(type(value).__name__, f"a {type(value).__name__}")


def parse_config(data: Any, source: str) -> Config:
    r = _Reader(source)
    top = r.mapping(
        data,
        "",
        {
            "brand",
            "competitors",
            "target_media",
            "benchmarks",
            "timezone",
            "search_console",
            "web_analytics",
            "surveys",
            "mentions_csv",
            "freshness",
            "pull",
            "notify",
            "events",
        },
        {"brand"},
    )
    competitors = top.get("competitors") or []
    if not isinstance(competitors, list):
        raise r.fail("competitors", f"expected a list, got {_kind(competitors)}")
    media = top.get("target_media") or []
    if not isinstance(media, list):
        raise r.fail("target_media", f"expected a list, got {_kind(media)}")
    timezone = r.text(top.get("timezone", "UTC"), "timezone")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail("timezone", f"{timezone!r} is not an IANA time zone such as 'Europe/Berlin'") from None
    sc = r.mapping(top.get("search_console"), "search_console", {"property"})
    prop = r.text(sc["property"], "search_console.property") if "property" in sc else None
    wa = r.mapping(top.get("web_analytics"), "web_analytics", {"property", "organic_includes_social_and_video"})
    organic_wider = r.flag(
        wa.get("organic_includes_social_and_video", False), "web_analytics.organic_includes_social_and_video"
    )
    return Config(
        brand=r.brand(top["brand"], "brand"),
        competitors=tuple(r.brand(c, f"competitors[{i}]") for i, c in enumerate(competitors)),
        target_media=tuple(r.target_medium(m, f"target_media[{i}]") for i, m in enumerate(media)),
        benchmarks=r.benchmarks(top.get("benchmarks")),
        timezone=timezone,
        search_console=SearchConsoleSettings(property=prop),
        web_analytics=WebAnalyticsSettings(
            property=r.text(wa["property"], "web_analytics.property") if "property" in wa else None,
            organic_includes_social_and_video=organic_wider,
        ),
        surveys=r.surveys(top.get("surveys")),
        mentions_csv=r.mentions_csv(top.get("mentions_csv")),
        freshness=r.freshness(top.get("freshness")),
        pull=r.pull(top.get("pull")),
        notify=r.notify(top.get("notify")),
        events=r.events(top.get("events")),
        source=source,
    )


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (set --config or DEMANDGEN_CONFIG)") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text; save the config as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise ConfigError(f"{path}: is not valid YAML{line}: {getattr(e, 'problem', e)}") from None
    return parse_config(data, str(path))
