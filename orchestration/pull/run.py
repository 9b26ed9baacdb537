"""What every source's pull is given: the config, where to land, the day, and how to talk to Google."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..config import Config
from .patience import Patience, patiently

T = TypeVar("T")


@dataclass(frozen=True)
class Run:
    config: Config
    inbox: Path
    today: date  # in the config's time zone
    say: Callable[[str], None] = print  # progress, a line at a time
    patience: Patience = Patience()
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def attempt(self, call: Callable[[], T], what: str) -> T:
        """`call()`, tried again as patience allows; PullFailed naming `what` when it keeps failing."""
        return patiently(call, what, self.patience, self.say, self.sleep)
