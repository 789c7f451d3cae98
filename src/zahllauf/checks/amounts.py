"""Amounts: totals add up, something to pay, credit notes, unusually high amounts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from statistics import median

from zahllauf import texts
from zahllauf.checks.dates import is_credit_note
from zahllauf.checks.ledger import Entry, labels
from zahllauf.model import CENT, DocumentKind, Finding, Invoice, Severity

# Line-wise rounding may leave a cent between net + VAT and gross (EN 16931 BR-CO-15 wants
# them equal; PDF totals are read from text): more than that is a wrong total.
TOTAL_TOLERANCE = CENT
# "Far above the usual": at least this many earlier invoices, more than FACTOR times their
# median and more than MIN_EXCESS euros above it (small suppliers' amounts vary a lot).
MIN_HISTORY = 3
FACTOR = Decimal(3)
MIN_EXCESS = Decimal(500)


def euro(amount: Decimal) -> str:
    """An amount as Germans write it.

    >>> euro(Decimal("-1234.5"))
    '-1.234,50 €'
    """
    return f"{texts.money(amount)} €"


def check_amounts(
    invoice: Invoice, keys: Collection[str], entries: Iterable[Entry]
) -> list[Finding]:
    """Findings on totals, amount due, credit notes, unusual amounts (supplier: any of keys)."""
    own = [e for e in entries if e.supplier_key in keys]
    findings = _totals(invoice) + _currency(invoice)
    if invoice.amount_due is None:
        return [*findings, Finding("betrag.fehlt", texts.AMOUNT_MISSING, "amount_due")]
    if invoice.amount_due < 0 or invoice.kind is DocumentKind.CREDIT_NOTE:
        return [*findings, _credit_note(invoice.amount_due, own)]
    if invoice.amount_due == 0:
        return [*findings, Finding("betrag.null", texts.AMOUNT_ZERO, "amount_due")]
    return findings + _unusual(invoice.amount_due, own)


def _totals(invoice: Invoice) -> list[Finding]:
    if any(f.field == "grand_total" and f.needs_person for f in invoice.findings):
        return []  # the reader already said the totals disagree, in its own words
    net, vat, gross = invoice.net_total, invoice.vat_total, invoice.grand_total
    if net is None or vat is None or gross is None or _adds_up(net + vat, gross, invoice):
        return []
    text = texts.TOTALS_MISMATCH.format(net=euro(net), vat=euro(vat), gross=euro(gross))
    return [Finding("betrag.summe", text, "grand_total")]


def _adds_up(net_plus_vat: Decimal, gross: Decimal, invoice: Invoice) -> bool:
    """Whether net + VAT is the gross total, within a cent.

    A credit note's totals come as printed (positive, or all negative) while its gross may
    carry the sign of the amount due (negative, owed to us): compare the magnitudes there.
    Net and VAT of opposite signs still do not add up to the gross.
    """
    if is_credit_note(invoice):
        net_plus_vat, gross = abs(net_plus_vat), abs(gross)
    return abs(net_plus_vat - gross) <= TOTAL_TOLERANCE


def _currency(invoice: Invoice) -> list[Finding]:
    currency = (invoice.currency or "EUR").strip().upper()
    if currency == "EUR":
        return []
    return [Finding("betrag.waehrung", texts.CURRENCY_NOT_EUR.format(currency=currency), None)]


def _credit_note(amount: Decimal, entries: Iterable[Entry]) -> Finding:
    open_rows = [e for e in entries if e.is_open and (e.amount or 0) > 0]
    listed = texts.CREDIT_NOTE_OPEN.format(rows=labels(open_rows)) if open_rows else ""
    text = texts.CREDIT_NOTE.format(amount=euro(abs(amount)), open=listed)
    return Finding("betrag.gutschrift", text, "amount_due")


def _unusual(amount: Decimal, entries: Iterable[Entry]) -> list[Finding]:
    earlier = [e.amount for e in entries if e.amount is not None and e.amount > 0]
    if len(earlier) < MIN_HISTORY:
        return []
    usual = Decimal(median(earlier))
    if amount <= usual * FACTOR or amount - usual <= MIN_EXCESS:
        return []
    text = texts.AMOUNT_UNUSUAL.format(amount=euro(amount), usual=euro(usual))
    return [Finding("betrag.ungewoehnlich", text, "amount_due", Severity.CHECK)]


__all__ = ["FACTOR", "MIN_EXCESS", "MIN_HISTORY", "check_amounts", "euro"]
