"""Choose the reader for a document by its content (magic bytes), never by its name."""

from __future__ import annotations

import logging
from collections.abc import Iterable
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


#: Magic bytes at offset 0 of the image formats scanners and phones write.
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)
#: ISO base media brands (bytes 8-12 after ``ftyp``) of HEIF images, as iPhones send them.
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


def image_format(data: bytes) -> str | None:
    """The image format by magic bytes (``png``, ``jpeg``, ``tiff`` …); ``None`` otherwise.

    >>> image_format(b"\\xff\\xd8\\xff\\xe0...JFIF")
    'jpeg'
    >>> image_format(b"%PDF-1.7") is None
    True
    """
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "heic"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for magic, name in _IMAGE_MAGIC:
        # a BMP header also carries its file size; two bytes alone match too much text
        if data.startswith(magic) and (name != "bmp" or data[6:10] == b"\0\0\0\0"):
            return name
    return None


def sniff(data: bytes) -> str:
    """The document's format from its first bytes: ``pdf``, ``xml``, ``image`` or ``unknown``."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if image_format(data) is not None:  # at offset 0, so before the PDF search further in
        return "image"
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if head.startswith(b"<") or head.startswith(b"\xff\xfe<") or head.startswith(b"\xfe\xff"):
        return "xml"
    return "unknown"


def read_document(data: bytes, name: str = "", own_names: Iterable[str] = ()) -> Reading:
    """Read one PDF or XML document; problems become findings on the returned invoice.

    ``own_names`` are the buyer's own company names (Einstellungen "Eigene Firma"); the
    PDF text reader never takes one of them for the seller.
    """
    if not data:
        return Reading(unreadable(texts.EMPTY_FILE))
    kind = sniff(data)
    try:
        if kind == "pdf":
            return _read_pdf(data, tuple(own_names))
        if kind == "xml":
            invoice = einvoice.read_xml(data)
            return Reading(invoice, einvoice.render_html(invoice, data))
        if kind == "image":
            return Reading(unreadable(texts.IMAGE_SCAN))
    except Exception as error:  # the edge of one document: the batch must go on
        log.warning("unreadable document %s: %s", name, type(error).__name__)
        log.debug("reader failure", exc_info=True)
        return Reading(unreadable(texts.UNREADABLE_FILE))
    return Reading(unreadable(texts.UNKNOWN_FORMAT))


def _read_pdf(data: bytes, own_names: tuple[str, ...] = ()) -> Reading:
    xml = einvoice.find_invoice_xml(data)
    if xml is None:
        return Reading(pdftext.read_pdf(data, own_names))
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
