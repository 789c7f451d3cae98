"""Acknowledged findings, the Prüfhinweis text, and the Checker as a whole."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zahllauf import texts
from zahllauf.checks import Checker
from zahllauf.checks.acknowledge import (
    AckState,
    finding_key,
    keys,
    parse_hint,
    review,
    written_by_checks,
)
from zahllauf.jobs.rows import status_for
from zahllauf.model import Finding, Invoice, PaymentMeans, Severity, Status
from zahllauf.port import ROW
from zahllauf.schema import C

A = Finding("bic.abweichend", "BIC passt nicht")
A_CHANGED = Finding("bic.abweichend", "BIC passt nicht (andere BIC)")
B = Finding("doppelt.nummer", "mögliche Doppelrechnung: gleiche Rechnungsnr. wie ID 4")
INFO = Finding("faellig.ueberfaellig", "Überfällig seit 01.12.2026", None, Severity.INFO)

REVIEWS = [
    # row status now, shown before, current, acknowledged before, expected status, reason
    (Status.PRUEFEN, [A], [A], set(), Status.PRUEFEN, "nobody has looked yet"),
    (Status.OFFEN, [A], [A], set(), Status.OFFEN, "a person set Offen: A acknowledged"),
    (Status.FREIGEGEBEN, [A], [A], set(), Status.FREIGEGEBEN, "a person's status stays"),
    (Status.OFFEN, [A], [A, B], set(), Status.PRUEFEN, "a new finding raises again"),
    (Status.OFFEN, [], [A_CHANGED], keys([A]), Status.PRUEFEN, "a changed finding raises"),
    (Status.OFFEN, [A], [A], keys([A]), Status.OFFEN, "acknowledged earlier, unchanged"),
    (Status.PRUEFEN, [A], [INFO], set(), Status.OFFEN, "fixed by hand: only info left"),
    (Status.PRUEFEN, [A], [A], keys([A]), Status.OFFEN, "re-raised then resolved"),
    (Status.BEZAHLT, [A], [A, B], set(), Status.BEZAHLT, "never overrides Bezahlt"),
    (Status.STORNIERT, [], [A], set(), Status.STORNIERT, "never overrides Storniert"),
]


@pytest.mark.parametrize(("status", "shown", "current", "acked", "expected", "reason"), REVIEWS)
def test_review_of_a_row_fresh_from_the_fetch_job(  # type: ignore[no-untyped-def]
    status, shown, current, acked, expected, reason
) -> None:
    before = AckState(frozenset(acked), None)
    assert review(status, shown, current, before).status is expected, reason


def test_review_keeps_what_was_acknowledged() -> None:
    outcome = review(Status.OFFEN, [A, INFO], [A, B], AckState())
    assert outcome.state.acknowledged == keys([A])
    assert outcome.state.shown == keys([A, B])


def _iban_key(iban: str):  # type: ignore[no-untyped-def]
    return lambda f: finding_key(f, iban if f.code == "bic.abweichend" else None)


def test_same_text_about_another_value_raises_again() -> None:
    # Acknowledged for one IBAN; then the IBAN was edited: the text is the same.
    first = review(Status.PRUEFEN, [], [A], AckState(), _iban_key("DE111"))
    acked = review(Status.OFFEN, [A], [A], first.state, _iban_key("DE111"))
    assert acked.status is Status.OFFEN
    again = review(Status.OFFEN, [A], [A], acked.state, _iban_key("DE222"))
    assert again.status is Status.PRUEFEN


def test_what_was_shown_last_is_acknowledged_not_what_is_new() -> None:
    # The person set Offen and at the same time changed the IBAN by hand.
    shown = review(Status.PRUEFEN, [], [A], AckState(), _iban_key("DE111")).state
    outcome = review(Status.OFFEN, [A], [A], shown, _iban_key("DE222"))
    assert outcome.status is Status.PRUEFEN


def test_ack_state_round_trip() -> None:
    state = AckState(frozenset({"k1", "k2"}), frozenset())
    assert AckState.load(state.dump()) == state
    assert AckState.load(None) == AckState()
    assert AckState.load("k1") == AckState(frozenset({"k1"}), None)


def test_hint_is_read_back_line_by_line() -> None:
    text = f"{A.text}; {B.text}\nRückfrage läuft; {A.text}"
    assert [f.text for f in parse_hint(text)] == [A.text, B.text, "Rückfrage läuft"]
    assert all(f.needs_person for f in parse_hint(text))
    assert len({f.code for f in parse_hint(text)}) == 3, "distinct codes survive Invoice.add"


@pytest.mark.parametrize(
    ("line", "expected", "reason"),
    [
        ("mögliche Doppelrechnung: gleicher Betrag wie ID 3 vom 01.12.2026", True, "template"),
        ("Kein Rechnungsdatum erkannt", True, "fixed text"),
        ("Skonto-Angabe nicht lesbar: #SKONTO# – Skonto von Hand prüfen", False, "reader's"),
        ("Rückfrage bei Frau K. läuft", False, "a person's own note"),
    ],
)
def test_written_by_checks(line: str, expected: bool, reason: str) -> None:
    assert written_by_checks(line) is expected, reason


TODAY = date(2026, 12, 4)
SUPPLIERS = [
    {
        ROW: 2,
        "Name": "Pflaster Profi GmbH",
        "IBAN": "DE89370400440532013000",
        "IBAN bestätigt am": date(2026, 2, 1),
        "Zahlungsziel Tage": 30,
        "Bauleistung": "ja",
    }
]
PAYMENTS = [
    {
        ROW: 2,
        C.ID: 1,
        C.LIEFERANT: "Pflaster Profi GmbH",
        C.NUMMER: "PP-100",
        C.DATUM: date(2026, 11, 2),
        C.BETRAG: Decimal("1190.00"),
        C.STATUS: "Bezahlt",
    }
]


def _invoice(**fields: object) -> Invoice:
    base: dict = {
        "seller_name": "Pflaster Profi GmbH",
        "number": "PP-117",
        "issue_date": date(2026, 11, 30),
        "amount_due": Decimal("595.00"),
    }
    base.update(fields)
    return Invoice(**base)


def test_checker_fills_from_master_and_asks_bau48() -> None:
    checker = Checker(SUPPLIERS, PAYMENTS, TODAY, "BY")
    invoice = _invoice()
    checker.check(invoice)
    assert invoice.iban == "DE89370400440532013000"
    assert invoice.due_date == date(2026, 12, 30)
    assert [f.code for f in invoice.findings] == [
        "iban.aus_stammdaten",
        "faellig.aus_zahlungsziel",
        "bau48.einbehalt",
    ]
    assert status_for(invoice) is Status.PRUEFEN
    assert checker.pay_by(invoice) == date(2026, 12, 30)
    assert checker.pending_supplier_changes() == ([], {})


def test_checker_sees_earlier_invoices_of_the_same_run() -> None:
    checker = Checker(SUPPLIERS, PAYMENTS, TODAY, "BY")
    first, second = _invoice(number="PP-120"), _invoice(number="PP 120")
    checker.check(first)
    checker.check(second)
    assert "doppelt.nummer" not in [f.code for f in first.findings]
    assert "doppelt.nummer" in [f.code for f in second.findings]


def test_checker_does_not_compare_a_row_with_itself() -> None:
    checker = Checker(SUPPLIERS, PAYMENTS, TODAY, "BY")
    invoice = _invoice(number="PP-100", issue_date=date(2026, 11, 2), amount_due=Decimal("1190"))
    checker.check(invoice, row_id=1)
    assert not [f for f in invoice.findings if f.code.startswith("doppelt")]
    checker.check(again := _invoice(number="PP-100"), row_id=None)
    assert "doppelt.nummer" in [f.code for f in again.findings]


def test_a_check_that_fails_becomes_a_finding_not_an_abort() -> None:
    checker = Checker(SUPPLIERS, PAYMENTS, TODAY, "BY")
    # A hand-typed text in a date cell reaches the checks as a string.
    invoice = _invoice(issue_date="31.02.2026")
    checker.check(invoice)
    failed = [f for f in invoice.findings if f.code.startswith("pruefung.fehler")]
    assert failed and all(f.needs_person for f in failed)
    assert "konnte nicht laufen" in failed[0].text


@pytest.mark.parametrize(
    ("means", "findings", "expected"),
    [
        (PaymentMeans.DIRECT_DEBIT, [A], Status.LASTSCHRIFT),
        (PaymentMeans.TRANSFER, [A], Status.PRUEFEN),
        (PaymentMeans.TRANSFER, [INFO], Status.OFFEN),
        (PaymentMeans.UNKNOWN, [], Status.OFFEN),
    ],
)
def test_initial_status(means: PaymentMeans, findings: list, expected: Status) -> None:
    assert status_for(Invoice(payment_means=means, findings=list(findings))) is expected


def test_checker_names_earlier_invoices_of_the_run_by_their_new_id() -> None:
    """Broke: within one fetch, "gleiche Rechnungsnr. wie ID PP120" (a number, not an ID)."""
    checker = Checker(SUPPLIERS, PAYMENTS, TODAY, "BY")
    checker.check(_invoice(number="PP-120"), new_id=7)
    checker.check(again := _invoice(number="PP 120"), new_id=8)
    checker.check(note := _invoice(number="GS-1", amount_due=Decimal("-50")), new_id=9)
    [duplicate] = [f.text for f in again.findings if f.code == "doppelt.nummer"]
    assert duplicate == "mögliche Doppelrechnung: gleiche Rechnungsnr. wie ID 7"
    [credit] = [f.text for f in note.findings if f.code == "betrag.gutschrift"]
    assert credit.endswith("(offen: ID 7, 8)")


IBAN_FINDINGS = [
    Finding("iban.abweichend", texts.IBAN_CHANGED, "iban"),
    Finding("iban.unbestaetigt", texts.IBAN_UNCONFIRMED, "iban"),
]


@pytest.mark.parametrize("finding", IBAN_FINDINGS, ids=lambda f: f.code)
def test_an_iban_finding_is_not_acknowledged_by_a_status_change(finding: Finding) -> None:
    """Broke: a person set the fraud finding's row to Offen, and the next run let it pass."""
    shown = AckState(frozenset(), frozenset({finding_key(finding)}))
    decided = review(Status.OFFEN, [finding], [finding], shown)
    assert decided.status is Status.PRUEFEN
    again = review(Status.OFFEN, [finding], [finding], decided.state)
    assert again.status is Status.PRUEFEN, "on every run until the IBAN is confirmed"
    assert review(Status.OFFEN, [finding], [], decided.state).status is Status.OFFEN
