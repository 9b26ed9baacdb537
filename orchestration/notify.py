"""Telling the team: one `Message`, sent to every channel the deployment has (a webhook, e-mail).

How to send one (the refresh, its failure hook and the sensors do this; so can any new notice):

    settings = notify.settings_for(config_path)    # the config's `notify:`, or the defaults
    notify.send(notify.refresh_failed(reason, warehouse, step), settings, logger)

A `Message` has a `kind` (one of config.NOTIFY_KINDS; `notify.on` decides whether it is sent at all), a
`subject`, a plain-text `text` that reads well in Slack, Teams and a mail client, optionally an `html` body
for e-mail whose inline images (`images`: content id -> PNG bytes) it shows with `<img src="cid:ID">`, and
`details` for scripts. `send` adds a link to `notify.dashboard_url` (when set) to every message.

The channels:
- the webhook in DEMANDGEN_WEBHOOK_URL (a secret, so only from the environment): one JSON POST
  {"text": ..., "event": kind, "warehouse": path, "details": {...}}; Slack and Teams show `text`;
- e-mail through the config's `notify.email` SMTP server: STARTTLS when `starttls` is true, and a login with
  DEMANDGEN_SMTP_USER and DEMANDGEN_SMTP_PASSWORD when they are set (never over an unencrypted connection).
  The message is multipart/alternative (text, HTML), the images related parts of the HTML.

A channel that is down or refuses is logged as a warning that names the problem and never a secret (no
webhook URL, no password): notifying never fails a refresh.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape
from pathlib import Path

from .config import ConfigError, EmailSettings, NotifySettings, load_config

WEBHOOK_ENV = "DEMANDGEN_WEBHOOK_URL"
SMTP_USER_ENV, SMTP_PASSWORD_ENV = "DEMANDGEN_SMTP_USER", "DEMANDGEN_SMTP_PASSWORD"
TIMEOUT_SECONDS = 10

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    kind: str
    subject: str
    text: str
    warehouse: str = ""
    details: Mapping = field(default_factory=dict)
    html: str | None = None
    images: Mapping[str, bytes] = field(default_factory=dict)  # content id -> PNG, shown by the HTML


def settings_for(config_path: str | Path) -> NotifySettings:
    """The config's `notify:` settings; the defaults when the config cannot be read, so that the failure
    that a broken config causes is still told (to the webhook, the one channel that needs no config)."""
    try:
        return load_config(config_path).notify
    except ConfigError:
        return NotifySettings()


def send(message: Message, settings: NotifySettings, logger=log) -> list[str]:
    """Send `message` to every channel set up, if `notify.on` has its kind; the channels that took it."""
    if message.kind not in settings.on:
        return []
    message = _with_dashboard_link(message, settings.dashboard_url)
    delivered = []
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    if url and _post(url, message, logger):
        delivered.append("webhook")
    if settings.email and _mail(settings.email, message, logger):
        delivered.append("email")
    return delivered


def _with_dashboard_link(message: Message, url: str | None) -> Message:
    if not url:
        return message
    html = message.html
    if html is not None:
        html += f'<p><a href="{escape(url)}">Open the dashboard</a></p>'
    return Message(
        message.kind,
        message.subject,
        f"{message.text}\n\nDashboard: {url}",
        message.warehouse,
        message.details,
        html,
        message.images,
    )


# --- the webhook -------------------------------------------------------------------------------------


def _post(url: str, message: Message, logger) -> bool:
    body = json.dumps(
        {"text": message.text, "event": message.kind, "warehouse": message.warehouse, "details": message.details},
        default=str,
    ).encode()
    try:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError(url)
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
    except Exception as error:  # whatever the webhook does, the refresh goes on
        logger.warning(
            f"could not notify the webhook in {WEBHOOK_ENV} of {message.kind} ({_why(error)}); the refresh goes on"
        )
        return False
    return True


# --- e-mail ------------------------------------------------------------------------------------------


def email_message(message: Message, email: EmailSettings) -> EmailMessage:
    """The message as mail: plain text, and the HTML with its images as related parts when there is HTML."""
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = email.sender
    mail["To"] = ", ".join(email.to)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=email.sender.rpartition("@")[2])
    mail.set_content(message.text)
    if message.html is not None:
        mail.add_alternative(message.html, subtype="html")
        html_part = mail.get_payload()[-1]
        for cid, png in message.images.items():
            html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>", filename=f"{cid}.png")
    return mail


def _mail(email: EmailSettings, message: Message, logger) -> bool:
    user, password = os.environ.get(SMTP_USER_ENV, ""), os.environ.get(SMTP_PASSWORD_ENV, "")
    refused = None
    if bool(user) != bool(password):
        refused = f"{SMTP_USER_ENV if user else SMTP_PASSWORD_ENV} is set without the other: set both, or neither"
    elif user and not email.starttls:
        refused = "the login would cross the network unencrypted: set notify.email.starttls to true"
    try:
        if refused:
            raise _NotSent(refused)
        with smtplib.SMTP(email.smtp_host, email.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
            if email.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password)
            smtp.send_message(email_message(message, email))
    except Exception as error:  # whatever the mail server does, the refresh goes on
        logger.warning(
            f"could not e-mail {message.kind} through {email.smtp_host}:{email.smtp_port} ({_why(error)}); "
            "the refresh goes on"
        )
        return False
    return True


class _NotSent(Exception):
    """A reason not to try at all, in words for the log."""


def _why(error: Exception) -> str:
    """What went wrong, never the webhook URL or a password: they are secrets, and logs are not."""
    if isinstance(error, _NotSent):
        return str(error)
    if isinstance(error, ssl.SSLCertVerificationError):  # before ValueError, which it also is
        return f"its TLS certificate was not accepted: {error.verify_message}"
    if isinstance(error, urllib.error.HTTPError):
        return f"it answered HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    if isinstance(error, ValueError):  # urllib's messages quote the URL
        return "it is not a valid http:// or https:// URL"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"it refused the login in {SMTP_USER_ENV} and {SMTP_PASSWORD_ENV} (SMTP {error.smtp_code})"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "it does not offer STARTTLS" if "STARTTLS" in str(error) else "it does not offer a login"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"it refused the recipients {', '.join(sorted(error.recipients))}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"it answered SMTP {error.smtp_code}"
    if isinstance(error, TimeoutError):
        return f"no answer within {TIMEOUT_SECONDS} s"
    if isinstance(error, OSError) and str(error):
        return str(error).splitlines()[0]
    return type(error).__name__


# --- the messages ------------------------------------------------------------------------------------


def source_age(source: dict) -> str:
    """A stale source's age in words: "newest data 2026-11-10, 13 days old (expected within 4)"."""
    return (
        f"newest data {source['latest_data_date']}, {source['days_behind']} days old "
        f"(expected within {source['expected_within_days']})"
    )


