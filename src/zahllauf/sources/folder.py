"""The folder source: a scanner or download folder with PDF, XML, EML and ZIP files."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from zahllauf import texts
from zahllauf.errors import SourceUnreachableError
from zahllauf.sources import containers
from zahllauf.sources.base import Document

log = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".xml", ".eml", ".zip")


class FolderSource:
    """Every PDF, XML, EML and ZIP file directly in ``folder`` (not in subfolders)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def documents(self) -> Iterator[Document]:
        if not self.folder.is_dir():
            raise SourceUnreachableError(texts.FOLDER_MISSING.format(folder=self.folder))
        for path in sorted(self.folder.iterdir(), key=lambda p: p.name.lower()):
            if path.is_file() and path.suffix.lower() in SUFFIXES:
                yield from containers.expand(self._document(path))

    def state_changes(self) -> dict[str, str]:
        return {}

    def _document(self, path: Path) -> Document:
        received = datetime.fromtimestamp(path.stat().st_mtime).date()
        try:
            data = path.read_bytes()
        except OSError as error:
            log.warning("cannot read %s: %s", path.name, error.strerror)
            return Document(path.name, b"", path.name, received, problem=texts.FILE_UNREADABLE)
        return Document(path.name, data, path.name, min(received, date.today()))
