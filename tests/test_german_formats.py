"""German numbers and dates as invoices print them, decided per document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zahllauf.readers.german import (
    NumberStyle,
    detect_number_style,
    find_amounts,
    find_dates,
    parse_amount,
)

DE = NumberStyle.GERMAN
EN = NumberStyle.ENGLISH


@pytest.mark.parametrize(
    ("text", "style", "expected", "reason"),
    [
        ("1.234,56", DE, "1234.56", "dot thousands, comma decimals"),
        ("1234,56", DE, "1234.56", "no thousands separator"),
        ("1 234,56", DE, "1234.56", "space as thousands separator (LaTeX)"),
        ("2\u2009900,00 e", DE, "2900.00", "thin space and the eurosym 'e'"),
        ("-1.234,56", DE, "-1234.56", "leading minus"),
        ("1.234,56-", DE, "-1234.56", "trailing minus of accounting software"),
        ("EUR 1.234,56", DE, "1234.56", "currency code before"),
        ("1.234,56 €", DE, "1234.56", "euro sign after"),
        ("€ 2.720,82", DE, "2720.82", "euro sign before"),
        ("12.345.678,90", DE, "12345678.90", "several thousands groups"),
        ("1,234.56", EN, "1234.56", "English format in an English-style document"),
        ("352.00", EN, "352.00", "dot decimals without thousands"),
        ("-20.00", EN, "-20.00", "negative English amount"),
    ],
)
def test_amounts(text: str, style: NumberStyle, expected: str, reason: str) -> None:
    assert parse_amount(text, style) == Decimal(expected), reason


# Broke: "Rechnungsbetrag: CHF 1'081.00" was read as 81,00 - the Swiss apostrophe was no
# group separator, so the amount started after it. A number is read whole or not at all.
@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Rechnungsbetrag: CHF 1'081.00", ["1081.00"], "Swiss apostrophe, dot decimals"),
        ("Rechnungsbetrag: CHF 1’081,00", ["1081.00"], "typographic apostrophe, comma decimals"),
        ("CHF 12'345'678.90", ["12345678.90"], "several Swiss groups"),
        ("Summe 1\u202f081,00 €", ["1081.00"], "narrow no-break space (U+202F) groups"),
        ("Summe 1\u00a0081,00 €", ["1081.00"], "no-break space (U+00A0) groups"),
        ("Total 1\u2009081.00", ["1081.00"], "thin space groups English amounts too"),
        ("Total 1\u202f081.00", ["1081.00"], "narrow no-break space in English amounts"),
        ("Summe 1.081,00 EUR", ["1081.00"], "German dot grouping"),
        ("Total 1,081.00 EUR", ["1081.00"], "English comma grouping"),
        ("Total 1.081.00", [], "dot grouping with dot decimals is no amount, never 81.00"),
        ("Summe 1,081,00", [], "comma grouping with comma decimals is no amount, never 81,00"),
        ("Total 12'34.00", [], "apostrophe not before three digits: not read, never 34.00"),
        ("Pos. 1 100.00", ["100.00"], "a plain space does not group English amounts (1 x 100.00)"),
    ],
)
def test_separators_never_cut_an_amount(text: str, expected: list[str], reason: str) -> None:
    style = detect_number_style(text)
    assert [a.value for a in find_amounts(text, style)] == [Decimal(v) for v in expected], reason


@pytest.mark.parametrize(
    ("text", "style", "reason"),
    [
        ("41,1765 €", DE, "four decimals are a unit price, not money"),
        ("1,23456", DE, "five decimals are no amount"),
        ("1,234.56", DE, "English number in a German document is not read as 1.23456"),
        ("04.12.2026", DE, "a date is no amount"),
        ("Tel. 0123 456789", DE, "a phone number is no amount"),
    ],
)
def test_not_amounts(text: str, style: NumberStyle, reason: str) -> None:
    assert [a.value for a in find_amounts(text, style)] != [Decimal("1.23")], reason
    assert parse_amount(text, style) is None, reason


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Summe 1.234,56 € Datum 04.12.2026", DE, "German amounts, dates do not vote"),
        ("Total 1,234.56 EUR", EN, "English amounts"),
        ("Gesamtsumme 352.00 Rabatt -20.00", EN, "dot decimals only (LaTeX template)"),
        ("Server 78.46.77.79 Netto 87,39 €", DE, "IP addresses do not vote"),
        ("Leistung 4.12.26 Betrag 10,00", DE, "a two-digit-year date does not vote"),
        ("", DE, "nothing to go by: German"),
    ],
)
def test_number_style(text: str, expected: NumberStyle, reason: str) -> None:
    assert detect_number_style(text) is expected, reason


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("04.12.2026", date(2026, 12, 4), "dd.mm.yyyy"),
        ("4.12.26", date(2026, 12, 4), "d.m.yy, two-digit year in this century"),
        ("4. Dezember 2026", date(2026, 12, 4), "month written out"),
        ("4. Dez. 2026", date(2026, 12, 4), "month abbreviated"),
        ("7. Mai 2014", date(2014, 5, 7), "short month name"),
        ("2026-12-04", date(2026, 12, 4), "ISO"),
        ("2020-09- 30", date(2020, 9, 30), "ISO broken by a space (Word export)"),
        ("21.05.14", date(2014, 5, 21), "two-digit year"),
        ("21.04.1978", date(1978, 4, 21), "old four-digit year"),
        ("24. Januar 2014", date(2014, 1, 24), "January written out"),
    ],
)
def test_dates(text: str, expected: date, reason: str) -> None:
    assert [d.value for d in find_dates(text)] == [expected], reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("DD.MM.YYYY", "template placeholder"),
        ("31.02.2026", "no such day"),
        ("XX.XX.20XX", "placeholder with X"),
        ("1.234,56", "an amount"),
    ],
)
def test_not_dates(text: str, reason: str) -> None:
    assert find_dates(text) == [], reason
