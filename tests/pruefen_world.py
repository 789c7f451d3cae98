"""Shared steps of the pruefen fault tests: a workbook, an inbox, a fetch, a re-check.

Real workbook files and the real jobs; each test module fixes its own day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from zahllauf import schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.checks import Checker
from zahllauf.jobs.abrufen import fetch
from zahllauf.jobs.pruefen import pruefen
from zahllauf.schema import C
from zahllauf.sources.folder import FolderSource

Rows = dict[int, dict[str, Any]]


def rows(path: Path) -> Rows:
    """The Zahlungsliste rows by ID."""
    with open_workbook(path, save=False) as port:
        return {r[C.ID]: r for r in port.read_rows(schema.PAYMENTS.name)}


def suppliers(path: Path) -> list[dict[str, Any]]:
    with open_workbook(path, save=False) as port:
        return port.read_rows(schema.SUPPLIERS.name)


def check(path: Path, today: date) -> Rows:
    """``zahllauf pruefen`` on the file, as of ``today``."""
    with open_workbook(path) as port:
        pruefen(port, today)
    return rows(path)


def fetch_from(path: Path, inbox: Path, today: date) -> Rows:
    """``zahllauf abrufen --ordner inbox`` on the file, as of ``today``."""
    with open_workbook(path) as port:
        fetch(port, FolderSource(inbox), today=today, checker=Checker.from_port(port, today))
    return rows(path)


def inbox_with(tmp_path: Path, documents: dict[str, bytes]) -> Path:
    inbox = tmp_path / "Eingang"
    inbox.mkdir(exist_ok=True)
    for name, data in documents.items():
        (inbox / name).write_bytes(data)
    return inbox
