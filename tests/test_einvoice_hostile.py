"""Hostile XML: no entity expansion, no network, size limits — a finding, never a crash."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from fixtures.einvoice.build import Spec, cii, hybrid_pdf
from zahllauf.model import DocumentKind
from zahllauf.readers import einvoice, xmlsafe
from zahllauf.readers.dispatch import read_document

CII_ROOT = (
    b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:'
    b'CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:'
    b'ReusableAggregateBusinessInformationEntity:100">'
    b"<rsm:ExchangedDocument><ram:ID>&x;</ram:ID></rsm:ExchangedDocument>"
    b"</rsm:CrossIndustryInvoice>"
)

XXE_FILE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + CII_ROOT

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x0 "ha">'
    + b"".join(f'<!ENTITY x{i} "{("&x" + str(i - 1) + ";") * 10}">'.encode() for i in range(1, 10))
    + b'<!ENTITY x "&x9;">]>'
    + CII_ROOT
)

QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "'
    + b"A" * 50_000
    + b'">]>'
    + CII_ROOT.replace(b"&x;", b"&x;" * 5_000)
)

# A DOCTYPE hidden behind a long comment, past the raw-byte prolog check.
LATE_DOCTYPE = (
    b'<?xml version="1.0"?><!--' + b" " * 8_000 + b"-->"
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + CII_ROOT
)

UTF16_XXE = XXE_FILE.decode().replace('<?xml version="1.0"?>', "").encode("utf-16")


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback TCP listener that records any connection the parser might make."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/evil.dtd", hits
    stop.set()
    thread.join(1)
    server.close()


# (name, xml, finding code, reason)
HOSTILE = [
    ("xxe-file", XXE_FILE, "xml.doctype", "external entity reading a local file"),
    ("billion-laughs", BILLION_LAUGHS, "xml.doctype", "exponential entity expansion"),
    ("quadratic", QUADRATIC, "xml.doctype", "quadratic blow-up"),
    ("late-doctype", LATE_DOCTYPE, "xml.doctype", "DTD after 8 KB of comment"),
    ("utf16-xxe", UTF16_XXE, "xml.doctype", "XXE in UTF-16"),
    (
        "oversize",
        b"<r>" + b"x" * (xmlsafe.MAX_XML_BYTES + 1) + b"</r>",
        "xml.too_large",
        "above the size limit",
    ),
    ("malformed", cii(Spec())[:-40], "xml.malformed", "cut off"),
    ("empty", b"", "xml.malformed", "no content"),
    ("binary", b"\x00\xff\xfe<\x00\x01", "xml.malformed", "binary junk"),
]


@pytest.mark.parametrize(("name", "xml", "code", "reason"), HOSTILE)
def test_hostile_xml_is_a_finding(name: str, xml: bytes, code: str, reason: str) -> None:
    started = time.perf_counter()
    invoice = einvoice.read_xml(xml)
    assert time.perf_counter() - started < 2.0, f"{reason}: too slow"
    assert invoice.kind is DocumentKind.UNREADABLE, reason
    assert [f.code for f in invoice.findings] == [code], reason
    assert invoice.needs_person
    assert "root:" not in repr(invoice), "no file content leaks into the record"


def test_external_dtd_is_never_fetched(listener: tuple[str, list[bytes]]) -> None:
    url, hits = listener
    xml = f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{url}">'.encode() + CII_ROOT
    invoice = einvoice.read_xml(xml)
    time.sleep(0.3)
    assert hits == [], "the parser opened a connection"
    assert invoice.kind is DocumentKind.UNREADABLE


def test_schema_location_is_never_fetched(listener: tuple[str, list[bytes]]) -> None:
    url, hits = listener
    xml = cii(Spec()).replace(
        b"<rsm:CrossIndustryInvoice ",
        b'<rsm:CrossIndustryInvoice xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xsi:schemaLocation="urn:x ' + url.encode() + b'" ',
    )
    invoice = einvoice.read_xml(xml)
    time.sleep(0.3)
    assert hits == []
    assert invoice.number == "RE-2026-0042"


def test_xinclude_is_not_processed() -> None:
    xml = cii(Spec()).replace(
        b"<ram:ID>RE-2026-0042</ram:ID>",
        b'<ram:ID><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        b'href="file:///etc/passwd" parse="text"/></ram:ID>',
    )
    invoice = einvoice.read_xml(xml)
    assert invoice.number is None
    assert "root:" not in repr(invoice)


@pytest.mark.parametrize(("name", "xml", "code", "reason"), HOSTILE[:5])
def test_hostile_xml_inside_a_pdf_is_skipped(name: str, xml: bytes, code: str, reason: str) -> None:
    assert einvoice.find_invoice_xml(hybrid_pdf(xml, "factur-x.xml")) is None, reason


def test_hostile_xml_through_dispatch_is_an_unreadable_row() -> None:
    reading = read_document(BILLION_LAUGHS, "evil.xml")
    assert reading.invoice.kind is DocumentKind.UNREADABLE
    assert reading.invoice.needs_person
