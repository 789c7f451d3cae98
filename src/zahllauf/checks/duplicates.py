"""Duplicates: the same invoice arriving twice (a reminder with a copy, a second mail).

The same file twice is skipped before any check (by its hash, in the fetch job). Here:
the same supplier and invoice number from another file, or the same supplier and amount
with invoice dates less than a week apart. Cancelled rows do not count.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from zahllauf import texts
from zahllauf.checks.ledger import Entry, normalise_number
from zahllauf.model import Finding, Invoice, Status

# Same amount within this many days counts as a possible duplicate: weekly runs, and a
# supplier resending an invoice usually does so within days.
NEAR_DAYS = 7


def check_duplicates(
    invoice: Invoice, keys: Collection[str], entries: Iterable[Entry]
) -> list[Finding]:
    """Findings for other entries of the same supplier (any of ``keys``) like this invoice."""
    others = [e for e in entries if e.supplier_key in keys and e.status != Status.STORNIERT.value]
    number = normalise_number(invoice.number)
    if number:
        same_number = [e for e in others if e.number == number]
        if same_number:
            text = texts.DUPLICATE_NUMBER.format(row=same_number[0].label)
            return [Finding("doppelt.nummer", text, "number")]
    near = [e for e in others if _same_amount_near(invoice, e)]
    return [_near_finding(near[0])] if near else []


def _same_amount_near(invoice: Invoice, entry: Entry) -> bool:
    if invoice.amount_due is None or entry.amount is None or invoice.amount_due != entry.amount:
        return False
    return _days_apart(invoice.issue_date, entry.issue_date) <= NEAR_DAYS


def _days_apart(a: date | None, b: date | None) -> int:
    if a is None or b is None:
        return NEAR_DAYS + 1  # without both dates no claim of nearness
    return abs((a - b).days)


def _near_finding(entry: Entry) -> Finding:
    when = texts.german_date(entry.issue_date) if entry.issue_date else "?"
    text = texts.DUPLICATE_AMOUNT.format(row=entry.label, date=when)
    return Finding("doppelt.betrag", text, "amount_due")


__all__ = ["NEAR_DAYS", "check_duplicates"]
