"""Build the Zahlungsliste workbook from the schema (file template and migrations).

The committed ``xlsx_templates/Zahlungsliste.xlsx`` is made by :func:`build_template`; a
test compares it with a fresh build by content.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from zahllauf import schema
from zahllauf.schema import C, Kind, Sheet

HEADER_FILL = PatternFill("solid", fgColor="305496")
HEADER_FONT = Font(bold=True, color="FFFFFF")

# Row colours, first match wins (the rules carry stopIfTrue in this order).
FILL_PAID = "C6EFCE"
FILL_CANCELLED = "D9D9D9"
FILL_DEBIT = "DDEBF7"
FILL_CHECK = "F8CBAD"
FILL_OVERDUE = "FF7C80"
FILL_SKONTO_SOON = "FFF2A8"

# Data rows a fresh table spans, so that the rules and drop-down already cover typing.
EMPTY_ROWS = 1


def build_template(path: Path) -> None:
    """Write a fresh, empty Zahlungsliste workbook to ``path``."""
    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    for sheet in schema.SHEETS:
        add_sheet(workbook, sheet)
    workbook.save(path)


def add_sheet(workbook: Workbook, sheet: Sheet) -> Worksheet:
    """Add one schema sheet with headers, widths, formats, table and rules."""
    ws = workbook.create_sheet(sheet.name)
    write_headers(ws, sheet)
    if sheet.table:
        ws.add_table(_table(sheet, last_row=1 + EMPTY_ROWS))
    if sheet is schema.PAYMENTS:
        set_payment_rules(ws, last_row=1 + EMPTY_ROWS)
        # The meeting's printout: up to "Bezahlt Betrag", left blank to write on; Beleg,
        # Quelle and Bemerkung stay on screen (all 22 columns on A4 would be unreadable).
        ws.print_area = f"A1:{column_letter(schema.PAYMENTS, C.BEZAHLT_BETRAG)}1048576"
    if not sheet.hidden:
        _print_setup(ws, landscape=len(sheet.columns) > 6)
    if sheet is schema.SETTINGS:
        _fill_settings(ws, schema.DEFAULT_SETTINGS)
    if sheet is schema.STATE:
        ws.append([schema.STATE_SCHEMA_VERSION, str(schema.SCHEMA_VERSION)])
        ws.append([schema.STATE_NEXT_ID, "1"])
    if sheet.hidden:
        ws.sheet_state = "hidden"
    ws.freeze_panes = "A2"
    return ws


def write_headers(ws: Worksheet, sheet: Sheet, start: int = 1) -> None:
    """Headers in row 1 from column ``start`` on, with widths and column formats."""
    for offset, column in enumerate(sheet.columns[start - 1 :]):
        index = start + offset
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 30  # two lines: "Betrag mit Skonto" wraps


def number_format(kind: Kind) -> str | None:
    return schema.NUMBER_FORMATS.get(kind)


def _table(sheet: Sheet, last_row: int) -> Table:
    ref = f"A1:{get_column_letter(len(sheet.columns))}{last_row}"
    table = Table(displayName=sheet.table, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    return table


def column_letter(sheet: Sheet, header: str) -> str:
    return get_column_letter(sheet.headers.index(header) + 1)


def payment_rules() -> list[tuple[str, str]]:
    """(formula for row 2, fill colour) in priority order: the schema's colour rules."""
    status = "$" + column_letter(schema.PAYMENTS, C.STATUS) + "2"
    pay_by = "$" + column_letter(schema.PAYMENTS, C.ZAHLEN_BIS) + "2"
    skonto = "$" + column_letter(schema.PAYMENTS, C.SKONTO_BIS) + "2"
    hint = "$" + column_letter(schema.PAYMENTS, C.HINWEIS) + "2"
    return [
        (f'{status}="Bezahlt"', FILL_PAID),
        (f'{status}="Storniert"', FILL_CANCELLED),
        (f'{status}="Lastschrift"', FILL_DEBIT),
        (f'{status}="Prüfen"', FILL_CHECK),
        # A released row whose hint speaks of the IBAN (changed, unconfirmed, missing) stays
        # orange: the person's status stands, but the warning must be seen before paying.
        (f'AND({status}="Freigegeben",ISNUMBER(SEARCH("IBAN",{hint})))', FILL_CHECK),
        (f"AND(ISNUMBER({pay_by}),{pay_by}<TODAY())", FILL_OVERDUE),
        (f"AND(ISNUMBER({skonto}),{skonto}>=TODAY(),{skonto}-TODAY()<=3)", FILL_SKONTO_SOON),
    ]


def set_payment_rules(ws: Worksheet, last_row: int) -> None:
    """Conditional formats and the Status drop-down over rows 2..last_row."""
    last = get_column_letter(len(schema.PAYMENTS.columns))
    area = f"A2:{last}{last_row}"
    for formula, colour in payment_rules():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        ws.conditional_formatting.add(
            area, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True)
        )
    status = column_letter(schema.PAYMENTS, C.STATUS)
    choices = ",".join(schema.STATUS_VALUES)
    validation = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Bitte einen Status aus der Liste wählen.",
    )
    validation.add(f"{status}2:{status}{last_row}")
    ws.add_data_validation(validation)


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    """A4, fit to the page width, header row on every page (the meeting's printout)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


def _fill_settings(ws: Worksheet, rows: Iterable[tuple[str, str, str]]) -> None:
    for key, value, note in rows:
        ws.append([key, value, note])


if __name__ == "__main__":  # regenerate the committed template: python -m ... PATH
    import sys

    build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("Zahlungsliste.xlsx"))
