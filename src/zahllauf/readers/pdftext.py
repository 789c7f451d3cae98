"""Plain German PDF invoices, read from their text layer.

Placeholder interface; the PDF-text issue fills it in.
"""

from __future__ import annotations

from decimal import Decimal

from zahllauf.model import Invoice


def read_pdf(pdf: bytes) -> Invoice:
    """Read a PDF invoice's visible text into an invoice with findings."""
    raise NotImplementedError


def visible_total(pdf: bytes) -> Decimal | None:
    """The grand total printed on the PDF, or None when it cannot be told."""
    raise NotImplementedError
