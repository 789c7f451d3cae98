"""After ``zahllauf pruefen``, rows show their colours (conditional formatting, LibreOffice)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from render import colour_bands, render
from zahllauf import schema
from zahllauf.adapters import xlsx_template as template
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.cli import main
from zahllauf.schema import C

TODAY = date.today()  # the rules compare with Excel's TODAY()
COLOURS = {
    "Kopf": template.HEADER_FILL.fgColor.rgb,
    "Bezahlt": template.FILL_PAID,
    "Lastschrift": template.FILL_DEBIT,
    "Prüfen": template.FILL_CHECK,
    "überfällig": template.FILL_OVERDUE,
}
IBANS = {
    "Grün & Söhne GmbH": "DE89370400440532013000",
    "Kies Meier KG": "DE69120300000539290858",
    "Strom Nord AG": "DE02100100109307118603",
    "Pflanzen Lang": "DE48100100100000138301",
}
FORGED_IBAN = "DE75100900005073321010"


def _row(row_id: int, supplier: str, **cells: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        C.ID: row_id,
        C.EINGANG: TODAY - timedelta(days=3),
        C.LIEFERANT: supplier,
        C.NUMMER: f"R-{row_id}",
        C.DATUM: TODAY - timedelta(days=4),
        C.FAELLIG: TODAY + timedelta(days=20),
        C.BETRAG: Decimal(100 * row_id),
        C.WAEHRUNG: "EUR",
        C.IBAN: IBANS[supplier],
        C.STATUS: "Offen",
    }
    base.update(cells)
    return base


@pytest.mark.libreoffice
def test_rows_show_their_colours_after_pruefen(tmp_path: Path) -> None:
    workbook = tmp_path / "Zahlungsliste.xlsx"
    template.build_template(workbook)
    with open_workbook(workbook) as port:
        port.append_rows(
            schema.SUPPLIERS.name,
            [
                {"Name": name, "IBAN": iban, "IBAN bestätigt am": date(2026, 1, 5)}
                for name, iban in IBANS.items()
            ],
        )
        port.append_rows(
            schema.PAYMENTS.name,
            [
                # An IBAN edited by hand: pruefen must make this row Prüfen.
                _row(1, "Grün & Söhne GmbH", **{C.IBAN: FORGED_IBAN}),
                _row(2, "Kies Meier KG", **{C.STATUS: "Bezahlt", C.IBAN: FORGED_IBAN}),
                _row(3, "Strom Nord AG", **{C.STATUS: "Lastschrift", C.IBAN: None}),
                _row(
                    4,
                    "Pflanzen Lang",
                    **{C.DATUM: TODAY - timedelta(days=40), C.FAELLIG: TODAY - timedelta(20)},
                ),
            ],
        )
    assert main(["pruefen", "--mappe", str(workbook)]) == 0
    with open_workbook(workbook, save=False) as port:
        statuses = [r[C.STATUS] for r in port.read_rows(schema.PAYMENTS.name)]
    assert statuses == ["Prüfen", "Bezahlt", "Lastschrift", "Offen"]
    bands = colour_bands(render(workbook, tmp_path), COLOURS)
    assert bands == ["Kopf", "Prüfen", "Bezahlt", "Lastschrift", "überfällig"]
