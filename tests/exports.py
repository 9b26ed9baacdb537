"""Building export files in tests (zips are built, not committed)."""

from __future__ import annotations

import zipfile
from pathlib import Path


def zipped(folder: Path, tmp_path: Path) -> bytes:
    """An export zip as the tools serve it: the folder's files flat at the top level."""
    path = tmp_path / "built.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member in sorted(folder.iterdir()):
            z.write(member, member.name)
    return path.read_bytes()
