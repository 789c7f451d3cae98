"""The archive of originals beside the workbook: ``Belege/<Jahr>/<Monat>/``.

Originals are stored byte-identical (§ 147 AO keeps an e-invoice in its original form);
a readable view of an XML e-invoice is written beside it.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath

from zahllauf.plaintext import CONTROL_CATEGORIES

ARCHIVE = "Belege"
MAX_NAME_LENGTH = 120

_UNSAFE = re.compile(r'[<>:"|?*\\/]')
#: Names Windows gives to devices, whatever extension follows ("con.pdf", "LPT1.tar.gz"):
#: such a file cannot be opened there, nor synced by OneDrive.
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{number}" for port in ("COM", "LPT") for number in "123456789¹²³"
}


def safe_name(name: str, fallback: str = "Beleg") -> str:
    """A file name safe to save on Windows, macOS and Linux: the one rule for every name
    zahllauf writes (archived originals, mail attachments, archive members).

    No folder parts, no control characters, no characters Windows refuses, no trailing
    dots or spaces, no reserved device name; at most ``MAX_NAME_LENGTH`` characters with
    the extension kept.

    >>> safe_name("../../etc/passwd")
    'passwd'
    >>> safe_name("C:\\\\Temp\\\\Rechnung: 12.pdf")
    'Rechnung_ 12.pdf'
    >>> safe_name("con.pdf"), safe_name("LPT1 .tar.gz"), safe_name(" . ")
    ('_con.pdf', '_LPT1 .tar.gz', 'Beleg')
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(c for c in text if unicodedata.category(c) not in CONTROL_CATEGORIES)
    text = re.split(r"[\\/]", text)[-1]
    text = _UNSAFE.sub("_", text).replace("..", "_")
    text = " ".join(text.split()).strip(" .") or fallback
    if is_reserved(text):
        text = f"_{text}"
    return shorten(text)


def is_reserved(name: str) -> bool:
    """True for a Windows device name, with any extension and trailing dots or spaces.

    >>> is_reserved("Con.pdf"), is_reserved("nul. .txt"), is_reserved("Console.pdf")
    (True, True, False)
    """
    return name.split(".", 1)[0].rstrip(" .").upper() in _WINDOWS_RESERVED


def shorten(name: str) -> str:
    """At most ``MAX_NAME_LENGTH`` characters, a short extension kept."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    path = PurePosixPath(name)
    suffix = path.suffix if len(path.suffix) <= 10 else ""
    return name[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix


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
