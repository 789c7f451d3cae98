"""Text values of an e-invoice turned into dates, amounts and IBANs, with findings.

A value that cannot be read leaves the field empty and puts a finding on the invoice
naming the field in German (with its business term in parentheses), so a person looks at
it; it never raises.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from zahllauf import texts
from zahllauf.model import Finding, Invoice

_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_DATE_FORMATS = ("%Y%m%d", "%Y-%m-%d")


def parse_amount(value: str | None, term: str, invoice: Invoice) -> Decimal | None:
    """An XML decimal (``1234.5``, ``-3.00``) as Decimal; unreadable → finding.

    >>> parse_amount(" 2594.2 ", "BT-112", Invoice())
    Decimal('2594.2')
    """
    if value is None or not value.strip():
        return None
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        invoice.add(_bad_value(term, value))
        return None
    return amount


def parse_date(value: str | None, term: str, invoice: Invoice) -> date | None:
    """A CII format-102 date (``20160627``) or a UBL date (``2016-06-27``).

    >>> parse_date("20160627", "BT-2", Invoice())
    datetime.date(2016, 6, 27)
    """
    if value is None or not value.strip():
        return None
    cleaned = value.strip()[:10]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    invoice.add(_bad_value(term, value))
    return None


def parse_iban(value: str) -> str | None:
    """The account as an IBAN (spaces removed, upper case), or None when it is none.

    Placeholders such as ``IBAN`` or ``XX`` and national account numbers are no IBAN.
    The checksum is not judged here; that is the IBAN check's job.

    >>> parse_iban("de08 7009 0100 1234 5678 90")
    'DE08700901001234567890'
    >>> parse_iban("IBAN") is None
    True
    """
    compact = "".join(value.split()).upper()
    return compact if _IBAN.fullmatch(compact) else None


def term_name(term: str) -> str:
    """The German name of a business term with its code in parentheses.

    >>> term_name("BT-2")
    'Rechnungsdatum (BT-2)'
    """
    name = texts.EINV_TERM_NAMES.get(term, texts.EINV_TERM_UNKNOWN)
    return texts.EINV_TERM.format(name=name, term=term)


def german_number(value: Decimal) -> str:
    """A number as Germans write it, as precise as it is written (never rounded).

    >>> german_number(Decimal("1380.405")), german_number(Decimal("-12345.5"))
    ('1.380,405', '-12.345,5')
    """
    return texts.german_digits(f"{value:,f}")


def german_amount(value: Decimal) -> str:
    """An amount with at least two decimals, more only where the document has more.

    >>> german_amount(Decimal("625.9")), german_amount(Decimal("1380.405"))
    ('625,90', '1.380,405')
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return german_number(value)


def _bad_value(term: str, value: str) -> Finding:
    shown = value.strip()[:40]
    text = texts.EINV_VALUE_UNREADABLE.format(name=term_name(term), value=shown)
    return Finding("xml.value_unreadable", text, term)
