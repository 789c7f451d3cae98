"""The workbook port live in Excel, through xlwings (``Book.caller()`` of a ribbon button).

Every call into Excel crosses a process boundary (COM on Windows, Apple Events on the Mac)
and costs about a millisecond, so this adapter reads a sheet's used range in one call and
writes in blocks: appended rows as one rectangle, updates as the fewest rectangles of
changed cells, number formats per run of columns. Only cells a job names are written.

What crosses the boundary, and why:

* ``Decimal`` goes as ``float``. Excel keeps every number as an IEEE double, so this is
  exactly what Excel does with the openpyxl adapter's file too. xlwings passes ``Decimal``
  on untouched: pywin32 would make it a COM *Currency* (Excel then switches the cell to a
  currency format and keeps only four decimals), appscript on the Mac cannot pack it.
  ``float`` from a job is still refused, as in the file adapter.
* ``date`` goes as midnight ``datetime``: xlwings converts ``datetime`` on Windows and the
  Mac, a plain ``date`` only on Windows; Excel stores a date as that midnight anyway.
* Text goes with a leading apostrophe (Excel's text prefix, not part of the value): Excel
  parses a bare string like typed input, so ``00123`` would lose its zeros, ``1-2`` become a
  date, and ``=…`` from an invoice become a formula.
* A :class:`~zahllauf.port.Link` is its text in the block, then one ``add_hyperlink`` per
  cell: Excel's object model adds hyperlinks one anchor at a time. Reading a link costs one
  call per non-empty Beleg cell for the same reason.

xlwings is imported by no module here: the caller hands in the ``xlwings.Book``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from zahllauf import schema, texts
from zahllauf.adapters import cells
from zahllauf.errors import WorkbookInvalidError, ZahllaufError
from zahllauf.port import ROW, Link, Row
from zahllauf.schema import Kind, Sheet

__all__ = ["WorkbookNotLocalError", "XlwingsWorkbook", "rectangles"]

log = logging.getLogger(__name__)

TEXT_PREFIX = "'"

Cell = tuple[int, int]
# (first row, last row, first column, last column), 1-based and inclusive.
Rectangle = tuple[int, int, int, int]


class WorkbookNotLocalError(ZahllaufError):
    """The open workbook has no folder on this computer (never saved, or in the cloud)."""

    exit_code = 5

    def __init__(self, fullname: str) -> None:
        super().__init__(texts.LIVE_NOT_LOCAL.format(name=fullname))
        self.fullname = fullname


class XlwingsWorkbook:
    """:class:`~zahllauf.port.WorkbookPort` on an open ``xlwings.Book``."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.changed = False

    @property
    def path(self) -> Path:
        """The workbook's file; refused when Excel has none on this computer."""
        fullname = str(self.book.fullname)
        path = Path(fullname)
        if "://" in fullname or not path.is_absolute():
            raise WorkbookNotLocalError(fullname)
        return path

    @property
    def folder(self) -> Path:
        return self.path.parent

    def progress(self, message: str) -> None:
        log.info("%s", message)
        self.book.app.status_bar = message

    def finish(self) -> None:
        """Give the status bar back to Excel."""
        self.book.app.status_bar = False

    # Reading

    def read_rows(self, sheet: str) -> list[Row]:
        ws, spec = self._sheet(sheet)
        block = _used_block(ws)
        headers = _header_map(block[0])
        rows: list[Row] = []
        for offset, values in enumerate(block[1:]):
            row = self._read_row(ws, spec, headers, values, offset + 2)
            if row is not None:
                rows.append(row)
        return rows

    def _read_row(
        self, ws: Any, spec: Sheet, headers: dict[str, int], values: list[Any], number: int
    ) -> Row | None:
        if all(values[i - 1] in (None, "") for i in headers.values()):
            return None
        row: Row = {}
        for header, index in headers.items():
            kind = _kind(spec, header)
            value = values[index - 1]
            target = _link_target(ws, number, index) if kind is Kind.LINK and value else None
            row[header] = cells.from_cell(value, kind, target)
        row[ROW] = number
        return row

    def read_state(self) -> dict[str, str]:
        ws, _ = self._sheet(schema.STATE.name)
        return dict(_state_pairs(_used_block(ws)))

    # Writing

    def append_rows(self, sheet: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        ws, spec = self._sheet(sheet)
        block = _used_block(ws)
        headers = _header_map(block[0])
        first = _last_used_row(block, headers) + 1
        last = first + len(rows) - 1
        columns = [_column(spec, headers, h) for row in rows for h in row if h != ROW]
        left, right = min(columns), max(columns)
        by_index = {index: header for header, index in headers.items()}
        values = [
            [_to_excel(row.get(by_index.get(c, ""))) for c in range(left, right + 1)]
            for row in rows
        ]
        ws.range((first, left), (last, right)).value = values
        self._format(ws, spec, by_index, (first, last, left, right))
        links = {
            (first + n, headers[h]): v
            for n, row in enumerate(rows)
            for h, v in row.items()
            if isinstance(v, Link)
        }
        self._add_links(ws, links)
        _grow_tables(ws, last)
        self.changed = True
        log.info("appended %d rows to %s in rows %d-%d", len(rows), sheet, first, last)

    def update_rows(self, sheet: str, changes: Mapping[int, Mapping[str, Any]]) -> None:
        ws, spec = self._sheet(sheet)
        headers = _header_map(_header_row(ws))
        by_index = {index: header for header, index in headers.items()}
        values: dict[Cell, Any] = {}
        for number, row in changes.items():
            for header, value in row.items():
                if header != ROW:
                    values[(number, _column(spec, headers, header))] = value
        for top, bottom, left, right in rectangles(values):
            ws.range((top, left), (bottom, right)).value = [
                [_to_excel(values[(r, c)]) for c in range(left, right + 1)]
                for r in range(top, bottom + 1)
            ]
            self._format(ws, spec, by_index, (top, bottom, left, right))
        self._add_links(ws, {cell: v for cell, v in values.items() if isinstance(v, Link)})
        self.changed = self.changed or bool(values)

    def write_state(self, changes: Mapping[str, str | None]) -> None:
        """Rewrite the hidden state sheet's two columns in one block (it is zahllauf's own)."""
        if not changes:
            return
        ws, _ = self._sheet(schema.STATE.name)
        block = _used_block(ws)
        state = dict(_state_pairs(block))
        for key, value in changes.items():
            if value is None:
                state.pop(key, None)
            else:
                state[key] = value
        height = max(len(state), len(block) - 1)
        if height == 0:
            return
        lines: list[list[Any]] = [[_to_excel(k), _to_excel(v)] for k, v in state.items()]
        lines += [[None, None]] * (height - len(lines))
        ws.range((2, 1), (1 + height, 2)).value = lines
        self.changed = True

    def ensure_next_id(self) -> None:
        """IDs typed by hand, or a lost state sheet, must not make new IDs repeat."""
        stored = self.read_state().get(schema.STATE_NEXT_ID, "")
        ids = [r.get(schema.C.ID) for r in self.read_rows(schema.PAYMENTS.name)]
        highest = max((i for i in ids if isinstance(i, int)), default=0)
        next_id = max(int(stored) if stored.isdigit() else 1, highest + 1)
        if stored != str(next_id):
            self.write_state({schema.STATE_NEXT_ID: str(next_id)})

    def save(self) -> None:
        """Save the workbook in Excel, as the command line saves the file after a job."""
        self.book.save()

    # Helpers

    def _sheet(self, name: str) -> tuple[Any, Sheet]:
        if name not in [s.name for s in self.book.sheets]:
            raise WorkbookInvalidError(Path(str(self.book.fullname)), f"Blatt {name} fehlt")
        return self.book.sheets[name], schema.SHEETS_BY_NAME[name]

    def _format(self, ws: Any, spec: Sheet, by_index: dict[int, str], area: Rectangle) -> None:
        """Number formats of the schema, one call per run of columns with the same format."""
        top, bottom, left, right = area
        formats = {
            c: schema.NUMBER_FORMATS.get(_kind(spec, by_index[c]))
            for c in range(left, right + 1)
            if c in by_index
        }
        for first, last, number_format in _runs(formats):
            ws.range((top, first), (bottom, last)).number_format = number_format

    def _add_links(self, ws: Any, links: Mapping[Cell, Link]) -> None:
        for (number, index), link in sorted(links.items()):
            ws.range((number, index)).add_hyperlink(
                link.target, link.text, texts.LIVE_LINK_TIP.format(target=link.target)
            )


def _used_block(ws: Any) -> list[list[Any]]:
    """Everything from A1 to the used range's last cell, in one read."""
    last = ws.used_range.last_cell
    block = ws.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(line) for line in block]


