"""Open containers (mails, ZIP archives) into the single PDF and XML files inside them.

ZIP archives are opened defensively: nesting depth, member count, member size and the
total unpacked size are limited, and sizes are measured while reading, never taken from
the archive's own headers (a zip bomb lies there).

An e-invoice and its PDF twin in one mail count once:

* a hybrid PDF (ZUGFeRD/Factur-X) that embeds the same invoice as an attached XML wins:
  the PDF is the original under § 147 AO as well and people can read it; the XML's name
  goes into ``related`` and its bytes into ``companions``;
* a plain PDF that shows the same invoice as an attached XML (its invoice number appears
  in the PDF text, or both files share a stem) is only a picture of the e-invoice: the XML
  is the original and is yielded, the PDF's name goes into ``related`` and its bytes into
  ``companions``: the fetch job archives it beside the original, nothing is lost.

A mail without attachment becomes a "Rechnung nur als Link" document only when its
subject speaks of an invoice, it is small, and a link stands near invoice words: the rule
of :func:`mime.may_be_link_invoice`, the same one the mailbox applies before downloading.

Nothing a person might need vanishes without a word: an image that looks like a scan is
yielded (the reader marks it for a person), an Office document is yielded with ``problem``
set and its bytes kept for the archive, and attachments or archive members of an unknown
kind are named in one ``problem`` document per mail or archive. Only what comes with
ordinary mail (signatures, calendar entries, small logos) is left out quietly.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from zahllauf import texts
from zahllauf.plaintext import one_line
from zahllauf.sources import mime
from zahllauf.sources.base import Document

log = logging.getLogger(__name__)

MAX_DEPTH = 4
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024

_EINVOICE_ROOTS = {"CrossIndustryInvoice", "CrossIndustryDocument", "Invoice", "CreditNote"}

#: A mail image at least this large is a scan when it is attached (logos are a few KB).
SCAN_ATTACHED_BYTES = 20 * 1024
#: Inline images this large are photos or pasted scans, not signature decorations.
SCAN_INLINE_BYTES = 100 * 1024
_SCAN_NAME = re.compile(r"rechnung|invoice|beleg|scan|quittung|gutschrift|faktura", re.I)
_DECORATION_NAME = re.compile(
    r"logo|signatur|banner|icon|facebook|linkedin|xing|instagram|twitter|^image\d{3}\.", re.I
)
#: Members that make a ZIP an Office document (OOXML content types, ODF mimetype).
_OFFICE_MEMBERS = {
    "[Content_Types].xml",
    "word/document.xml",
    "xl/workbook.xml",
    "ppt/presentation.xml",
}


@dataclass
class _Budget:
    """What is left of the limits while one container is opened (shared by nested ones)."""

    members: int
    total: int


class _LimitError(Exception):
    """A container exceeds a size, count or depth limit."""


def expand(document: Document) -> list[Document]:
    """The PDF and XML documents inside ``document``.

    A mail yields its candidate attachments (forwarded mails and archives opened too), a
    ZIP its members, a PDF or XML itself; anything else nothing. A container that cannot
    be opened yields one document with ``problem`` set (German text) and its bytes, so
    the original is archived; an empty file yields one with ``problem`` set as well.
    """
    return _expand(document, 0, _Budget(MAX_MEMBERS, MAX_TOTAL_BYTES))


def _expand(document: Document, depth: int, budget: _Budget) -> list[Document]:
    if not document.data and document.problem is None:
        return [_problem(document, texts.EMPTY_FILE)]
    kind = _kind(document)
    if kind in (mime.KIND_PDF, mime.KIND_XML, mime.KIND_IMAGE):
        return [document]
    if kind == mime.KIND_OFFICE:
        return [_office(document)]
    if kind == mime.KIND_ZIP:
        return _expand_zip(document, depth, budget)
    if kind == mime.KIND_MESSAGE:
        return _expand_message(document, depth, budget)
    return []


def _kind(document: Document) -> str:
    kind = mime.sniff(document.data, document.name)
    if kind == mime.KIND_OTHER and document.name.lower().endswith((".pdf", ".xml")):
        kind = mime.KIND_PDF  # declared PDF/XML that is broken: a person must see it
    if kind == mime.KIND_OTHER and document.name.lower().endswith(".zip"):
        kind = mime.KIND_ZIP  # the archive's own error text tells the person what to do
    if kind == mime.KIND_OTHER and document.name.lower().endswith(mime.OFFICE_SUFFIXES):
        kind = mime.KIND_OFFICE
    return kind


def _problem(document: Document, text: str) -> Document:
    """A document that could not be opened, its bytes kept so that the original is
    archived and never lost when the inbox is emptied."""
    return replace(document, problem=text)


def _office(document: Document) -> Document:
    """An Office document: kept whole for the archive, marked for a person to look at."""
    return replace(document, problem=texts.OFFICE_DOCUMENT)


def _unknown(document: Document, names: list[str], text: str) -> Document:
    """One problem document naming the files of unknown kind in a mail or an archive."""
    shown = ", ".join(names[:5]) + (f" und {len(names) - 5} weitere" if len(names) > 5 else "")
    log.warning("%s: %d files of unknown kind left out", document.name, len(names))
    return replace(document, name=names[0], data=b"", problem=text.format(names=shown))


def _expand_message(document: Document, depth: int, budget: _Budget) -> list[Document]:
    try:
        content = mime.parse(document.data)
    except Exception as error:  # the parser's edge: one broken mail must not stop a run
        log.warning("unreadable mail %s: %s", document.name, type(error).__name__)
        return [_problem(document, texts.MAIL_UNREADABLE.format(reason=type(error).__name__))]
    if not content.has_headers:  # garbage named .eml: kept whole so a person can open it
        log.warning("no mail headers in %s", document.name)
        return [
            replace(document, problem=texts.MAIL_UNREADABLE.format(reason=texts.MAIL_NOT_A_MAIL))
        ]
    if content.sent is not None:
        document = replace(document, received=content.sent)
    return _from_content(content, document, depth, budget, len(document.data))


def _from_content(
    content: mime.MailContent, outer: Document, depth: int, budget: _Budget, size: int
) -> list[Document]:
    """The documents of one mail; ``size`` is the whole mail's, for the link-only rule."""
    if depth >= MAX_DEPTH:
        return [_problem(outer, texts.ZIP_TOO_LARGE.format(reason="Verschachtelung"))]
    base = Document(
        name=outer.name,
        data=b"",
        source=content.source,
        received=outer.received,
        sender=content.sender or outer.sender,
    )
    found: list[Document] = []
    files = [a for a in content.attachments if a.kind != mime.KIND_IMAGE]
    for attachment in files:
        child = replace(base, name=attachment.name, data=attachment.data)
        found.extend(_expand(child, depth + 1, budget))
    found = pair_twins(found)
    alone = not found and not content.forwarded
    for image in scans([a for a in content.attachments if a.kind == mime.KIND_IMAGE], alone):
        found.append(replace(base, name=image.name, data=image.data))
    for inner in content.forwarded:
        found.extend(_from_content(inner, base, depth + 1, budget, size))
    if not found:
        found.extend(_link_only(content, base, size))
    if content.unknown:
        found.append(_unknown(base, content.unknown, texts.ATTACHMENTS_UNKNOWN))
    return found


