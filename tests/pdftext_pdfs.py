"""Small German PDF documents made with reportlab for the kinds the corpus lacks."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

SELLER = "Muster Bau GmbH • Hauptstr. 5 • 80331 München"
FOOTER = "Bankverbindung: Sparkasse München IBAN: DE89 3704 0044 0532 0130 00 BIC: COBADEFFXXX"


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with one text line per entry, top to bottom, in Helvetica."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    y = 800.0
    for line in lines:
        page.drawString(50, y, line)
        y -= 14
    page.save()
    return buffer.getvalue()


def make_scan() -> bytes:
    """An image-only PDF: a picture of an invoice, no text layer."""
    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).text((40, 40), "RECHNUNG Nr. 4711  Betrag 119,00 EUR", fill=0)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    page.save()
    return buffer.getvalue()


def invoice(*body: str, title: str = "Rechnung", footer: str = FOOTER) -> bytes:
    """A German invoice-like document: sender line, recipient, title, body, footer."""
    head = [SELLER, "Kunde AG", "Kundenweg 1", "12345 Kundenstadt", title]
    return make_pdf([*head, *body, footer])
