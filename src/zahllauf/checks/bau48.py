"""§ 48 EStG Bauabzugsteuer: construction work from a contractor without a valid exemption.

The receiver of construction work withholds 15 % of the gross amount and pays it to the
contractor's tax office, unless the contractor presents a Freistellungsbescheinigung valid
on the day of payment. (No withholding either while the year's payments to that contractor
stay under 5,000 euros, § 48 Abs. 2 EStG; that is the bookkeeper's judgement, so the
question is asked anyway.)
"""

from __future__ import annotations

from datetime import date, timedelta

from zahllauf import texts
from zahllauf.checks.suppliers import Supplier
from zahllauf.model import Finding, Invoice, Severity

# An exemption that ends this soon is mentioned, so a new one is asked for in time.
EXPIRY_WARNING_DAYS = 30


def check_bau48(invoice: Invoice, supplier: Supplier | None, today: date) -> list[Finding]:
    """The Bauabzugsteuer question for a construction supplier without a valid exemption."""
    if supplier is None or not supplier.construction:
        return []
    if invoice.amount_due is not None and invoice.amount_due <= 0:
        return []
    # Valid on the invoice date is not enough: it must be valid when we pay, i.e. from today.
    on = max(invoice.issue_date or today, today)
    until = supplier.exemption_until
    if until is None:
        return [Finding("bau48.einbehalt", texts.BAU48_MISSING, "amount_due")]
    if until < on:
        text = texts.BAU48_EXPIRED.format(date=texts.german_date(until))
        return [Finding("bau48.einbehalt", text, "amount_due")]
    if until <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        text = texts.BAU48_EXPIRING.format(date=texts.german_date(until))
        return [Finding("bau48.laeuft_ab", text, None, Severity.INFO)]
    return []


__all__ = ["EXPIRY_WARNING_DAYS", "check_bau48"]
