"""`demandgen` that SIGKILLs itself at a named point of a refresh: `python -m tests.kill_points POINT refresh ...`.

A kill at a random moment rarely lands inside the short steps (one export's transaction, the publish
copy), so tests/test_faults.py also kills there on purpose. The patches only wrap the real functions;
the process then dies the way an OOM kill or a power cut ends it: no cleanup, no `finally`.
"""

import os
import shutil
import signal
import sys

from demandgen import cli
from orchestration.ingest import landing


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def kill_mid_copy(into) -> None:
    """shutil.copyfile writes a tenth of the file and dies when `into(destination)` holds."""
    real_copy = shutil.copyfile

    def partial_copy(src, dst, *args, **kwargs):
        if not into(str(dst)):
            return real_copy(src, dst, *args, **kwargs)
        with open(src, "rb") as f:
            data = f.read()
        with open(dst, "wb") as f:
            f.write(data[: len(data) // 10])
            f.flush()
            os.fsync(f.fileno())
        die()

    shutil.copyfile = partial_copy


def on_call(module, name: str, number: int, *, before: bool = True, when=lambda *a, **k: True) -> None:
    """Kill on the `number`th call of module.name that `when` accepts, before or after the real call."""
    real, calls = getattr(module, name), [0]

    def wrapper(*args, **kwargs):
        chosen = False
        if when(*args, **kwargs):
            calls[0] += 1
            chosen = calls[0] == number
        if chosen and before:
            die()
        result = real(*args, **kwargs)
        if chosen:
            die()
        return result

    setattr(module, name, wrapper)


def publishing(path: str) -> bool:
    return path.endswith(".publishing")


POINTS = {
    # A new machine starts from a copy of the published file; the kill lands early in that copy.
    "config:restoring-working": lambda: kill_mid_copy(lambda dst: ".working." in dst),
    # The second export is about to start; the first is committed, or still landing when both are bulk files.
    "ingest:between-exports": lambda: on_call(landing, "_load", 2),
    # An export's rows are written, its transaction still open.
    "ingest:inside-an-export": lambda: on_call(
        landing, "_record", 1, before=False, when=lambda *a, **k: k.get("status") == "loaded"
    ),
    # The working file is checkpointed, nothing copied yet.
    "publish:before-copy": lambda: on_call(shutil, "copyfile", 1, when=lambda src, dst, *a, **k: publishing(str(dst))),
    # A tenth of the new serving file is on disk beside the old one.
    "publish:mid-copy": lambda: kill_mid_copy(publishing),
    # The new file is complete, the swap not done.
    "publish:before-rename": lambda: on_call(os, "replace", 1, when=lambda src, dst, *a, **k: publishing(str(src))),
}


if __name__ == "__main__":
    POINTS[sys.argv[1]]()
    sys.exit(cli.main(sys.argv[2:]))
