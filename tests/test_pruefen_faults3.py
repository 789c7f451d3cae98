"""Faults of the third user test (P3, P7, P11), each on the input that broke it.

Real workbook files, documents made by :mod:`zahllauf.samples`, the fetch job and
``zahllauf pruefen`` as the command line runs them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import pruefen_world as world
from zahllauf import samples, schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.checks import Checker
from zahllauf.checks.acknowledge import AckState
from zahllauf.checks.ledger import entry_from_row
from zahllauf.checks.suppliers import SupplierMaster
from zahllauf.jobs.bezahlt import paid_amount
from zahllauf.jobs.pruefen import pruefen, recheck
from zahllauf.jobs.rows import row_to_invoice
from zahllauf.model import Status, round_cents
from zahllauf.port import ROW
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name
SUPPLIERS = schema.SUPPLIERS.name
TODAY = date(2026, 12, 1)  # a Tuesday
SKONTO_AFTER_DUE = "Skontofrist nach Fälligkeit – Zahlungsbedingungen prüfen"


_rows = world.rows
_inbox = world.inbox_with


def _check(path: Path) -> world.Rows:
    return world.check(path, TODAY)


def _fetch(path: Path, inbox: Path) -> world.Rows:
    return world.fetch_from(path, inbox, TODAY)


def _sample(seller: str, number: str, **fields: Any) -> samples.Sample:
    base: dict[str, Any] = {
        "seller": seller,
        "number": number,
        "issue_date": TODAY,
        "lines": [("Ware", Decimal("500.00"))],
    }
    base.update(fields)
    return samples.Sample(**base)


def _edit(path: Path, row_id: int, **cells: Any) -> None:
    with open_workbook(path) as port:
        [row] = [r for r in port.read_rows(PAYMENTS) if r.get(C.ID) == row_id]
        port.update_rows(PAYMENTS, {row[ROW]: cells})


# P7 ----------------------------------------------------------------------------------


def test_pay_by_is_never_after_the_due_date(book: Path, tmp_path: Path) -> None:
    """Broke: "netto 14 Tage, 5 % Skonto bei Zahlung innerhalb von 40 Tagen" got Fällig
    15.12. and Zahlen bis 08.01."""
    sample = _sample(
        "Baumschule Lenz GmbH",
        "BL-7",
        due_days=14,
        skonto_percent=Decimal("5"),
        skonto_days=40,
    )
    inbox = _inbox(tmp_path, {"r.xml": samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)})
    fetched = _fetch(book, inbox)[1]
    assert fetched[C.FAELLIG] == date(2026, 12, 15)
    assert fetched[C.SKONTO_BIS] == date(2027, 1, 10)
    assert fetched[C.ZAHLEN_BIS] == date(2026, 12, 15)
    checked = _check(book)[1]
    assert checked[C.ZAHLEN_BIS] == date(2026, 12, 15)
    assert checked[C.STATUS] == "Prüfen"
    assert SKONTO_AFTER_DUE in checked[C.HINWEIS]


# P3 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount", "reason"),
    [
        (Decimal("1000"), Decimal("1000.00"), "Broke: Betrag changed to 1000, 583,10 stayed"),
        (1000, Decimal("1000.00"), "a whole number as Excel hands it over"),
        ("1.234,56", Decimal("1234.56"), "Broke: German text, 583,10 stayed"),
        ("1.380,40 €", Decimal("1380.40"), "German text with the euro sign"),
    ],
)
def test_a_hand_changed_amount_recomputes_betrag_mit_skonto(
    book: Path, tmp_path: Path, typed: Any, amount: Decimal, reason: str
) -> None:
    sample = _sample("Steinhandel Ott GmbH", "ST-3", skonto_percent=Decimal("2"), skonto_days=10)
    inbox = _inbox(tmp_path, {"r.xml": samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)})
    fetched = _fetch(book, inbox)[1]
    assert fetched[C.BETRAG_SKONTO] == Decimal("583.10")  # 595,00 less 2 %
    _edit(book, 1, **{C.BETRAG: typed})
    checked = _check(book)[1]
    expected = round_cents(amount * Decimal("0.98"))
    assert checked[C.BETRAG] == amount, reason
    assert checked[C.BETRAG_SKONTO] == expected, reason
    assert paid_amount(checked, TODAY) == expected, f"bezahlt books it: {reason}"
    assert checked[C.ZAHLEN_BIS] == date(2026, 12, 11), reason
    assert "Zahlbetrag" not in (checked[C.HINWEIS] or ""), reason


def test_a_recheck_writes_nothing_when_the_derived_cells_are_right(
    book: Path, tmp_path: Path
) -> None:
    sample = _sample("Steinhandel Ott GmbH", "ST-4", skonto_percent=Decimal("2"), skonto_days=10)
    inbox = _inbox(tmp_path, {"r.xml": samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)})
    _fetch(book, inbox)
    _check(book)
    with open_workbook(book) as port:
        [row] = port.read_rows(PAYMENTS)
        outcome = recheck(Checker.from_port(port, TODAY), row, Status.PRUEFEN, AckState())
    assert C.BETRAG_SKONTO not in outcome.changes and C.ZAHLEN_BIS not in outcome.changes


@pytest.mark.parametrize(
    ("cell", "expected", "reason"),
    [
        (Decimal("1000.00"), Decimal("1000.00"), "the cell layer's Decimal"),
        (1000, Decimal("1000.00"), "Broke: a whole number read as a missing amount"),
        ("1.234,56", Decimal("1234.56"), "German text a port handed over unparsed"),
        ("-40", Decimal("-40.00"), "a credit note typed as text"),
        (True, None, "a check box is no amount"),
        ("ca. 1000", None, "text that is no number stays missing, and the checks say so"),
    ],
)
def test_row_amount_reads_like_the_cell_layer(cell: Any, expected: Any, reason: str) -> None:
    invoice = row_to_invoice({C.BETRAG: cell})
    assert invoice.amount_due == expected, reason
    entry = entry_from_row({C.BETRAG: cell, C.LIEFERANT: "X"}, SupplierMaster.from_rows([], TODAY))
    assert entry.amount == expected, f"the ledger reads it alike: {reason}"


# P11 ---------------------------------------------------------------------------------


def test_a_row_copied_by_hand_is_a_duplicate_of_its_original(book: Path, tmp_path: Path) -> None:
    """Broke (P11a): a row copied by hand (same ID, same number) was not reported, because
    the checks left out "the row itself" by its ID, and so its original too."""
    sample = _sample("Kieswerk Bauer KG", "KB-11")
    inbox = _inbox(tmp_path, {"r.xml": samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)})
    _fetch(book, inbox)
    with open_workbook(book) as port:
        [row] = port.read_rows(PAYMENTS)
        port.append_rows(PAYMENTS, [{k: v for k, v in row.items() if k != ROW}])
    with open_workbook(book) as port:
        pruefen(port, TODAY)
        original, copy = port.read_rows(PAYMENTS)
    assert (original[C.ID], copy[C.ID]) == (1, 1)
    assert f"gleiche Rechnungsnr. wie Zeile {copy[ROW]}" in original[C.HINWEIS]
    assert f"gleiche Rechnungsnr. wie Zeile {original[ROW]}" in copy[C.HINWEIS]
    assert (original[C.STATUS], copy[C.STATUS]) == ("Prüfen", "Prüfen")


def test_notes_the_checks_wrote_in_bemerkung_go_when_they_stop_being_true(
    book: Path, tmp_path: Path
) -> None:
    """Broke (P11c): "Neuer Lieferant" and "Zahlen bis auf … vorgezogen" stayed in
    Bemerkung after the supplier was known and the due date corrected."""
    sample = _sample("Gärtnerei Wolf", "GW-2", due_days=30)  # due 31.12.: Silvester
    inbox = _inbox(tmp_path, {"r.xml": samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)})
    fetched = _fetch(book, inbox)[1]
    assert "Neuer Lieferant" in fetched[C.BEMERKUNG]
    assert "Zahlen bis auf 30.12.2026 vorgezogen" in fetched[C.BEMERKUNG]
    own = "Rückfrage bei Frau Wolf"
    _edit(book, 1, **{C.FAELLIG: date(2026, 12, 22), C.BEMERKUNG: f"{fetched[C.BEMERKUNG]}; {own}"})
    first = _check(book)[1]
    assert first[C.BEMERKUNG] == own, "the person's note stays, the checks' notes go"
    assert first[C.ZAHLEN_BIS] == date(2026, 12, 22)
    _edit(book, 1, **{C.FAELLIG: date(2026, 12, 6)})  # a Sunday
    second = _check(book)[1]
    assert second[C.BEMERKUNG] == f"{own}; Zahlen bis auf 04.12.2026 vorgezogen (Sonntag)"


def test_the_sum_mismatch_is_said_once_after_fetch_and_rechecks(book: Path, tmp_path: Path) -> None:
    """Broke (P11d): an e-invoice whose net + VAT ≠ gross showed the mismatch twice, the
    reader's "Beträge passen nicht zusammen …" and the check's "… ergibt nicht den
    Bruttobetrag …", then the check's line went on the re-check."""
    sample = _sample("Sand & Kies Nord GmbH", "SK-5")
    xml = samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)
    xml = xml.replace(b"<ram:GrandTotalAmount>595.00", b"<ram:GrandTotalAmount>599.00")
    inbox = _inbox(tmp_path, {"r.xml": xml})
    hints = [_fetch(book, inbox)[1][C.HINWEIS]]
    hints += [_check(book)[1][C.HINWEIS] for _ in range(2)]
    for hint in hints:
        lines = hint.split("; ")
        assert len(lines) == len(set(lines)), hint
        assert "Bruttobetrag" not in hint, hint
        assert "Gesamtbetrag (BT-112) 599,00 EUR" in hint, hint
    assert hints[0] == hints[1] == hints[2]


