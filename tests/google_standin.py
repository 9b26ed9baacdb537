"""A local stand-in for the Google services a pull talks to, on 127.0.0.1, speaking their documented REST shapes:
the OAuth token endpoint (the key file's token_uri), Search Console's `sites.list` and `searchAnalytics/query`,
the GA4 Data API's `properties/{id}:runReport`, and Google Alerts' Atom feeds. The real client libraries reach
it through DEMANDGEN_GOOGLE_API_ROOT and a service-account key generated here, so no test touches the internet.

Tests give it data (per property and day), choose who may read what, and script faults (a status with a
Retry-After, a body cut off) for the next requests to a path.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import jwt

SERVICE_ACCOUNT = "demandgen-pull@standin-project.iam.gserviceaccount.com"
SEARCH_CONSOLE_SCOPE = "https://www.googleapis.com/auth/webmasters.readonly"
GA4_SCOPE = "https://www.googleapis.com/auth/analytics.readonly"
ATOM = "http://www.w3.org/2005/Atom"
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"


@dataclass(frozen=True)
class Key:
    """A service account's RSA key, as Google's JSON key file holds it."""

    private_pem: str
    public_pem: str

    def file_content(self, token_uri: str) -> dict:
        return {
            "type": "service_account",
            "project_id": "standin-project",
            "private_key_id": "0123456789abcdef",
            "private_key": self.private_pem,
            "client_email": SERVICE_ACCOUNT,
            "client_id": "100000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
        }


def new_key() -> Key:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return Key(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
    )


# --- the data the stand-in serves -------------------------------------------------------------------------


@dataclass
class SearchConsoleSite:
    """One property's web search: clicks and impressions per (day, query), and per day the anonymized rest
    (in the day's totals, never in query rows). Days on or after `first_incomplete` are still changing."""

    queries: dict[tuple[date, str], tuple[int, int]] = field(default_factory=dict)
    anonymized: dict[date, tuple[int, int]] = field(default_factory=dict)
    first_incomplete: date | None = None

    def totals(self) -> dict[date, tuple[int, int]]:
        out = {d: list(v) for d, v in self.anonymized.items()}
        for (d, _), (clicks, impressions) in self.queries.items():
            day = out.setdefault(d, [0, 0])
            day[0] += clicks
            day[1] += impressions
        return {d: (c, i) for d, (c, i) in out.items()}


@dataclass(frozen=True)
class Ga4Row:
    day: date
    channel: str
    source: str
    medium: str
    sessions: int
    users: int


@dataclass
class Ga4Property:
    rows: list[Ga4Row] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)  # caveats GA4 reports beside the rows (subjectToThresholding, ...)


@dataclass(frozen=True)
class AlertEntry:
    entry_id: str
    title: str
    url: str
    published: str  # 2026-11-19T10:38:33Z
    snippet: str = ""


def atom_feed(feed_id: str, self_url: str, entries: list[AlertEntry]) -> bytes:
    """A Google Alerts feed as Google writes it: titles and content HTML-escaped, links through google.com/url."""
    from html import escape
    from urllib.parse import quote

    items = "".join(
        f'<entry><id>{escape(e.entry_id)}</id><title type="html">{escape(escape(e.title))}</title>'
        f'<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url={quote(e.url, safe=":/")}&amp;ct=ga"></link>'
        f"<published>{e.published}</published><updated>{e.published}</updated>"
        f'<content type="html">{escape(e.snippet)}</content><author><name></name></author></entry>'
        for e in entries
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="{ATOM}" xmlns:idx="urn:atom-extension:indexing">'
        f"<id>tag:google.com,2005:reader/user/0/state/com.google/alerts/{feed_id}</id>"
        f'<title>Google Alert - standin</title><link href="{escape(self_url)}" rel="self"></link>'
        f"<updated>2026-11-20T16:41:02Z</updated>{items}</feed>"
    ).encode()


@dataclass
class Fault:
    """What the next `times` requests whose path contains `path` get instead of an answer."""

    path: str
    status: int = 500
    times: int = 1
    headers: dict = field(default_factory=dict)
    cut: bool = False  # a 200 whose JSON body ends halfway (a connection cut on the way)


@dataclass(frozen=True)
class Seen:
    at: float
    method: str
    path: str
    body: dict | None


