"""The e-invoice as written: text values by EN 16931 business term, before any judgement.

The syntax readers (:mod:`~zahllauf.readers.cii`, :mod:`~zahllauf.readers.ubl`) only
copy text out of the XML into a :class:`RawInvoice`; turning text into dates and
amounts, choosing among several values and checking the sums happens once, for all
syntaxes, in :mod:`~zahllauf.readers.einvoice`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from zahllauf.readers.xmlsafe import Syntax


@dataclass(frozen=True)
class RawDiscount:
    """CII ``ApplicableTradePaymentDiscountTerms`` as written (EXTENDED, ZUGFeRD 1.0)."""

    percent: str | None
    period: str | None
    unit: str | None
    basis_date: str | None
    base: str | None


@dataclass(frozen=True)
class RawLine:
    """One invoice line (BG-25) for the readable view and the line-sum rule."""

    name: str
    quantity: str | None
    unit: str | None
    price: str | None
    total: str | None


@dataclass(frozen=True)
class RawParty:
    """A party's name and postal address (BG-4/BG-7) for the readable view."""

    name: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None


@dataclass
class RawInvoice:
    """Text values keyed by their business term; lists keep document order."""

    syntax: Syntax
    root: etree._Element
    values: dict[str, str] = field(default_factory=dict)
    due_dates: list[str] = field(default_factory=list)
    payment_codes: list[str] = field(default_factory=list)
    payee_accounts: list[str] = field(default_factory=list)
    bics: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    discounts: list[RawDiscount] = field(default_factory=list)
    vat_amounts: list[str] = field(default_factory=list)
    lines: list[RawLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seller: RawParty = field(default_factory=RawParty)
    buyer: RawParty = field(default_factory=RawParty)

    def put(self, term: str, value: str | None) -> None:
        """Keep a value for a business term (e.g. ``"BT-1"``); empty text is no value."""
        if value is not None and value.strip():
            self.values[term] = value.strip()


def text(node: etree._Element | None, path: str, ns: dict[str, str]) -> str | None:
    """The text of the first element at ``path`` below ``node``, or None."""
    if node is None:
        return None
    found = node.find(path, ns)
    if found is None or found.text is None:
        return None
    return found.text


def texts_at(node: etree._Element | None, path: str, ns: dict[str, str]) -> list[str]:
    """The non-empty texts of every element at ``path`` below ``node``, in order."""
    if node is None:
        return []
    return [e.text.strip() for e in node.iterfind(path, ns) if e.text and e.text.strip()]


def collapse(value: str | None) -> str | None:
    """Whitespace and line breaks collapsed to one space (how BT-27 is compared)."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed or None
