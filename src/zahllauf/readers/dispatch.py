"""Choose the reader for a document by its content (magic bytes), never by its name."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from zahllauf import texts
from zahllauf.model import DocumentKind, Finding, Invoice
from zahllauf.readers import einvoice, pdftext
from zahllauf.readers.values import german_amount

log = logging.getLogger(__name__)


@dataclass
class Reading:
    """What a reader made of a document: the invoice and, for XML, a readable HTML view."""

    invoice: Invoice
    view_html: str | None = None


def sniff(data: bytes) -> str:
    """The document's format from its first bytes: ``pdf``, ``xml`` or ``unknown``."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if head.startswith(b"<") or head.startswith(b"\xff\xfe<") or head.startswith(b"\xfe\xff"):
        return "xml"
    return "unknown"


def read_document(data: bytes, name: str = "") -> Reading:
    """Read one PDF or XML document; problems become findings on the returned invoice."""
    kind = sniff(data)
    try:
        if kind == "pdf":
            return _read_pdf(data)
        if kind == "xml":
            invoice = einvoice.read_xml(data)
            return Reading(invoice, einvoice.render_html(invoice, data))
    except Exception as error:  # the edge of one document: the batch must go on
        log.warning("unreadable document %s: %s", name, type(error).__name__)
        log.debug("reader failure", exc_info=True)
        return Reading(unreadable(texts.UNREADABLE_FILE))
    return Reading(unreadable(texts.UNKNOWN_FORMAT))


def _read_pdf(data: bytes) -> Reading:
    xml = einvoice.find_invoice_xml(data)
    if xml is None:
        return Reading(pdftext.read_pdf(data))
    invoice = einvoice.read_xml(xml)
    _compare_visible_total(invoice, data)
    return Reading(invoice)


def _compare_visible_total(invoice: Invoice, pdf: bytes) -> None:
    """A hybrid PDF whose printed total differs from its XML needs a person (ZUGFeRD 2.x)."""
    visible = pdftext.visible_total(pdf)
    if visible is None or invoice.grand_total is None:
        return
    if abs(visible) != abs(invoice.grand_total):
        invoice.add(
            Finding(
                "hybrid.total_mismatch",
                texts.HYBRID_TOTAL_MISMATCH.format(
                    visible=german_amount(visible), xml=german_amount(invoice.grand_total)
                ),
                "grand_total",
            )
        )


def unreadable(reason: str) -> Invoice:
    """An invoice row for a file that could not be read, marked for a person."""
    invoice = Invoice(kind=DocumentKind.UNREADABLE)
    invoice.add(Finding("document.unreadable", reason, None))
    return invoice