def test_a_credit_note_without_due_date_is_not_sofort_faellig(book: Path) -> None:
    """Broke (P11e): a credit note (negative Betrag) got "ohne Vereinbarung sofort fällig"
    in Bemerkung."""
    with open_workbook(book) as port:
        row = {C.ID: 1, C.LIEFERANT: "Baumschule Lenz GmbH", C.NUMMER: "GS-1", C.DATUM: TODAY}
        port.append_rows(PAYMENTS, [row | {C.BETRAG: Decimal("-40.00")}])
    checked = _check(book)[1]
    remarks = f"{checked[C.HINWEIS]} {checked[C.BEMERKUNG]}"
    assert "sofort fällig" not in remarks and "Gutschrift über 40,00 €" in remarks, remarks


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((1, 1, 1), "1 offene Zeile geprüft: 0 zu prüfen, 1 offen, 1 Zeile geändert, 1 neuer"),
        ((2, 0, 3), "2 offene Zeilen geprüft: 0 zu prüfen, 1 offen, 0 Zeilen geändert, 3 neue"),
    ],
)
def test_pruefen_summary_counts_in_german(counts: tuple[int, int, int], expected: str) -> None:
    # Broke: "1 offene Zeilen geprüft", "1 Zeilen geändert".
    from zahllauf.jobs.pruefen import Summary

    checked, changed, suppliers = counts
    summary = Summary(checked=checked, to_check=0, open=1, changed=changed, new_suppliers=suppliers)
    assert summary.text().startswith(expected)
