"""Cell values to the schema's types: what both workbook adapters share.

openpyxl and xlwings both hand over what the cell holds: numbers as ``int``/``float``,
dates as ``datetime``, text a person typed as ``str``. These pure functions turn that into
``Decimal`` money, ``date`` dates and :class:`~zahllauf.port.Link`, and refuse ``float``
on the way in, so a job never meets a binary fraction.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from zahllauf.port import Link
from zahllauf.schema import Kind

__all__ = [
    "check_writable",
    "clean_text",
    "from_cell",
    "is_formula_like",
    "to_date",
    "to_decimal",
    "with_cents",
]

_GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
# A currency a person may type around an amount: "1.380,40 €", "EUR 1.380,40".
_CURRENCY = re.compile(r"^(?:EUR|€)\s*|\s*(?:EUR|€)$", re.IGNORECASE)
# Control characters a cell cannot hold (XML 1.0 forbids them; openpyxl raises on them)
# and that must not reach a terminal either; tab, line feed and carriage return stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_NUMERIC = (Kind.MONEY, Kind.PERCENT, Kind.HOURS)


def from_cell(value: Any, kind: Kind, link_target: str | None = None) -> Any:
    """A cell's value as the schema's type; text a person typed is parsed where clear.

    Args:
        value: What the cell holds (``None`` or blank text for an empty cell).
        kind: The column's :class:`~zahllauf.schema.Kind`.
        link_target: The cell's hyperlink address, if it has one.

    >>> from_cell(12.5, Kind.MONEY)
    Decimal('12.50')
    >>> from_cell("04.12.2026", Kind.DATE)
    datetime.date(2026, 12, 4)
    >>> from_cell(17.0, Kind.INT)
    17
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind in _NUMERIC:
        return to_decimal(value)
    if kind is Kind.DATE:
        return to_date(value)
    if kind is Kind.INT:
        return _to_int(value)
    if kind is Kind.LINK and link_target:
        return Link(target=link_target, text=str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _to_int(value: Any) -> Any:
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


def to_decimal(value: Any) -> Any:
    """Money, percent or hours as ``Decimal``; text that is no German number stays text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return with_cents(value)
    if isinstance(value, int):
        return with_cents(Decimal(value))
    if isinstance(value, float):
        return with_cents(Decimal(repr(value)))  # shortest repr: 1234.56 stays 1234.56
    text = _CURRENCY.sub("", str(value).strip()).replace("\u00a0", "").replace(" ", "")
    if _GERMAN_NUMBER.match(text):
        try:
            return with_cents(Decimal(text.replace(".", "").replace(",", ".")))
        except InvalidOperation:
            return str(value).strip()
    return str(value).strip()


def with_cents(amount: Decimal) -> Decimal:
    """At least two decimals, so 12.5 reads as 12.50; more precision is kept.

    >>> with_cents(Decimal("12.5")), with_cents(Decimal("0.125"))
    (Decimal('12.50'), Decimal('0.125'))
    """
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return amount.quantize(Decimal("0.01"))
    return amount


def to_date(value: Any) -> Any:
    """A date cell as ``date``; German ``TT.MM.JJJJ`` text too; anything else unchanged."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _GERMAN_DATE.match(str(value).strip())
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return str(value)
    return value


def check_writable(value: Any) -> None:
    """Refuse ``float``: money and numbers reach the port as ``Decimal`` or ``int``."""
    if isinstance(value, float):
        raise TypeError("money and numbers are Decimal, never float")


def clean_text(value: Any) -> Any:
    """Text without control characters; other values unchanged.

    Text comes from invoices and mails written by others: a stray control character
    would make the workbook unwritable (openpyxl refuses it, Excel calls the file broken).

    >>> clean_text("Lieferant\x01\x0bGmbH\x1b[31m")
    'LieferantGmbH[31m'
    """
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, Link):
        return Link(target=_CONTROL.sub("", value.target), text=_CONTROL.sub("", value.text))
    return value


def is_formula_like(value: Any) -> bool:
    """Text Excel would take for a formula: it must be stored as text, never run.

    >>> is_formula_like('=HYPERLINK("http://x","Klick")'), is_formula_like("RE-1")
    (True, False)
    """
    return isinstance(value, str) and value.startswith("=")
