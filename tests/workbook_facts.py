"""Describe a workbook by content (not bytes), for comparing templates and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def describe(path: Path) -> dict[str, Any]:
    """Sheets, headers, widths, tables, conditional formats, drop-downs, print setup."""
    workbook = load_workbook(path)
    facts: dict[str, Any] = {"sheets": workbook.sheetnames}
    for ws in workbook.worksheets:
        facts[ws.title] = {
            "state": ws.sheet_state,
            "headers": [c.value for c in ws[1]],
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "values": [list(r) for r in ws.iter_rows(min_row=2, values_only=True)],
            "tables": dict(ws.tables.items()),
            "rules": [
                (str(cf.sqref), r.formula, r.stopIfTrue, r.dxf.fill.fgColor.rgb if r.dxf else None)
                for cf in ws.conditional_formatting
                for r in cf.rules
            ],
            "validations": [
                (str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation
            ],
            "print": (
                ws.page_setup.orientation,
                ws.page_setup.paperSize,
                ws.page_setup.fitToWidth,
                ws.print_title_rows,
            ),
            "freeze": ws.freeze_panes,
        }
    return facts
