"""Skonto terms from XRechnung codes, structured EXTENDED terms and German free text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zahllauf.model import Severity
from zahllauf.readers.skonto import (
    SkontoTier,
    parse_skonto_text,
    parse_xrechnung_skonto,
    read_skonto_text,
    tier_from_structured,
)

ISSUED = date(2026, 12, 4)

# (text, expected [(percent, until)], reason)
FREE_TEXT = [
    ("2 % Skonto innerhalb 10 Tagen", [("2", date(2026, 12, 14))], "percent first, days after"),
    ("bei Zahlung bis 14.12. 3 % Skonto", [("3", date(2026, 12, 14))], "date without year"),
    ("binnen 14 Tagen 2% Skonto", [("2", date(2026, 12, 18))], "days first"),
    (
        "Bei Zahlungen binnen 14 Tagen, 2% Skonto",
        [("2", date(2026, 12, 18))],
        "KoSIT 01.15a wording, comma between days and percent",
    ),
    (
        "Zahlbar innerhalb 30 Tagen netto bis 04.01.2027, 3% Skonto innerhalb 10 Tagen "
        "bis 15.12.2026",
        [("3", date(2026, 12, 15))],
        "the net term is no Skonto; the written date wins over the days",
    ),
    (
        "Innerhalb von 30 Tagen 2% Skonto, 60 Tage ohne Abzug",
        [("2", date(2027, 1, 3))],
        "Mustang wording: the 60 days belong to the net term",
    ),
    (
        "Bei Zahlung innerhalb 14 Tagen gewähren wir 2,0% Skonto. | "
        "Bei Zahlung innerhalb 7 Tagen gewähren wir 1,0% Skonto.",
        [("2.0", date(2026, 12, 18)), ("1.0", date(2026, 12, 11))],
        "two tiers in document order, decimal comma",
    ),
    (
        "Skontovereinbarung: 2% bei Zahlung innerhalb 10 Tagen nach Rechnungsdatum",
        [("2", date(2026, 12, 14))],
        "the word Skonto only in the heading",
    ),
    ("10 Tage 3% Skonto, 30 Tage netto", [("3", date(2026, 12, 14))], "bare days before"),
    (
        "abzüglich 2 % Skonto bei Zahlung bis zum 10.01.2027",
        [("2", date(2027, 1, 10))],
        "date with year after 'bis zum'",
    ),
    ("bis 02.12. 2 % Skonto", [("2", date(2027, 12, 2))], "day before issue → next year"),
    ("Zahlbar innerhalb 30 Tagen netto", [], "no Skonto at all"),
    ("Skontoabzüge werden nicht akzeptiert.", [], "Skonto word, no percent"),
    ("Zahlbar mit 2% Skonto bis", [], "percent without a period"),
    ("Rechnung vom 01.12.2026: 2% Skonto", [], "a bare date before is the invoice date"),
    ("zzgl. 19 % USt, 2 % Skonto binnen 8 Tagen", [("2", date(2026, 12, 12))], "VAT rate"),
    ("Innerhalb 10 Tagen 0 % Skonto", [], "a 0 % tier is no discount"),
]


@pytest.mark.parametrize(("text", "expected", "reason"), FREE_TEXT)
def test_free_text(text: str, expected: list[tuple[str, date]], reason: str) -> None:
    terms = parse_skonto_text(text, ISSUED)
    assert [(t.percent, t.until) for t in terms] == [
        (Decimal(p), until) for p, until in expected
    ], reason


ISSUED_NOV = date(2026, 11, 2)

# A Skonto tier beside its net term: the net term's period is never the Skonto's.
# (text, expected [(percent, until)], reason)
SKONTO_BESIDE_NET = [
    (
        "Zahlbar innerhalb 8 Tagen mit 2 % Skonto, innerhalb 30 Tagen ohne Abzug.",
        [("2", date(2026, 11, 10))],
        "Broke: Skonto bis 02.12.2026, the net term's 30 days after the comma were taken",
    ),
    (
        "Zahlbar innerhalb von 7 Tagen mit 2 % Skonto oder innerhalb von 30 Tagen netto.",
        [("2", date(2026, 11, 9))],
        "Broke: Skonto bis 02.12.2026, the 30 days after 'oder' were taken",
    ),
    (
        "2 % Skonto bei Zahlung innerhalb von 8 Tagen, netto innerhalb von 30 Tagen.",
        [("2", date(2026, 11, 10))],
        "percent first, its days after it, net term after the comma",
    ),
    (
        "Bei Zahlung bis 07.12.2026 gewähren wir 2 % Skonto. Zahlbar bis 31.12.2026 ohne Abzug.",
        [("2", date(2026, 12, 7))],
        "Skonto date in its own sentence, the net date in the next",
    ),
    (
        "innerhalb 14 Tagen 3 % Skonto, 30 Tage netto",
        [("3", date(2026, 11, 16))],
        "days before the percent, bare net days after the comma",
    ),
    ("10 Tage 2 % Skonto, 30 Tage netto", [("2", date(2026, 11, 12))], "bare days both"),
    (
        "bis zum 14.12. abzüglich 3 % Skonto, danach rein netto bis 31.12.",
        [("3", date(2026, 12, 14))],
        "date without year before, 'danach rein netto' after",
    ),
    (
        "Bei Zahlung innerhalb von 10 Tagen 3 % Skonto, ansonsten innerhalb von 30 Tagen "
        "ohne Abzug.",
        [("3", date(2026, 11, 12))],
        "'ansonsten' opens the net term",
    ),
    (
        "Zahlbar innerhalb von 14 Tagen abzüglich 2 % Skonto oder innerhalb von 30 Tagen "
        "ohne Abzug.",
        [("2", date(2026, 11, 16))],
        "'abzüglich … Skonto oder' with the net term",
    ),
    (
        "Zahlbar bis 16.11.2026 mit 3 % Skonto oder bis 02.12.2026 netto.",
        [("3", date(2026, 11, 16))],
        "dates instead of days, net date after 'oder'",
    ),
    (
        "Zahlbar innerhalb 30 Tagen netto, innerhalb 10 Tagen 2 % Skonto.",
        [("2", date(2026, 11, 12))],
        "net term first, Skonto after it",
    ),
    (
        "Zahlungsbedingungen: 8 Tage 2 % Skonto, 30 Tage netto",
        [("2", date(2026, 11, 10))],
        "term label, bare days",
    ),
    (
        "2 % Skonto, bei Zahlung innerhalb 10 Tagen",
        [("2", date(2026, 11, 12))],
        "the period after a comma counts when it is no net term",
    ),
    (
        "Zahlbar mit 2 % Skonto, innerhalb 30 Tagen ohne Abzug",
        [],
        "the only period is the net term's: no Skonto rather than a wrong one",
    ),
]


@pytest.mark.parametrize(("text", "expected", "reason"), SKONTO_BESIDE_NET)
def test_skonto_beside_net_term(text: str, expected: list[tuple[str, date]], reason: str) -> None:
    terms = parse_skonto_text(text, ISSUED_NOV)
    assert [(t.percent, t.until) for t in terms] == [
        (Decimal(p), until) for p, until in expected
    ], reason


def test_free_text_without_issue_date_keeps_only_full_dates() -> None:
    text = "3% Skonto innerhalb 10 Tagen; 2% Skonto bis 20.12.2026"
    assert [t.until for t in parse_skonto_text(text, None)] == [date(2026, 12, 20)]


def test_other_day_basis_is_noted() -> None:
    reading = read_skonto_text("2 % Skonto innerhalb 8 Tagen nach Erhalt der Ware", ISSUED)
    assert reading.terms(ISSUED)[0].until == date(2026, 12, 12)
    assert reading.notes, "counting from the invoice date instead of receipt must be said"


# (text, expected tiers (percent, days, base), finding codes, reason)
CODES = [
    (
        "#SKONTO#TAGE=7#PROZENT=2.00#\n#SKONTO#TAGE=14#PROZENT=1.00#\n"
        "#SKONTO#TAGE=30#PROZENT=0.00#\n",
        [("2.00", 7, None), ("1.00", 14, None), ("0.00", 30, None)],
        [],
        "BR-DE-18 example with three tiers",
    ),
    (
        "#SKONTO#TAGE=10#PROZENT=3.00#BASISBETRAG=100.00#\n",
        [("3.00", 10, "100.00")],
        [],
        "optional base amount",
    ),
    (
        "Zahlbar sofort.\n#skonto#tage=7#prozent=2,5#",
        [("2.5", 7, None)],
        ["skonto.code_syntax"],
        "lower case, decimal comma, no final line break: read, but noted",
    ),
    (
        "#SKONTO#TAGE=7#PROZENT=2.00##SKONTO#TAGE=14#PROZENT=1.00#\n",
        [("2.00", 7, None), ("1.00", 14, None)],
        ["skonto.code_syntax"],
        "two tiers on one line",
    ),
    ("#SKONTO#TAGE=x#PROZENT=2.00#\n", [], ["skonto.code_unreadable"], "days not a number"),
]


@pytest.mark.parametrize(("text", "tiers", "codes", "reason"), CODES)
def test_xrechnung_codes(
    text: str, tiers: list[tuple[str, int, str | None]], codes: list[str], reason: str
) -> None:
    reading = parse_xrechnung_skonto(text)
    got = [(t.percent, t.days, t.base) for t in reading.tiers]
    want = [(Decimal(p), d, Decimal(b) if b else None) for p, d, b in tiers]
    assert got == want, reason
    assert sorted({f.code for f in reading.findings}) == codes, reason


def test_code_syntax_deviation_is_info_and_unreadable_is_check() -> None:
    syntax = parse_xrechnung_skonto("#skonto#tage=7#prozent=2.00#").findings[0]
    broken = parse_xrechnung_skonto("#SKONTO#PROZENT=2.00#\n").findings[0]
    assert syntax.severity is Severity.INFO
    assert broken.severity is Severity.CHECK


def test_zero_tier_is_kept_as_tier_but_not_as_term() -> None:
    reading = parse_xrechnung_skonto("#SKONTO#TAGE=30#PROZENT=0.00#\n")
    assert len(reading.tiers) == 1
    assert reading.terms(ISSUED) == []


@pytest.mark.parametrize(
    ("percent", "days", "basis", "until", "reason"),
    [
        (Decimal("2"), 14, date(2026, 12, 1), date(2026, 12, 15), "basis date plus period"),
        (Decimal("2"), None, date(2026, 12, 20), date(2026, 12, 20), "basis date alone"),
        (Decimal("2"), 10, None, date(2026, 12, 14), "period from the invoice date"),
    ],
)
def test_structured_terms(
    percent: Decimal, days: int | None, basis: date | None, until: date, reason: str
) -> None:
    tier = tier_from_structured(percent, days, basis)
    assert tier is not None
    term = tier.term(ISSUED)
    assert term is not None and term.until == until, reason


def test_tier_with_base_discounts_the_base() -> None:
    term = SkontoTier(Decimal("3"), days=10, base=Decimal("100.00")).term(ISSUED)
    assert term is not None
    assert term.discounted(Decimal("119.00")) == Decimal("116.00")
