"""Holidays per Bundesland, bank working days and due-date checks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.easter import easter

from zahllauf.checks import Checker
from zahllauf.checks.dates import (
    LAENDER,
    check_dates,
    easter_sunday,
    fill_due_from_terms,
    normalise_land,
    pay_by_adjusted,
    public_holidays,
)
from zahllauf.model import DocumentKind, Invoice, PaymentMeans, Severity, SkontoTerm


def test_easter_agrees_with_dateutil_for_five_centuries() -> None:
    for year in range(1700, 2300):
        assert easter_sunday(year) == easter(year), year


PAY_BY = [
    # due (Zahlen bis), Land, expected, reason
    (date(2026, 6, 4), "BY", date(2026, 6, 3), "Fronleichnam is a holiday in Bayern"),
    (date(2026, 6, 4), "NI", date(2026, 6, 4), "no Fronleichnam in Niedersachsen"),
    (date(2026, 6, 4), "Bayern", date(2026, 6, 3), "Land given by its name"),
    (date(2026, 6, 4), "Tirol", date(2026, 6, 4), "unknown Land: nationwide holidays only"),
    (date(2026, 6, 4), None, date(2026, 6, 4), "no Land set: nationwide holidays only"),
    (date(2026, 6, 6), "NI", date(2026, 6, 5), "Saturday moves to Friday"),
    (date(2026, 5, 25), "HH", date(2026, 5, 22), "Pfingstmontag, Sunday, Saturday"),
    (date(2026, 4, 6), "NW", date(2026, 4, 2), "Ostermontag back over Easter to Thursday"),
    (date(2025, 10, 31), "SN", date(2025, 10, 30), "Reformationstag in Sachsen"),
    (date(2025, 10, 31), "BY", date(2025, 10, 31), "no Reformationstag in Bayern"),
    (date(2025, 10, 31), "NI", date(2025, 10, 30), "Niedersachsen keeps it since 2018"),
    (date(2017, 10, 31), "BY", date(2017, 10, 30), "2017: Reformation jubilee everywhere"),
    (date(2026, 11, 18), "SN", date(2026, 11, 17), "Buß- und Bettag only in Sachsen"),
    (date(2026, 11, 18), "BE", date(2026, 11, 18), "Berlin works on Buß- und Bettag"),
    (date(2027, 3, 8), "BE", date(2027, 3, 5), "Frauentag in Berlin"),
    (date(2027, 3, 8), "MV", date(2027, 3, 5), "Frauentag in Mecklenburg-Vorpommern"),
    (date(2022, 3, 8), "MV", date(2022, 3, 8), "MV keeps Frauentag only since 2023"),
    (date(2027, 3, 8), "HH", date(2027, 3, 8), "no Frauentag in Hamburg"),
    (date(2027, 9, 20), "TH", date(2027, 9, 17), "Weltkindertag in Thüringen"),
    (date(2027, 9, 20), "Thüringen", date(2027, 9, 17), "Land name with umlaut"),
    (date(2027, 9, 20), "SN", date(2027, 9, 20), "no Weltkindertag in Sachsen"),
    (date(2025, 8, 15), "SL", date(2025, 8, 14), "Mariä Himmelfahrt in the Saarland"),
    (date(2025, 8, 15), "NW", date(2025, 8, 15), "no Mariä Himmelfahrt in NRW"),
    (date(2027, 11, 1), "NW", date(2027, 10, 29), "Allerheiligen in NRW, then weekend"),
    (date(2027, 11, 1), "SN", date(2027, 11, 1), "no Allerheiligen in Sachsen"),
    (date(2026, 1, 6), "BW", date(2026, 1, 5), "Heilige Drei Könige in Baden-Württemberg"),
    (date(2026, 1, 6), "ST", date(2026, 1, 5), "and in Sachsen-Anhalt"),
    (date(2026, 1, 6), "HE", date(2026, 1, 6), "not in Hessen"),
    (date(2025, 5, 8), "BE", date(2025, 5, 7), "Berlin's one-off holiday 8 May 2025"),
    (date(2026, 5, 8), "BE", date(2026, 5, 8), "not repeated in 2026"),
    (date(2026, 12, 24), "HE", date(2026, 12, 23), "banks do not book on Christmas Eve"),
    (date(2027, 1, 1), "HE", date(2026, 12, 30), "Neujahr and Silvester are no bank days"),
    (date(2026, 12, 28), "HE", date(2026, 12, 28), "a Monday after Christmas is a bank day"),
    (date(2026, 12, 9), "HE", date(2026, 12, 9), "an ordinary Wednesday stays"),
]


@pytest.mark.parametrize(("due", "land", "expected", "reason"), PAY_BY)
def test_pay_by_adjusted(due: date, land: str | None, expected: date, reason: str) -> None:
    assert pay_by_adjusted(due, land) == expected, reason


def test_each_land_has_between_nine_and_fourteen_weekday_or_weekend_holidays() -> None:
    # Bayern has the most (13 with Mariä Himmelfahrt), Berlin/Hamburg/etc. the fewest.
    counts = {land: len(public_holidays(2026, land)) for land in LAENDER}
    assert counts["BY"] == 13 and counts["HH"] == 10 and counts["BE"] == 10, counts
    assert all(9 <= n <= 13 for n in counts.values()), counts


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2024, date(2024, 11, 20)), (2025, date(2025, 11, 19)), (2026, date(2026, 11, 18))],
)
def test_buss_und_bettag_is_the_wednesday_before_23_november(year: int, expected: date) -> None:
    holidays = public_holidays(year, "SN")
    assert holidays[expected] == "Buß- und Bettag"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("nw", "NW"), ("Nordrhein-Westfalen", "NW"), ("Baden-Württemberg", "BW"), ("", None)],
)
def test_normalise_land(value: str, expected: str | None) -> None:
    assert normalise_land(value) == expected


TODAY = date(2026, 12, 4)  # a Friday


def _codes(invoice: Invoice) -> list[tuple[str, str]]:
    return [
        (f.code, "C" if f.severity is Severity.CHECK else "I")
        for f in check_dates(invoice, TODAY, "HE")
    ]


DATE_CASES = [
    (date(2026, 12, 1), date(2026, 12, 15), None, [], "ordinary 14 days"),
    (
        date(2026, 12, 1),
        date(2026, 11, 15),
        None,
        [("faellig.vor_datum", "C"), ("faellig.ueberfaellig", "I")],
        "due before the invoice date (misread or swapped)",
    ),
    (
        date(2026, 12, 1),
        date(2027, 6, 30),
        None,
        [("faellig.zu_spaet", "C")],
        "due seven months later: absurd for trade terms",
    ),
    (None, date(2026, 12, 15), None, [("datum.fehlt", "C")], "no invoice date read"),
    (
        date(2026, 12, 20),
        date(2027, 1, 4),
        None,
        [("datum.zukunft", "C")],
        "invoice dated more than three days ahead",
    ),
    (
        date(2026, 12, 1),
        None,
        None,
        [("faellig.fehlt", "C")],
        "no due date, no terms: due at once, but a person decides when to pay (issue 2)",
    ),
    (
        date(2026, 11, 1),
        date(2026, 11, 20),
        None,
        [("faellig.ueberfaellig", "I")],
        "overdue: shown (and coloured), not a question",
    ),
    (
        date(2026, 11, 20),
        date(2026, 12, 21),
        SkontoTerm(Decimal("2"), date(2026, 11, 30)),
        [("skonto.abgelaufen", "I")],
        "Skonto deadline passed",
    ),
    (
        date(2026, 11, 27),
        date(2026, 12, 27),
        SkontoTerm(Decimal("2"), date(2026, 12, 7)),
        [("skonto.bald", "I")],
        "Skonto ends on Monday",
    ),
    (
        date(2026, 12, 1),
        date(2026, 12, 15),
        SkontoTerm(Decimal("5"), date(2027, 1, 10)),
        [("skonto.nach_faelligkeit", "C")],
        "Broke (P7): netto 14 Tage, 5 % Skonto within 40 days: terms contradict each other",
    ),
    (
        date(2026, 12, 1),
        date(2026, 12, 15),
        SkontoTerm(Decimal("2"), date(2026, 12, 15)),
        [],
        "Skonto until the due date itself: ordinary",
    ),
    (
        date(2026, 12, 1),
        date(2026, 12, 24),
        None,
        [("zahlen_bis.vorgezogen", "I")],
        "due on Christmas Eve: paid the day before",
    ),
]


@pytest.mark.parametrize(("issued", "due", "skonto", "expected", "reason"), DATE_CASES)
def test_check_dates(
    issued: date | None,
    due: date | None,
    skonto: SkontoTerm | None,
    expected: list[tuple[str, str]],
    reason: str,
) -> None:
    invoice = Invoice(issue_date=issued, due_date=due, skonto=skonto)
    assert _codes(invoice) == expected, reason


def test_due_date_from_supplier_terms_is_computed_and_said() -> None:
    invoice = Invoice(issue_date=date(2026, 11, 20))
    fill_due_from_terms(invoice, 30)
    assert invoice.due_date == date(2026, 11, 20) + timedelta(days=30)
    [finding] = invoice.findings
    assert finding.code == "faellig.aus_zahlungsziel" and finding.severity is Severity.INFO
    assert "20.12.2026" in finding.text and "30 Tage" in finding.text


def test_due_date_given_is_not_replaced_by_terms() -> None:
    invoice = Invoice(issue_date=date(2026, 11, 20), due_date=date(2026, 11, 27))
    fill_due_from_terms(invoice, 30)
    assert invoice.due_date == date(2026, 11, 27) and invoice.findings == []


@pytest.mark.parametrize(
    ("invoice", "severity", "reason"),
    [
        (Invoice(issue_date=date(2026, 12, 1)), Severity.CHECK, "we transfer: a person decides"),
        (
            Invoice(issue_date=date(2026, 12, 1), payment_means=PaymentMeans.DIRECT_DEBIT),
            Severity.INFO,
            "the supplier debits it: no date of ours is needed",
        ),
        (
            Invoice(issue_date=date(2026, 12, 1), kind=DocumentKind.CREDIT_NOTE),
            None,
            "Broke (P11e): a credit note got 'ohne Vereinbarung sofort fällig'; it is netted",
        ),
        (
            Invoice(issue_date=date(2026, 12, 1), amount_due=Decimal("-40.00")),
            None,
            "a negative Betrag typed by hand is a credit note too",
        ),
    ],
)
def test_missing_due_date_weighs_by_who_moves_the_money(
    invoice: Invoice, severity: Severity | None, reason: str
) -> None:
    findings = [f for f in check_dates(invoice, date(2026, 12, 4), None) if f.field == "due_date"]
    expected = [] if severity is None else [("faellig.fehlt", severity)]
    assert [(f.code, f.severity) for f in findings] == expected, reason


# Broke: a credit note (type 381, negative Betrag) got "Skontofrist … abgelaufen – voller
# Betrag fällig" and a Zahlen bis, as if it were paid; it is netted against open invoices.
CREDIT_NOTE_DATES = [
    # invoice fields, reason
    ({"skonto": SkontoTerm(Decimal("2"), date(2026, 11, 30))}, "Skonto deadline passed"),
    ({"skonto": SkontoTerm(Decimal("2"), date(2026, 12, 7))}, "Skonto deadline close"),
    ({"due_date": date(2026, 11, 20)}, "due date passed: nothing is overdue"),
    ({"due_date": date(2026, 12, 24)}, "due on Christmas Eve: nothing to move"),
]


@pytest.mark.parametrize(("fields", "reason"), CREDIT_NOTE_DATES)
@pytest.mark.parametrize(
    "kind",
    [{"kind": DocumentKind.CREDIT_NOTE}, {"amount_due": Decimal("-119.00")}],
    ids=["type 381", "negative amount"],
)
def test_a_credit_note_has_no_payment_dates(fields: dict, kind: dict, reason: str) -> None:
    invoice = Invoice(issue_date=date(2026, 11, 1), due_date=date(2026, 12, 15))
    for name, value in {**fields, **kind}.items():
        setattr(invoice, name, value)
    assert _codes(invoice) == [], reason
    checker = Checker([], [], TODAY, "HE")
    assert checker.pay_by(invoice) is None, reason
    invoice.kind, invoice.amount_due = DocumentKind.INVOICE, Decimal("119.00")
    assert _codes(invoice) != [], f"an invoice would be told: {reason}"


# Broke (P7): "netto 14 Tage, 5 % Skonto bei Zahlung innerhalb von 40 Tagen" got Fällig
# 15.12. and Zahlen bis 08.01.: paying on the Skonto deadline would be three weeks late.
PAY_BY_SKONTO = [
    # due, Skonto until, today, expected Zahlen bis, reason
    (date(2026, 12, 15), date(2027, 1, 8), TODAY, date(2026, 12, 15), "Broke: Skonto after due"),
    (date(2026, 12, 30), date(2026, 12, 14), TODAY, date(2026, 12, 14), "Skonto first: its date"),
    (date(2026, 12, 30), date(2026, 12, 3), TODAY, date(2026, 12, 30), "Skonto missed: due"),
    (None, date(2026, 12, 14), TODAY, date(2026, 12, 14), "no due date: the Skonto deadline"),
    (date(2026, 12, 15), None, TODAY, date(2026, 12, 15), "no Skonto: the due date"),
]


@pytest.mark.parametrize(("due", "until", "today", "expected", "reason"), PAY_BY_SKONTO)
def test_pay_by_is_the_earlier_of_skonto_deadline_and_due_date(
    due: date | None, until: date | None, today: date, expected: date, reason: str
) -> None:
    skonto = SkontoTerm(Decimal("5"), until) if until is not None else None
    invoice = Invoice(issue_date=date(2026, 12, 1), due_date=due, skonto=skonto)
    assert invoice.pay_by(today) == expected, reason
    assert Checker([], [], today, "HE").pay_by(invoice) == expected, reason
