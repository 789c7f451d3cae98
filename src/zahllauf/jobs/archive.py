"""The archive of originals beside the workbook: ``Belege/<Jahr>/<Monat>/``.

Originals are stored byte-identical (§ 147 AO keeps an e-invoice in its original form);
a readable view of an XML e-invoice is written beside it.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path, PurePosixPath

ARCHIVE = "Belege"
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def safe_name(name: str) -> str:
    """A file name without path parts or characters Windows refuses.

    >>> safe_name("../../etc/Rechnung: 12/2026.pdf")
    'Rechnung_ 12_2026.pdf'
    """
    base = name.replace("\\", "/").split("/")[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    return base or "Beleg"


class Archive:
    """Stores documents under ``folder/Belege/<year>/<month>/`` with unique names."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def store(self, name: str, data: bytes, received: date) -> str:
        """Write ``data`` under a free name; returns the path relative to the folder."""
        month = PurePosixPath(ARCHIVE, f"{received.year:04d}", f"{received.month:02d}")
        target_dir = self.folder / month
        target_dir.mkdir(parents=True, exist_ok=True)
        name = self._free_name(target_dir, safe_name(name))
        _write_new(target_dir / name, data)
        return str(month / name)

    def store_beside(self, relative: str, suffix: str, data: bytes) -> str:
        """Write a companion file (the readable view) next to an archived original."""
        original = PurePosixPath(relative)
        target_dir = self.folder / original.parent
        name = self._free_name(target_dir, original.stem + suffix)
        _write_new(target_dir / name, data)
        return str(original.parent / name)

    @staticmethod
    def _free_name(directory: Path, name: str) -> str:
        candidate = name
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        counter = 2
        while (directory / candidate).exists():
            candidate = f"{stem} ({counter}).{suffix}" if suffix else f"{stem} ({counter})"
            counter += 1
        return candidate


def _write_new(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a crash leaves no half-written original."""
    handle, temp = tempfile.mkstemp(prefix=".~zahllauf-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
