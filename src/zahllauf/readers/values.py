"""Text values of an e-invoice turned into dates, amounts and IBANs, with findings.

A value that cannot be read leaves the field empty and puts a finding on the invoice
naming the business term, so a person looks at it; it never raises.
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


def _bad_value(term: str, value: str) -> Finding:
    shown = value.strip()[:40]
    return Finding(
        "xml.value_unreadable", texts.EINV_VALUE_UNREADABLE.format(term=term, value=shown), term
    )
