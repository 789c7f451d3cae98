"""Faults of the second user test, each on the input that broke it.

Real workbook files, documents made by :mod:`zahllauf.samples`, the fetch job and
``zahllauf pruefen`` as the command line runs them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pruefen_world as world
from zahllauf import samples, schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.port import ROW
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name
SUPPLIERS = schema.SUPPLIERS.name
TODAY = date(2026, 12, 4)
ALT_IBAN = "DE89370400440532013000"
CONFLICT = "Name passt nicht zur USt-IdNr./IBAN von Lieferant"
UNCONFIRMED = "IBAN noch nicht bestätigt"


_rows = world.rows
_suppliers = world.suppliers
_inbox = world.inbox_with


def _check(path: Path) -> world.Rows:
    return world.check(path, TODAY)


def _fetch(path: Path, inbox: Path) -> world.Rows:
    return world.fetch_from(path, inbox, TODAY)


def _sample(seller: str, number: str, **fields: Any) -> samples.Sample:
    base: dict[str, Any] = {
        "seller": seller,
        "number": number,
        "issue_date": TODAY - timedelta(days=2),
        "lines": [("Ware", Decimal("400.00"))],
    }
    base.update(fields)
    return samples.Sample(**base)


def _edit(path: Path, row_id: int, **cells: Any) -> None:
    with open_workbook(path) as port:
        [row] = [r for r in port.read_rows(PAYMENTS) if r.get(C.ID) == row_id]
        port.update_rows(PAYMENTS, {row[ROW]: cells})


def _master(path: Path, *rows: dict[str, Any]) -> None:
    with open_workbook(path) as port:
        port.append_rows(SUPPLIERS, list(rows))


# P1 ----------------------------------------------------------------------------------


def test_transfer_after_debit_of_a_new_supplier_in_one_fetch_is_pruefen(
    book: Path, tmp_path: Path
) -> None:
    """Broke: "Energie Süd GmbH" sent a direct debit (no IBAN), then a transfer invoice in the
    same fetch; the second row was Offen, and only pruefen made it Prüfen."""
    debit = _sample("Energie Süd GmbH", "E-1", direct_debit=True, vat_id="DE300400500")
    transfer = _sample(
        "Energie Süd GmbH", "E-2", iban="DE21370400441111111111", vat_id="DE300400500"
    )
    debit_xml = samples.cii_xml(debit, samples.PROFILE_XRECHNUNG)  # a debit names no IBAN
    inbox = _inbox(
        tmp_path,
        {"a.xml": debit_xml, "b.xml": samples.cii_xml(transfer, samples.PROFILE_XRECHNUNG)},
    )
    fetched = _fetch(book, inbox)
    assert fetched[1][C.STATUS] == "Lastschrift"
    assert fetched[2][C.STATUS] == "Prüfen"
    assert UNCONFIRMED in fetched[2][C.HINWEIS]
    checked = _check(book)
    assert (checked[2][C.STATUS], checked[2][C.HINWEIS]) == ("Prüfen", fetched[2][C.HINWEIS])
    [supplier] = _suppliers(book)
    assert supplier["IBAN"] == "DE21370400441111111111", "the proposal took the IBAN"


# P4 ----------------------------------------------------------------------------------


def test_other_firms_with_a_confirmed_iban_are_a_name_conflict(book: Path, tmp_path: Path) -> None:
    """Broke: invoices of "Rechen GmbH" and "Null GmbH" with the confirmed IBAN of "Alt GmbH"
    became Offen without a word."""
    _master(book, {"Name": "Alt GmbH", "IBAN": ALT_IBAN, "IBAN bestätigt am": date(2026, 1, 5)})
    inbox = _inbox(
        tmp_path,
        {
            "r.xml": samples.cii_xml(_sample("Rechen GmbH", "R-1"), samples.PROFILE_XRECHNUNG),
            "n.xml": samples.ubl_xml(_sample("Null GmbH", "N-1")),
            "a.xml": samples.ubl_xml(_sample("ALT gmbh", "A-1")),  # spelling: the same firm
        },
    )
    for rows in (_fetch(book, inbox), _check(book)):
        by_name = {r[C.LIEFERANT]: r for r in rows.values()}
        for name in ("Rechen GmbH", "Null GmbH"):
            assert by_name[name][C.STATUS] == "Prüfen", name
            assert f"{CONFLICT} Alt GmbH – prüfen" in by_name[name][C.HINWEIS], name
            assert UNCONFIRMED in by_name[name][C.HINWEIS], name
        assert by_name["ALT gmbh"][C.STATUS] == "Offen"
    masters = _suppliers(book)
    assert [(m["Name"], m["IBAN"]) for m in masters if m["IBAN"] == ALT_IBAN] == [
        ("Alt GmbH", ALT_IBAN)
    ], "Alt GmbH's IBAN is in no other supplier's row"


def test_a_name_conflict_writes_nothing_into_the_other_suppliers_row(
    book: Path, tmp_path: Path
) -> None:
    """Broke: pruefen wrote one supplier's IBAN into another supplier's Lieferanten row (the
    VAT id matched, the names did not)."""
    _master(book, {"Name": "Kies Nord GmbH", "USt-IdNr.": "DE111222333"})
    other = _sample("Sand Süd GmbH", "S-1", vat_id="DE111222333", iban=ALT_IBAN)
    fetched = _fetch(book, _inbox(tmp_path, {"s.xml": samples.ubl_xml(other)}))
    assert f"{CONFLICT} Kies Nord GmbH – prüfen" in fetched[1][C.HINWEIS]
    _check(book)
    kies = [m for m in _suppliers(book) if m["Name"] == "Kies Nord GmbH"]
    assert [m["IBAN"] for m in kies] == [None]


def test_a_credit_note_is_not_netted_against_another_firm(book: Path, tmp_path: Path) -> None:
    """Broke: a credit note was proposed to be netted against another company's row, the two
    matched only by a shared VAT id."""
    _master(book, {"Name": "Kies Nord GmbH", "USt-IdNr.": "DE111222333"})
    invoice = _sample("Kies Nord GmbH", "K-1", vat_id="DE111222333")
    credit = samples.cii_xml(
        _sample("Sand Süd GmbH", "S-9", vat_id="DE111222333"), samples.PROFILE_XRECHNUNG
    ).replace(b"TypeCode>380<", b"TypeCode>381<")
    inbox = _inbox(tmp_path, {"a.xml": samples.ubl_xml(invoice), "b.xml": credit})
    for rows in (_fetch(book, inbox), _check(book)):
        assert "ID 1" not in (rows[2][C.HINWEIS] or ""), "row 1 is another firm's"
