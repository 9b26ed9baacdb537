"""Trying a request again when Google says "later" (429, 5xx, a cut-off answer), and giving up for the night
with the reason when it keeps saying so."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Patience:
    attempts: int = 5  # tries of one request
    first_wait: float = 2.0  # seconds before the second try, doubled before each next one
    longest_wait: float = 300.0  # a Retry-After longer than this gives up for the night at once
    timeout: float = 120.0  # seconds one response may take


class PullFailed(Exception):
    """A source that cannot be pulled now: the message names it and says what to do. `transient`: trying
    again later may work (quota, Google's errors, the network); otherwise someone has to act (access, key)."""

    def __init__(self, reason: str, transient: bool = False):
        super().__init__(reason)
        self.transient = transient


class TryAgain(Exception):
    """What one attempt ran into that another may not: `why` in the user's words, and how long Google asked
    to wait (its Retry-After), if it said."""

    def __init__(self, why: str, retry_after: float | None = None):
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds; Google sends a number of seconds (an HTTP date is read as no advice)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def patiently(
    attempt: Callable[[], T],
    what: str,
    patience: Patience,
    say: Callable[[str], None],
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`attempt()` until it succeeds, waiting between tries (Retry-After when Google gives one, else doubling);
    PullFailed (transient) naming `what` once the tries are used up or Google asks for too long a wait."""
    for number in range(1, patience.attempts + 1):
        try:
            return attempt()
        except TryAgain as e:
            wait = e.retry_after if e.retry_after is not None else patience.first_wait * 2 ** (number - 1)
            if e.retry_after is not None and wait > patience.longest_wait:
                raise PullFailed(
                    f"{what}: {e.why}, and Google asks to wait {wait / 60:.0f} minutes; pulled again on the next run",
                    transient=True,
                ) from None
            if number == patience.attempts:
                raise PullFailed(
                    f"{what}: {e.why} ({patience.attempts} tries); pulled again on the next run", transient=True
                ) from None
            say(f"{what}: {e.why}; trying again in {wait:g} s")
            sleep(wait)
    raise AssertionError("unreachable")
