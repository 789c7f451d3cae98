"""German numbers and dates as printed on invoices, decided once per document.

A German invoice writes ``1.234,56``; a foreign one ``1,234.56``. Which separator is the
decimal one is decided for the whole document (:func:`detect_number_style`), never per
number, so that ``1.234`` cannot mean one thing on line 3 and another on line 30.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

DATE_PATTERN = (
    r"(?<![\d.])(?:"
    r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d])"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-\s?(?P<id>\d{1,2})(?!\d)"
    rf"|(?P<nd>\d{{1,2}})\.\s*(?P<nm>{_MONTH_NAMES})\.?\s+(?P<ny>\d{{4}})"
    r")"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)

# Digit group separators: a space of any width (LaTeX and typesetting tools print
# "2 900,00" with a thin or narrow no-break space) and the Swiss apostrophe ("1'081.00",
# "1’081,00"). German amounts group with dots as well, English ones with commas; a plain
# space groups only German amounts, because English line items print "1 100.00" for one
# piece at 100.00.
_SPACES = "\u00a0\u2007\u2008\u2009\u200a\u202f"
_APOSTROPHES = "'\u2019"
_GROUP_DE = rf"[.{_APOSTROPHES}{_SPACES} ]"
_GROUP_EN = rf"[,{_APOSTROPHES}{_SPACES}]"
_AMOUNT_DE = rf"\d{{1,3}}(?:{_GROUP_DE}\d{{3}})+,\d{{2}}|\d+,\d{{2}}"
_AMOUNT_EN = rf"\d{{1,3}}(?:{_GROUP_EN}\d{{3}})+\.\d{{2}}|\d+\.\d{{2}}"
# No amount starts right after a digit, a separator or a letter: a number whose grouping
# the grammar does not accept is left unread rather than cut ("1'081.00" never "081.00").
_NOT_AFTER = rf"(?<![\d.,\w{_APOSTROPHES}])"
_SIGN_BEFORE = r"(?P<minus>[-−–]\s?)?"
_SIGN_AFTER = r"(?P<trail>-(?![\d\w]))?"


class NumberStyle(enum.Enum):
    """Which character separates the cents: ``,`` (German) or ``.`` (English)."""

    GERMAN = ","
    ENGLISH = "."


def _amount_regex(style: NumberStyle) -> re.Pattern[str]:
    body = _AMOUNT_DE if style is NumberStyle.GERMAN else _AMOUNT_EN
    return re.compile(rf"{_NOT_AFTER}{_SIGN_BEFORE}(?P<num>{body})(?![\d]|[.,]\d){_SIGN_AFTER}")


AMOUNT_RE = {style: _amount_regex(style) for style in NumberStyle}
_GERMAN_HINT = re.compile(r"\d,\d{2}(?![\d])")
_ENGLISH_HINT = re.compile(r"\d\.\d{2}(?![\d])")
_DOTTED_RUN = re.compile(r"\d+(?:\.\d+){2,}")


@dataclass(frozen=True)
class Amount:
    """One amount found in a line: its value and where it starts and ends."""

    value: Decimal
    start: int
    end: int


def detect_number_style(text: str) -> NumberStyle:
    """Decide the document's decimal separator by counting ``d,dd`` against ``d.dd``.

    Dates and dotted runs (``04.12.2026``, IP addresses) are removed first, so that their
    dots do not vote. A tie is German: these are German invoices.

    >>> detect_number_style("Summe 1.234,56 EUR am 04.12.2026")
    <NumberStyle.GERMAN: ','>
    >>> detect_number_style("Total 1,234.56 due 2026-12-04")
    <NumberStyle.ENGLISH: '.'>
    """
    cleaned = _DOTTED_RUN.sub(" ", DATE_RE.sub(" ", text))
    german = len(_GERMAN_HINT.findall(cleaned))
    english = len(_ENGLISH_HINT.findall(cleaned))
    return NumberStyle.ENGLISH if english > german else NumberStyle.GERMAN


def _to_decimal(num: str, style: NumberStyle) -> Decimal | None:
    digits = re.sub(rf"[\s{_SPACES}{_APOSTROPHES}]", "", num)
    if style is NumberStyle.GERMAN:
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def find_amounts(text: str, style: NumberStyle) -> list[Amount]:
    """Every money amount (two decimals) in ``text``, signed, in reading order.

    >>> [a.value for a in find_amounts("Rabatt 1.234,56- und -2 900,00 e", NumberStyle.GERMAN)]
    [Decimal('-1234.56'), Decimal('-2900.00')]
    """
    found = []
    for match in AMOUNT_RE[style].finditer(text):
        value = _to_decimal(match.group("num"), style)
        if value is None:
            continue
        if match.group("minus") or match.group("trail"):
            value = -value
        found.append(Amount(value, match.start(), match.end()))
    return found


def parse_amount(text: str, style: NumberStyle = NumberStyle.GERMAN) -> Decimal | None:
    """The single amount in ``text`` (``"EUR 1.234,56"``, ``"1.234,56 €"``), or None.

    >>> parse_amount("1.234,56-")
    Decimal('-1234.56')
    >>> parse_amount("1,234.56", NumberStyle.ENGLISH)
    Decimal('1234.56')
    """
    amounts = find_amounts(text, style)
    return amounts[0].value if len(amounts) == 1 else None


def _year(raw: str) -> int:
    year = int(raw)
    if len(raw) == 2:
        # Two-digit years on invoices are this century; 1970-1999 kept for old archives.
        year += 1900 if year >= 70 else 2000
    return year


def _date_from_match(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["d"]:
            return date(_year(groups["y"]), int(groups["m"]), int(groups["d"]))
        if groups["iy"]:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        month = MONTHS[groups["nm"].lower()]
        return date(int(groups["ny"]), month, int(groups["nd"]))
    except ValueError:
        return None


@dataclass(frozen=True)
class FoundDate:
    """One date found in a text and its place."""

    value: date
    start: int
    end: int


def find_dates(text: str) -> list[FoundDate]:
    """Every valid date in ``text`` in reading order (``31.02.2026`` is skipped).

    >>> [d.value.isoformat() for d in find_dates("4.12.26, 4. Dezember 2026, 2026-12-04")]
    ['2026-12-04', '2026-12-04', '2026-12-04']
    """
    found = []
    for match in DATE_RE.finditer(text):
        value = _date_from_match(match)
        if value is not None:
            found.append(FoundDate(value, match.start(), match.end()))
    return found


def parse_date(text: str) -> date | None:
    """The first date in ``text``, or None.

    >>> parse_date("Rechnungsdatum: 04.12.2026")
    datetime.date(2026, 12, 4)
    """
    dates = find_dates(text)
    return dates[0].value if dates else None


__all__ = [
    "Amount",
    "FoundDate",
    "NumberStyle",
    "detect_number_style",
    "find_amounts",
    "find_dates",
    "parse_amount",
    "parse_date",
]