class Standin:
    """The stand-in's state: what it serves, to whom, what it was asked."""

    def __init__(self, key: Key):
        self.key = key
        self.url = ""  # http://127.0.0.1:<port>/, once serving
        self.sites: dict[str, SearchConsoleSite] = {}
        self.readable_sites: set[str] = set()
        self.ga4: dict[str, Ga4Property] = {}
        self.readable_ga4: set[str] = set()
        self.feeds: dict[str, bytes] = {}  # path under /alerts/feeds/ -> the Atom XML
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.key_revoked = False
        self.tokens: set[str] = set()
        self._lock = threading.Lock()

    @property
    def token_uri(self) -> str:
        return self.url + "token"

    def feed_url(self, path: str) -> str:
        return f"{self.url}alerts/feeds/{path}"

    def fault(self, path: str, status: int = 500, times: int = 1, headers: dict | None = None, cut: bool = False):
        self.faults.append(Fault(path, status, times, headers or {}, cut))

    def requests_to(self, part: str) -> list[Seen]:
        return [s for s in self.seen if part in s.path]

    # --- the services -------------------------------------------------------------------------------------

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.path in path and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def token(self, form: dict) -> tuple[int, dict]:
        assertion = (form.get("assertion") or [""])[0]
        try:
            # google-auth sends the assertion to the key's token_uri, addressed (aud) to Google's token endpoint.
            claims = jwt.decode(assertion, certs=self.key.public_pem, audience=GOOGLE_TOKEN_AUDIENCE)
        except ValueError:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        if self.key_revoked:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        if claims.get("iss") != SERVICE_ACCOUNT:
            return 400, {"error": "invalid_grant", "error_description": "Invalid issuer."}
        token = f"standin-token-{len(self.tokens)}"
        with self._lock:
            self.tokens.add(token)
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def authorized(self, header: str, scope: str) -> bool:
        """A token the token endpoint gave, or a token the service account signed itself (GA4's client does)."""
        token = header.removeprefix("Bearer ").strip()
        if token in self.tokens:
            return not self.key_revoked
        try:
            claims = jwt.decode(token, certs=self.key.public_pem)
        except ValueError:
            return False
        return not self.key_revoked and claims.get("iss") == SERVICE_ACCOUNT and scope in claims.get("scope", "")

    def sites_list(self) -> dict:
        return {
            "siteEntry": [{"siteUrl": s, "permissionLevel": "siteRestrictedUser"} for s in sorted(self.readable_sites)]
        }

    def search_analytics(self, site_url: str, body: dict) -> tuple[int, dict]:
        if site_url not in self.readable_sites or site_url not in self.sites:
            return 403, _error(
                403,
                f"User does not have sufficient permission for site '{site_url}'. "
                "See also: https://support.google.com/webmasters/answer/2451999.",
                "PERMISSION_DENIED",
                reason="forbidden",
            )
        limit = int(body.get("rowLimit", 1000))
        if not 1 <= limit <= 25_000:
            return 400, _error(400, "rowLimit must be a number from 1 to 25,000", "INVALID_ARGUMENT")
        site = self.sites[site_url]
        first, last = date.fromisoformat(body["startDate"]), date.fromisoformat(body["endDate"])
        final = body.get("dataState", "final").lower() != "all"

        def kept(day: date) -> bool:
            return first <= day <= last and not (final and site.first_incomplete and day >= site.first_incomplete)

        dims = [d.lower() for d in body.get("dimensions", [])]
        if dims == ["date"]:
            rows = [((d.isoformat(),), c, i) for d, (c, i) in site.totals().items() if kept(d)]
        elif dims == ["date", "query"]:
            rows = [((d.isoformat(), q), c, i) for (d, q), (c, i) in site.queries.items() if kept(d)]
        else:
            return 400, _error(400, f"the stand-in serves date or date+query, not {dims}", "INVALID_ARGUMENT")
        # Google's order: clicks, descending (ties in no documented order; keys here, for repeatable pages).
        rows.sort(key=lambda r: (-r[1], r[0]))
        start_row = int(body.get("startRow", 0))
        page = rows[start_row : start_row + limit]
        response: dict = {"responseAggregationType": "byProperty"}
        if page:
            response["rows"] = [
                {"keys": list(k), "clicks": c, "impressions": i, "ctr": c / i if i else 0, "position": 3.5}
                for k, c, i in page
            ]
        if not final and site.first_incomplete and site.first_incomplete <= last:
            response["metadata"] = {"firstIncompleteDate": site.first_incomplete.isoformat()}
        return 200, response

    def run_report(self, property_id: str, body: dict) -> tuple[int, dict]:
        if property_id not in self.readable_ga4 or property_id not in self.ga4:
            return 403, _error(
                403,
                "User does not have sufficient permissions for this property. To learn more about Property ID, "
                "see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.",
                "PERMISSION_DENIED",
            )
        prop = self.ga4[property_id]
        (dates,) = body["dateRanges"]
        first, last = (_ga4_date(dates["startDate"]), _ga4_date(dates["endDate"]))
        dims = [d["name"] for d in body.get("dimensions", [])]
        metrics = [m["name"] for m in body.get("metrics", [])]
        fields = {"date": lambda r: r.day.strftime("%Y%m%d"), "sessionDefaultChannelGroup": lambda r: r.channel}
        fields |= {"sessionSource": lambda r: r.source, "sessionMedium": lambda r: r.medium}
        values = {"sessions": lambda r: r.sessions, "activeUsers": lambda r: r.users}
        grouped: dict[tuple, list[int]] = {}
        for row in prop.rows:
            if first <= row.day <= last:
                key = tuple(fields[d](row) for d in dims)
                sums = grouped.setdefault(key, [0] * len(metrics))
                for n, m in enumerate(metrics):
                    sums[n] += values[m](row)
        ordered = sorted(grouped.items())
        offset, limit = int(body.get("offset", 0)), int(body.get("limit", 10_000))
        page = ordered[offset : offset + limit]
        response = {
            "dimensionHeaders": [{"name": d} for d in dims],
            "metricHeaders": [{"name": m, "type": "TYPE_INTEGER"} for m in metrics],
            "rows": [
                {"dimensionValues": [{"value": v} for v in k], "metricValues": [{"value": str(v)} for v in s]}
                for k, s in page
            ],
            "rowCount": len(ordered),
            "metadata": {"currencyCode": "USD", "timeZone": "Etc/UTC", **prop.metadata},
            "kind": "analyticsData#runReport",
        }
        if not page:
            del response["rows"]
        return 200, response


