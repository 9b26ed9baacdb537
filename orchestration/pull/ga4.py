"""GA4: sessions and users per day, default channel group and session source / medium, for each property.

One runReport per month of the window, paged by `limit`/`offset` up to the response's `rowCount`. The same
table as GA4's Traffic acquisition report downloaded with Date and Session source / medium.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import requests
from google.analytics.data_v1beta import BetaAnalyticsDataClient
from google.analytics.data_v1beta.types import RunReportRequest, RunReportResponse
from google.api_core.client_options import ClientOptions
from google.api_core.exceptions import GoogleAPICallError
from google.auth.exceptions import RefreshError, TransportError
from google.protobuf.json_format import ParseError

from ..config import Ga4Pull
from ..ingest import pulled
from ..ingest import web_analytics as ingest
from . import files
from .credentials import GA4_SCOPE, ServiceAccount, api_root
from .google_errors import refusal, token_refused
from .patience import Patience, PullFailed, TryAgain, retry_after_seconds
from .plan import Window, months_of, read_landed, window
from .run import Run

SOURCE = "ga4"
API_ROOT = "https://analyticsdata.googleapis.com/"
API = "Google Analytics Data API (console.cloud.google.com/apis/library/analyticsdata.googleapis.com)"
PAGE_ROWS = 100_000  # rows per request (the API allows up to 250,000)
MAX_PAGES = 1_000
DIMENSIONS = ["date", "sessionDefaultChannelGroup", "sessionSource", "sessionMedium"]
METRICS = ["sessions", "activeUsers"]  # activeUsers is the reports' "Users"


def name(property_id: str, site: str) -> str:
    return f"GA4 property {property_id} ({site})"


def grant(property_id: str, email: str) -> str:
    return (
        f"add {email} as a Viewer of GA4 property {property_id} (Admin > Property access management > Add users; "
        "check the property id under Admin > Property details)"
    )


def client(account: ServiceAccount, patience: Patience) -> BetaAnalyticsDataClient:
    """The official client over REST at DEMANDGEN_GOOGLE_API_ROOT (an http:// root is kept as http). With a
    service account's key it signs its own token (a self-signed JWT) rather than asking token_uri."""
    return BetaAnalyticsDataClient(
        credentials=account.scoped(GA4_SCOPE),
        transport="rest",
        client_options=ClientOptions(api_endpoint=api_root(API_ROOT).rstrip("/")),
    )


def call(ga4: BetaAnalyticsDataClient, body: dict, what: str, email: str, grant_text: str, timeout: float) -> dict:
    """One try of one runReport: the response as the REST API's JSON, TryAgain, or PullFailed."""
    try:
        response = ga4.run_report(request=RunReportRequest.from_json(json.dumps(body)), retry=None, timeout=timeout)
    except GoogleAPICallError as e:
        answer = e.response
        message = _message(answer) or e.message
        retry_after = retry_after_seconds(answer.headers.get("Retry-After")) if answer is not None else None
        raise refusal(e.code or 0, message, retry_after, what, email, grant_text, API) from None
    except RefreshError as e:
        raise token_refused(e, what, email) from None
    except (requests.RequestException, TransportError, OSError) as e:
        raise TryAgain(f"Google could not be reached ({type(e).__name__})") from None
    except ParseError:  # the body is not JSON: cut off on the way
        raise TryAgain("Google's answer was cut off or is not JSON") from None
    return json.loads(RunReportResponse.to_json(response, use_integers_for_enums=False))


def _message(answer) -> str | None:
    try:
        return str(answer.json()["error"]["message"])
    except Exception:  # no JSON error body: the exception's own message says what there is
        return None


def fetch(property_id: str, site: str, body: dict, run: Callable, say: Callable[[str], None]) -> dict:
    pages, offset = [], 0
    for number in range(1, MAX_PAGES + 1):
        response = run({**body, "offset": str(offset)})
        rows = len(response.get("rows") or [])
        pages.append({"offset": offset, "response": response})
        say(
            f"{name(property_id, site)}: {body['dateRanges'][0]['startDate']} to {body['dateRanges'][0]['endDate']}, "
            f"page {number}: {rows:,} rows"
        )
        offset += rows
        if rows == 0 or offset >= int(response.get("rowCount") or 0):
            head = files.envelope_head(pulled.GA4_API, property_id=property_id, property=site)
            return {**head, "request": body, "pages": pages}
    raise PullFailed(f"{name(property_id, site)}: more than {MAX_PAGES:,} pages for one month; pulled again next run")


def _days(parsed) -> list[date]:
    return [d for d in parsed.tables[ingest.TABLE].column("period_start").to_pylist() if d]


def plan(property_id: str, settings: Ga4Pull, run: Run) -> Window | None:
    folder = files.source_folder(run.inbox, SOURCE, property_id)
    landed = read_landed(
        folder, "channels", lambda path: _days(ingest.parse_ga4_pulled(files.as_export(path), path.name, run.config))
    )
    # Today is still being counted: the window ends yesterday (in the config's time zone).
    return window(run.today, run.today - timedelta(days=1), settings.backfill_months, settings.refetch_days, landed)


def pull(property_id: str, settings: Ga4Pull, run: Run, account: ServiceAccount, ga4, page_rows: int) -> list:
    """Land the property's window; raises PullFailed (nothing landed) when it cannot be pulled."""
    site = settings.properties[property_id]
    what, grant_text = name(property_id, site), grant(property_id, account.email)
    planned = plan(property_id, settings, run)
    if planned is None:
        run.say(f"{what}: up to date")
        return []
    run.say(f"{what}: {planned.start} to {planned.end} ({planned.why})")

    def send(request: dict) -> dict:
        return run.attempt(lambda: call(ga4, request, what, account.email, grant_text, run.patience.timeout), what)

    landing = {}
    for first, last in months_of(planned.start, planned.end):
        body = {
            "property": f"properties/{property_id}",
            "dateRanges": [{"startDate": first.isoformat(), "endDate": last.isoformat()}],
            "dimensions": [{"name": d} for d in DIMENSIONS],
            "metrics": [{"name": m} for m in METRICS],
            # A total order, so that pages never shift between requests.
            "orderBys": [{"dimension": {"dimensionName": d}} for d in DIMENSIONS],
            "limit": str(page_rows),
        }
        envelope = fetch(property_id, site, body, send, run.say)
        landing[files.request_file("channels", first, last)] = json.dumps(envelope, ensure_ascii=False).encode()
    folder = files.source_folder(run.inbox, SOURCE, property_id)
    landed = files.land(folder, run.today, landing, files.loads_as(ingest.parse_ga4_pulled, what, run.config))
    files.note_solved(folder, files.envelope_head(pulled.GA4_API, property_id=property_id, property=site), run.today)
    return landed


def check(property_id: str, site: str, run: Run, account: ServiceAccount, ga4) -> str:
    """Whether the service account can read the property: one tiny report, or PullFailed saying why not."""
    what, grant_text = name(property_id, site), grant(property_id, account.email)
    body = {
        "property": f"properties/{property_id}",
        "dateRanges": [{"startDate": "yesterday", "endDate": "yesterday"}],
        "metrics": [{"name": "sessions"}],
        "limit": "1",
    }
    run.attempt(lambda: call(ga4, body, what, account.email, grant_text, run.patience.timeout), what)
    return f"readable by {account.email}"
