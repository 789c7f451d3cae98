"""Amounts, duplicates and § 48 EStG, table-driven."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zahllauf.checks.amounts import check_amounts, euro
from zahllauf.checks.bau48 import check_bau48
from zahllauf.checks.duplicates import check_duplicates
from zahllauf.checks.ledger import Entry, labels
from zahllauf.checks.suppliers import Supplier
from zahllauf.model import DocumentKind, Invoice, Severity

D = Decimal
KEY = "lieferant:7"
TODAY = date(2026, 12, 4)


def _pairs(findings: list) -> list[tuple[str, str]]:
    return [(f.code, "C" if f.severity is Severity.CHECK else "I") for f in findings]


def _history(*amounts: str) -> list[Entry]:
    return [
        Entry(KEY, row_id=i, number=f"R{i}", issue_date=date(2026, i, 1), amount=D(a))
        for i, a in enumerate(amounts, start=1)
    ]


AMOUNTS = [
    # invoice fields, history amounts, expected, reason
    ({"net_total": D("100"), "vat_total": D("19"), "grand_total": D("119")}, (), [], "adds up"),
    (
        {"net_total": D("100.00"), "vat_total": D("19.01"), "grand_total": D("119.00")},
        (),
        [],
        "one cent of line rounding is tolerated",
    ),
    (
        {"net_total": D("100"), "vat_total": D("19"), "grand_total": D("129")},
        (),
        [("betrag.summe", "C")],
        "net + VAT differs from gross by ten euros",
    ),
    # Broke: every credit note 100 + 19 = 119 got a false sum finding, its gross read with
    # the sign of the amount due (or its net and VAT printed negative, the gross not).
    *[
        (
            {"net_total": D(n), "vat_total": D(v), "grand_total": D(g), **credit},
            (),
            [("betrag.gutschrift", "C")],
            f"credit note {n} + {v} = {g}, {how}",
        )
        for n, v, g in (
            ("100", "19", "119"),
            ("100", "19", "-119"),
            ("-100", "-19", "-119"),
            ("-100", "-19", "119"),
        )
        for credit, how in (
            ({"kind": DocumentKind.CREDIT_NOTE, "amount_due": D("-119")}, "type 381"),
            ({"kind": DocumentKind.CREDIT_NOTE, "amount_due": D("119")}, "381, due positive"),
            ({"amount_due": D("-119")}, "negative Betrag"),
        )
    ],
    (
        {
            "net_total": D("100"),
            "vat_total": D("-19"),
            "grand_total": D("-119"),
            "amount_due": D("-119"),
        },
        (),
        [("betrag.summe", "C"), ("betrag.gutschrift", "C")],
        "credit note whose net and VAT differ in sign: they do not add up to the gross",
    ),
    (
        {"net_total": D("100"), "vat_total": D("19"), "grand_total": D("-119")},
        (),
        [("betrag.summe", "C")],
        "an invoice (positive amount due) with a negative gross keeps the strict sum",
    ),
    ({"amount_due": None}, (), [("betrag.fehlt", "C")], "no amount read"),
    ({"amount_due": D("0")}, (), [("betrag.null", "C")], "fully prepaid: nothing to pay"),
    ({"amount_due": D("-50")}, (), [("betrag.gutschrift", "C")], "negative amount: credit"),
    (
        {"amount_due": D("50"), "kind": DocumentKind.CREDIT_NOTE},
        (),
        [("betrag.gutschrift", "C")],
        "credit note with a positive sign (UBL CreditNote)",
    ),
    ({"amount_due": D("2000")}, ("100", "120", "110"), [("betrag.ungewoehnlich", "C")], "18x"),
    ({"amount_due": D("300")}, ("100", "120", "110"), [], "under three times the usual"),
    ({"amount_due": D("400")}, ("100", "120", "110"), [], "over 3x but only 290 € above it"),
    ({"amount_due": D("2000")}, ("100", "120"), [], "two earlier invoices are no pattern"),
    ({"amount_due": D("10"), "currency": "USD"}, (), [("betrag.waehrung", "C")], "dollars"),
]


@pytest.mark.parametrize(("fields", "history", "expected", "reason"), AMOUNTS)
def test_check_amounts(fields: dict, history: tuple, expected: list, reason: str) -> None:
    invoice = Invoice(**{"amount_due": D("119"), **fields})
    assert _pairs(check_amounts(invoice, {KEY}, _history(*history))) == expected, reason


def test_credit_note_names_the_open_invoices_to_net_against() -> None:
    entries = [
        Entry(KEY, row_id=12, amount=D("300"), status="Offen"),
        Entry(KEY, row_id=13, amount=D("80"), status="Bezahlt"),
        Entry("lieferant:8", row_id=14, amount=D("90"), status="Offen"),
    ]
    [finding] = check_amounts(Invoice(amount_due=D("-40.5")), {KEY}, entries)
    assert finding.text == (
        "Gutschrift über 40,50 € – mit offenen Rechnungen des Lieferanten verrechnen (offen: ID 12)"
    )


def test_euro_is_german() -> None:
    assert euro(D("1234567.891")) == "1.234.567,89 €"


def _entry(**fields: object) -> Entry:
    base: dict = {
        "supplier_key": KEY,
        "row_id": 5,
        "number": "RE20260042",
        "issue_date": date(2026, 11, 20),
        "amount": D("119.00"),
        "status": "Offen",
    }
    base.update(fields)
    return Entry(**base)


DUPLICATES = [
    # invoice number, amount, date, earlier entry, expected, reason
    ("RE-2026/0042", "500", date(2026, 11, 1), _entry(), ["doppelt.nummer"], "same number"),
    ("re 2026 0042", "500", date(2026, 11, 1), _entry(), ["doppelt.nummer"], "spelled apart"),
    ("RE-2026/0042", "500", None, _entry(supplier_key="name:x"), [], "other supplier"),
    ("RE-2026/0042", "119", None, _entry(status="Storniert"), [], "earlier one cancelled"),
    ("RE-2026/0042", "119", None, _entry(status="Bezahlt"), ["doppelt.nummer"], "already paid"),
    ("RE-2026/0050", "119", date(2026, 11, 25), _entry(), ["doppelt.betrag"], "5 days apart"),
    (None, "119", date(2026, 11, 27), _entry(), ["doppelt.betrag"], "7 days, no number read"),
    ("RE-2026/0050", "119", date(2026, 11, 30), _entry(), [], "10 days apart: monthly fee"),
    ("RE-2026/0050", "118", date(2026, 11, 21), _entry(), [], "other amount"),
    ("RE-2026/0050", "119", None, _entry(), [], "no date: no claim of nearness"),
]


@pytest.mark.parametrize(("number", "amount", "issued", "entry", "expected", "reason"), DUPLICATES)
def test_duplicates(number, amount, issued, entry, expected, reason) -> None:  # type: ignore[no-untyped-def]
    invoice = Invoice(number=number, amount_due=D(amount), issue_date=issued)
    assert [f.code for f in check_duplicates(invoice, {KEY}, [entry])] == expected, reason


def test_duplicate_text_names_the_row() -> None:
    [finding] = check_duplicates(Invoice(number="RE20260042"), {KEY}, [_entry(row_id=31)])
    assert finding.text == "mögliche Doppelrechnung: gleiche Rechnungsnr. wie ID 31"


BAU48 = [
    # Bauleistung, exemption valid until, invoice date, expected, reason
    (True, None, date(2026, 11, 20), [("bau48.einbehalt", "C")], "no exemption on file"),
    (True, date(2026, 6, 30), date(2026, 11, 20), [("bau48.einbehalt", "C")], "expired"),
    (
        True,
        date(2026, 11, 30),
        date(2026, 11, 20),
        [("bau48.einbehalt", "C")],
        "valid on the invoice date, expired before we pay",
    ),
    (True, date(2027, 9, 30), date(2026, 11, 20), [], "valid long enough"),
    (True, date(2026, 12, 20), date(2026, 11, 20), [("bau48.laeuft_ab", "I")], "ends soon"),
    (False, None, date(2026, 11, 20), [], "no construction work"),
]


@pytest.mark.parametrize(("bau", "until", "issued", "expected", "reason"), BAU48)
def test_bau48(bau: bool, until: date | None, issued: date, expected: list, reason: str) -> None:
    supplier = Supplier(row=3, name="Pflaster Profi", construction=bau, exemption_until=until)
    invoice = Invoice(issue_date=issued, amount_due=D("4000"))
    assert _pairs(check_bau48(invoice, supplier, TODAY)) == expected, reason


def test_bau48_text_asks_the_question() -> None:
    supplier = Supplier(row=3, name="Pflaster Profi", construction=True)
    [finding] = check_bau48(Invoice(amount_due=D("4000")), supplier, TODAY)
    assert finding.text.startswith("15 % Bauabzugsteuer einbehalten?")


def test_bau48_not_for_credit_notes_or_unknown_suppliers() -> None:
    supplier = Supplier(row=3, name="Pflaster Profi", construction=True)
    assert check_bau48(Invoice(amount_due=D("-100")), supplier, TODAY) == []
    assert check_bau48(Invoice(amount_due=D("100")), None, TODAY) == []


LABELS = [
    # entries, expected, reason
    ([Entry(KEY, row_id=4)], "ID 4", "a row's ID is how a person finds it"),
    ([Entry(KEY, row_id=4, sheet_row=9)], "ID 4", "the ID wins over the sheet line"),
    ([Entry(KEY, sheet_row=9, number="BM20261187")], "Zeile 9", "a typed row without ID"),
    ([Entry(KEY, number="BM20261187")], "Rechnungsnr. BM20261187", "nothing else known"),
    (
        [Entry(KEY, row_id=1), Entry(KEY, sheet_row=7), Entry(KEY, row_id=3)],
        "ID 1, 3, Zeile 7",
        "IDs first, once prefixed",
    ),
]


@pytest.mark.parametrize(("entries", "expected", "reason"), LABELS)
def test_rows_are_named_by_id(entries: list[Entry], expected: str, reason: str) -> None:
    assert labels(entries) == expected, reason
