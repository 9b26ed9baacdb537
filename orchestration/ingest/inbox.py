"""What is in the inbox: exports as users drop them (a file, a zip, or an extracted folder).

An export is the unit that is loaded or rejected whole. Zips and folders are exports when
their members together form one (a Search Console UI export); a folder that is not one is
walked into, so any layout works. Nothing here trusts file names: formats are detected from
content by `detect.py`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# A zip export of a year of Search Console tables is a few MB; these bounds only stop a zip
# bomb or a stray archive from exhausting memory.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
# What a damaged member raises while it is unpacked: bad deflate data, a CRC mismatch, a cut-off stream.
DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError)


class RejectedFile(Exception):
    """The export cannot be loaded; the message is for a marketer and names the place, in one line.
    `detail` is what more there is to say (the formats the product reads), for the dashboard's Data page."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(reason)
        self.detail = detail


@dataclass
class Export:
    """One dropped export. `name` is its path inside the inbox, as the user sees it."""

    name: str
    path: Path
    kind: str  # 'file', 'zip' or 'folder'
    members: list[str] = field(default_factory=list)
    _zip_sizes: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.name).parent)

    def read(self, member: str) -> bytes:
        if self.kind == "file":
            return self.path.read_bytes()
        if self.kind == "folder":
            return (self.path / member).read_bytes()
        return _read_zip_member(self.path, member)

    def head(self, member: str, size: int = 8192) -> bytes:
        if self.kind == "zip":
            try:
                with zipfile.ZipFile(self.path) as z, z.open(member) as f:
                    return f.read(size)
            except DAMAGED_MEMBER:
                raise _damaged(member) from None
        path = self.path if self.kind == "file" else self.path / member
        with path.open("rb") as f:
            return f.read(size)

    def local_path(self, member: str) -> Path | None:
        """A path DuckDB's own readers can open, or None for zip members (read() them)."""
        if self.kind == "file":
            return self.path
        if self.kind == "folder":
            return self.path / member
        return None

    def sha256(self) -> str:
        h = hashlib.sha256()
        if self.kind in ("file", "zip"):
            with self.path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            return h.hexdigest()
        # A folder's identity is its members' names and contents.
        for member in sorted(self.members):
            h.update(member.encode() + b"\0")
            h.update(hashlib.sha256((self.path / member).read_bytes()).digest())
        return h.hexdigest()

    def mtime(self) -> float:
        return self.path.stat().st_mtime


def _damaged(member: str) -> RejectedFile:
    return RejectedFile(f"{member} inside the zip is damaged and cannot be unpacked; download the export again")


def _read_zip_member(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
        chunks, total = [], 0
        # Count real bytes: a zip bomb's header can understate the uncompressed size.
        try:
            with z.open(info) as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    total += len(chunk)
                    if total > MAX_MEMBER_BYTES:
                        raise RejectedFile(
                            f"{member} inside the zip unpacks to more than "
                            f"{MAX_MEMBER_BYTES // 2**20} MB; unzip it and drop the files instead"
                        )
                    chunks.append(chunk)
        except DAMAGED_MEMBER:
            raise _damaged(member) from None
        return b"".join(chunks)


def zip_members(path: Path) -> tuple[list[str], dict[str, int]]:
    """The zip's file members, refusing anything unsafe or unreadable, with a reason."""
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise RejectedFile("is not a readable zip file (damaged or incomplete download?)") from None
    with z:
        members, sizes, total = [], {}, 0
        for info in z.infolist():
            name = info.filename
            pure = PurePosixPath(name.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
                raise RejectedFile(f"holds a member with an unsafe path ({name!r}); it was not opened")
            if info.is_dir() or pure.name in IGNORED_NAMES or pure.parts[0] == "__MACOSX":
                continue
            if info.flag_bits & 0x1:
                raise RejectedFile(f"{name} inside the zip is password-protected; export it again without a password")
            try:
                with z.open(info) as f:
                    nested = f.read(4) == b"PK\x03\x04"
            except DAMAGED_MEMBER:
                raise _damaged(name) from None
            if nested:
                raise RejectedFile(f"holds another zip ({name}); unzip it and drop the inner export instead")
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES:
                raise RejectedFile(
                    f"unpacks to more than {MAX_ZIP_TOTAL_BYTES // 2**30} GB; unzip it and drop the files instead"
                )
            members.append(name)
            sizes[name] = info.file_size
        if not members:
            raise RejectedFile("is an empty zip")
        return members, sizes


def _starts_like_zip(path: Path) -> bool:
    # A cut-off download has lost the directory at the end that is_zipfile() looks for, but it still
    # starts like a zip; calling it a zip lets zip_members() say it is damaged.
    with path.open("rb") as f:
        return f.read(4) == b"PK\x03\x04"


def _is_visible(p: Path) -> bool:
    return not p.name.startswith(".") and p.name not in IGNORED_NAMES


def discover(inbox: Path, is_bundle) -> list[Export]:
    """Every export under the inbox, oldest first (by modification time, then name).

    `is_bundle(export)` says whether a folder's files together form one export; a folder that
    does not is walked into. A zip is always one export (`zip_members` errors surface later, at
    load time, as a rejection of that zip).
    """
    found: list[Export] = []

    def walk(folder: Path) -> None:
        for entry in sorted(folder.iterdir()):
            if not _is_visible(entry):
                continue
            mode = entry.lstat().st_mode
            if stat.S_ISLNK(mode):
                continue  # links could point outside the inbox
            rel = entry.relative_to(inbox).as_posix()
            if stat.S_ISDIR(mode):
                files = sorted(p.name for p in entry.iterdir() if p.is_file() and _is_visible(p))
                candidate = Export(rel, entry, "folder", files)
                if files and is_bundle(candidate):
                    found.append(candidate)
                else:
                    walk(entry)
            elif stat.S_ISREG(mode):
                kind = "zip" if zipfile.is_zipfile(entry) or _starts_like_zip(entry) else "file"
                found.append(Export(rel, entry, kind, [] if kind == "zip" else [entry.name]))

    if inbox.is_dir():
        walk(inbox)
    found.sort(key=lambda e: (e.mtime(), e.name))
    return found


def open_zip(export: Export) -> None:
    """Fill a zip export's member list (safely); raises RejectedFile."""
    if export.kind == "zip" and not export.members:
        export.members, export._zip_sizes = zip_members(export.path)


def file_size(export: Export) -> int:
    if export.kind == "folder":
        return sum(os.path.getsize(export.path / m) for m in export.members)
    return export.path.stat().st_size
