"""Telling the team when a refresh fails or a source goes stale, through a webhook.

The webhook's address is a secret (a Slack or Teams incoming-webhook URL lets anyone post to the
channel), so it comes only from the environment variable DEMANDGEN_WEBHOOK_URL, never from the
config file. Each message is one JSON POST:
{"text": "<one readable paragraph>", "event": "refresh_failed" | "sources_stale", "warehouse": path,
"details": {...}}; Slack and Teams show `text`, scripts read the rest. A webhook that is down or
refuses the message is logged as a warning: it never fails the refresh.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from pathlib import Path

WEBHOOK_ENV = "DEMANDGEN_WEBHOOK_URL"
TIMEOUT_SECONDS = 10

log = logging.getLogger(__name__)


def post(event: str, text: str, warehouse: str | Path, details: dict, logger=log) -> bool:
    """POST one message to the webhook, if one is set; True when the webhook took it."""
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    if not url:
        return False
    body = json.dumps(
        {"text": text, "event": event, "warehouse": str(warehouse), "details": details}, default=str
    ).encode()
    try:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError(url)
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
    except Exception as error:  # whatever the webhook does, the refresh goes on
        logger.warning(f"could not notify the webhook in {WEBHOOK_ENV} of {event} ({_why(error)}); the refresh goes on")
        return False
    return True


def _why(error: Exception) -> str:
    """What went wrong, never the URL itself: it is a secret, and logs are not."""
    if isinstance(error, urllib.error.HTTPError):
        return f"it answered HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    if isinstance(error, ValueError):  # urllib's messages quote the URL
        return "it is not a valid http:// or https:// URL"
    if isinstance(error, OSError) and str(error):
        return str(error).splitlines()[0]
    return type(error).__name__


def source_age(source: dict) -> str:
    """A stale source's age in words: "newest data 2026-11-10, 13 days old (expected within 4)"."""
    return (
        f"newest data {source['latest_data_date']}, {source['days_behind']} days old "
        f"(expected within {source['expected_within_days']})"
    )


def sources_stale(stale: list[dict], warehouse: str | Path, logger=log) -> bool:
    """One message naming every stale source (rows of marts.source_freshness)."""
    if not stale:
        return False
    names = "; ".join(f"{s['label']}: {source_age(s)}" for s in stale)
    count = f"{len(stale)} source is" if len(stale) == 1 else f"{len(stale)} sources are"
    text = (
        f"Demand-gen health: {count} stale in {Path(warehouse).name}. {names}. The lights built on "
        f"{'it' if len(stale) == 1 else 'them'} may be out of date: drop newer exports in the inbox."
    )
    details = {
        "sources": [
            {k: s[k] for k in ("source", "label", "latest_data_date", "days_behind", "expected_within_days")}
            for s in stale
        ]
    }
    return post("sources_stale", text, warehouse, details, logger)


def refresh_failed(step: str, reason: str, warehouse: str | Path, logger=log) -> bool:
    text = (
        f"Demand-gen health: the refresh failed at step {step}: {reason}. Nothing was published; "
        f"{Path(warehouse).name} still holds the last good data."
    )
    return post("refresh_failed", text, warehouse, {"step": step, "reason": reason}, logger)
