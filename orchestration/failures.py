"""Why a refresh failed, in one line: the words the terminal, the run's log and every notice use."""

from __future__ import annotations

import re


def innermost_error(error) -> str:
    """The innermost error's first line: what broke, not the layers that passed it on.

    Takes a Python exception (in a step or a hook) or Dagster's record of one in a run's events (its
    SerializableErrorInfo: message, cls_name, cause), which is the same error once stored, so both read the same.
    """
    if error is None:
        return "no detail"
    if isinstance(error, BaseException):
        while error.__cause__ is not None:
            error = error.__cause__
        message, name = str(error), type(error).__name__
    else:
        while error.cause is not None:
            error = error.cause
        name = error.cls_name
        # Dagster stores "module.ClassName: message"; the class is for developers.
        message = re.sub(rf"^([\w.]+\.)?{re.escape(name or '')}: ", "", error.message.strip())
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0] if lines else name or "no detail"