def _header_row(ws: Any) -> list[Any]:
    last = ws.used_range.last_cell
    return list(ws.range((1, 1), (1, last.column)).options(ndim=2).value[0])


def _header_map(header_row: Sequence[Any]) -> dict[str, int]:
    headers: dict[str, int] = {}
    for index, value in enumerate(header_row, start=1):
        if value is not None and str(value).strip():
            headers.setdefault(str(value).strip(), index)
    return headers


def _last_used_row(block: list[list[Any]], headers: dict[str, int]) -> int:
    for number in range(len(block), 1, -1):
        if any(block[number - 1][i - 1] not in (None, "") for i in headers.values()):
            return number
    return 1


def _state_pairs(block: list[list[Any]]) -> Iterator[tuple[str, str]]:
    for line in block[1:]:
        key = cells.from_cell(line[0], Kind.TEXT)
        if key:
            value = cells.from_cell(line[1] if len(line) > 1 else None, Kind.TEXT)
            yield str(key), "" if value is None else str(value)


def _kind(spec: Sheet, header: str) -> Kind:
    return spec.column(header).kind if header in spec.headers else Kind.TEXT


def _column(spec: Sheet, headers: dict[str, int], header: str) -> int:
    index = headers.get(header)
    if index is None:
        raise KeyError(f"{spec.name} has no column {header!r}")
    return index