def scans(images: list[mime.Attachment], alone: bool) -> list[mime.Attachment]:
    """The images of a mail that may be a scanned invoice, not a logo or a signature.

    An image counts when it is large (``SCAN_INLINE_BYTES``, a photo or a pasted scan),
    when its name says scan or invoice, or when it is attached, not named like a decoration,
    and either at least ``SCAN_ATTACHED_BYTES`` large or the only thing the mail carries
    (``alone``: no other attachment, no forwarded mail).
    """
    return [image for image in images if _is_scan(image, alone)]


def _is_scan(image: mime.Attachment, alone: bool) -> bool:
    if len(image.data) >= SCAN_INLINE_BYTES or _SCAN_NAME.search(image.name):
        return True
    if image.inline or _DECORATION_NAME.search(image.name):
        return False
    return alone or len(image.data) >= SCAN_ATTACHED_BYTES


def _link_only(content: mime.MailContent, base: Document, size: int) -> list[Document]:
    """A Prüfen document for a mail that only links to its invoice (the rule of
    :func:`mime.may_be_link_invoice`, shared with the mailbox, plus a link near invoice
    words); nothing for any other mail without attachment."""
    if not mime.may_be_link_invoice(content.subject, size):
        return []
    url = content.invoice_link()
    if url is None:
        return []
    name = mime.safe_name(content.subject, "rechnung-link") + ".link"
    return [replace(base, name=name, problem=texts.MAIL_LINK_ONLY.format(url=url))]


