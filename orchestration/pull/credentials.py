"""The service account the pulls run as, from the key file GOOGLE_APPLICATION_CREDENTIALS names.

The key never leaves this module: messages name the variable and the file, never what is in it, and
nothing here logs, prints or stores the key.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from google.oauth2 import service_account

KEY_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS"
API_ROOT_VARIABLE = "DEMANDGEN_GOOGLE_API_ROOT"
SEARCH_CONSOLE_SCOPE = "https://www.googleapis.com/auth/webmasters.readonly"
GA4_SCOPE = "https://www.googleapis.com/auth/analytics.readonly"
HOW_TO = "docs/api-pulls.md"


class CredentialsProblem(Exception):
    """The key cannot be used; the message says what to do (and holds nothing of the key)."""


@dataclass(frozen=True)
class ServiceAccount:
    email: str  # what the properties must grant access to
    credentials: service_account.Credentials

    def scoped(self, scope: str) -> service_account.Credentials:
        return self.credentials.with_scopes([scope])


def service_account_from_env() -> ServiceAccount:
    path = os.environ.get(KEY_VARIABLE, "").strip()
    if not path:
        raise CredentialsProblem(
            f"{KEY_VARIABLE} is not set: set it to the path of the service account's JSON key file "
            f"(how to create one: {HOW_TO})"
        )
    file = Path(path).expanduser()
    if not file.is_file():
        raise CredentialsProblem(
            f"{KEY_VARIABLE} names {file}, which is not a file: point it at the service account's JSON key file"
        )
    try:
        info = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise CredentialsProblem(
            f"the file {KEY_VARIABLE} names ({file}) is not a JSON key file: "
            "download the service account's key again as JSON"
        ) from None
    if not isinstance(info, dict) or info.get("type") != "service_account":
        kind = info.get("type") if isinstance(info, dict) else None
        raise CredentialsProblem(
            f"the file {KEY_VARIABLE} names ({file}) is not a service account key"
            + (f" (it is of type {kind!r})" if isinstance(kind, str) and kind.isidentifier() else "")
            + f": create a key for a service account ({HOW_TO})"
        )
    missing = [k for k in ("client_email", "private_key", "token_uri") if not isinstance(info.get(k), str)]
    if missing:
        raise CredentialsProblem(
            f"the key file {KEY_VARIABLE} names ({file}) has no {', '.join(missing)}: download the key again"
        )
    try:
        credentials = service_account.Credentials.from_service_account_info(info)
    except (ValueError, TypeError, KeyError):  # their messages may quote the key: not passed on
        raise CredentialsProblem(
            f"the private key in the file {KEY_VARIABLE} names ({file}) cannot be read: "
            "the file is damaged; download a new key for the service account"
        ) from None
    return ServiceAccount(info["client_email"], credentials)


def api_root(default: str) -> str:
    """The API's root URL, or the one DEMANDGEN_GOOGLE_API_ROOT puts in its place (a proxy, a test's stand-in)."""
    root = os.environ.get(API_ROOT_VARIABLE, "").strip()
    return (root or default).rstrip("/") + "/"
