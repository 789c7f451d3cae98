"""A recording double of the few xlwings objects the live adapter uses: no Excel here.

``BookDouble``, ``SheetDouble``, ``RangeDouble``, ``TableDouble`` and ``AppDouble`` stand in
for ``xlwings.Book``/``Sheet``/``Range``/``Table``/``App``. Each sheet is an in-memory grid
that behaves as Excel does where it matters to the adapter:

* numbers come back as ``float`` and dates as ``datetime`` (what COM and AppleScript give);
* a string without the ``'`` text prefix is parsed like typed input (``00123`` becomes the
  number 123, ``=…`` would be a formula, which the double refuses loudly);
* ``Decimal`` is refused (pywin32 would make it a Currency, appscript cannot pack it);
* a 2-D list must have the shape of the range it is written to.

Every call is recorded in ``book.calls`` so a test can assert that writes come in blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

Cell = tuple[int, int]

_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_BOOLEANS = {"TRUE": True, "FALSE": False, "WAHR": True, "FALSCH": False}


@dataclass(frozen=True)
class Call:
    """One recorded call: what was done, on which sheet, to which cells."""

    action: str
    sheet: str = ""
    address: str = ""
    detail: Any = None


class DoubleError(AssertionError):
    """The adapter did something Excel would get wrong or refuse."""


def address(top: int, left: int, bottom: int, right: int) -> str:
    first = f"{get_column_letter(left)}{top}"
    return (
        first if (top, left) == (bottom, right) else f"{first}:{get_column_letter(right)}{bottom}"
    )


def excel_stored(value: Any) -> Any:
    """What Excel keeps when xlwings hands it ``value`` (as typed input, for strings)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        raise DoubleError("Decimal reaches Excel as Currency (Windows) or not at all (Mac)")
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return _typed(value)
    raise DoubleError(f"xlwings cannot pass {type(value).__name__} to Excel")


def _typed(text: str) -> Any:
    if text.startswith("'"):
        return text[1:] or None
    if text.startswith("="):
        raise DoubleError(f"Excel would evaluate {text!r} as a formula")
    if _NUMBER.match(text.strip()):
        return float(text.strip().replace(",", "."))
    match = _DATE.match(text.strip())
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime(year, month, day)
    return _BOOLEANS.get(text.strip().upper(), text)


def absolute(where: str) -> str:
    """``A3:V4,7:7`` as Excel's ``Range.Address`` gives it: ``$A$3:$V$4,$7:$7``."""
    return re.sub(r"([A-Z]+|\d+)", r"$\1", where)


class AppDouble:
    """``xlwings.App``: the status bar and message boxes."""

    def __init__(self, book: BookDouble) -> None:
        self._book = book
        self._status: str | bool = False
        self.status_history: list[str | bool] = []
        self.alerts: list[dict[str, Any]] = []
        self.selection: Any = None

    @property
    def status_bar(self) -> str | bool:
        return self._status

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self._status = value
        self.status_history.append(value)
        self._book.calls.append(Call("status_bar", detail=value))

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str:
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        self._book.calls.append(Call("alert", detail=prompt))
        return "ok"


class BookDouble:
    """``xlwings.Book``: sheets by name, its file name, save, the current selection."""

    def __init__(self, fullname: str) -> None:
        self.fullname = fullname
        self.calls: list[Call] = []
        self.app = AppDouble(self)
        self._sheets: list[SheetDouble] = []
        self.saved = 0

    @property
    def sheets(self) -> SheetsDouble:
        return SheetsDouble(self._sheets)

    @property
    def selection(self) -> Any:
        return self.app.selection

    def add_sheet(self, name: str) -> SheetDouble:
        sheet = SheetDouble(self, name)
        self._sheets.append(sheet)
        return sheet

    def save(self, path: str | None = None) -> None:
        self.saved += 1
        self.calls.append(Call("save"))

    def select(self, sheet: str, where: str) -> None:
        """Select cells as a person would, e.g. ``"A3:V4,A7:V7"`` (areas joined by commas)."""
        self.app.selection = SelectionDouble(self.sheets[sheet], where)

    def writes(self, sheet: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.action == "write" and sheet in (None, c.sheet)]

    @classmethod
    def from_xlsx(cls, path: Path, fullname: str | None = None) -> BookDouble:
        """A book holding what a real workbook file holds: values, formats, links, tables."""
        book = cls(fullname or str(path))
        source = load_workbook(path)
        for ws in source.worksheets:
            sheet = book.add_sheet(ws.title)
            for line in ws.iter_rows():
                for cell in line:
                    sheet.load_cell(cell)
            for table in ws.tables.values():
                left, top, right, bottom = range_boundaries(table.ref)
                sheet.tables.append(TableDouble(sheet, table.displayName, top, left, bottom, right))
        book.calls.clear()
        return book


class SheetsDouble:
    """``book.sheets``: iterate, or pick one by name."""

    def __init__(self, sheets: list[SheetDouble]) -> None:
        self._sheets = sheets

    def __iter__(self) -> Any:
        return iter(self._sheets)

    def __getitem__(self, name: str) -> SheetDouble:
        for sheet in self._sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)


