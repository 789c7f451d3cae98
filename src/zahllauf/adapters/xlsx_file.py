"""The workbook port on the file, with openpyxl: no Excel needed.

Opening refuses a workbook that Excel holds (its lock file) and one with parts openpyxl
would drop. Saving is atomic (temporary file, then replace) and keeps the previous version
as a backup beside the workbook, which :func:`restore` brings back.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from zahllauf import schema
from zahllauf.adapters import cells, xlsx_template
from zahllauf.adapters.file_safety import (
    backup_path,
    copy_atomically,
    ensure_not_locked,
    fsync,
    run_lock,
)
from zahllauf.errors import (
    BackupInvalidError,
    ColumnMissingError,
    NoBackupError,
    WorkbookInvalidError,
    WorkbookMissingError,
    WorkbookUnsupportedError,
)
from zahllauf.port import ROW, Link, Row
from zahllauf.schema import Kind, Sheet

log = logging.getLogger(__name__)

# Parts of an .xlsx that openpyxl does not write back, with the German name shown.
_UNSUPPORTED_PARTS = (
    ("xl/charts/", "Diagramme"),
    ("xl/drawings/", "Grafiken oder Bilder"),
    ("xl/media/", "Grafiken oder Bilder"),
    ("xl/comments", "Kommentare (Notizen)"),
    ("xl/threadedComments/", "Kommentare"),
    ("xl/pivotTables/", "PivotTables"),
    ("xl/slicers/", "Datenschnitte"),
    ("xl/ctrlProps/", "Steuerelemente"),
)
# Worksheet extension elements (x14) that openpyxl drops silently.
_UNSUPPORTED_EXT = (
    (b"x14:conditionalFormatting", "erweiterte bedingte Formatierung"),
    (b"x14:dataValidation", "erweiterte Datenüberprüfung"),
    (b"x14:sparklineGroup", "Sparklines"),
    (b"x14:slicerList", "Datenschnitte"),
)


def unsupported_parts(path: Path) -> list[str]:
    """German names of what the file holds that would be lost by writing it with openpyxl."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for prefix, label in _UNSUPPORTED_PARTS:
            # Comments are drawn through legacy VML shapes in xl/drawings/: those are the
            # comments, already named, not pictures.
            parts = [n for n in names if n.startswith(prefix) and not n.endswith(".vml")]
            if parts and label not in found:
                found.append(label)
        for name in names:
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                data = archive.read(name)
                for marker, label in _UNSUPPORTED_EXT:
                    if marker in data and label not in found:
                        found.append(label)
    return found


@contextmanager
def open_workbook(path: Path, *, save: bool = True) -> Iterator[XlsxWorkbook]:
    """Open the workbook file as a port; on a clean exit, save it atomically if changed.

    An exception inside the block leaves the file untouched. While a saving job runs, a
    run lock beside the workbook keeps a second zahllauf run from writing at the same time.
    """
    path = Path(path)
    if not path.is_file():
        raise WorkbookMissingError(path)
    if not save:
        yield _load(path, save=False)
        return
    ensure_not_locked(path)
    with run_lock(path):
        port = _load(path, save=True)
        yield port
        if port.changed:
            save_atomically(port.workbook, path)


def _load(path: Path, *, save: bool) -> XlsxWorkbook:
    has_backup = backup_path(path).is_file()
    try:
        parts = unsupported_parts(path)
    except PermissionError:
        raise  # the command line says "Keine Berechtigung" (exit 13), not "no Excel file"
    except (zipfile.BadZipFile, OSError) as error:
        raise WorkbookInvalidError(path, NOT_EXCEL, has_backup=has_backup) from error
    if parts and save:
        raise WorkbookUnsupportedError(path, parts)
    try:
        workbook = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=False)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        log.debug("workbook not loadable: %s", type(error).__name__)
        raise WorkbookInvalidError(path, DAMAGED, has_backup=has_backup) from error
    if not is_payment_list(workbook):
        raise WorkbookInvalidError(path, NOT_A_PAYMENT_LIST, has_backup=has_backup)
    port = XlsxWorkbook(path, workbook)
    port.migrate()
    return port


WRAP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15  # points, Calibri 11
MAX_LINES = 4


