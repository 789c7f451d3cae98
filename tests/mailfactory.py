"""Mails built by the tests themselves, byte by byte where the header encoding matters.

Each builder returns the raw RFC 5322 bytes as a mail server would store them. The file
name kinds are the ones that have broken mail libraries before: RFC 2047 encoded words,
RFC 2231 with continuations, raw UTF-8, an encoded word mixed with plain text.
"""

from __future__ import annotations

import base64
import io
import uuid
import zipfile
from datetime import UTC, datetime
from email.utils import format_datetime

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas


def pdf_bytes(text: str = "Rechnung RE-1001") -> bytes:
    """A small real PDF showing ``text``."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def cii_xml(invoice_id: str = "RE-1001") -> bytes:
    """A minimal CII e-invoice skeleton carrying the invoice number (BT-1)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:'
        'CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:'
        'ReusableAggregateBusinessInformationEntity:100">'
        f"<rsm:ExchangedDocument><ram:ID>{invoice_id}</ram:ID></rsm:ExchangedDocument>"
        "</rsm:CrossIndustryInvoice>\n"
    ).encode()


def hybrid_pdf(invoice_id: str = "RE-1001") -> bytes:
    """A PDF that embeds the CII XML (like ZUGFeRD/Factur-X)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(f"Rechnung {invoice_id}"))))
    writer.add_attachment("factur-x.xml", cii_xml(invoice_id))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP archive (names stored as Python's zipfile does: ASCII, or UTF-8 with flag)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 2, 3, 4, 5))
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_cp437(name: str, data: bytes) -> bytes:
    """A ZIP whose one member name is stored in code page 437 without the UTF-8 flag.

    That is how Windows' built-in "send to compressed folder" stores German names; Python's
    zipfile cannot write it, so an ASCII placeholder of the same length is patched.
    """
    raw_name = name.encode("cp437")
    placeholder = "x" * len(raw_name)
    return zip_bytes({placeholder: data}).replace(placeholder.encode(), raw_name)


def part(content_type: str, disposition: str | None, data: bytes, encode: bool = True) -> bytes:
    """One MIME part; headers are given exactly as they should appear (may hold raw UTF-8)."""
    lines = [f"Content-Type: {content_type}".encode()]
    if disposition is not None:
        lines.append(b"Content-Disposition: " + disposition.encode("utf-8"))
    if encode:
        lines.append(b"Content-Transfer-Encoding: base64")
        data = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return b"\r\n".join(lines) + b"\r\n\r\n" + data


def mail(
    parts: list[bytes],
    subject: str = "Rechnung RE-1001",
    sender: str = "Muster GmbH <rechnung@muster.example>",
    sent: datetime | None = None,
    body: str = "Sehr geehrte Damen und Herren,\nanbei unsere Rechnung.\n",
) -> bytes:
    """A multipart/mixed mail: a text body followed by ``parts``."""
    sent = sent or datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    boundary = f"grenze-{uuid.uuid4().hex}"  # nested mails need their own boundary
    head = (
        f"From: {sender}\r\nTo: buchhaltung@firma.example\r\nSubject: {subject}\r\n"
        f"Date: {format_datetime(sent)}\r\nMessage-ID: <{abs(hash((subject, sent)))}@test>\r\n"
        f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
    ).encode()
    text = part("text/plain; charset=utf-8", None, body.encode(), encode=True)
    chunks = [text, *parts]
    sep = f"--{boundary}\r\n".encode()
    out = head + b"".join(sep + chunk + b"\r\n" for chunk in chunks)
    return out + f"--{boundary}--\r\n".encode()


def plain_mail(subject: str, body: str, sent: datetime | None = None) -> bytes:
    """A mail without attachments."""
    sent = sent or datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    return (
        f"From: Kollegin <kollegin@firma.example>\r\nTo: buchhaltung@firma.example\r\n"
        f"Subject: {subject}\r\nDate: {format_datetime(sent)}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"{body}\r\n"
    ).encode()


def pdf_part(
    disposition: str | None, content_type: str = "application/pdf", data: bytes | None = None
) -> bytes:
    """A PDF attachment with the given Content-Disposition header value."""
    return part(content_type, disposition, data if data is not None else pdf_bytes())


def forwarded(inner: bytes) -> bytes:
    """A message/rfc822 part carrying ``inner``."""
    return part("message/rfc822", "attachment", inner, encode=False)
