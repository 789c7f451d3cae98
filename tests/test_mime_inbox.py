"""Nothing in a mail or archive vanishes without a word: scans, Office files, unknown kinds.

Regression tests for faults a new user found from the outside; each says what broke.
"""

from __future__ import annotations

import io
import logging
import random
import zipfile
from datetime import date

import pytest
from PIL import Image

from mailfactory import mail, part, pdf_bytes, pdf_part, zip_bytes
from zahllauf import texts
from zahllauf.plaintext import one_line as clean_text
from zahllauf.readers import dispatch
from zahllauf.readers.dispatch import image_format, read_document
from zahllauf.sources import containers, mime
from zahllauf.sources.base import Document

TODAY = date(2026, 3, 10)


def image(fmt: str, size: tuple[int, int] = (60, 40), noise: bool = False) -> bytes:
    """A real image file made by Pillow; ``noise`` makes it large (it does not compress)."""
    if noise:
        pixels = random.Random(7).randbytes(size[0] * size[1] * 3)
        picture = Image.frombytes("RGB", size, pixels)
    else:
        picture = Image.new("RGB", size, (250, 250, 250))
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def heic_head() -> bytes:
    """The first box of an iPhone HEIC photo (ISO base media ``ftyp`` with brand heic)."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def docx_bytes() -> bytes:
    """The skeleton of a Word document: a ZIP with OOXML content types."""
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


OLE2_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

LARGE_JPEG = image("JPEG", (300, 300), noise=True)
SMALL_JPEG = image("JPEG")
SMALL_PNG = image("PNG")


def _doc(data: bytes, name: str = "1.eml") -> Document:
    return Document(name=name, data=data, source="Postfach", received=TODAY)


def _expand(data: bytes, name: str = "1.eml") -> list[Document]:
    return containers.expand(_doc(data, name))


def test_fixture_sizes_fit_the_scan_rule() -> None:
    # Guards the table below: the rule's thresholds sit between these sizes.
    assert len(SMALL_JPEG) < containers.SCAN_ATTACHED_BYTES
    assert len(SMALL_PNG) < containers.SCAN_ATTACHED_BYTES
    assert len(LARGE_JPEG) > containers.SCAN_INLINE_BYTES


# (data, expected format, why)
MAGIC_CASES = [
    (image("PNG"), "png", "PNG from a scanner"),
    (image("JPEG"), "jpeg", "JPEG photo from a phone"),
    (image("TIFF"), "tiff", "TIFF from a scanner (little-endian)"),
    (b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 32, "tiff", "big-endian TIFF"),
    (heic_head(), "heic", "iPhone photo"),
    (image("GIF"), "gif", "GIF"),
    (image("BMP"), "bmp", "Windows bitmap"),
    (b"BMW Niederlassung Rechnung 4711", None, "text starting with BM is no bitmap"),
    (pdf_bytes(), None, "a PDF"),
    (b"<?xml version='1.0'?><a/>", None, "an XML"),
]


@pytest.mark.parametrize(("data", "expected", "why"), MAGIC_CASES)
def test_images_are_recognised_by_magic_bytes(data: bytes, expected: str | None, why: str) -> None:
    assert image_format(data) == expected, why
    assert (dispatch.sniff(data) == "image") == (expected is not None), why


def test_image_becomes_a_scan_finding_whatever_its_name() -> None:
    # Broke: a scanned invoice was "0 Dokumente"; a scan named .xml must be a scan as well.
    for name in ("scan.png", "rechnung.xml", "ohne-endung"):
        invoice = read_document(image("PNG"), name).invoice
        assert [f.text for f in invoice.findings] == [texts.IMAGE_SCAN], name


def _image_part(name: str, data: bytes, disposition: str = "attachment") -> bytes:
    ctype = "image/png" if name.endswith(".png") else "image/jpeg"
    return part(f'{ctype}; name="{name}"', f'{disposition}; filename="{name}"', data)


# (attachments, expected document names, why)
SCAN_CASES = [
    (
        [_image_part("IMG_0815.jpg", SMALL_JPEG)],
        ["IMG_0815.jpg"],
        "Broke: subject 'Rechnung 2026-77' with only a JPG attached gave 0 documents",
    ),
    (
        [pdf_part('attachment; filename="r.pdf"'), _image_part("logo.png", SMALL_PNG)],
        ["r.pdf"],
        "a small attached logo beside the invoice is a decoration",
    ),
    (
        [
            pdf_part('attachment; filename="r.pdf"'),
            _image_part("image001.png", SMALL_PNG, "inline"),
        ],
        ["r.pdf"],
        "Outlook's inline signature picture is a decoration",
    ),
    (
        [_image_part("image001.png", SMALL_PNG, "inline")],
        [],
        "a mail with nothing but a small signature picture has no invoice",
    ),
    (
        [pdf_part('attachment; filename="r.pdf"'), _image_part("Seite 2.jpg", LARGE_JPEG)],
        ["r.pdf", "Seite 2.jpg"],
        "a large attached photo beside a PDF is a second page or another invoice",
    ),
    (
        [_image_part("image003.jpg", LARGE_JPEG, "inline")],
        ["image003.jpg"],
        "a large inline picture is a pasted scan, whatever Outlook calls it",
    ),
    (
        [
            pdf_part('attachment; filename="r.pdf"'),
            _image_part("Rechnung.jpg", SMALL_JPEG, "inline"),
        ],
        ["r.pdf", "Rechnung.jpg"],
        "an image named like an invoice counts at any size",
    ),
    (
        [part("image/jpeg", "attachment", SMALL_JPEG)],
        ["anhang-1.jpg"],
        "an image without a name gets one with the right extension",
    ),
]


@pytest.mark.parametrize(("parts", "expected", "why"), SCAN_CASES)
def test_scanned_invoices_in_mails(parts: list[bytes], expected: list[str], why: str) -> None:
    found = _expand(mail(parts, subject="Rechnung 2026-77"))
    assert [d.name for d in found] == expected, why
    for document in found:
        assert document.problem is None and document.data, why


def test_scan_from_a_mail_reads_as_a_scan_and_keeps_its_bytes() -> None:
    (document,) = _expand(mail([_image_part("IMG_0815.jpg", SMALL_JPEG)]))
    assert document.data == SMALL_JPEG  # archived byte-identical by the fetch job
    reading = read_document(document.data, document.name)
    assert [f.text for f in reading.invoice.findings] == [texts.IMAGE_SCAN]


# (part, expected problem text or None for "no document", why)
UNKNOWN_CASES = [
    (
        part("application/x-msdownload", 'attachment; filename="setup.exe"', b"MZ\x90\x00"),
        texts.ATTACHMENTS_UNKNOWN.format(names="setup.exe"),
        "Broke: an .exe attachment vanished without a word",
    ),
    (
        part("application/ms-tnef", 'attachment; filename="winmail.dat"', b"\x78\x9f\x3e\x22"),
        texts.ATTACHMENTS_UNKNOWN.format(names="winmail.dat"),
        "Outlook's winmail.dat often hides the PDF",
    ),
    (
        part("application/pkcs7-signature", 'attachment; filename="smime.p7s"', b"0\x82\x01"),
        None,
        "an S/MIME signature comes with ordinary mail",
    ),
    (
        part("text/calendar", 'attachment; filename="termin.ics"', b"BEGIN:VCALENDAR"),
        None,
        "a calendar entry",
    ),
]


@pytest.mark.parametrize(("extra", "problem", "why"), UNKNOWN_CASES)
def test_unknown_attachments_are_named(extra: bytes, problem: str | None, why: str) -> None:
    alone = _expand(mail([extra]))
    beside = _expand(mail([pdf_part('attachment; filename="r.pdf"'), extra]))
    if problem is None:
        assert alone == [], why
        assert [d.name for d in beside] == ["r.pdf"], why
        return
    assert [(d.problem, d.data) for d in alone] == [(problem, b"")], why
    assert [d.problem for d in beside] == [None, problem], why


def test_several_unknown_attachments_make_one_entry() -> None:
    parts = [
        part("application/octet-stream", f'attachment; filename="teil{i}.bin"', bytes([i]) * 9)
        for i in range(7)
    ]
    (document,) = _expand(mail(parts))
    assert document.problem is not None
    assert "teil0.bin, teil1.bin, teil2.bin, teil3.bin, teil4.bin und 2 weitere" in document.problem


# (name, data, why)
OFFICE_CASES = [
    ("Rechnung.docx", docx_bytes(), "Broke: a .docx was 'ZIP-Archiv lässt sich nicht öffnen'"),
    ("Rechnung.docx", b"PK\x03\x04\x14\x00 kaputt [Content_Types].xml", "a damaged .docx"),
    ("kaputt.xlsx", b"PK\x03\x04 kaputt", "a damaged .xlsx, known by its name"),
    ("Rechnung.odt", odt_bytes(), "an OpenDocument text"),
    ("Rechnung.doc", OLE2_DOC, "an old Word file (compound document)"),
    ("anhang", docx_bytes(), "an Office file without a name, known by its members"),
]


@pytest.mark.parametrize(("name", "data", "why"), OFFICE_CASES)
def test_office_documents_are_named_as_such(name: str, data: bytes, why: str) -> None:
    attachment = part("application/octet-stream", f'attachment; filename="{name}"', data)
    (document,) = _expand(mail([attachment]))
    assert document.problem == texts.OFFICE_DOCUMENT, why
    assert document.data == data, why  # kept, so the archive holds the original


def test_office_file_inside_a_zip_beside_a_pdf() -> None:
    archive = zip_bytes({"r.pdf": pdf_bytes(), "Anschreiben.docx": docx_bytes(), "x.txt": b"x"})
    found = _expand(archive, "paket.zip")
    assert [(d.name, d.problem) for d in found] == [
        ("r.pdf", None),
        ("Anschreiben.docx", texts.OFFICE_DOCUMENT),
    ]


def test_unknown_members_of_a_zip_are_named() -> None:
    # Broke: a ZIP holding only an .exe gave 0 documents and no word.
    archive = zip_bytes({"rechnung.exe": b"MZ\x90", "__MACOSX/._rechnung.exe": b"x"})
    (document,) = _expand(archive, "paket.zip")
    assert document.problem == texts.ARCHIVE_MEMBERS_UNKNOWN.format(names="rechnung.exe")
    assert (document.name, document.data) == ("rechnung.exe", b"")


def test_images_in_a_zip_are_scans() -> None:
    found = _expand(zip_bytes({"scan1.tif": image("TIFF"), "scan2.png": SMALL_PNG}), "s.zip")
    assert [(d.name, d.problem) for d in found] == [("scan1.tif", None), ("scan2.png", None)]


GARBAGE_CASES = [
    (b"\x00\x01\x02 keine Mail \xff\xfe" * 20, "Broke: binary garbage named .eml vanished"),
    (b"Hallo,\nhier die Rechnung als Text.\n", "text without any mail header"),
]


@pytest.mark.parametrize(("data", "why"), GARBAGE_CASES)
def test_garbage_eml_becomes_a_problem(data: bytes, why: str) -> None:
    (document,) = _expand(data, "kaputt.eml")
    reason = texts.MAIL_NOT_A_MAIL
    assert document.problem == texts.MAIL_UNREADABLE.format(reason=reason), why
    assert document.data == data, why  # archived, so a person can open it


CONTROL_FROM = "=?utf-8?q?Lieferant=01=0BGmbH?= <lieferant@example.com>"
CONTROL_SUBJECT = "=?utf-8?q?Rechnung=07=1B[31m?="


def test_control_characters_in_headers_are_removed() -> None:
    # Broke: this From/Subject crashed the whole run (openpyxl IllegalCharacterError on Quelle).
    raw = mail([pdf_part('attachment; filename="=?utf-8?q?R=1B[2Jx.pdf?="')],
               subject=CONTROL_SUBJECT, sender=CONTROL_FROM)  # fmt: skip
    (document,) = _expand(raw)
    assert document.source == "Lieferant GmbH – Rechnung[31m"
    assert document.name == "R[2Jx.pdf"
    assert document.sender == "lieferant@example.com"


# (text, expected, why)
CLEAN_CASES = [
    ("Lieferant\x01\x0bGmbH", "Lieferant GmbH", "vertical tab is a space, SOH goes"),
    ("Rechnung\x07\x1b[31m", "Rechnung[31m", "BEL and ESC go, the harmless rest stays"),
    ("Müller\tund\r\nSöhne", "Müller und Söhne", "tabs and line breaks become one space"),
    ("abc\u202edcba", "abcdcba", "a bidi override that would reverse the shown name"),
    ("Straße 7 – 🎉", "Straße 7 – 🎉", "normal text and emoji are kept"),
    ("x\x9b31m", "x31m", "C1 control CSI, an escape in some terminals"),
]


@pytest.mark.parametrize(("text", "expected", "why"), CLEAN_CASES)
def test_clean_text(text: str, expected: str, why: str) -> None:
    assert clean_text(text) == expected, why


def test_no_escape_reaches_a_log_line(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Broke: names with ESC went into warnings unchanged, so they reached the terminal.
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(containers, "MAX_MEMBER_BYTES", 10)
    unknown = zip_bytes({"\x1b[31mrot\x1b[0m.exe": b"MZ"})
    too_big = zip_bytes({"\x1b]0;titel\x07.pdf": b"%PDF-1.4" + b"0" * 100})
    for data in (unknown, too_big, b"PK\x03\x04 kaputt"):
        found = containers.expand(_doc(data, "paket.zip"))
        assert found and all("\x1b" not in (d.problem or "") + d.name for d in found)
    assert len(caplog.records) >= 3
    assert not any("\x1b" in r.getMessage() or "\x07" in r.getMessage() for r in caplog.records)


def test_link_stops_at_a_control_character() -> None:
    raw = mail([], body="Ihre Rechnung: https://portal.example/r/1\x1b[31m hier")
    (document,) = _expand(raw)
    assert document.problem == texts.MAIL_LINK_ONLY.format(url="https://portal.example/r/1")


def test_harmless_kinds() -> None:
    assert mime.harmless("smime.p7s") and mime.harmless("a.txt", "text/plain")
    assert not mime.harmless("winmail.dat", "application/ms-tnef")
    assert not mime.harmless("setup.exe")
