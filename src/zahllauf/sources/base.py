"""The source interface shared by the folder and the mailbox."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class Document:
    """One file from an inbox, as bytes, with where it came from.

    ``source`` is what the Quelle column shows (the file name for a folder, sender and
    subject for a mail); ``sender`` is the mail sender's address, used to match suppliers.
    ``problem`` is set when the container could not be opened (then ``data`` may be empty).
    ``companions`` are files that came with it and are kept beside it in the archive, as
    ``(name, bytes)``: the PDF picture of an XML e-invoice (their names are in ``related``).
    """

    name: str
    data: bytes
    source: str
    received: date
    sender: str | None = None
    problem: str | None = None
    related: tuple[str, ...] = field(default=())
    companions: tuple[tuple[str, bytes], ...] = field(default=())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class Source(Protocol):
    """An inbox: yields the documents that arrived since the last run."""

    def documents(self) -> Iterator[Document]:
        """Every candidate document; the job skips those already processed (by SHA-256).

        May raise :class:`~zahllauf.errors.SourceUnreachableError` part-way: the job keeps
        what was yielded before and reports the error.
        """
        ...

    def state_changes(self) -> dict[str, str]:
        """State keys to store with the rows, covering only what was yielded so far."""
        ...
