"""The invoice record and the findings attached to it.

Nothing here knows a workbook or Excel. Amounts are ``Decimal``, dates are ``date``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half away from zero (the commercial rule in German bookkeeping).

    >>> round_cents(Decimal("2.345"))
    Decimal('2.35')
    >>> round_cents(Decimal("-2.345"))
    Decimal('-2.35')
    """
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class Severity(enum.Enum):
    """How a finding weighs: ``INFO`` is shown, ``CHECK`` makes the row Prüfen."""

    INFO = "info"
    CHECK = "pruefen"


@dataclass(frozen=True)
class Finding:
    """One result of a check or a reader: a code, the German text, the field it concerns.

    >>> Finding("iban.missing", "Keine IBAN gefunden", "iban").needs_person
    True
    """

    code: str
    text: str
    field: str | None = None
    severity: Severity = Severity.CHECK

    @property
    def needs_person(self) -> bool:
        return self.severity is Severity.CHECK


class DocumentKind(enum.Enum):
    """What a document is; only invoices and credit notes become payable rows."""

    INVOICE = "Rechnung"
    CREDIT_NOTE = "Gutschrift"
    REMINDER = "Mahnung"
    NOT_INVOICE = "keine Rechnung"
    UNREADABLE = "unlesbar"


class PaymentMeans(enum.Enum):
    """How the money moves: we transfer it, or the supplier debits it."""

    TRANSFER = "Überweisung"
    DIRECT_DEBIT = "Lastschrift"
    UNKNOWN = "unbekannt"


class Status(enum.Enum):
    """The Status column's drop-down values."""

    OFFEN = "Offen"
    PRUEFEN = "Prüfen"
    FREIGEGEBEN = "Freigegeben"
    BEZAHLT = "Bezahlt"
    LASTSCHRIFT = "Lastschrift"
    STORNIERT = "Storniert"


class Confidence(enum.Enum):
    """How sure a reader is of a field: structured data is certain, text is read."""

    CERTAIN = "sicher"
    LIKELY = "wahrscheinlich"
    DOUBTFUL = "unsicher"


@dataclass(frozen=True)
class FieldSource:
    """Where a field's value came from (e.g. "XML BT-115", "Text Seite 1") and how sure."""

    origin: str
    confidence: Confidence = Confidence.CERTAIN


@dataclass(frozen=True)
class SkontoTerm:
    """One cash-discount tier: ``percent`` off ``base`` (or the amount due) until ``until``.

    >>> SkontoTerm(Decimal("2"), date(2026, 12, 14)).discounted(Decimal("100.00"))
    Decimal('98.00')
    """

    percent: Decimal
    until: date
    base: Decimal | None = None

    def discounted(self, amount: Decimal) -> Decimal:
        """The amount to pay when the discount is taken, rounded half-up to the cent.

        The discount is computed on ``base`` where the document names one (XRechnung
        BASISBETRAG), else on ``amount``.
        """
        base = self.base if self.base is not None else amount
        return round_cents(amount - base * self.percent / Decimal(100))


@dataclass
class Invoice:
    """A supplier document as read: the fields of one Zahlungsliste row and the findings.

    Readers fill it step by step; ``sources`` records where each field came from.
    Amounts follow EN 16931: ``amount_due`` is BT-115 (grand total minus prepaid), and is
    negative for a credit note.
    """

    kind: DocumentKind = DocumentKind.INVOICE
    seller_name: str | None = None
    seller_vat_id: str | None = None
    seller_email: str | None = None
    number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str = "EUR"
    net_total: Decimal | None = None
    vat_total: Decimal | None = None
    grand_total: Decimal | None = None
    prepaid: Decimal | None = None
    amount_due: Decimal | None = None
    skonto: SkontoTerm | None = None
    skonto_tiers: list[SkontoTerm] = field(default_factory=list)
    iban: str | None = None
    bic: str | None = None
    remittance: str | None = None
    payment_means: PaymentMeans = PaymentMeans.UNKNOWN
    payment_terms: str | None = None
    buyer_reference: str | None = None
    order_reference: str | None = None
    customer_number: str | None = None
    profile: str | None = None
    syntax: str | None = None
    reminder_for: str | None = None
    not_invoice_reason: str | None = None
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, FieldSource] = field(default_factory=dict)

    @property
    def needs_person(self) -> bool:
        return any(f.needs_person for f in self.findings)

    def add(self, finding: Finding) -> None:
        """Attach a finding once (the same code and field are not repeated)."""
        if all((f.code, f.field) != (finding.code, finding.field) for f in self.findings):
            self.findings.append(finding)

    def choose_skonto(self, today: date) -> None:
        """Use the first Skonto tier still reachable on ``today`` (several tiers: BR-DE-18).

        When every tier has passed, the first stays, so the row shows the missed discount.
        """
        reachable = [tier for tier in self.skonto_tiers if tier.until >= today]
        if reachable:
            self.skonto = reachable[0]

    def skonto_amount(self) -> Decimal | None:
        """Betrag mit Skonto: the amount due less the discount, or None without Skonto."""
        if self.skonto is None or self.amount_due is None:
            return None
        return self.skonto.discounted(self.amount_due)

    def pay_by(self, today: date) -> date | None:
        """Zahlen bis: the earlier of Skonto deadline and due date while the Skonto can
        still be met, else the due date.

        A Skonto deadline after the due date (terms of a supplier's letter gone wrong) must
        not push the payment past the due date; the checks flag such terms.

        >>> skonto = SkontoTerm(Decimal("5"), date(2027, 1, 8))
        >>> Invoice(due_date=date(2026, 12, 15), skonto=skonto).pay_by(date(2026, 12, 1))
        datetime.date(2026, 12, 15)
        >>> Invoice(due_date=date(2027, 1, 30), skonto=skonto).pay_by(date(2026, 12, 1))
        datetime.date(2027, 1, 8)
        >>> Invoice(due_date=date(2027, 1, 30), skonto=skonto).pay_by(date(2027, 1, 9))
        datetime.date(2027, 1, 30)
        """
        if self.skonto is not None and self.skonto.until >= today:
            if self.due_date is not None:
                return min(self.skonto.until, self.due_date)
            return self.skonto.until
        return self.due_date


__all__ = [
    "CENT",
    "Confidence",
    "DocumentKind",
    "FieldSource",
    "Finding",
    "Invoice",
    "PaymentMeans",
    "Severity",
    "SkontoTerm",
    "Status",
    "round_cents",
]
