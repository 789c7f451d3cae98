"""Parse untrusted XML safely and tell the e-invoice syntax from the root's namespace.

E-invoices arrive by mail from anyone. The parser never touches the network, never
expands entities (XXE, billion laughs), refuses a document type declaration (no EN 16931
syntax uses one) and refuses documents above :data:`MAX_XML_BYTES`. Every refusal is a
finding, never an exception; the parser's own (English) message goes to the debug log,
the line of the damage to a note.
"""

from __future__ import annotations

import codecs
import enum
import logging
import re
from dataclasses import dataclass, field

from lxml import etree

from zahllauf import texts
from zahllauf.model import Finding, Severity

log = logging.getLogger(__name__)

#: The largest XML accepted. KoSIT samples with base64 attachments (BG-24) reach 400 KB;
#: 20 MB leaves room for scanned attachments and still bounds memory and time.
MAX_XML_BYTES = 20 * 1024 * 1024

CII_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
ZF1_NS = "urn:ferd:CrossIndustryDocument:invoice:1p0"
UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"


class Syntax(enum.Enum):
    """The e-invoice syntaxes, named as a person knows them (shown in the view)."""

    CII = "UN/CEFACT CII D16B"
    ZUGFERD1 = "ZUGFeRD 1.0"
    UBL_INVOICE = "UBL 2.1 Invoice"
    UBL_CREDIT_NOTE = "UBL 2.1 CreditNote"


ROOTS = {
    f"{{{CII_NS}}}CrossIndustryInvoice": Syntax.CII,
    f"{{{ZF1_NS}}}CrossIndustryDocument": Syntax.ZUGFERD1,
    f"{{{UBL_INVOICE_NS}}}Invoice": Syntax.UBL_INVOICE,
    f"{{{UBL_CREDIT_NOTE_NS}}}CreditNote": Syntax.UBL_CREDIT_NOTE,
}


@dataclass
class Parsed:
    """The parsed root (None when refused) with the findings and notes of parsing."""

    root: etree._Element | None
    syntax: Syntax | None = None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
    )


def parse(xml: bytes) -> Parsed:
    """Parse ``xml`` safely and name its e-invoice syntax (None for any other XML)."""
    if len(xml) > MAX_XML_BYTES:
        return _refused("xml.too_large", texts.XML_TOO_LARGE.format(mb=MAX_XML_BYTES >> 20))
    if _declares_doctype(xml):
        return _refused("xml.doctype", texts.XML_DOCTYPE)
    findings = []
    repaired = _repair_encoding(xml)
    if repaired is not None:
        xml = repaired
        findings.append(Finding("xml.encoding", texts.XML_ENCODING, None, Severity.INFO))
    try:
        root = etree.fromstring(xml, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        log.debug("XML not well-formed: %s", error)
        refused = _refused("xml.malformed", texts.XML_MALFORMED)
        line = getattr(error, "lineno", None)
        if line:
            refused.notes.append(texts.XML_MALFORMED_NOTE.format(line=line))
        return refused
    if root.getroottree().docinfo.doctype:
        return _refused("xml.doctype", texts.XML_DOCTYPE)
    return Parsed(root, ROOTS.get(root.tag), findings)


def syntax_of(xml: bytes) -> Syntax | None:
    """The syntax of an XML document, or None when it is none (or unsafe, or broken)."""
    return parse(xml).syntax


def _declares_doctype(xml: bytes) -> bool:
    """A DTD in the prolog; checked on the raw bytes so no entity is ever looked at."""
    head = xml[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.replace(b"\x00", b"")
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


_DECLARED = re.compile(rb"""^(\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def _repair_encoding(xml: bytes) -> bytes | None:
    """A declaration naming an unknown encoding ("UTF-8-W/O-BOM") on UTF-8 text.

    Seen in real ZUGFeRD files; the text is plain UTF-8, so the declared name is
    replaced by UTF-8. Returns None when nothing needs repair or the text is not UTF-8.
    """
    match = _DECLARED.match(xml)
    if match is None:
        return None
    try:
        codecs.lookup(match.group(2).decode("ascii"))
        return None
    except (LookupError, UnicodeDecodeError):
        pass
    try:
        xml.decode("utf-8")
    except UnicodeDecodeError:
        return None
    start, end = match.span(2)
    return xml[:start] + b"UTF-8" + xml[end:]


def _refused(code: str, text: str) -> Parsed:
    return Parsed(None, None, [Finding(code, text)])
