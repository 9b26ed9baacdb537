"""Search Console: web search per day and query, and the day's totals, for each configured property.

Two requests per month of the window: `date` alone (the day's totals, anonymized queries included) and
`date` + `query`. Totals minus the query rows is the anonymized remainder, as the bulk export gives it; dbt
computes it (never guessed into branded or non-branded). Query rows page by `startRow` until a short page.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from datetime import date

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from ..config import SearchConsolePull
from ..ingest import pulled
from ..ingest import search_console as ingest
from . import files
from .credentials import SEARCH_CONSOLE_SCOPE, ServiceAccount, api_root
from .google_errors import refusal, token_refused
from .patience import Patience, PullFailed, TryAgain, retry_after_seconds
from .plan import Window, months_of, read_landed, window
from .run import Run

SOURCE = "search_console"
API_ROOT = "https://searchconsole.googleapis.com/"
API = "Google Search Console API (console.cloud.google.com/apis/library/searchconsole.googleapis.com)"
PAGE_ROWS = 25_000  # the most one request may ask for
MAX_PAGES = 1_000  # bounds the paging loop: 25 M rows, far more than any month of a property holds
REPORTS = {"totals": ["date"], "queries": ["date", "query"]}


def name(site_url: str) -> str:
    return f"Search Console property {site_url}"


def grant(site_url: str, email: str) -> str:
    return (
        f"add {email} as a user of {site_url} in Search Console (Settings > Users and permissions > Add user, "
        "permission Restricted is enough)"
    )


def service(account: ServiceAccount, patience: Patience):
    """The official client, from its bundled discovery document (no network), at DEMANDGEN_GOOGLE_API_ROOT."""
    http = AuthorizedHttp(account.scoped(SEARCH_CONSOLE_SCOPE), http=httplib2.Http(timeout=patience.timeout))
    return build(
        "searchconsole",
        "v1",
        http=http,
        static_discovery=True,
        cache_discovery=False,
        client_options={"api_endpoint": api_root(API_ROOT)},
    )


def call(request, what: str, email: str, grant_text: str) -> dict:
    """One try of one request: the response, TryAgain, or PullFailed in the user's words."""
    try:
        response = request.execute(num_retries=0)
    except HttpError as e:
        raise refusal(
            e.resp.status, e.reason, retry_after_seconds(e.resp.get("retry-after")), what, email, grant_text, API
        ) from None
    except RefreshError as e:
        raise token_refused(e, what, email) from None
    except (OSError, httplib2.HttpLib2Error, http.client.HTTPException, TransportError) as e:
        raise TryAgain(f"Google could not be reached ({type(e).__name__})") from None
    except ValueError:
        response = None
    if not isinstance(response, dict):  # the client hands back a body it cannot parse as the text it is
        raise TryAgain("Google's answer was cut off or is not JSON")
    if not isinstance(response.get("rows", []), list):
        raise TryAgain("Google's answer is not a Search Analytics response")
    return response


def fetch(svc, site_url: str, body: dict, run: Callable, say: Callable[[str], None], page_rows: int) -> dict:
    """Every page of one request (`run` sends one, trying again as patience allows), as the envelope that lands."""
    pages, start_row = [], 0
    for number in range(1, MAX_PAGES + 1):
        response = run(svc.searchanalytics().query(siteUrl=site_url, body={**body, "startRow": start_row}))
        rows = len(response.get("rows") or [])
        pages.append({"startRow": start_row, "response": response})
        say(
            f"{name(site_url)}: {body['startDate']} to {body['endDate']} by {'+'.join(body['dimensions'])}, "
            f"page {number}: {rows:,} rows"
        )
        if rows < page_rows:
            return {
                **files.envelope_head(pulled.SEARCH_CONSOLE_API, site_url=site_url),
                "request": body,
                "pages": pages,
            }
        start_row += rows
    raise PullFailed(f"{name(site_url)}: more than {MAX_PAGES:,} pages for one month; pulled again on the next run")


def plan(site_url: str, settings: SearchConsolePull, run: Run) -> Window | None:
    folder = files.source_folder(run.inbox, SOURCE, site_url)
    landed = read_landed(
        folder, "totals", lambda path: _days(ingest.parse_pulled(files.as_export(path), path.name, run.config))
    )
    return window(run.today, run.today, settings.backfill_months, settings.refetch_days, landed)


def _days(parsed) -> list[date]:
    return [d for d in parsed.tables["search_console_api_rows"].column("date").to_pylist() if d]


def pull(site_url: str, settings: SearchConsolePull, run: Run, account: ServiceAccount, svc, page_rows: int) -> list:
    """Land the property's window; raises PullFailed (nothing landed) when it cannot be pulled."""
    what, grant_text = name(site_url), grant(site_url, account.email)
    planned = plan(site_url, settings, run)
    if planned is None:
        run.say(f"{what}: up to date")
        return []
    run.say(f"{what}: {planned.start} to {planned.end} ({planned.why})")

    def send(request) -> dict:
        return run.attempt(lambda: call(request, what, account.email, grant_text), what)

    landing = {}
    for report, dims in REPORTS.items():
        for first, last in months_of(planned.start, planned.end):
            body = {
                "startDate": first.isoformat(),
                "endDate": last.isoformat(),
                "dimensions": dims,
                "type": "web",
                "dataState": settings.data_state,
                "aggregationType": "byProperty",
                "rowLimit": page_rows,
            }
            envelope = fetch(svc, site_url, body, send, run.say, page_rows)
            landing[files.request_file(report, first, last)] = json.dumps(envelope, ensure_ascii=False).encode()
    folder = files.source_folder(run.inbox, SOURCE, site_url)
    landed = files.land(folder, run.today, landing, files.loads_as(ingest.parse_pulled, what, run.config))
    files.note_solved(folder, files.envelope_head(pulled.SEARCH_CONSOLE_API, site_url=site_url), run.today)
    return landed


def check(site_url: str, run: Run, account: ServiceAccount, svc) -> str:
    """Whether the service account can read the property: a sentence, or PullFailed saying why not."""
    what, grant_text = name(site_url), grant(site_url, account.email)
    listed = run.attempt(lambda: call(svc.sites().list(), what, account.email, grant_text), what)
    levels = {e.get("siteUrl"): e.get("permissionLevel") for e in listed.get("siteEntry") or [] if isinstance(e, dict)}
    level = levels.get(site_url)
    if level is None or level == "siteUnverifiedUser":
        raise PullFailed(f"{what}: the service account cannot read it: {grant_text}")
    return f"readable by {account.email} ({level})"
