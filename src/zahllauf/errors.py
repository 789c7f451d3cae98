"""Exceptions of zahllauf.

Every error a person can meet carries a German message (``str(error)``) that says what
happened and what to do. Per-invoice problems are not exceptions: they are findings.
"""

from __future__ import annotations

from pathlib import Path


class ZahllaufError(Exception):
    """Base class of all zahllauf errors; ``exit_code`` is what the command line returns."""

    exit_code = 1


class WorkbookMissingError(ZahllaufError):
    """The workbook file does not exist."""

    exit_code = 3

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Die Arbeitsmappe {path} gibt es nicht. Legen Sie sie mit "
            f"'zahllauf neu --mappe \"{path}\"' an oder geben Sie mit --mappe den richtigen Pfad an."
        )
        self.path = path


class WorkbookLockedError(ZahllaufError):
    """Excel (or another program) holds the workbook open."""

    exit_code = 4

    def __init__(self, path: Path, lock: Path) -> None:
        super().__init__(
            f"Die Arbeitsmappe {path.name} ist gerade in Excel geöffnet (Sperrdatei {lock.name}). "
            "Schließen Sie die Mappe in Excel und starten Sie den Befehl erneut – "
            "oder benutzen Sie die Schaltfläche im Menüband."
        )
        self.path = path
        self.lock = lock


class WorkbookUnsupportedError(ZahllaufError):
    """The workbook holds parts that cannot be kept when it is written by file."""

    exit_code = 5

    def __init__(self, path: Path, parts: list[str]) -> None:
        listed = ", ".join(parts)
        super().__init__(
            f"Die Arbeitsmappe {path.name} enthält {listed}. Diese Teile würden beim Speichern "
            "ohne Excel verloren gehen, deshalb wurde nichts geändert. Benutzen Sie die "
            "Schaltfläche im Menüband in Excel oder entfernen Sie diese Teile."
        )
        self.path = path
        self.parts = parts


class WorkbookInvalidError(ZahllaufError):
    """The file is not a workbook zahllauf can read."""

    exit_code = 5

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Die Datei {path.name} ist keine lesbare Zahlungsliste ({reason}). "
            "Mit 'zahllauf wiederherstellen' holen Sie die vorige Fassung zurück."
        )
        self.path = path
        self.reason = reason


class NoBackupError(ZahllaufError):
    """There is no previous version to restore."""

    exit_code = 3

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Zu {path.name} gibt es keine Sicherung. Sie entsteht beim ersten Speichern "
            "durch zahllauf."
        )
        self.path = path


class SourceUnreachableError(ZahllaufError):
    """The inbox (folder or mailbox) cannot be read."""

    exit_code = 6

    def __init__(self, message: str) -> None:
        super().__init__(message)


class NoSourceError(ZahllaufError):
    """Neither a folder nor a mailbox is given."""

    exit_code = 2

    def __init__(self) -> None:
        from zahllauf import texts

        super().__init__(texts.NO_SOURCE)
