"""Google's refusals in a marketer's words: who has to do what, or that trying again later will do."""

from __future__ import annotations

from .credentials import KEY_VARIABLE
from .patience import PullFailed, TryAgain

# Google words these as 403s too; they pass with time, unlike a missing permission.
_QUOTA_WORDS = ("quota", "rate limit", "ratelimit", "too many requests")
_DISABLED_WORDS = ("has not been used in project", "is disabled", "service_disabled", "accessnotconfigured")


def refusal(
    status: int, message: str, retry_after: float | None, what: str, email: str, grant: str, api: str
) -> Exception:
    """The exception for an HTTP error answer: TryAgain (raise it for another try) or PullFailed.

    `what` names the source ("Search Console property sc-domain:example.com"), `grant` says how to give the
    service account access to it, `api` is the API's name and console link for enabling it.
    """
    lower = message.lower()
    said = f" ({status}: {message})" if message else f" ({status})"
    if status == 429 or (status == 403 and any(w in lower for w in _QUOTA_WORDS)):
        return TryAgain(f"Google's quota for the {api.split(' (')[0]} is used up for now{said}", retry_after)
    if status >= 500:
        return TryAgain(f"Google answered with a server error{said}", retry_after)
    if status == 401:
        return PullFailed(
            f"{what}: Google did not accept the service account's credentials{said}: check that the key file "
            f"{KEY_VARIABLE} names is a current key of {email} (create a new key if this one was deleted or disabled)"
        )
    if status == 403 and any(w in lower for w in _DISABLED_WORDS):
        return PullFailed(f"{what}: the {api} is not enabled in the service account's Google Cloud project: enable it")
    if status in (403, 404):
        return PullFailed(f"{what}: the service account cannot read it: {grant}")
    return PullFailed(f"{what}: Google refused the request{said}")


def token_refused(error: Exception, what: str, email: str) -> Exception:
    """google-auth's RefreshError from the key's token_uri: a refused key, or the token service being down."""
    first = str(error.args[0]) if error.args else ""
    if getattr(error, "retryable", False):
        return TryAgain(f"Google's token service did not answer ({first})")
    return PullFailed(
        f"{what}: Google refused the service account's key ({first}): the key {KEY_VARIABLE} names may have "
        f"been deleted or disabled; create a new key for {email} and point {KEY_VARIABLE} at it"
    )