def _wrap(ws: Worksheet, cell: Any, text: str, width: int) -> None:
    """Wrap long text in its cell and give the row room for it (up to four lines).

    Neither LibreOffice nor every Excel sizes a row for wrapped text written by a file,
    so the height is estimated from the column width in characters.
    """
    cell.alignment = WRAP
    lines = min(MAX_LINES, max(1, -(-len(text) // max(1, width - 2))))
    current = ws.row_dimensions[cell.row].height or LINE_HEIGHT
    ws.row_dimensions[cell.row].height = max(current, LINE_HEIGHT * lines)


NOT_EXCEL = "keine Excel-Datei"
DAMAGED = "beschädigt oder in einem Format, das zahllauf nicht lesen kann"
NOT_A_PAYMENT_LIST = (
    "es fehlt das Blatt „Zahlungsliste“ mit den Spalten ID, Lieferant, Betrag …; "
    "zahllauf ändert fremde Mappen nicht"
)
# A workbook of an early version has a subset of the columns; three of these in the header
# row of the Zahlungsliste sheet (or zahllauf's own state sheet) mark it as ours.
_KEY_HEADERS = {schema.C.ID, schema.C.LIEFERANT, schema.C.NUMMER, schema.C.BETRAG, schema.C.STATUS}


def is_payment_list(workbook: Workbook) -> bool:
    """Whether the workbook is a Zahlungsliste (of any schema version), not a foreign one."""
    if schema.STATE.name in workbook.sheetnames:
        return True
    if schema.PAYMENTS.name not in workbook.sheetnames:
        return False
    headers = set(_header_map(workbook[schema.PAYMENTS.name]))
    return len(headers & _KEY_HEADERS) >= 3


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Write to a temporary file beside ``path``, back up the old file, then replace it.

    ``os.replace`` is atomic on one file system, so a reader (or a crash) sees either the
    old or the new workbook, never a half-written one.
    """
    handle, temp_name = tempfile.mkstemp(prefix=".~zahllauf-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        workbook.save(temp)
        fsync(temp)
        if path.exists():
            shutil.copymode(path, temp)
        copy_atomically(path, backup_path(path))
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    log.info("saved %s", path.name)


def _check_backup(backup: Path) -> None:
    """Refuse to bring back a backup that is no readable Zahlungsliste."""
    try:
        workbook = load_workbook(backup, read_only=True)
        valid = is_payment_list(workbook)
        workbook.close()
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise BackupInvalidError(backup) from error
    if not valid:
        raise BackupInvalidError(backup)


def restore(path: Path) -> Path:
    """Swap the workbook with its backup, so the restore itself can be undone."""
    path = Path(path)
    backup = backup_path(path)
    if not backup.is_file():
        raise NoBackupError(path)
    ensure_not_locked(path)
    _check_backup(backup)
    with run_lock(path):
        handle, temp_name = tempfile.mkstemp(prefix=".~zahllauf-", dir=path.parent)
        os.close(handle)
        temp = Path(temp_name)
        try:
            shutil.copy2(backup, temp)
            if path.exists():
                copy_atomically(path, backup)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)
    return backup


class XlsxWorkbook:
    """:class:`~zahllauf.port.WorkbookPort` on an openpyxl workbook."""

    def __init__(self, path: Path, workbook: Workbook) -> None:
        self.path = path
        self.workbook = workbook
        self.changed = False

    @property
    def folder(self) -> Path:
        return self.path.parent

    def progress(self, message: str) -> None:
        log.info("%s", message)

    # Reading

    def read_rows(self, sheet: str) -> list[Row]:
        ws, spec = self._sheet(sheet)
        headers = _header_map(ws)
        rows: list[Row] = []
        for number in range(2, ws.max_row + 1):
            row = self._read_row(ws, spec, headers, number)
            if row is not None:
                rows.append(row)
        return rows

    def _read_row(
        self, ws: Worksheet, spec: Sheet, headers: dict[str, int], number: int
    ) -> Row | None:
        row: Row = {}
        for header, index in headers.items():
            cell = ws.cell(row=number, column=index)
            kind = spec.column(header).kind if header in spec.headers else Kind.TEXT
            row[header] = _from_cell(cell.value, kind, cell.hyperlink)
        if all(v is None or v == "" for v in row.values()):
            return None
        row[ROW] = number
        return row

    def read_state(self) -> dict[str, str]:
        ws, _ = self._sheet(schema.STATE.name)
        state: dict[str, str] = {}
        for key, value in ws.iter_rows(min_row=2, max_col=2, values_only=True):
            if key:
                state[str(key)] = "" if value is None else str(value)
        return state

    # Writing

    def append_rows(self, sheet: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        ws, spec = self._sheet(sheet)
        headers = _header_map(ws)
        first = _last_used_row(ws, headers) + 1
        for offset, values in enumerate(rows):
            self._write_row(ws, spec, headers, first + offset, values)
        self._grow(ws, first + len(rows) - 1)
        self.changed = True

    def update_rows(self, sheet: str, changes: Mapping[int, Mapping[str, Any]]) -> None:
        ws, spec = self._sheet(sheet)
        headers = _header_map(ws)
        for number, values in changes.items():
            if self._write_row(ws, spec, headers, number, values):
                self.changed = True

    def write_state(self, changes: Mapping[str, str | None]) -> None:
        if not changes:
            return
        ws, _ = self._sheet(schema.STATE.name)
        positions = {str(ws.cell(row=r, column=1).value): r for r in range(2, ws.max_row + 1)}
        deleted: list[int] = []
        for key, value in changes.items():
            number = positions.get(key)
            if value is None:
                if number is not None:
                    deleted.append(number)
                continue
            if number is None:
                number = ws.max_row + 1
                positions[key] = number
                _to_cell(ws.cell(row=number, column=1), key, Kind.TEXT)
            # State values carry foreign text too (a supplier's name): the same guard as
            # every other cell, so "=WEBSERVICE(…)" can never become a formula here.
            if _to_cell(ws.cell(row=number, column=2), value, Kind.TEXT):
                self.changed = True
        for number in sorted(deleted, reverse=True):
            ws.delete_rows(number)
            self.changed = True

    def _write_row(
        self,
        ws: Worksheet,
        spec: Sheet,
        headers: dict[str, int],
        number: int,
        values: Mapping[str, Any],
    ) -> bool:
        changed = False
        for header, value in values.items():
            if header == ROW:
                continue
            index = headers.get(header)
            if index is None:
                raise KeyError(f"{spec.name} has no column {header!r}")
            column = spec.column(header) if header in spec.headers else None
            cell = ws.cell(row=number, column=index)
            changed |= _to_cell(cell, value, column.kind if column else Kind.TEXT)
            if column is not None and column.wrap and value:
                _wrap(ws, cell, str(value), column.width)
        return changed

    # Sheets, tables and rules

    def _sheet(self, name: str) -> tuple[Worksheet, Sheet]:
        if name not in self.workbook.sheetnames:
            raise WorkbookInvalidError(self.path, f"Blatt {name} fehlt")
        return self.workbook[name], schema.SHEETS_BY_NAME[name]

    def _grow(self, ws: Worksheet, last_row: int) -> None:
        """Let the sheet's table, conditional formats and drop-downs reach ``last_row``."""
        for table in ws.tables.values():
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            old_bottom = max_row
            if last_row > old_bottom:
                table.ref = _ref(min_col, min_row, max_col, last_row)
                if table.autoFilter is not None:
                    table.autoFilter.ref = table.ref
                _grow_rules(ws, old_bottom, last_row)

    # Migration

    def migrate(self) -> None:
        """Bring an older workbook up to the current schema; every value is kept.

        A workbook already at the current schema version that lacks a column had it
        renamed or deleted by a person: that is refused with the column's name, since a
        new empty column would make every row look as if its value were missing.
        """
        current = self._schema_version() == schema.SCHEMA_VERSION
        for spec in schema.SHEETS:
            if spec.name not in self.workbook.sheetnames:
                xlsx_template.add_sheet(self.workbook, spec)
                self.changed = True
                log.info("added sheet %s", spec.name)
                continue
            if current:
                self._refuse_missing_columns(spec)
            self._add_missing_columns(spec)
        self._add_missing_settings()
        state = self.read_state()
        if state.get(schema.STATE_SCHEMA_VERSION) != str(schema.SCHEMA_VERSION):
            self.write_state({schema.STATE_SCHEMA_VERSION: str(schema.SCHEMA_VERSION)})
        # IDs typed by hand, or a state sheet that was lost, must not make IDs repeat.
        stored = state.get(schema.STATE_NEXT_ID, "")
        next_id = max(int(stored) if stored.isdigit() else 1, self._next_free_id())
        if stored != str(next_id):
            self.write_state({schema.STATE_NEXT_ID: str(next_id)})

    def _schema_version(self) -> int:
        if schema.STATE.name not in self.workbook.sheetnames:
            return 0
        version = self.read_state().get(schema.STATE_SCHEMA_VERSION, "")
        return int(version) if version.isdigit() else 0

    def _refuse_missing_columns(self, spec: Sheet) -> None:
        headers = _header_map(self.workbook[spec.name])
        missing = [c.header for c in spec.columns if c.header not in headers]
        if missing:
            raise ColumnMissingError(self.path, spec.name, missing)

    def _add_missing_columns(self, spec: Sheet) -> None:
        ws = self.workbook[spec.name]
        headers = _header_map(ws)
        missing = [c for c in spec.columns if c.header not in headers]
        if not missing:
            return
        next_index = max(headers.values(), default=0) + 1
        for offset, column in enumerate(missing):
            index = next_index + offset
            ws.cell(row=1, column=index, value=column.header)
            ws.column_dimensions[get_column_letter(index)].width = column.width
        for table in ws.tables.values():
            min_col, min_row, _, max_row = range_boundaries(table.ref)
            table.ref = _ref(min_col, min_row, next_index + len(missing) - 1, max_row)
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
            for column in missing:
                table.tableColumns.append(
                    TableColumn(id=len(table.tableColumns) + 1, name=column.header)
                )
        self.changed = True
        log.info("added columns to %s: %s", spec.name, [c.header for c in missing])

    def _add_missing_settings(self) -> None:
        ws = self.workbook[schema.SETTINGS.name]
        present = {str(ws.cell(row=r, column=1).value) for r in range(2, ws.max_row + 1)}
        for key, value, note in schema.DEFAULT_SETTINGS:
            if key not in present:
                ws.append([key, value, note])
                self.changed = True

    def _next_free_id(self) -> int:
        ids = [r.get(schema.C.ID) for r in self.read_rows(schema.PAYMENTS.name)]
        return max((i for i in ids if isinstance(i, int)), default=0) + 1


def _header_map(ws: Worksheet) -> dict[str, int]:
    headers: dict[str, int] = {}
    for cell in ws[1]:
        if cell.value is not None and str(cell.value).strip():
            headers.setdefault(str(cell.value).strip(), cell.column)
    return headers


def _last_used_row(ws: Worksheet, headers: dict[str, int]) -> int:
    for number in range(ws.max_row, 1, -1):
        if any(ws.cell(row=number, column=i).value not in (None, "") for i in headers.values()):
            return number
    return 1


def _ref(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def _grow_range(ranges: MultiCellRange, old_bottom: int, new_bottom: int) -> MultiCellRange:
    grown = MultiCellRange()
    for cell_range in ranges.ranges:
        if cell_range.max_row == old_bottom:
            cell_range = CellRange(
                min_col=cell_range.min_col,
                min_row=cell_range.min_row,
                max_col=cell_range.max_col,
                max_row=new_bottom,
            )
        grown.add(cell_range.coord)
    return grown


def _grow_rules(ws: Worksheet, old_bottom: int, new_bottom: int) -> None:
    """Ranges of conditional formats and drop-downs ending at the table's bottom grow too."""
    rebuilt = ConditionalFormattingList()
    for formatting in ws.conditional_formatting:
        ranges = _grow_range(formatting.sqref, old_bottom, new_bottom)
        for rule in formatting.rules:
            rebuilt.add(str(ranges), rule)
    rebuilt.max_priority = ws.conditional_formatting.max_priority
    ws.conditional_formatting = rebuilt
    for validation in ws.data_validations.dataValidation:
        validation.sqref = _grow_range(validation.sqref, old_bottom, new_bottom)


# Cell value conversion (shared with the live adapter in :mod:`zahllauf.adapters.cells`)


def _from_cell(value: Any, kind: Kind, hyperlink: Any = None) -> Any:
    """A cell's value as the schema's type; text a person typed is parsed where clear."""
    target = hyperlink.target if hyperlink is not None else None
    return cells.from_cell(value, kind, target)


def _to_cell(cell: Any, value: Any, kind: Kind) -> bool:
    """Write one value; True when the cell changed.

    Text from invoices and mails is cleaned of control characters and always stored as
    text: "=HYPERLINK(…)" in a supplier name must never become a formula.
    """
    cells.check_writable(value)
    value = cells.clean_text(value)
    if isinstance(value, Link):
        old_target = cell.hyperlink.target if cell.hyperlink is not None else None
        if cell.value == value.text and old_target == value.target:
            return False
        cell.value = value.text
        cell.hyperlink = value.target
        cell.style = "Hyperlink"
        return True
    if _same(cell, value, kind):
        return False
    cell.value = value
    if cells.is_formula_like(value):
        cell.data_type = "s"
    number_format = xlsx_template.number_format(kind)
    if number_format and value is not None:
        cell.number_format = number_format
    return True


def _same(cell: Any, value: Any, kind: Kind) -> bool:
    """Whether the cell already holds ``value`` (as the schema reads it)."""
    if cell.hyperlink is not None and kind is Kind.LINK:
        return False
    return bool(_from_cell(cell.value, kind) == _from_cell(value, kind))