def sources_stale(stale: list[dict], warehouse: str | Path) -> Message:
    """One message naming every stale source given (rows of marts.source_freshness)."""
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
    subject = f"Demand-gen health: {', '.join(s['label'] for s in stale)} {'is' if len(stale) == 1 else 'are'} stale"
    return Message("sources_stale", subject, text, str(warehouse), details)


def lights_changed(changes: list, warehouse: str | Path) -> Message:
    """One message naming every light that changed colour (notices.LightChange), each with its old and new
    status in words, its value and the explanation the scorecard gives."""
    lines = [
        f"• {c.light['label']}: {c.told_word} → {c.light['status_word']}, now {c.light['value_text']}. "
        f"{c.light['explanation']}"
        for c in changes
    ]
    count = "A light" if len(changes) == 1 else f"{len(changes)} lights"
    text = f"Demand-gen health: {count} changed colour.\n" + "\n".join(lines)
    subject = (
        f"Demand-gen health: {changes[0].light['label']} is now {changes[0].light['status_word']}"
        if len(changes) == 1
        else f"Demand-gen health: {len(changes)} lights changed colour"
    )
    details = {
        "lights": [
            {
                "metric": c.light["metric"],
                "label": c.light["label"],
                "previous_status": c.told_status,
                "status": c.light["status"],
                "value": c.light["value"],
                "value_text": c.light["value_text"],
                "explanation": c.light["explanation"],
            }
            for c in changes
        ]
    }
    return Message("light_changed", subject, text, str(warehouse), details)


def refresh_failed(reason: str, warehouse: str | Path, step: str | None = None, retried: bool = False) -> Message:
    """A refresh that failed: at a step (the failure hook), or as a whole (a lock refused, a killed run)."""
    where = f" at step {step}" if step else ""
    text = (
        f"Demand-gen health: the refresh failed{where}: {reason.rstrip('.')}. Nothing was published; "
        f"{Path(warehouse).name} still holds the last good data."
    )
    if retried:
        text += " Dagster starts it again."
    return Message(
        "refresh_failed",
        f"Demand-gen health: the refresh failed{where}",
        text,
        str(warehouse),
        {"step": step, "reason": reason},
    )


def refresh_overdue(published_at: datetime, now: datetime, warehouse: str | Path) -> Message:
    """The serving warehouse has not been published for longer than its freshness policy allows."""
    age = _duration(now - published_at)
    text = (
        f"Demand-gen health: {Path(warehouse).name} has not been refreshed for {age} (last published "
        f"{published_at:%Y-%m-%d %H:%M %Z}). The nightly refresh is not running or keeps failing: the "
        "lights show old data until it publishes again. Look at the runs in Dagster."
    )
    return Message(
        "refresh_overdue",
        f"Demand-gen health: no refresh for {age}",
        text,
        str(warehouse),
        {"published_at": published_at.isoformat(), "hours_since": round((now - published_at) / timedelta(hours=1))},
    )


def _duration(age: timedelta) -> str:
    hours = int(age / timedelta(hours=1))
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"
