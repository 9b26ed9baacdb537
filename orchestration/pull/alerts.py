"""Google Alerts delivered to RSS: each feed fetched as it is (Atom XML) and landed when it has entries the
previous fetch did not. Feeds overlap from one night to the next; staging counts an entry loaded twice once."""

from __future__ import annotations

import urllib.error
import urllib.request
from xml.etree import ElementTree

from ..config import Config
from ..ingest import mentions, pulled
from . import files
from .patience import PullFailed, TryAgain, retry_after_seconds
from .run import Run

SOURCE = "google_alerts"
MAX_FEED_BYTES = 20 * 1024 * 1024  # an Alerts feed is tens of KB; this only stops a runaway download


def name(feed_url: str) -> str:
    return f"Google Alerts feed {feed_url}"


def call(feed_url: str, timeout: float) -> bytes:
    """One try of one fetch: the feed's bytes, TryAgain, or PullFailed."""
    what = name(feed_url)
    request = urllib.request.Request(feed_url, headers={"User-Agent": "demandgen-pull"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read(MAX_FEED_BYTES + 1)
            expected = answer.headers.get("Content-Length")
    except urllib.error.HTTPError as e:
        if e.code == 429 or e.code >= 500:
            raise TryAgain(f"Google answered {e.code}", retry_after_seconds(e.headers.get("Retry-After"))) from None
        if e.code in (403, 404, 410):
            raise PullFailed(
                f"{what}: Google answers {e.code}: the alert was deleted or its feed changed; in Google Alerts, "
                "copy the alert's RSS feed link again into pull.google_alerts.feeds"
            ) from None
        raise PullFailed(f"{what}: Google refused the request ({e.code})") from None
    except (urllib.error.URLError, OSError) as e:
        raise TryAgain(f"Google could not be reached ({type(e).__name__})") from None
    if len(body) > MAX_FEED_BYTES:
        raise PullFailed(f"{what}: answers more than {MAX_FEED_BYTES // 2**20} MB, which is no Alerts feed")
    if expected and expected.isdigit() and int(expected) != len(body):
        raise TryAgain("the feed was cut off on the way")
    return body


def entry_ids(feed: bytes) -> set[str]:
    """The feed's entry ids; TryAgain when it is no readable Atom feed (cut off on the way, say)."""
    try:
        root = ElementTree.fromstring(feed)
    except ElementTree.ParseError:
        raise TryAgain("the feed is cut off or is not XML") from None
    if root.tag != f"{mentions.ATOM}feed":
        raise TryAgain("the answer is not an Atom feed")
    return {(e.findtext(f"{mentions.ATOM}id") or "").strip() for e in root.iter(f"{mentions.ATOM}entry")}


def pull(feed_url: str, run: Run) -> list:
    what = name(feed_url)
    feed = run.attempt(lambda: _readable(call(feed_url, run.patience.timeout)), what)
    ids = entry_ids(feed)
    folder = files.source_folder(run.inbox, SOURCE, feed_url)
    earlier = files.earlier_requests(folder, "feed")
    seen = set()
    if earlier:
        try:
            seen = entry_ids(earlier[0][2].read_bytes())
        except (TryAgain, OSError):
            seen = set()
    head = files.envelope_head(pulled.ALERTS_API, feed_url=feed_url)
    new = ids - seen
    if not new:
        run.say(f"{what}: {len(ids)} entries, none new")
        files.note_solved(folder, head, run.today)
        return []
    run.say(f"{what}: {len(ids)} entries, {len(new)} new")
    # Named like the other pulls: the day fetched is both its first and last day.
    name_of = files.request_file("feed", run.today, run.today, "xml")
    landed = files.land(folder, run.today, {name_of: feed}, files.loads_as(_parse, what, run.config))
    files.note_solved(folder, head, run.today)
    return landed


def _readable(feed: bytes) -> bytes:
    entry_ids(feed)
    return feed


def _parse(export, member: str, config: Config):
    signature = next(s for s in mentions.SIGNATURES if s.format == "google_alerts_atom")
    return mentions.parse(export, signature, config)


def check(feed_url: str, run: Run) -> str:
    feed = run.attempt(lambda: _readable(call(feed_url, run.patience.timeout)), name(feed_url))
    return f"readable, {len(entry_ids(feed))} entries now"
