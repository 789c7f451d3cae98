"""Read a mail: its sender, subject, date, candidate attachments and invoice links.

Mail libraries have broken on attachment names many times (raw UTF-8, RFC 2047 encoded
words mixed with plain text, RFC 2231 continuations), so names are decoded here step by
step from the raw header parameters, and every name is made safe before anyone saves it.
Attachments are recognised by their content (magic bytes), not by what the sender declared.
Header text (sender, subject, names) loses its control characters here: it ends up in
workbook cells, file names and terminal lines, where a stray ESC or BEL does harm.
"""

from __future__ import annotations

import email
import email.header
import email.utils
import html
import re
from dataclasses import dataclass, field
from datetime import date
from email.message import Message
from pathlib import PurePosixPath

from zahllauf.jobs import archive
from zahllauf.plaintext import one_line
from zahllauf.readers.dispatch import image_format

MAX_NAME_LENGTH = archive.MAX_NAME_LENGTH

_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_URL = re.compile(r"https?://[^\s<>\"')\]\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)
_INVOICE_WORDS = re.compile(
    r"rechnung|invoice|gutschrift|beleg|faktura|download|herunterladen", re.IGNORECASE
)
_LINK_WINDOW = 160
#: A subject that speaks of an invoice: only such mails may be a link-only invoice.
_INVOICE_SUBJECT = re.compile(
    r"rechnung|invoice|gutschrift|beleg|faktura|abrechnung|zahlungserinnerung", re.IGNORECASE
)
#: A link-only invoice is a short notice; a larger mail without attachment is a newsletter.
LINK_MAIL_MAX_BYTES = 2 * 1024 * 1024

KIND_PDF = "pdf"
KIND_XML = "xml"
KIND_ZIP = "zip"
KIND_MESSAGE = "message"
KIND_IMAGE = "image"
KIND_OFFICE = "office"
KIND_OTHER = "other"

#: Compound-file magic of old Office documents (.doc, .xls) and Outlook's .msg.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".heic", ".webp")
#: Attachments that come with ordinary mail and never hold an invoice: signatures,
#: calendar entries, business cards, text notes, and what Mac and Windows leave in archives.
_HARMLESS_TYPES = (
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/pgp-keys",
    "application/ics",
)
_HARMLESS_SUFFIXES = (".p7s", ".asc", ".sig", ".ics", ".vcf", ".txt", ".htm", ".html")
_HARMLESS_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
#: Office file names: a ZIP (or compound file) that is a document, not an archive.
OFFICE_SUFFIXES = (
    ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".odt", ".ods", ".odp",
    ".doc", ".xls", ".ppt", ".rtf",
)  # fmt: skip


@dataclass(frozen=True)
class Attachment:
    """One candidate attachment: a safe file name, its bytes, and its kind by content."""

    name: str
    data: bytes
    kind: str
    inline: bool = False


@dataclass
class MailContent:
    """What zahllauf needs from one mail; nested forwarded mails are kept as their own."""

    sender: str | None
    sender_name: str
    subject: str
    sent: date | None
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[MailContent] = field(default_factory=list)
    text: str = ""
    unknown: list[str] = field(default_factory=list)
    has_headers: bool = True

    @property
    def source(self) -> str:
        """The Quelle text: "Absender – Betreff"."""
        who = self.sender_name or self.sender or "unbekannt"
        return f"{who} – {self.subject}" if self.subject else who

    def invoice_link(self) -> str | None:
        """The first URL near an invoice word in the text; ``None`` when there is none."""
        return invoice_link(self.text)


def may_be_link_invoice(subject: str, size: int) -> bool:
    """The link-only rule: a mail may carry its invoice as a link only when its subject
    speaks of an invoice and it is small (at most ``LINK_MAIL_MAX_BYTES``).

    The mailbox applies it before downloading, the containers before making a row, so a
    folder of ``.eml`` files and the mailbox agree. Broke: shipping notices, invitations,
    offers and a 6.6 MB newsletter with "Rechnung" in the body became Prüfen rows.

    >>> may_be_link_invoice("Ihre Rechnung 4711", 5_000)
    True
    >>> may_be_link_invoice("Ihre Bestellung wurde versandt", 5_000)
    False
    """
    return size <= LINK_MAIL_MAX_BYTES and bool(_INVOICE_SUBJECT.search(subject))


def looks_like_message(data: bytes) -> bool:
    """True when the bytes start like an RFC 5322 message (a header block with From/Date)."""
    head = data[:4096].lstrip()
    if head.startswith(b"From "):  # mbox separator line before the headers
        head = head.split(b"\n", 1)[-1]
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    names = {m.group(1).lower() for m in re.finditer(rb"^([A-Za-z][A-Za-z0-9-]*):", block, re.M)}
    return b"from" in names and bool(names & {b"date", b"subject", b"mime-version", b"to"})


def sniff(data: bytes, name: str = "", content_type: str = "") -> str:
    """The kind of a part by its content first; the declared type only breaks ties.

    >>> sniff(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff(b"PK\\x03\\x04...")
    'zip'
    """
    if data.startswith(b"PK\x03\x04"):  # before PDF: a stored member may start with %PDF-
        return KIND_ZIP
    if data.startswith(_OLE2_MAGIC):
        return KIND_OFFICE
    if image_format(data) is not None:
        return KIND_IMAGE
    if data[:1024].find(b"%PDF-") != -1:
        return KIND_PDF
    lower = name.lower()
    head = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and (lower.endswith(".xml") or content_type.endswith("xml")):
        return KIND_XML
    if content_type == "message/rfc822" or lower.endswith(".eml") or looks_like_message(data):
        return KIND_MESSAGE
    return KIND_OTHER


def parse(data: bytes) -> MailContent:
    """Parse a whole mail (bytes as stored on the server)."""
    message = email.message_from_bytes(data)
    for part in message.walk():
        _repair_8bit_headers(part)
    return _content(message)


def _repair_8bit_headers(part: Message) -> None:
    """Decode raw 8-bit header bytes (UTF-8, else Windows-1252) into real text.

    The parser keeps such bytes as surrogates and later turns them into replacement
    characters, which is how raw UTF-8 file names and subjects got lost in other tools.
    """
    items = list(part.raw_items())
    if not any(_has_surrogates(value) for _name, value in items):
        return
    for name in {name for name, _value in items}:
        del part[name]
    for name, value in items:
        part.set_raw(name, _decode_bytes(value.encode("ascii", "surrogateescape"), "utf-8"))


def _has_surrogates(value: object) -> bool:
    return isinstance(value, str) and any("\udc80" <= c <= "\udcff" for c in value)


def _content(message: Message) -> MailContent:
    name, address = email.utils.parseaddr(decode_header_text(message.get("From", "")))
    content = MailContent(
        sender=one_line(address).lower() or None,
        sender_name=one_line(name),
        subject=" ".join(decode_header_text(message.get("Subject", "")).split()),
        sent=_mail_date(message.get("Date")),
        has_headers=bool({k.lower() for k in message} & _MAIL_HEADERS),
    )
    _collect(message, content)
    return content


def _collect(message: Message, content: MailContent) -> None:
    """Walk the parts, stopping at forwarded messages: they become their own content."""
    if message.get_content_type() == "message/rfc822" and message.is_multipart():
        for inner in message.get_payload():
            if isinstance(inner, Message):
                content.forwarded.append(_content(inner))
        return
    if message.is_multipart():
        for part in message.get_payload():
            if isinstance(part, Message):
                _collect(part, content)
        return
    _take_part(message, content, len(content.attachments) + 1)


_MAIL_HEADERS = {"from", "to", "subject", "date", "message-id", "mime-version", "received"}


def _take_part(part: Message, content: MailContent, number: int) -> None:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return
    ctype = part.get_content_type()
    raw_name = attachment_name(part)
    is_body = raw_name is None and ctype in ("text/plain", "text/html")
    if is_body:
        content.text += "\n" + _body_text(part, data)
        return
    kind = sniff(data, raw_name or "", ctype)
    if kind == KIND_OTHER:
        kind = _declared_kind(raw_name or "", ctype) or KIND_OTHER
    name = safe_name(raw_name or "", f"anhang-{number}", kind)
    if kind == KIND_IMAGE and not PurePosixPath(name).suffix:
        name += "." + (image_format(data) or "bild").replace("jpeg", "jpg")
    if kind != KIND_OTHER:
        inline = part.get_content_disposition() != "attachment"
        content.attachments.append(Attachment(name, data, kind, inline))
    elif (raw_name or part.get_content_disposition() == "attachment") and not harmless(name, ctype):
        content.unknown.append(name)


def _declared_kind(name: str, ctype: str) -> str | None:
    """A kind the sender declared; kept so a broken "PDF" still reaches a person."""
    lower = name.lower()
    if ctype == "application/pdf" or lower.endswith(".pdf"):
        return KIND_PDF
    if ctype in ("application/xml", "text/xml") or lower.endswith(".xml"):
        return KIND_XML
    if ctype in ("application/zip", "application/x-zip-compressed") or lower.endswith(".zip"):
        return KIND_ZIP
    if ctype.startswith("image/") or lower.endswith(_IMAGE_SUFFIXES):
        return KIND_IMAGE
    return None


def harmless(name: str, ctype: str = "") -> bool:
    """True for files that travel with mail and archives but never hold an invoice.

    >>> harmless("smime.p7s"), harmless("winmail.dat", "application/ms-tnef")
    (True, False)
    """
    lower = PurePosixPath(name.lower()).name
    return (
        ctype.startswith("text/")
        or ctype in _HARMLESS_TYPES
        or lower.endswith(_HARMLESS_SUFFIXES)
        or lower in _HARMLESS_NAMES
        or lower.startswith("._")  # macOS resource forks in archives
    )


def attachment_name(part: Message) -> str | None:
    """The decoded file name of a part, from Content-Disposition or Content-Type.

    Handles RFC 2231 (with charset and continuations), RFC 2047 encoded words (also mixed
    with plain text or wrongly quoted), and raw 8-bit UTF-8 or Latin-1 bytes.
    """
    for param, header in (("filename", "content-disposition"), ("name", "content-type")):
        value = part.get_param(param, header=header)
        if value is None:
            continue
        text = _param_text(value)
        if text.strip():
            return text.strip()
    return None


def _param_text(value: object) -> str:
    if isinstance(value, tuple):  # RFC 2231: (charset, language, percent-decoded text)
        charset, _language, raw = value
        raw_bytes = str(raw).encode("latin-1", "surrogateescape")
        return one_line(_decode_bytes(raw_bytes, charset or "utf-8"))
    return decode_header_text(email.utils.collapse_rfc2231_value(value))  # type: ignore[arg-type]


def _decode_bytes(raw: bytes, charset: str) -> str:
    for candidate in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1")


def decode_header_text(value: str) -> str:
    """A header value with every RFC 2047 encoded word decoded, plain text kept around it.

    Control characters are gone from the result (see :func:`clean_text`).
    """
    value = str(value)
    if _has_surrogates(value):  # raw 8-bit bytes in the header
        value = _decode_bytes(value.encode("ascii", "surrogateescape"), "utf-8")
    if _ENCODED_WORD.search(value):
        value = _ENCODED_WORD.sub(lambda m: _decode_word(m.group(0)), _join_adjacent_words(value))
    return one_line(value)


def _join_adjacent_words(value: str) -> str:
    # RFC 2047 §6.2: white space between two encoded words is not part of the text.
    return re.sub(r"(\?=)\s+(=\?)", r"\1\2", value)


def _decode_word(word: str) -> str:
    try:
        parts = email.header.decode_header(word)
    except (ValueError, email.errors.HeaderParseError):
        return word
    return "".join(
        _decode_bytes(chunk, charset or "ascii") if isinstance(chunk, bytes) else chunk
        for chunk, charset in parts
    )


def safe_name(name: str, fallback: str, kind: str = "") -> str:
    """A file name safe to save on Windows, macOS and Linux.

    The rule of :func:`zahllauf.jobs.archive.safe_name` (no folder parts, no control
    characters, no reserved device names such as ``con.pdf``); an extension fitting the
    detected kind is added when it is missing.

    >>> safe_name("../../etc/passwd", "anhang-1")
    'passwd'
    >>> safe_name("C:\\\\Temp\\\\Rechnung 12.pdf", "anhang-1", "pdf")
    'Rechnung 12.pdf'
    >>> safe_name("", "anhang-2", "pdf")
    'anhang-2.pdf'
    """
    text = archive.safe_name(name, fallback)
    extension = {KIND_PDF: ".pdf", KIND_XML: ".xml", KIND_ZIP: ".zip", KIND_MESSAGE: ".eml"}
    wanted = extension.get(kind, "")
    if kind == KIND_ZIP and text.lower().endswith(OFFICE_SUFFIXES):
        wanted = ""  # a .docx is a ZIP inside; its name already says what it is
    if wanted and not text.lower().endswith(wanted):
        text += wanted
    return archive.shorten(text)


def _body_text(part: Message, data: bytes) -> str:
    text = _decode_bytes(data, part.get_content_charset() or "utf-8")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>", r" \1 ", text, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def invoice_link(text: str) -> str | None:
    """The first URL with an invoice word within a short distance before or after it."""
    for match in _URL.finditer(text):
        start = max(0, match.start() - _LINK_WINDOW)
        around = text[start : match.end() + _LINK_WINDOW]
        if _INVOICE_WORDS.search(around):
            return match.group(0).rstrip(".,;")
    return None


def _mail_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None


__all__ = [
    "LINK_MAIL_MAX_BYTES",
    "OFFICE_SUFFIXES",
    "Attachment",
    "MailContent",
    "attachment_name",
    "decode_header_text",
    "harmless",
    "invoice_link",
    "looks_like_message",
    "may_be_link_invoice",
    "parse",
    "safe_name",
    "sniff",
]
