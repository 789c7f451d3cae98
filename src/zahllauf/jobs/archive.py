"""The archive of originals beside the workbook: ``Belege/<Jahr>/<Monat>/``.

Originals are stored byte-identical (§ 147 AO keeps an e-invoice in its original form);
a readable view of an XML e-invoice is written beside it.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
from collections.abc import Iterator
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
        """Store ``data`` under a free name; returns the path relative to the folder."""
        month = PurePosixPath(ARCHIVE, f"{received.year:04d}", f"{received.month:02d}")
        return str(month / self._put(self.folder / month, safe_name(name), data))

    def store_beside(self, relative: str, suffix: str, data: bytes) -> str:
        """Store a companion file (the readable view) next to an archived original."""
        original = PurePosixPath(relative)
        name = self._put(self.folder / original.parent, original.stem + suffix, data)
        return str(original.parent / name)

    @staticmethod
    def _put(directory: Path, name: str, data: bytes) -> str:
        """Write ``data`` as ``name``, or ``name (2)`` … when taken by other bytes.

        A file with the same name and the same bytes is the same original, stored by a run
        that did not finish (or whose state was lost): it is reused, not copied again.
        """
        directory.mkdir(parents=True, exist_ok=True)
        chosen = next(c for c in _candidates(name) if _free_or_same(directory / c, data))
        if not (directory / chosen).exists():
            _write_new(directory / chosen, data)
        return chosen


def _candidates(name: str) -> Iterator[str]:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    yield name
    for counter in itertools.count(2):
        yield f"{stem} ({counter}).{suffix}" if suffix else f"{stem} ({counter})"


def _free_or_same(path: Path, data: bytes) -> bool:
    if not path.exists():
        return True
    return path.stat().st_size == len(data) and path.read_bytes() == data


def default_mode() -> int:
    """The mode a new file gets from the user's umask (mkstemp would make it private)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_new(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a crash leaves no half-written original."""
    handle, temp = tempfile.mkstemp(prefix=".~zahllauf-", dir=path.parent)
    try:
        os.chmod(temp, default_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
