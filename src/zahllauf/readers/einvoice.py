"""E-invoices: ZUGFeRD 1.0, ZUGFeRD 2.x/Factur-X (CII D16B), XRechnung CII and UBL.

Placeholder interface; the e-invoice issue fills it in.
"""

from __future__ import annotations

from zahllauf.model import Invoice


def find_invoice_xml(pdf: bytes) -> bytes | None:
    """The embedded e-invoice XML of a PDF, found by content; None for a plain PDF."""
    raise NotImplementedError


def read_xml(xml: bytes) -> Invoice:
    """Read a CII, ZUGFeRD 1.0 or UBL invoice or credit note."""
    raise NotImplementedError


def render_html(invoice: Invoice) -> str:
    """A readable German HTML view of an e-invoice."""
    raise NotImplementedError
