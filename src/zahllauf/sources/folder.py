"""The folder source: a scanner or download folder with PDF, XML, EML, ZIP and image files.

Only files directly in the folder are read. Subfolders are named in :attr:`skipped`, not
read: a folder of already paid invoices ("erledigt") must not come back as new rows; the
workbook's own archive ``Belege/<Jahr>/…`` is left out without a word. Links (symbolic
links, junctions) are named and never followed: they may point out of the inbox. Every other file
that is not read is named in :attr:`skipped` too, so no invoice is missed silently.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from zahllauf import texts
from zahllauf.errors import SourceUnreachableError
from zahllauf.jobs.archive import ARCHIVE
from zahllauf.plaintext import one_line
from zahllauf.sources import containers, mime
from zahllauf.sources.base import Document

log = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".xml", ".eml", ".zip")
#: Bytes read to tell a file's kind when its name does not say (a mail header fits in it).
HEAD_BYTES = 4096
#: Kinds read whatever the file is called: a scan without extension is still a scan.
_KINDS_BY_CONTENT = (mime.KIND_PDF, mime.KIND_IMAGE, mime.KIND_MESSAGE)
_YEAR = re.compile(r"\d{4}")


class FolderSource:
    """The invoices in one folder; what is not read is listed in :attr:`skipped`.

    Args:
        folder: the inbox folder.
        ignore: file names to leave out without a word (the workbook and its backup,
            when the inbox is the workbook's own folder).

    Attributes:
        skipped: after :meth:`documents` ran, one German entry per file or subfolder that
            was not read, as ``"name (reason)"``, in folder order.
    """

    def __init__(self, folder: Path, ignore: Iterable[str] = ()) -> None:
        self.folder = Path(folder)
        self.ignore = {name.lower() for name in ignore}
        self.skipped: list[str] = []

    def documents(self) -> Iterator[Document]:
        if self.folder.exists() and not self.folder.is_dir():
            raise SourceUnreachableError(texts.FOLDER_IS_FILE.format(folder=self.folder))
        if not self.folder.is_dir():
            raise SourceUnreachableError(texts.FOLDER_MISSING.format(folder=self.folder))
        self.skipped = []
        for path in sorted(self.folder.iterdir(), key=lambda p: p.name.lower()):
            yield from self._take(path)

    def state_changes(self) -> dict[str, str]:
        return {}

    def _take(self, path: Path) -> list[Document]:
        if _quietly_left_out(path) or path.name.lower() in self.ignore:
            return []
        if _is_link(path):
            self._skip(path, texts.SKIP_LINK)
            return []
        if path.is_dir():
            if not _is_archive(path):
                self._skip(path, texts.SKIP_SUBFOLDER)
            return []
        if not path.is_file():
            return []
        reason = _skip_reason(path)
        if reason is not None:
            self._skip(path, reason)
            return []
        document = self._document(path)
        found = containers.expand(document)
        if not found:
            is_mail = mime.sniff(document.data, document.name) == mime.KIND_MESSAGE
            self._skip(path, texts.SKIP_EMPTY_MAIL if is_mail else texts.SKIP_EMPTY_ARCHIVE)
        return found

    def _skip(self, path: Path, reason: str) -> None:
        name = _display_name(path)
        what = "link" if _is_link(path) else "folder" if path.is_dir() else "file"
        log.warning("not read: %s (%s)", name, what)
        self.skipped.append(texts.FOLDER_SKIPPED.format(name=name, reason=reason))

    def _document(self, path: Path) -> Document:
        name = _display_name(path)
        received = min(datetime.fromtimestamp(path.stat().st_mtime).date(), date.today())
        try:
            data = _read_no_follow(path)
        except OSError as error:
            log.warning("cannot read %s: %s", name, error.strerror)
            return Document(name, b"", name, received, problem=texts.FILE_UNREADABLE)
        return Document(name, data, name, received)


def _is_link(path: Path) -> bool:
    """A symbolic link or a Windows junction: it may point anywhere on the disk (a link
    ``passwd.xml -> /etc/passwd`` would copy that file into the shared archive)."""
    return path.is_symlink() or bool(getattr(path, "is_junction", lambda: False)())


def _read_no_follow(path: Path) -> bytes:
    """The file's bytes; a link put in its place after the check is refused, not followed."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        return stream.read()


def _display_name(path: Path) -> str:
    """The file name without control characters: it reaches cells, file names and logs."""
    return one_line(path.name).strip() or "Datei"


def _quietly_left_out(path: Path) -> bool:
    """Hidden files and folders, and the lock files Office and LibreOffice leave behind."""
    return path.name.startswith((".", "~$"))


def _is_archive(path: Path) -> bool:
    """The workbook's archive ``Belege/``: only year folders inside (or nothing yet)."""
    if path.name.lower() != ARCHIVE.lower():
        return False
    return all(child.is_dir() and _YEAR.fullmatch(child.name) for child in path.iterdir())


def _skip_reason(path: Path) -> str | None:
    """Why a file is not read, or ``None`` when it is: by name, else by its first bytes."""
    lower = path.name.lower()
    if lower.endswith(SUFFIXES):
        return None
    if lower.endswith(mime.OFFICE_SUFFIXES):
        return texts.SKIP_OFFICE
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError:
        return None  # read again later, where the failure becomes a Prüfen row
    kind = mime.sniff(head, path.name)
    if kind == mime.KIND_OFFICE:
        return texts.SKIP_OFFICE
    if kind in _KINDS_BY_CONTENT:
        return None
    return texts.SKIP_UNKNOWN


__all__ = ["SUFFIXES", "FolderSource"]
