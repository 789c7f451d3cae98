"""payment_blockers: the last look before a row is paid, on a real workbook file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from zahllauf import schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.checks import payment_blockers
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name
SUPPLIERS = schema.SUPPLIERS.name
TODAY = date(2026, 12, 4)
CONFIRMED = "DE89370400440532013000"
OTHER = "DE02100100109307118603"
NEW = "DE21370400441111111111"

MASTER = [
    {"Name": "Alt GmbH", "IBAN": CONFIRMED, "IBAN bestätigt am": date(2026, 1, 5)},
    {"Name": "Neu KG", "IBAN": NEW},  # proposed from an invoice, nobody phoned yet
]


def _row(row_id: int, supplier: str, iban: str | None, **cells: Any) -> dict[str, Any]:
    row = {
        C.ID: row_id,
        C.LIEFERANT: supplier,
        C.NUMMER: f"R-{row_id}",
        C.DATUM: date(2026, 11, 20),
        C.BETRAG: Decimal("100.00"),
        C.IBAN: iban,
        C.STATUS: "Offen",
    }
    row.update(cells)
    return row


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    return path


def _blockers(path: Path, rows: list[dict[str, Any]]) -> dict[int, str]:
    """Write master and rows, then ask for the blockers of every row, by ID."""
    with open_workbook(path) as port:
        port.append_rows(SUPPLIERS, MASTER)
        port.append_rows(PAYMENTS, rows)
    with open_workbook(path, save=False) as port:
        written = port.read_rows(PAYMENTS)
        found = payment_blockers(port, written, TODAY)
        return {r[C.ID]: found[r["_zeile"]] for r in written if r["_zeile"] in found}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (_row(1, "Alt GmbH", CONFIRMED), None),  # the confirmed IBAN: pay
        (_row(1, "ALT  gmbh", "DE89 3704 0044 0532 0130 00"), None),  # spelling and spaces
        (_row(1, "Alt GmbH", OTHER), "IBAN weicht von der bestätigten IBAN ab"),  # fraud
        (_row(1, "Neu KG", NEW), "IBAN noch nicht bestätigt"),  # nobody phoned
        (_row(1, "Unbekannt AG", OTHER), "IBAN noch nicht bestätigt"),  # no master row
        # Broke (P4): another firm's invoice carrying Alt GmbH's confirmed IBAN was paid.
        (_row(1, "Rechen GmbH", CONFIRMED), "IBAN noch nicht bestätigt"),
        (_row(1, "Alt GmbH", None), None),  # no transfer without an IBAN
        (_row(1, "Neu KG", NEW, **{C.STATUS: "Lastschrift"}), None),  # the supplier debits
        # Broke: a credit note (negative Betrag) was blocked for an unconfirmed IBAN,
        # though it is netted or refunded to us: nothing goes to the supplier's IBAN.
        (_row(1, "Neu KG", NEW, **{C.BETRAG: Decimal("-119.00")}), None),
        (_row(1, "Alt GmbH", OTHER, **{C.BETRAG: Decimal("-119.00")}), None),
        (_row(1, "Unbekannt AG", OTHER, **{C.BETRAG: "-119,00"}), None),  # typed as text
        (_row(1, "Neu KG", NEW, **{C.BETRAG: "119,00"}), "IBAN noch nicht bestätigt"),
    ],
)
def test_iban_blockers(book: Path, row: dict[str, Any], expected: str | None) -> None:
    found = _blockers(book, [row])
    if expected is None:
        assert found == {}
    else:
        assert found[1].startswith(expected)


def test_same_number_paid_before_blocks(book: Path) -> None:
    paid = _row(4, "Alt GmbH", CONFIRMED, **{C.STATUS: "Bezahlt", C.BEZAHLT_AM: TODAY})
    copy = _row(9, "Alt GmbH", CONFIRMED, **{C.NUMMER: "r 4"})
    other_firm = _row(10, "Neu KG", NEW, **{C.NUMMER: "R-4"})
    found = _blockers(book, [paid, copy, other_firm])
    expected = "Gleiche Rechnungsnr. dieses Lieferanten schon als ID 4 am 04.12.2026 bezahlt"
    assert found[9] == expected
    assert "schon als" not in found[10], "another supplier's number R-4 is no duplicate"
    assert 4 not in found