def _link_target(ws: Any, number: int, index: int) -> str | None:
    try:
        return str(ws.range((number, index)).hyperlink) or None
    except Exception:  # xlwings raises a bare Exception for a cell without a hyperlink
        return None


def _to_excel(value: Any) -> Any:
    """A port value as xlwings should pass it to Excel (see the module docstring)."""
    cells.check_writable(value)
    value = cells.clean_text(value)
    if isinstance(value, Link):
        value = value.text
    if isinstance(value, date) and not isinstance(value, datetime):
        # xlwings converts datetime on both platforms, but a plain date only on Windows;
        # midnight of the day is what Excel stores for a date anyway.
        return datetime(value.year, value.month, value.day)
    if value is None or isinstance(value, bool | int | datetime):
        return value
    if isinstance(value, Decimal):
        return float(value)
    text = str(value)
    return TEXT_PREFIX + text if text else None


def _runs(formats: Mapping[int, str | None]) -> Iterator[tuple[int, int, str]]:
    """(first, last, format) for each run of adjacent columns sharing a format."""
    run: list[int] = []
    for column in sorted(formats):
        number_format = formats[column]
        if run and (column != run[-1] + 1 or formats[run[0]] != number_format):
            yield from _closed(run, formats)
            run = []
        if number_format is not None:
            run.append(column)
    yield from _closed(run, formats)


def _closed(run: list[int], formats: Mapping[int, str | None]) -> Iterator[tuple[int, int, str]]:
    if run:
        number_format = formats[run[0]]
        assert number_format is not None
        yield run[0], run[-1], number_format


def rectangles(cells_: Mapping[Cell, Any]) -> list[Rectangle]:
    """Cover exactly the given cells with few rectangles, for one write each.

    Rows changing the same columns are grouped; within a group, adjacent rows and adjacent
    columns make one rectangle. No cell outside ``cells_`` is covered.

    >>> rectangles({(2, 16): 1, (2, 18): 1, (2, 19): 1, (3, 16): 1, (3, 18): 1, (3, 19): 1})
    [(2, 3, 16, 16), (2, 3, 18, 19)]
    """
    columns_of: dict[int, set[int]] = defaultdict(set)
    for row, column in cells_:
        columns_of[row].add(column)
    rows_of: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for row, changed in sorted(columns_of.items()):
        rows_of[tuple(sorted(changed))].append(row)
    result: list[Rectangle] = []
    for columns, rows in rows_of.items():
        for top, bottom in _spans(rows):
            result += [(top, bottom, left, right) for left, right in _spans(list(columns))]
    return sorted(result)


def _spans(numbers: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if spans and number == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    return spans


def _grow_tables(ws: Any, last_row: int) -> None:
    """Let the sheet's Excel tables reach ``last_row`` (Excel grows their rules with them)."""
    for table in ws.tables:
        area = table.range
        bottom, right = area.last_cell.row, area.last_cell.column
        if last_row > bottom:
            table.resize(ws.range((area.row, area.column), (last_row, right)))
