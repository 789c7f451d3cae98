"""Mail and archive opening: attachment names, kinds, twins, links, zip limits."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from mailfactory import (
    cii_xml,
    forwarded,
    hybrid_pdf,
    mail,
    part,
    pdf_bytes,
    pdf_part,
    plain_mail,
    zip_bytes,
    zip_cp437,
)
from zahllauf import texts
from zahllauf.sources import containers, mime
from zahllauf.sources.base import Document

TODAY = date(2025, 3, 10)


def _doc(data: bytes, name: str = "1.eml") -> Document:
    return Document(name=name, data=data, source="Postfach", received=TODAY)


def _names(data: bytes) -> list[str]:
    return [d.name for d in containers.expand(_doc(data))]


# (Content-Disposition as it appears on the wire, expected safe name, why)
NAME_CASES = [
    ('attachment; filename="Rechnung 1001.pdf"', "Rechnung 1001.pdf", "plain ASCII"),
    (
        'attachment; filename="=?utf-8?B?UmVjaG51bmcgTcOkcnoucGRm?="',
        "Rechnung März.pdf",
        "RFC 2047 base64 word, wrongly quoted as many mailers do",
    ),
    (
        "attachment; filename==?iso-8859-1?Q?Rechnung_M=E4rz.pdf?=",
        "Rechnung März.pdf",
        "RFC 2047 Q word in Latin-1, unquoted",
    ),
    (
        'attachment; filename="Rechnung =?utf-8?Q?M=C3=A4rz?= 2025.pdf"',
        "Rechnung März 2025.pdf",
        "encoded word mixed with plain text",
    ),
    (
        'attachment; filename="=?utf-8?Q?Rechnung_?= =?utf-8?Q?M=C3=A4rz.pdf?="',
        "Rechnung März.pdf",
        "two encoded words: the space between them is not text (RFC 2047 6.2)",
    ),
    (
        "attachment;\r\n filename*0*=utf-8''Rechnung%20M%C3%A4rz;\r\n filename*1*=%202025.pdf",
        "Rechnung März 2025.pdf",
        "RFC 2231 with charset and continuations",
    ),
    (
        "attachment;\r\n filename*0*=iso-8859-1'de'Gro%DFhandel%20;"
        '\r\n filename*1="Rechnung.pdf"',
        "Großhandel Rechnung.pdf",
        "RFC 2231 Latin-1 continuation mixed with a plain continuation",
    ),
    ('attachment; filename="Rechnung März.pdf"', "Rechnung März.pdf", "raw UTF-8 bytes"),
    ('attachment; filename="../../etc/Rechnung.pdf"', "Rechnung.pdf", "path traversal"),
    ('attachment; filename="C:\\Temp\\Rechnung.pdf"', "Rechnung.pdf", "Windows path"),
    ('attachment; filename="=?utf-8?Q?Rech=07nung.pdf?="', "Rechnung.pdf", "control char"),
    ('attachment; filename="CON.pdf"', "_CON.pdf", "Windows device name"),
    ('attachment; filename="..pdf"', "_pdf.pdf", "only dots"),
    ("attachment", "anhang-1.pdf", "no name at all"),
]


@pytest.mark.parametrize(("disposition", "expected", "why"), NAME_CASES)
def test_attachment_names_decode_and_are_safe(disposition: str, expected: str, why: str) -> None:
    raw = mail([pdf_part(disposition)])
    assert _names(raw) == [expected], why


def test_name_only_in_content_type() -> None:
    raw = mail([part('application/pdf; name="Rechnung-CT.pdf"', None, pdf_bytes())])
    assert _names(raw) == ["Rechnung-CT.pdf"]


# (content type, disposition, data, expected names, why)
KIND_CASES = [
    ("application/octet-stream", "attachment", pdf_bytes(), ["anhang-1.pdf"], "PDF by magic"),
    (
        "application/octet-stream",
        'attachment; filename="Rechnung"',
        pdf_bytes(),
        ["Rechnung.pdf"],
        "extension added to a PDF sent without one",
    ),
    ("image/png", 'attachment; filename="logo.png"', b"\x89PNG\r\n", [], "logo is no candidate"),
    ("text/plain", 'attachment; filename="agb.txt"', b"AGB", [], "terms are no candidate"),
    ("text/xml", 'attachment; filename="re.xml"', cii_xml(), ["re.xml"], "e-invoice XML"),
    (
        "application/pdf",
        'attachment; filename="kaputt.pdf"',
        b"not a pdf",
        ["kaputt.pdf"],
        "declared PDF that is broken still reaches a person",
    ),
]


@pytest.mark.parametrize(("ctype", "disposition", "data", "expected", "why"), KIND_CASES)
def test_candidate_kinds(
    ctype: str, disposition: str, data: bytes, expected: list[str], why: str
) -> None:
    assert _names(mail([part(ctype, disposition, data)])) == expected, why


def test_mail_document_carries_sender_subject_and_date() -> None:
    raw = mail([pdf_part('attachment; filename="a.pdf"')], subject="=?utf-8?Q?R=C3=BCckfrage?=")
    (document,) = containers.expand(_doc(raw))
    assert document.source == "Muster GmbH – Rückfrage"
    assert document.sender == "rechnung@muster.example"
    assert document.received == date(2025, 3, 4)  # the mail's Date header
    assert document.data == pdf_bytes()


def test_forwarded_message_is_opened_with_its_own_sender() -> None:
    inner = mail([pdf_part('attachment; filename="innen.pdf"')], sender="Lieferant <l@x.example>")
    outer = mail([forwarded(inner)], subject="WG: Rechnung", sender="Chefin <c@firma.example>")
    (document,) = containers.expand(_doc(outer))
    assert (document.name, document.sender) == ("innen.pdf", "l@x.example")


def test_zip_in_mail_nested_zip_and_cp437_names() -> None:
    inner_zip = zip_bytes({"tief/zwei.pdf": pdf_bytes("zwei")})
    archive = zip_bytes({"eins.pdf": pdf_bytes("eins"), "innen.zip": inner_zip, "x.txt": b"x"})
    raw = mail([part("application/zip", 'attachment; filename="r.zip"', archive)])
    assert _names(raw) == ["eins.pdf", "zwei.pdf"]
    cp437 = zip_cp437("Rechnung März.pdf", pdf_bytes())
    assert _names_of_zip(cp437) == ["Rechnung März.pdf"]


def _names_of_zip(data: bytes) -> list[str]:
    return [d.name for d in containers.expand(_doc(data, "a.zip"))]


def test_zip_bomb_is_stopped_by_measured_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers, "MAX_MEMBER_BYTES", 1024 * 1024)
    bomb = zip_bytes({"bombe.pdf": b"%PDF-" + b"\0" * (3 * 1024 * 1024)})
    assert len(bomb) < 10_000  # the point of a bomb: tiny outside, huge inside
    (document,) = containers.expand(_doc(bomb, "bombe.zip"))
    assert document.problem is not None and "zu groß" in document.problem
    assert document.data == bomb  # kept for the archive (broke: the bomb was never archived)


def test_zip_with_too_many_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers, "MAX_MEMBERS", 5)
    archive = zip_bytes({f"{i}.pdf": pdf_bytes() for i in range(6)})
    (document,) = containers.expand(_doc(archive, "viele.zip"))
    assert document.problem is not None and "zu groß" in document.problem


def test_zip_nested_too_deep() -> None:
    data = pdf_bytes()
    for level in range(containers.MAX_DEPTH + 1):
        data = zip_bytes({f"ebene{level}.{'pdf' if level == 0 else 'zip'}": data})
    found = containers.expand(_doc(data, "tief.zip"))
    assert [d.problem is not None for d in found] == [True]


def test_broken_and_encrypted_zip_become_problems() -> None:
    (broken,) = containers.expand(_doc(b"PK\x03\x04kaputt", "kaputt.zip"))
    assert broken.problem is not None and broken.problem.startswith("ZIP-Archiv")
    archive = bytearray(zip_bytes({"a.pdf": pdf_bytes()}))
    central = archive.find(b"PK\x01\x02")
    archive[central + 8] |= 0x1  # general purpose flag bit 0: encrypted
    (locked,) = containers.expand(_doc(bytes(archive), "geheim.zip"))
    assert locked.problem == texts.ZIP_ENCRYPTED


# (attachments, expected (name, related) list, why)
TWIN_CASES = [
    (
        [("re.xml", cii_xml("RE-7")), ("re.pdf", pdf_bytes("Rechnung RE-7"))],
        [("re.xml", ("re.pdf",))],
        "XML with a plain PDF picture of the same name: the XML is the original",
    ),
    (
        [("xrechnung.xml", cii_xml("RE-8")), ("Beleg.pdf", pdf_bytes("Rechnung Nr. RE-8"))],
        [("xrechnung.xml", ("Beleg.pdf",))],
        "names differ, but the PDF shows the XML's invoice number",
    ),
    (
        [("factur-x.xml", cii_xml("RE-9")), ("RE-9.pdf", hybrid_pdf("RE-9"))],
        [("RE-9.pdf", ("factur-x.xml",))],
        "hybrid PDF embedding the same invoice wins",
    ),
    (
        [("a.xml", cii_xml("RE-1")), ("b.pdf", pdf_bytes("Rechnung RE-2"))],
        [("a.xml", ()), ("b.pdf", ())],
        "two different invoices stay two",
    ),
]


@pytest.mark.parametrize(("files", "expected", "why"), TWIN_CASES)
def test_einvoice_and_pdf_twin_count_once(
    files: list[tuple[str, bytes]], expected: list[tuple[str, tuple[str, ...]]], why: str
) -> None:
    parts = [
        part(
            "application/xml" if name.endswith("xml") else "application/pdf",
            f'attachment; filename="{name}"',
            data,
        )
        for name, data in files
    ]
    found = containers.expand(_doc(mail(parts)))
    assert [(d.name, d.related) for d in found] == expected, why
    # Broke: the dropped twin's bytes were lost; now they travel with the original.
    by_name = dict(files)
    for document in found:
        assert document.companions == tuple((n, by_name[n]) for n in document.related), why


LINK_CASES = [
    (
        "Ihre Rechnung steht bereit: https://portal.example/rechnung/4711 (30 Tage gültig)",
        "https://portal.example/rechnung/4711",
        "link right after the word Rechnung",
    ),
    (
        "Hallo,\nhier herunterladen:\nhttps://dl.example/abc.\nGruß",
        "https://dl.example/abc",
        "download word before the link, trailing dot dropped",
    ),
    ("Bis morgen! Siehe https://wetter.example/heute", None, "a link without invoice words"),
    ("Die Rechnung kommt per Post.", None, "invoice word without a link"),
]


@pytest.mark.parametrize(("body", "url", "why"), LINK_CASES)
def test_mail_with_only_a_link(body: str, url: str | None, why: str) -> None:
    found = containers.expand(_doc(plain_mail("Ihre Rechnung", body)))
    if url is None:
        assert found == [], why
        return
    (document,) = found
    assert document.problem == texts.MAIL_LINK_ONLY.format(url=url), why
    assert document.data == b""


def test_html_link_is_found() -> None:
    html = '<p>Ihre Rechnung: <a href="https://portal.example/r/1">hier klicken</a></p>'
    raw = (
        b"From: a@b.example\r\nSubject: Rechnung\r\nDate: Tue, 4 Mar 2025 10:00:00 +0000\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    )
    (document,) = containers.expand(_doc(raw))
    assert document.problem is not None and "https://portal.example/r/1" in document.problem


# (name, data, expected count, why)
PLAIN_CASES = [
    ("r.pdf", pdf_bytes(), 1, "a PDF stays itself"),
    ("r.xml", cii_xml(), 1, "an XML stays itself"),
    ("notiz.txt", b"hallo", 0, "anything else is no candidate"),
]


@pytest.mark.parametrize(("name", "data", "count", "why"), PLAIN_CASES)
def test_single_files(name: str, data: bytes, count: int, why: str) -> None:
    document = _doc(data, name)
    found = containers.expand(document)
    assert len(found) == count, why
    assert all(d is document for d in found), why


def test_looks_like_message_by_content() -> None:
    assert mime.looks_like_message(plain_mail("x", "y"))
    assert not mime.looks_like_message(b"From here to there\nno headers")


@pytest.mark.corpus
def test_public_eml_samples(corpus) -> None:  # type: ignore[no-untyped-def]
    folder = corpus / "eml" / "imap_tools"
    # A base64 encoded word names a part that is declared PDF but holds a signature.
    (signed,) = containers.expand(
        _doc((folder / "attachment_with_base64_encoded_name.eml").read_bytes())
    )
    assert signed.name == "This is a test.pdf"
    for name in ("attachment_pdf.eml", "attachment_pdf_lf.eml"):
        (document,) = containers.expand(_doc((folder / name).read_bytes()))
        assert document.name == "broken.pdf"
        assert document.source.startswith("Test Tester – Another PDF with 🎉")
        assert document.sender == "xxxx@xxxx.com"


def test_zipfile_module_rejects_what_we_patch() -> None:
    # Guards the encrypted-zip test above: the patched flag must really read as encrypted.
    archive = bytearray(zip_bytes({"a.pdf": b"x"}))
    archive[archive.find(b"PK\x01\x02") + 8] |= 0x1
    import io

    with zipfile.ZipFile(io.BytesIO(bytes(archive))) as zf:
        assert zf.infolist()[0].flag_bits & 0x1