class SheetDouble:
    """``xlwings.Sheet``: a grid of values, number formats and hyperlinks."""

    def __init__(self, book: BookDouble, name: str) -> None:
        self.book = book
        self.name = name
        self.values: dict[Cell, Any] = {}
        self.formats: dict[Cell, str] = {}
        self.links: dict[Cell, str] = {}
        self.tables: list[TableDouble] = []

    def load_cell(self, cell: Any) -> None:
        key = (cell.row, cell.column)
        if cell.value is not None:
            self.values[key] = excel_stored(
                "'" + cell.value if isinstance(cell.value, str) else cell.value
            )
        if cell.number_format != "General":
            self.formats[key] = cell.number_format
        if cell.hyperlink is not None and cell.hyperlink.target:
            self.links[key] = cell.hyperlink.target

    def range(self, first: Cell | str, last: Cell | None = None) -> RangeDouble:
        if isinstance(first, str):
            left, top, right, bottom = range_boundaries(first)
            return RangeDouble(self, top, left, bottom, right)
        last = last or first
        return RangeDouble(self, first[0], first[1], last[0], last[1])

    @property
    def used_range(self) -> RangeDouble:
        used = set(self.values) | set(self.formats) | set(self.links)
        if not used:
            return RangeDouble(self, 1, 1, 1, 1)
        rows = [r for r, _ in used]
        columns = [c for _, c in used]
        return RangeDouble(self, min(rows), min(columns), max(rows), max(columns))

    def record(self, action: str, area: RangeDouble, detail: Any = None) -> None:
        self.book.calls.append(Call(action, self.name, area.address, detail))


class RangeDouble:
    """``xlwings.Range`` over a rectangle of a :class:`SheetDouble`."""

    def __init__(
        self, sheet: SheetDouble, top: int, left: int, bottom: int, right: int, ndim: int = 0
    ) -> None:
        if top > bottom or left > right or top < 1 or left < 1:
            raise DoubleError(f"no such range: {(top, left, bottom, right)}")
        self.sheet = sheet
        self.top, self.left, self.bottom, self.right = top, left, bottom, right
        self._ndim = ndim

    @property
    def address(self) -> str:
        return absolute(address(self.top, self.left, self.bottom, self.right))

    @property
    def row(self) -> int:
        return self.top

    @property
    def column(self) -> int:
        return self.left

    @property
    def shape(self) -> tuple[int, int]:
        return self.bottom - self.top + 1, self.right - self.left + 1

    @property
    def last_cell(self) -> RangeDouble:
        return RangeDouble(self.sheet, self.bottom, self.right, self.bottom, self.right)

    def options(self, ndim: int | None = None, **_: Any) -> RangeDouble:
        return RangeDouble(self.sheet, self.top, self.left, self.bottom, self.right, ndim or 0)

    def _cells(self) -> list[list[Cell]]:
        return [
            [(r, c) for c in range(self.left, self.right + 1)]
            for r in range(self.top, self.bottom + 1)
        ]

    @property
    def value(self) -> Any:
        self.sheet.record("read", self)
        grid = [[self.sheet.values.get(cell) for cell in line] for line in self._cells()]
        if self._ndim == 2:
            return grid
        if self.shape == (1, 1):
            return grid[0][0]
        if 1 in self.shape:
            return [v for line in grid for v in line]
        return grid

    @value.setter
    def value(self, data: Any) -> None:
        grid = data if isinstance(data, list) else [[data]]
        if [len(line) for line in grid] != [self.shape[1]] * self.shape[0]:
            raise DoubleError(f"data of another shape than {self.address}")
        self.sheet.record("write", self, self.shape)
        for line, values in zip(self._cells(), grid, strict=True):
            for cell, value in zip(line, values, strict=True):
                stored = excel_stored(value)
                if stored is None:
                    self.sheet.values.pop(cell, None)
                else:
                    self.sheet.values[cell] = stored

    @property
    def number_format(self) -> str | None:
        found = {self.sheet.formats.get(cell, "General") for line in self._cells() for cell in line}
        return found.pop() if len(found) == 1 else None

    @number_format.setter
    def number_format(self, value: str) -> None:
        self.sheet.record("number_format", self, value)
        for line in self._cells():
            for cell in line:
                self.sheet.formats[cell] = value

    @property
    def hyperlink(self) -> str:
        self._single("hyperlink")
        self.sheet.record("read_hyperlink", self)
        target = self.sheet.links.get((self.top, self.left))
        if target is None:
            raise Exception("The cell doesn't seem to contain a hyperlink!")
        return target

    def add_hyperlink(
        self, address: str, text_to_display: str | None = None, screen_tip: str | None = None
    ) -> None:
        self._single("add_hyperlink")
        self.sheet.record("add_hyperlink", self, (address, text_to_display, screen_tip))
        cell = (self.top, self.left)
        self.sheet.links[cell] = address
        self.sheet.values[cell] = text_to_display or address

    def _single(self, what: str) -> None:
        if self.shape != (1, 1):
            raise DoubleError(f"{what} works on one cell only, not {self.address}")


class TableDouble:
    """``xlwings.main.Table`` (an Excel ListObject): its range, and resize."""

    def __init__(
        self, sheet: SheetDouble, name: str, top: int, left: int, bottom: int, right: int
    ) -> None:
        self.sheet = sheet
        self.name = name
        self.area = (top, left, bottom, right)

    @property
    def range(self) -> RangeDouble:
        return RangeDouble(self.sheet, *self.area)

    @property
    def ref(self) -> str:
        return address(*self.area)

    def resize(self, area: RangeDouble) -> None:
        self.sheet.record("resize", area, self.name)
        self.area = (area.top, area.left, area.bottom, area.right)


class SelectionDouble:
    """``book.selection`` as the adapter sees it: its sheet and its (multi-area) address."""

    def __init__(self, sheet: SheetDouble, where: str) -> None:
        self.sheet = sheet
        self.address = absolute(where)