def _ga4_date(value: str) -> date:
    today = date.today()
    return {"today": today, "yesterday": date.fromordinal(today.toordinal() - 1)}.get(value) or date.fromisoformat(
        value
    )


def _error(code: int, message: str, status: str, reason: str | None = None) -> dict:
    error = {"code": code, "message": message, "status": status}
    if reason:
        error["errors"] = [{"message": message, "domain": "global", "reason": reason}]
    return {"error": error}


class _Handler(BaseHTTPRequestHandler):
    standin: Standin
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, *_args):  # quiet: the tests read `seen`
        pass

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def _serve(self, method: str) -> None:
        standin = self.standin
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = unquote(self.path.split("?")[0])
        body = None
        if raw and path != "/token":
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        standin.seen.append(Seen(time.monotonic(), method, path, body))
        if path == "/token":
            return self._json(*standin.token(parse_qs(raw.decode())))
        fault = standin.take_fault(path)
        if fault and not fault.cut:
            message = "Quota exceeded for quota metric 'Queries'." if fault.status == 429 else "Backend Error"
            status = "RESOURCE_EXHAUSTED" if fault.status == 429 else "INTERNAL"
            return self._json(fault.status, _error(fault.status, message, status), fault.headers)
        answer = self._answer(method, path, body)
        if answer is None:
            return self._json(404, _error(404, f"no such method: {method} {path}", "NOT_FOUND"))
        status, payload, content_type = answer
        if fault and fault.cut:
            payload = payload[: len(payload) // 2]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _answer(self, method: str, path: str, body: dict | None):
        standin = self.standin
        if path.startswith("/alerts/feeds/") and method == "GET":
            feed = standin.feeds.get(path.removeprefix("/alerts/feeds/"))
            return None if feed is None else (200, feed, "application/atom+xml; charset=utf-8")
        auth = self.headers.get("Authorization", "")
        if path.startswith("/webmasters/v3/"):
            if not standin.authorized(auth, SEARCH_CONSOLE_SCOPE):
                return _encoded(401, _error(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"))
            if path == "/webmasters/v3/sites" and method == "GET":
                return _encoded(200, standin.sites_list())
            prefix, suffix = "/webmasters/v3/sites/", "/searchAnalytics/query"
            if path.startswith(prefix) and path.endswith(suffix) and method == "POST":
                return _encoded(*standin.search_analytics(path[len(prefix) : -len(suffix)], body or {}))
        if path.startswith("/v1beta/properties/") and path.endswith(":runReport") and method == "POST":
            if not standin.authorized(auth, GA4_SCOPE):
                return _encoded(401, _error(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"))
            return _encoded(
                *standin.run_report(path.removeprefix("/v1beta/properties/").removesuffix(":runReport"), body or {})
            )
        return None

    def _json(self, status: int, payload: dict, headers: dict | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _encoded(status: int, payload: dict) -> tuple[int, bytes, str]:
    return status, json.dumps(payload).encode(), "application/json; charset=UTF-8"


@contextmanager
def serving(key: Key) -> Iterator[Standin]:
    """A stand-in serving on 127.0.0.1 (a free port) until the block ends."""
    standin = Standin(key)
    handler = type("Handler", (_Handler,), {"standin": standin})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    standin.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def use_standin(standin: Standin, folder: Path, monkeypatch) -> Path:
    """Point the clients at the stand-in as a user points them at Google: a key file (token_uri the stand-in's)
    named by GOOGLE_APPLICATION_CREDENTIALS, and DEMANDGEN_GOOGLE_API_ROOT."""
    key_file = folder / "service-account.json"
    key_file.write_text(json.dumps(standin.key.file_content(standin.token_uri)))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    monkeypatch.setenv("DEMANDGEN_GOOGLE_API_ROOT", standin.url)
    return key_file


@pytest.fixture(scope="session")
def standin_key() -> Key:
    return new_key()


@pytest.fixture
def google_standin(standin_key, tmp_path_factory, monkeypatch) -> Iterator[Standin]:
    """The stand-in, with the environment pointing the real clients at it (the key file in a folder of its own)."""
    with serving(standin_key) as standin:
        use_standin(standin, tmp_path_factory.mktemp("google-key"), monkeypatch)
        yield standin
