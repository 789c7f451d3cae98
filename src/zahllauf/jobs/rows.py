"""Between an :class:`~zahllauf.model.Invoice` and a Zahlungsliste row.

Prüfhinweis lists the findings that need a person; informational findings and the
reader's notes go to Bemerkung. Direct debits get Status Lastschrift, so that they are
never paid a second time by transfer, and their findings still show in Prüfhinweis.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zahllauf.adapters.cells import to_decimal
from zahllauf.model import (
    DocumentKind,
    Finding,
    Invoice,
    PaymentMeans,
    Severity,
    SkontoTerm,
    Status,
)
from zahllauf.port import Link, Row
from zahllauf.schema import C

SEPARATOR = "; "


def status_for(invoice: Invoice) -> Status:
    """The Status a new row starts with."""
    if invoice.payment_means is PaymentMeans.DIRECT_DEBIT:
        return Status.LASTSCHRIFT
    return Status.PRUEFEN if invoice.needs_person else Status.OFFEN


def check_text(findings: list[Finding]) -> str | None:
    """Prüfhinweis: the findings that need a person, in plain German."""
    texts = [f.text for f in findings if f.needs_person]
    return SEPARATOR.join(texts) or None


def remark_text(invoice: Invoice) -> str | None:
    """Bemerkung: the reader's notes and the informational findings."""
    parts = list(invoice.notes)
    parts += [f.text for f in invoice.findings if f.severity is Severity.INFO]
    return SEPARATOR.join(dict.fromkeys(parts)) or None


def invoice_to_row(
    invoice: Invoice,
    *,
    row_id: int,
    received: date,
    pay_by: date | None,
    document: Link | None,
    source: str,
) -> Row:
    """The Zahlungsliste row for a newly read invoice."""
    skonto = invoice.skonto
    return {
        C.ID: row_id,
        C.EINGANG: received,
        C.LIEFERANT: invoice.seller_name,
        C.NUMMER: invoice.number,
        C.DATUM: invoice.issue_date,
        C.FAELLIG: invoice.due_date,
        C.ZAHLEN_BIS: pay_by,
        C.BETRAG: invoice.amount_due,
        C.WAEHRUNG: invoice.currency,
        C.SKONTO_PROZENT: skonto.percent if skonto else None,
        C.SKONTO_BIS: skonto.until if skonto else None,
        C.BETRAG_SKONTO: invoice.skonto_amount(),
        C.IBAN: invoice.iban,
        C.BIC: invoice.bic,
        C.ZWECK: invoice.remittance or invoice.number,
        C.STATUS: status_for(invoice).value,
        C.HINWEIS: check_text(invoice.findings),
        C.BELEG: document,
        C.QUELLE: source,
        C.BEMERKUNG: remark_text(invoice),
    }


def row_to_invoice(row: Row) -> Invoice:
    """An invoice from a (possibly hand-edited) row, for re-running the checks.

    Values a person typed that are not of the column's type are left out; the checks
    then say the field is missing or unreadable.
    """
    amount = _decimal(row.get(C.BETRAG))
    invoice = Invoice(
        kind=DocumentKind.CREDIT_NOTE
        if amount is not None and amount < 0
        else DocumentKind.INVOICE,
        seller_name=_text(row.get(C.LIEFERANT)),
        number=_text(row.get(C.NUMMER)),
        issue_date=_date(row.get(C.DATUM)),
        due_date=_date(row.get(C.FAELLIG)),
        currency=_text(row.get(C.WAEHRUNG)) or "EUR",
        amount_due=amount,
        grand_total=amount,
        iban=_text(row.get(C.IBAN)),
        bic=_text(row.get(C.BIC)),
        remittance=_text(row.get(C.ZWECK)),
    )
    percent = _decimal(row.get(C.SKONTO_PROZENT))
    until = _date(row.get(C.SKONTO_BIS))
    if percent is not None and until is not None:
        invoice.skonto = SkontoTerm(percent, until)
    if row.get(C.STATUS) == Status.LASTSCHRIFT.value:
        invoice.payment_means = PaymentMeans.DIRECT_DEBIT
    return invoice


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _decimal(value: Any) -> Decimal | None:
    """An amount as the cell layer reads it: ``Decimal``, a whole number, German text."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return None
    amount = to_decimal(value)
    return amount if isinstance(amount, Decimal) and amount.is_finite() else None


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None