def _expand_zip(document: Document, depth: int, budget: _Budget) -> list[Document]:
    try:
        if depth >= MAX_DEPTH:
            raise _LimitError("Verschachtelung")
        with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
            if _OFFICE_MEMBERS & set(archive.namelist()) or _is_odf(archive):
                return [_office(document)]
            return _zip_members(archive, document, depth, budget)
    except _LimitError as error:
        log.warning("archive %s over limit: %s", document.name, error)
        return [_problem(document, texts.ZIP_TOO_LARGE.format(reason=str(error)))]
    except RuntimeError as error:  # zipfile raises RuntimeError for encrypted members
        log.warning("archive %s encrypted: %s", document.name, error)
        return [_problem(document, texts.ZIP_ENCRYPTED)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        log.warning("archive %s unreadable: %s", document.name, type(error).__name__)
        if _looks_like_office(document):
            return [_office(document)]
        reason = type(error).__name__
        return [_problem(document, texts.ZIP_UNREADABLE.format(reason=reason))]


def _is_odf(archive: zipfile.ZipFile) -> bool:
    """OpenDocument files start with a stored ``mimetype`` member naming their type."""
    try:
        with archive.open("mimetype") as stream:
            return stream.read(64).startswith(b"application/vnd.oasis.opendocument")
    except KeyError:
        return False


def _looks_like_office(document: Document) -> bool:
    """A damaged ZIP that is an Office file by name or by the member names it still shows."""
    if document.name.lower().endswith(mime.OFFICE_SUFFIXES):
        return True
    return any(name.encode() in document.data for name in _OFFICE_MEMBERS)


def _zip_members(
    archive: zipfile.ZipFile, document: Document, depth: int, budget: _Budget
) -> list[Document]:
    found: list[Document] = []
    unknown: list[str] = []
    for info in archive.infolist():
        if info.is_dir() or info.filename.startswith("__MACOSX/"):
            continue
        budget.members -= 1
        if budget.members < 0:
            raise _LimitError(f"mehr als {MAX_MEMBERS} Dateien")
        if info.flag_bits & 0x1:
            raise RuntimeError("encrypted member")
        data = _read_member(archive, info, budget)
        member = replace(document, name=mime.safe_name(_member_name(info), "datei"), data=data)
        if _kind(member) == mime.KIND_OTHER:
            if not mime.harmless(member.name):
                unknown.append(member.name)
            continue
        found.extend(_expand(member, depth + 1, budget))
    if unknown:
        found.append(_unknown(document, unknown, texts.ARCHIVE_MEMBERS_UNKNOWN))
    return found


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    limit = min(MAX_MEMBER_BYTES, budget.total)
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        name = one_line(info.filename)[:60]
        raise _LimitError(f"{name} größer als {limit // (1024 * 1024)} MB")
    budget.total -= len(data)
    return data


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; archives from German Windows store names in code page 437/850."""
    name = info.filename
    if info.flag_bits & 0x800:  # the UTF-8 flag: the name is already right
        return name
    raw = name.encode("cp437", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp850")


def pair_twins(documents: list[Document]) -> list[Document]:
    """Drop the second copy of an invoice that a mail carries both as XML and as PDF."""
    xmls = [d for d in documents if _einvoice_id(d) is not None]
    if not xmls:
        return documents
    dropped: set[int] = set()
    result = {id(d): d for d in documents}
    for xml in xmls:
        pdf = _twin_pdf(xml, [d for d in documents if id(d) not in dropped])
        if pdf is None:
            continue
        if _embeds(pdf, xml):
            keep, drop = pdf, xml
        else:
            keep, drop = xml, pdf
        dropped.add(id(drop))
        result[id(keep)] = _with_companion(result[id(keep)], drop)
    return [result[id(d)] for d in documents if id(d) not in dropped]


def _with_companion(keep: Document, drop: Document) -> Document:
    """``keep`` carrying the twin's name and bytes, so that the twin is archived beside it.

    Broke: an XRechnung ``PS-60001.xml`` with its plain PDF ``PS-60001.pdf`` in one mail
    kept the XML only; the PDF was neither archived nor named anywhere.
    """
    return replace(
        keep,
        related=(*keep.related, drop.name, *drop.related),
        companions=(*keep.companions, (drop.name, drop.data), *drop.companions),
    )


def _twin_pdf(xml: Document, documents: list[Document]) -> Document | None:
    invoice_id = _einvoice_id(xml) or ""
    pdfs = [d for d in documents if mime.sniff(d.data) == mime.KIND_PDF]
    for pdf in pdfs:
        if _embeds(pdf, xml):
            return pdf
    stem = PurePosixPath(xml.name).stem.lower()
    for pdf in pdfs:
        if PurePosixPath(pdf.name).stem.lower() == stem:
            return pdf
    for pdf in pdfs:
        if invoice_id and invoice_id in _pdf_text(pdf.data):
            return pdf
    return None


def _einvoice_id(document: Document) -> str | None:
    """The invoice number (BT-1) of an e-invoice XML; ``None`` for anything else."""
    if mime.sniff(document.data, document.name) != mime.KIND_XML:
        return None
    return _xml_invoice_id(document.data)


def _xml_invoice_id(data: bytes) -> str | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if etree.QName(root).localname not in _EINVOICE_ROOTS:
        return None
    paths = (
        "/*/*[local-name()='ExchangedDocument' or local-name()='HeaderExchangedDocument']"
        "/*[local-name()='ID']",
        "/*/*[local-name()='ID']",
    )
    for path in paths:
        found = root.xpath(path)
        if found and (found[0].text or "").strip():
            return str(found[0].text).strip()
    return ""


def _embeds(pdf: Document, xml: Document) -> bool:
    """True when the PDF embeds the XML, or an XML with the same invoice number."""
    if mime.sniff(pdf.data) != mime.KIND_PDF:
        return False
    wanted = _xml_invoice_id(xml.data)
    for embedded in _embedded_files(pdf.data):
        if embedded.strip() == xml.data.strip():
            return True
        if wanted and _xml_invoice_id(embedded) == wanted:
            return True
    return False


def _embedded_files(pdf: bytes) -> list[bytes]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(pdf))
        return [data for items in reader.attachments.values() for data in items]
    except Exception:  # any damage in a PDF only means "no twin found"
        log.debug("cannot list embedded files", exc_info=True)
        return []


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join((page.extract_text() or "") for page in reader.pages[:3])
    except Exception:  # unreadable text only means "no twin found"
        log.debug("cannot extract PDF text", exc_info=True)
        return ""
    return re.sub(r"\s+", " ", text)


__all__ = [
    "MAX_DEPTH",
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "SCAN_ATTACHED_BYTES",
    "SCAN_INLINE_BYTES",
    "expand",
    "pair_twins",
    "scans",
]
