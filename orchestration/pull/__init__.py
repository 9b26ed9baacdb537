"""`demandgen pull`: fetch what the config's `pull:` section names and land the answers under INBOX/pulled/,
where the next ingest loads them like any export.

Each source (a Search Console property, a GA4 property, an Alerts feed) is pulled on its own: one that fails
lands nothing, leaves a note the next ingest rejects with the reason (so it shows like a rejected file), and
never stops the others.
"""

from __future__ import annotations

import functools
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..config import Config
from ..ingest import pulled
from . import alerts, files, ga4, search_console
from .credentials import CredentialsProblem, service_account_from_env
from .patience import Patience, PullFailed
from .run import Run

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sources:
    """How the sources are reached; tests give shorter patience and smaller pages."""

    patience: Patience = Patience()
    sleep: Callable[[float], None] = time.sleep
    search_console_page_rows: int = search_console.PAGE_ROWS
    ga4_page_rows: int = ga4.PAGE_ROWS


class _Google:
    """The service account and the API clients, made on first use: not at all for a config of feeds only, and
    an unusable key is the problem of each Google source in turn (a cached_property does not keep a raise)."""

    def __init__(self, patience: Patience):
        self.patience = patience

    @functools.cached_property
    def account(self):
        return service_account_from_env()

    @functools.cached_property
    def search_console(self):
        return search_console.service(self.account, self.patience)

    @functools.cached_property
    def ga4(self):
        return ga4.client(self.account, self.patience)


@dataclass(frozen=True)
class _Job:
    source: str  # 'search_console', 'ga4', 'google_alerts': the folder under INBOX/pulled
    who: str  # the property or feed, as the config names it
    name: str  # how messages name it: "Search Console property sc-domain:example.com"
    head: dict  # the envelope's first keys, for the notes
    pull: Callable[[], list[Path]]
    check: Callable[[], str]


def _jobs(run: Run, sources: Sources) -> list[_Job]:
    settings, google = run.config.pull, _Google(sources.patience)
    jobs = []
    for site in settings.search_console.properties if settings and settings.search_console else ():
        jobs.append(
            _Job(
                search_console.SOURCE,
                site,
                search_console.name(site),
                files.envelope_head(pulled.SEARCH_CONSOLE_API, site_url=site),
                lambda s=site: search_console.pull(
                    s,
                    settings.search_console,
                    run,
                    google.account,
                    google.search_console,
                    sources.search_console_page_rows,
                ),
                lambda s=site: search_console.check(s, run, google.account, google.search_console),
            )
        )
    for property_id, site in settings.ga4.properties.items() if settings and settings.ga4 else ():
        jobs.append(
            _Job(
                ga4.SOURCE,
                property_id,
                ga4.name(property_id, site),
                files.envelope_head(pulled.GA4_API, property_id=property_id, property=site),
                lambda p=property_id: ga4.pull(p, settings.ga4, run, google.account, google.ga4, sources.ga4_page_rows),
                lambda p=property_id, s=site: ga4.check(p, s, run, google.account, google.ga4),
            )
        )
    for feed in settings.google_alerts.feeds if settings and settings.google_alerts else ():
        jobs.append(
            _Job(
                alerts.SOURCE,
                feed,
                alerts.name(feed),
                files.envelope_head(pulled.ALERTS_API, feed_url=feed),
                lambda f=feed: alerts.pull(f, run),
                lambda f=feed: alerts.check(f, run),
            )
        )
    return jobs


@dataclass
class Outcome:
    name: str
    files: list[Path] = field(default_factory=list)
    problem: str | None = None
    transient: bool = False  # the problem may pass by itself (quota, Google's errors, the network)


@dataclass
class PullReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def problems(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.problem]

    @property
    def reached_nothing(self) -> bool:
        """Every source failed with a problem that may pass: Google or the network is down, worth a retry soon."""
        return bool(self.outcomes) and all(o.problem and o.transient for o in self.outcomes)


def today_in(config: Config) -> date:
    return datetime.now(ZoneInfo(config.timezone)).date()


def pull(
    config: Config, inbox: Path, say: Callable[[str], None] = print, today: date | None = None, sources=Sources()
) -> PullReport:
    """Pull every source; a source that fails lands nothing and leaves a note the next ingest rejects."""
    run = Run(config, inbox, today or today_in(config), say, sources.patience, sources.sleep)
    report = PullReport()
    for job in _jobs(run, sources):
        try:
            report.outcomes.append(Outcome(job.name, files=job.pull()))
        except Exception as e:
            problem, transient = _problem(job.name, e)
            say(f"{job.name}: NOT PULLED: {problem}")
            files.note_problem(files.source_folder(inbox, job.source, job.who), job.head, problem)
            report.outcomes.append(Outcome(job.name, problem=problem, transient=transient))
    return report


@dataclass(frozen=True)
class Access:
    name: str
    readable: bool
    detail: str


def check_access(config: Config, say: Callable[[str], None] = print, sources=Sources()) -> list[Access]:
    """For each configured property and feed, whether the credentials can read it, and why not."""
    run = Run(config, Path("."), today_in(config), say, sources.patience, sources.sleep)
    out = []
    for job in _jobs(run, sources):
        try:
            out.append(Access(job.name, True, job.check()))
        except Exception as e:
            problem, _ = _problem(job.name, e)
            out.append(Access(job.name, False, problem.removeprefix(f"{job.name}: ")))
    return out


def _problem(what: str, error: Exception) -> tuple[str, bool]:
    """What went wrong with a source, in the user's words, and whether it may pass by itself."""
    if isinstance(error, CredentialsProblem):
        return f"{what}: {error}", False
    if isinstance(error, PullFailed):
        return str(error), error.transient
    # Never a traceback for the user; the log keeps it for us.
    log.error("unexpected error with %s:\n%s", what, "".join(traceback.format_exception(error)))
    return f"{what}: could not be pulled ({type(error).__name__}); pulled again on the next run", True
