"""Where pulls land: INBOX/pulled/<source>/<property>/<day pulled>/<report>_<first day>_<last day>.json, beside a
pull-status.json while a source has a problem (see ingest/pulled.py for what the files hold).

A source's files appear together or not at all: they are written and checked in a hidden folder first (the
inbox skips hidden names), so a refresh never loads half a pull.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..ingest.inbox import Export, RejectedFile
from ..ingest.pulled import MARK, VERSION
from .patience import PullFailed

PULLED = "pulled"
STATUS = "pull-status.json"
_REQUEST_FILE = re.compile(r"(?P<report>[a-z_]+)_(?P<start>\d{4}-\d{2}-\d{2})_(?P<end>\d{4}-\d{2}-\d{2})\.(json|xml)")


def slug(text: str) -> str:
    """A folder name for a property or feed: readable, and distinct for distinct texts."""
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", text).strip("_")
    if len(readable) <= 60 and readable:
        return readable
    return f"{readable[-40:].strip('_')}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def source_folder(inbox: Path, source: str, who: str) -> Path:
    return inbox / PULLED / source / slug(who)


def request_file(report: str, start: date, end: date, suffix: str = "json") -> str:
    return f"{report}_{start}_{end}.{suffix}"


def earlier_requests(folder: Path, report: str) -> list[tuple[date, date, Path]]:
    """(first day, last day, file) of the report's earlier pulls of this source, the latest requested first."""
    found = []
    if folder.is_dir():
        for path in folder.rglob("*"):
            named = _REQUEST_FILE.fullmatch(path.name)
            if named and named["report"] == report and not any(p.startswith(".") for p in path.parts):
                found.append((date.fromisoformat(named["start"]), date.fromisoformat(named["end"]), path))
    return sorted(found, key=lambda f: (f[1], f[0], f[2].stat().st_mtime), reverse=True)


def land(folder: Path, pulled_on: date, files: dict[str, bytes], check: Callable[[Path], None]) -> list[Path]:
    """Write the files, let `check` read each (it raises on one that would not load), then move them all into
    folder/<pulled_on>/. Nothing is moved when a check fails."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".landing-", dir=folder))
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
            check(staging / name)
        target = folder / pulled_on.isoformat()
        target.mkdir(exist_ok=True)
        landed = []
        for name in files:
            os.replace(staging / name, target / name)
            landed.append(target / name)
        return landed
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def note_problem(folder: Path, head: dict, reason: str) -> Path:
    """The source could not be pulled: a note the next ingest rejects with `reason`. The same problem writes the
    same note, so a problem that lasts is one rejected file, not one a night."""
    return _write_status(folder, {**head, "problem": reason})


def note_solved(folder: Path, head: dict, pulled_on: date) -> None:
    """After a problem, a note that loads (no rows) and so clears the problem's rejection."""
    status = folder / STATUS
    try:
        earlier = json.loads(status.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(earlier, dict) and "problem" in earlier:
        _write_status(folder, {**head, "solved": f"pulled again without a problem on {pulled_on}"})


def envelope_head(api: str, **who: str) -> dict:
    return {MARK: VERSION, "api": api, **who}


def _write_status(folder: Path, content: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, prefix=".status-", suffix=".json", delete=False) as f:
        json.dump(content, f, indent=1, ensure_ascii=False)
    os.replace(f.name, folder / STATUS)
    return folder / STATUS


def as_export(path: Path) -> Export:
    return Export(path.name, path, "file", [path.name])


def loads_as(parse, what: str, config) -> Callable[[Path], None]:
    """A check for land(): the file read by the ingest parser that will load it. One it would reject is a pull
    that failed, and lands nothing."""

    def check(path: Path) -> None:
        try:
            parse(as_export(path), path.name, config)
        except RejectedFile as e:
            raise PullFailed(
                f"{what}: Google's answer cannot be loaded ({e}); pulled again on the next run", True
            ) from None

    return check
