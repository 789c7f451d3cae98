"""The filled workbook as a person sees it: rendered by LibreOffice, colours per row."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from render import colour_bands, render
from test_abrufen import confirm_supplier
from zahllauf import samples, schema
from zahllauf.adapters import xlsx_template as template
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.cli import main
from zahllauf.port import ROW
from zahllauf.schema import C

TODAY = date.today()
COLOURS = {
    "Kopf": template.HEADER_FILL.fgColor.rgb,
    "Bezahlt": template.FILL_PAID,
    "Storniert": template.FILL_CANCELLED,
    "Lastschrift": template.FILL_DEBIT,
    "Prüfen": template.FILL_CHECK,
    "überfällig": template.FILL_OVERDUE,
    "Skonto bald": template.FILL_SKONTO_SOON,
}


def _xml(number: str, issued_days_ago: int, due_days: int, **changes: object) -> bytes:
    sample = samples.Sample(
        # The supplier whose IBAN confirm_supplier confirms: another firm's name with that
        # IBAN is a name conflict (Prüfen), which would hide the colours under test.
        seller="Baustoffe Müller GmbH",
        vat_id="DE123456789",
        number=number,
        issue_date=TODAY - timedelta(days=issued_days_ago),
        due_days=due_days,
        lines=[("Ware", Decimal(50 + ord(number[0])))],  # amounts differ: no duplicates
        **changes,  # type: ignore[arg-type]
    )
    return samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)


@pytest.mark.libreoffice
def test_rows_show_their_colours_after_fetch_and_hand_edits(tmp_path: Path) -> None:
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    (inbox / "a_kaputt.pdf").write_bytes(b"%PDF-1.4 kaputt")
    (inbox / "b_bezahlt.xml").write_bytes(_xml("B-1", 5, 30))
    (inbox / "c_lastschrift.xml").write_bytes(_xml("C-1", 5, 30, direct_debit=True))
    (inbox / "d_ueberfaellig.xml").write_bytes(_xml("D-1", 40, 14))
    (inbox / "e_offen.xml").write_bytes(_xml("E-1", 2, 30))
    (inbox / "f_skonto.xml").write_bytes(
        _xml("F-1", 8, 30, skonto_percent=Decimal("2"), skonto_days=10)
    )
    (inbox / "g_storniert.xml").write_bytes(_xml("G-1", 5, 30))
    (inbox / "h_freigegeben.xml").write_bytes(_xml("H-1", 5, 30))
    workbook = tmp_path / "Zahlungsliste.xlsx"
    template.build_template(workbook)
    confirm_supplier(workbook)
    assert main(["abrufen", "--mappe", str(workbook), "--ordner", str(inbox)]) == 0
    with open_workbook(workbook) as port:
        rows = {r[C.NUMMER]: r for r in port.read_rows(schema.PAYMENTS.name)}
        port.update_rows(
            schema.PAYMENTS.name,
            {
                rows["B-1"][ROW]: {C.STATUS: "Bezahlt", C.BEZAHLT_AM: TODAY},
                rows["G-1"][ROW]: {C.STATUS: "Storniert"},
                # Broke: a released row with an IBAN warning showed no colour at all.
                rows["H-1"][ROW]: {
                    C.STATUS: "Freigegeben",
                    C.HINWEIS: "IBAN weicht von der bestätigten IBAN ab – vor Zahlung …",
                },
            },
        )
    bands = colour_bands(render(workbook, tmp_path), COLOURS)
    assert bands == [
        "Kopf",
        "Prüfen",
        "Bezahlt",
        "Lastschrift",
        "überfällig",
        "Skonto bald",
        "Storniert",
        "Prüfen",
    ]
