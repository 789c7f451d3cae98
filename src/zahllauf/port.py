"""The workbook port: the one small interface through which jobs talk to the workbook.

Two adapters implement it: :mod:`zahllauf.adapters.xlsx_file` on the file (openpyxl, no
Excel) and :mod:`zahllauf.adapters.xlwings_live` in a running Excel. Rows are plain dicts
keyed by the German column headers of :mod:`zahllauf.schema`; values are already converted
(``Decimal`` money, ``date`` dates, :class:`Link` for the Beleg column). Each row read
carries its sheet row number under :data:`ROW`, which ``update_rows`` takes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ROW = "_zeile"

Row = dict[str, Any]


@dataclass(frozen=True)
class Link:
    """A cell that links to a file, relative to the workbook's folder."""

    target: str
    text: str

    def __str__(self) -> str:
        return self.text


class WorkbookPort(Protocol):
    """What jobs may do with a workbook."""

    @property
    def folder(self) -> Path:
        """The folder the workbook lives in (archive and links are relative to it)."""
        ...

    def read_rows(self, sheet: str) -> list[Row]:
        """Every non-empty data row of a sheet, in sheet order, with :data:`ROW` set."""
        ...

    def append_rows(self, sheet: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Append rows in one block below the last row; tables and rules grow with them."""
        ...

    def update_rows(self, sheet: str, changes: Mapping[int, Mapping[str, Any]]) -> None:
        """Change some cells: sheet row number → {header: new value}; other cells stay."""
        ...

    def read_state(self) -> dict[str, str]:
        """The hidden state sheet as key → value."""
        ...

    def write_state(self, changes: Mapping[str, str | None]) -> None:
        """Set state keys; ``None`` deletes a key."""
        ...

    def progress(self, message: str) -> None:
        """Tell the person what is happening (status bar in Excel, log on the file)."""
        ...


def settings(port: WorkbookPort) -> dict[str, str]:
    """The Einstellungen sheet as key → value text (empty values included)."""
    result: dict[str, str] = {}
    for row in port.read_rows("Einstellungen"):
        key = row.get("Schlüssel")
        if key:
            value = row.get("Wert")
            result[str(key).strip()] = "" if value is None else str(value).strip()
    return result


__all__ = ["ROW", "Link", "Row", "WorkbookPort", "settings"]
