"""The folder source: what it reads, what it names as skipped, and what it leaves alone.

Regression tests for faults a new user found from the outside; each says what broke.
"""

from __future__ import annotations

import io
import logging
import os
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mailfactory import mail, part, pdf_bytes, pdf_part, plain_mail
from test_mime_inbox import CONTROL_FROM, CONTROL_SUBJECT, OLE2_DOC, docx_bytes, heic_head, image
from zahllauf import samples, schema, texts
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.cli import main
from zahllauf.errors import SourceUnreachableError
from zahllauf.schema import C
from zahllauf.sources import containers
from zahllauf.sources.folder import FolderSource

PNG = image("PNG")
JPEG = image("JPEG")
TIFF = image("TIFF")

# (file name, content, "read" or the German skip reason, why)
FILE_CASES = [
    ("scan.png", PNG, "read", "Broke: a .png scan gave 0 Dokumente"),
    ("scan.jpg", JPEG, "read", "Broke: a .jpg scan gave 0 Dokumente"),
    ("scan.tif", TIFF, "read", "Broke: a .tif scan gave 0 Dokumente"),
    ("IMG_1234.HEIC", heic_head(), "read", "a photo from an iPhone"),
    ("scan0001", JPEG, "read", "a scan without extension, known by its bytes"),
    ("rechnung.pdf", pdf_bytes(), "read", "a PDF"),
    ("weitergeleitet", mail([pdf_part("attachment")]), "read", "a mail without .eml"),
    ("Rechnung.docx", docx_bytes(), texts.SKIP_OFFICE, "Broke: a .docx vanished without a word"),
    ("Rechnung.doc", OLE2_DOC, texts.SKIP_OFFICE, "an old Word file"),
    ("Angebot.odt", b"PK\x03\x04...", texts.SKIP_OFFICE, "OpenDocument, by its name"),
    ("notiz.txt", b"Bitte Rechnung anfordern", texts.SKIP_UNKNOWN, "a text note"),
    ("seite.html", b"<html>Rechnung</html>", texts.SKIP_UNKNOWN, "HTML is no XML invoice"),
    ("setup.exe", b"MZ\x90\x00", texts.SKIP_UNKNOWN, "a program"),
    ("Info.eml", plain_mail("Hallo", "Gruß"), texts.SKIP_EMPTY_MAIL, "a mail without invoice"),
    ("leer.zip", b"", "read", "an empty .zip: a Prüfen row says the file is empty"),
]


def _entry(name: str, reason: str) -> str:
    return texts.FOLDER_SKIPPED.format(name=name, reason=reason)


@pytest.mark.parametrize(("name", "data", "outcome", "why"), FILE_CASES)
def test_each_file_is_read_or_named(
    tmp_path: Path, name: str, data: bytes, outcome: str, why: str
) -> None:
    (tmp_path / name).write_bytes(data)
    source = FolderSource(tmp_path)
    found = list(source.documents())
    if outcome == "read":
        assert len(found) == 1 and source.skipped == [], why
        return
    assert found == [], why
    assert source.skipped == [_entry(name, outcome)], why


def test_scans_are_documents_with_their_bytes(tmp_path: Path) -> None:
    for name, data in (("a.png", PNG), ("b.jpg", JPEG), ("c.tif", TIFF)):
        (tmp_path / name).write_bytes(data)
    found = list(FolderSource(tmp_path).documents())
    assert [(d.name, d.data, d.problem) for d in found] == [
        ("a.png", PNG, None),
        ("b.jpg", JPEG, None),
        ("c.tif", TIFF, None),
    ]


def test_subfolders_are_named_the_archive_is_left_alone(tmp_path: Path) -> None:
    # Broke: files in subfolders were ignored without a word.
    (tmp_path / "erledigt").mkdir()
    (tmp_path / "erledigt" / "alt.pdf").write_bytes(pdf_bytes())
    archive = tmp_path / "Belege" / "2026" / "03"
    archive.mkdir(parents=True)
    (archive / "schon-da.pdf").write_bytes(pdf_bytes("schon archiviert"))
    (tmp_path / ".git").mkdir()
    (tmp_path / "~$Zahlungsliste.xlsx").write_bytes(b"lock")
    (tmp_path / "neu.pdf").write_bytes(pdf_bytes())
    source = FolderSource(tmp_path)
    assert [d.name for d in source.documents()] == ["neu.pdf"]
    assert source.skipped == [_entry("erledigt", texts.SKIP_SUBFOLDER)]


def test_a_folder_called_belege_that_is_no_archive_is_named(tmp_path: Path) -> None:
    (tmp_path / "Belege").mkdir()
    (tmp_path / "Belege" / "Rechnung.pdf").write_bytes(pdf_bytes())
    source = FolderSource(tmp_path)
    assert list(source.documents()) == []
    assert source.skipped == [_entry("Belege", texts.SKIP_SUBFOLDER)]


def test_ignored_names_are_left_out_quietly(tmp_path: Path) -> None:
    (tmp_path / "Zahlungsliste.xlsx").write_bytes(docx_bytes())
    (tmp_path / "Zahlungsliste.sicherung.xlsx").write_bytes(docx_bytes())
    (tmp_path / "Fremd.xlsx").write_bytes(docx_bytes())
    source = FolderSource(tmp_path, ignore=["zahlungsliste.xlsx", "Zahlungsliste.sicherung.xlsx"])
    assert list(source.documents()) == []
    assert source.skipped == [_entry("Fremd.xlsx", texts.SKIP_OFFICE)]


def test_skipped_is_fresh_for_each_run(tmp_path: Path) -> None:
    (tmp_path / "notiz.txt").write_text("x")
    source = FolderSource(tmp_path)
    list(source.documents())
    list(source.documents())
    assert source.skipped == [_entry("notiz.txt", texts.SKIP_UNKNOWN)]


def test_file_name_with_control_characters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Broke: a name with ESC reached the Quelle cell, the archive name and the terminal.
    caplog.set_level(logging.DEBUG)
    (tmp_path / "Rechnung\x1b[31m\x07.pdf").write_bytes(pdf_bytes())
    (tmp_path / "\x1b]0;x\x07notiz.txt").write_text("x")
    source = FolderSource(tmp_path)
    (document,) = source.documents()
    assert (document.name, document.source) == ("Rechnung[31m.pdf", "Rechnung[31m.pdf")
    assert source.skipped == [_entry("]0;xnotiz.txt", texts.SKIP_UNKNOWN)]
    assert not any("\x1b" in r.getMessage() for r in caplog.records)


# ----- end to end: zahllauf abrufen --ordner -------------------------------------------


@pytest.fixture
def office(tmp_path: Path) -> Path:
    build_template(tmp_path / "Zahlungsliste.xlsx")
    (tmp_path / "Scanner").mkdir()
    return tmp_path


def _abrufen(office: Path) -> int:
    return main(
        [
            "abrufen",
            "--mappe",
            str(office / "Zahlungsliste.xlsx"),
            "--ordner",
            str(office / "Scanner"),
        ]
    )


def _rows(office: Path) -> list[dict[str, object]]:
    with open_workbook(office / "Zahlungsliste.xlsx", save=False) as port:
        return port.read_rows(schema.PAYMENTS.name)


def test_scans_become_check_rows_with_the_image_as_beleg(office: Path) -> None:
    # Broke: `zahllauf abrufen --ordner` on .png/.jpg/.tif scans said "0 Dokumente".
    scans = {"scan.png": PNG, "scan.jpg": JPEG, "scan.tif": TIFF}
    for name, data in scans.items():
        (office / "Scanner" / name).write_bytes(data)
    assert _abrufen(office) == 0
    rows = _rows(office)
    assert sorted(str(r[C.QUELLE]) for r in rows) == sorted(scans)
    for row in rows:
        assert row[C.STATUS] == "Prüfen"
        assert texts.IMAGE_SCAN in str(row[C.HINWEIS])
        stored = office / row[C.BELEG].target  # type: ignore[union-attr]
        assert stored.read_bytes() == scans[str(row[C.QUELLE])]


def test_mail_with_only_a_jpg_becomes_a_check_row(office: Path) -> None:
    # Broke: an .eml "Rechnung 2026-77" with only a JPG attached gave "0 Dokumente".
    jpg = part('image/jpeg; name="IMG_0815.jpg"', 'attachment; filename="IMG_0815.jpg"', JPEG)
    (office / "Scanner" / "rechnung.eml").write_bytes(mail([jpg], subject="Rechnung 2026-77"))
    assert _abrufen(office) == 0
    (row,) = _rows(office)
    assert row[C.STATUS] == "Prüfen" and texts.IMAGE_SCAN in str(row[C.HINWEIS])
    assert "Rechnung 2026-77" in str(row[C.QUELLE])
    assert (office / row[C.BELEG].target).read_bytes() == JPEG  # type: ignore[union-attr]


def test_mail_with_control_characters_does_not_stop_the_run(
    office: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Broke: this From/Subject crashed the whole run (IllegalCharacterError on Quelle).
    raw = mail(
        [pdf_part('attachment; filename="r.pdf"')], subject=CONTROL_SUBJECT, sender=CONTROL_FROM
    )
    (office / "Scanner" / "steuer.eml").write_bytes(raw)
    (office / "Scanner" / "b.pdf").write_bytes(pdf_bytes("Rechnung B-1"))
    assert _abrufen(office) == 0
    quellen = sorted(str(r[C.QUELLE]) for r in _rows(office))
    assert quellen == ["Lieferant GmbH – Rechnung[31m", "b.pdf"]
    out, err = capfd.readouterr()
    assert "\x1b" not in out + err
    sheet = load_workbook(office / "Zahlungsliste.xlsx")[schema.PAYMENTS.name]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(ch < " " for text in cells for ch in text)


def test_office_attachment_is_archived_and_named(office: Path) -> None:
    # Broke: a .docx attachment was reported as a ZIP archive that cannot be opened.
    docx = part("application/octet-stream", 'attachment; filename="Rechnung.docx"', docx_bytes())
    (office / "Scanner" / "word.eml").write_bytes(mail([docx]))
    assert _abrufen(office) == 0
    (row,) = _rows(office)
    assert texts.OFFICE_DOCUMENT in str(row[C.HINWEIS])
    stored = office / row[C.BELEG].target  # type: ignore[union-attr]
    assert stored.name == "Rechnung.docx" and stored.read_bytes() == docx_bytes()


# ----- second user test: broken files, links, reserved names, a file for a folder ----------


def _bomb() -> bytes:
    """A ZIP a few hundred KB small whose member unpacks beyond MAX_MEMBER_BYTES."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("bombe.pdf", "w", force_zip64=True) as member,
    ):
        member.write(b"%PDF-1.4\n")
        for _ in range(containers.MAX_MEMBER_BYTES // len(chunk) + 1):
            member.write(chunk)
    return buffer.getvalue()


BROKEN_FILES = [
    ("leer.pdf", b"", texts.EMPTY_FILE, "a 0-byte PDF"),
    (
        "kaputt.zip",
        b"PK\x03\x04 nur der Anfang",
        "ZIP-Archiv lässt sich nicht öffnen",
        "a broken ZIP",
    ),
    ("bombe.zip", _bomb(), "ZIP-Archiv zu groß", "a zip bomb"),
]


# Broke: a 0-byte PDF, a broken .zip and a zip bomb each got a Prüfen row but no Beleg and
# no copy in Belege - the original was lost once the inbox was emptied; the empty file
# said "Unbekanntes Dateiformat".
@pytest.mark.parametrize(("name", "data", "hint", "why"), BROKEN_FILES)
def test_broken_files_are_archived(
    office: Path, name: str, data: bytes, hint: str, why: str
) -> None:
    (office / "Scanner" / name).write_bytes(data)
    assert _abrufen(office) == 0
    (row,) = _rows(office)
    assert row[C.STATUS] == "Prüfen" and hint in str(row[C.HINWEIS]), why
    assert texts.UNKNOWN_FORMAT not in str(row[C.HINWEIS]), why
    if not data:  # nothing to keep
        assert row[C.BELEG] in (None, ""), why
        return
    stored = office / row[C.BELEG].target  # type: ignore[union-attr]
    assert stored.read_bytes() == data, why


@pytest.mark.parametrize(("name", "data", "hint", "why"), BROKEN_FILES)
def test_broken_documents_carry_their_bytes(
    tmp_path: Path, name: str, data: bytes, hint: str, why: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (document,) = FolderSource(tmp_path).documents()
    assert document.problem is not None and hint in document.problem, why
    assert document.data == data, why


# Broke: a link "passwd.xml -> /etc/passwd" in the inbox was followed and /etc/passwd
# copied into the shared Belege folder.
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_are_named_never_followed(office: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.xml"
    secret.write_text("<passwd>root:x:0:0</passwd>")
    inbox = office / "Scanner"
    (inbox / "passwd.xml").symlink_to(secret)
    (inbox / "ordner-link").symlink_to(tmp_path, target_is_directory=True)
    (inbox / "tot.pdf").symlink_to(tmp_path / "fehlt.pdf")
    source = FolderSource(inbox)
    assert list(source.documents()) == []
    assert source.skipped == [
        _entry(name, texts.SKIP_LINK) for name in ("ordner-link", "passwd.xml", "tot.pdf")
    ]
    assert _abrufen(office) == 0
    assert _rows(office) == []
    archived = [p for p in (office / "Belege").rglob("*") if p.is_file()]
    assert archived == []


# Broke: "con.pdf" was archived unchanged; Windows and OneDrive cannot open such a file.
def test_reserved_windows_name_is_archived_safely(office: Path) -> None:
    (office / "Scanner" / "con.pdf").write_bytes(pdf_bytes("Rechnung C-1"))
    assert _abrufen(office) == 0
    (row,) = _rows(office)
    stored = office / row[C.BELEG].target  # type: ignore[union-attr]
    assert stored.name == "_con.pdf" and stored.read_bytes() == pdf_bytes("Rechnung C-1")


# Broke: "--ordner leer.xlsx" (a file) said the folder "existiert nicht".
def test_a_file_given_as_folder_is_named_as_a_file(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = office / "Zahlungsliste.xlsx"
    with pytest.raises(SourceUnreachableError) as raised:
        list(FolderSource(workbook).documents())
    assert str(raised.value) == texts.FOLDER_IS_FILE.format(folder=workbook)
    code = main(["abrufen", "--mappe", str(workbook), "--ordner", str(workbook)])
    err = capsys.readouterr().err
    assert code != 0 and "ist eine Datei, kein Ordner" in err
    assert "existiert nicht" not in err


# ----- third user test: the PDF twin of an XRechnung, link-only noise -----------------------


def _ps_60001() -> tuple[bytes, bytes]:
    sample = samples.Sample(
        seller="Papier Schmidt GmbH",
        number="PS-60001",
        issue_date=date(2025, 3, 3),
        lines=[("Kopierpapier", Decimal("120.00"))],
    )
    return samples.cii_xml(sample, samples.PROFILE_XRECHNUNG), samples.plain_pdf(sample)


def test_pdf_twin_of_an_xrechnung_is_archived_beside_it(office: Path) -> None:
    # Broke: PS-60001.xml was taken, PS-60001.pdf was neither in Belege nor named anywhere.
    xml, pdf = _ps_60001()
    raw = mail(
        [
            part("application/xml", 'attachment; filename="PS-60001.xml"', xml),
            part("application/pdf", 'attachment; filename="PS-60001.pdf"', pdf),
        ],
        subject="Rechnung PS-60001",
    )
    (office / "Scanner" / "ps.eml").write_bytes(raw)
    assert _abrufen(office) == 0
    (row,) = _rows(office)
    folder = (office / row[C.BELEG].target).parent  # type: ignore[union-attr]
    assert (folder / "PS-60001.xml").read_bytes() == xml  # the original (Beleg: its view)
    assert (folder / "PS-60001.pdf").read_bytes() == pdf
    assert texts.RELATED_FILES.format(names="PS-60001.pdf") in str(row[C.BEMERKUNG])


# (subject, body, mail size padding in bytes, a "Rechnung nur als Link" row?, why)
LINK_RULE_CASES = [
    (
        "Ihre Bestellung wurde versandt",
        "Die Rechnung folgt separat.\nSendung verfolgen: https://track.example/abc123",
        0,
        False,
        "Broke: a shipping notice with a tracking link became a Prüfen row",
    ),
    (
        "Einladung Sommerfest",
        "Abrechnung der Getränke vor Ort. Anmeldung: https://fest.example/anmelden",
        0,
        False,
        "Broke: an invitation mentioning Abrechnung became a Prüfen row",
    ),
    (
        "Unsere Winteraktion",
        "Jetzt 20 % sparen, Rechnung erst im März! https://shop.example/winter",
        0,
        False,
        "Broke: an offer with Rechnung only in the body became a Prüfen row",
    ),
    (
        "Newsletter: Rechnungsbeispiele für Handwerker",
        "Rechnung als Vorlage herunterladen: https://news.example/vorlagen",
        int(6.6 * 1024 * 1024),
        False,
        "Broke: a 6.6 MB newsletter with Rechnung in the subject became a Prüfen row",
    ),
    (
        "Ihre Rechnung 2025-0815",
        "Ihre Rechnung steht im Kundenportal bereit: https://portal.example/r/0815",
        0,
        True,
        "a real link-only invoice: invoice subject, small, link beside Rechnung",
    ),
    (
        "Neue Abrechnung verfügbar",
        "Hallo,\nDownload als PDF:\nhttps://kunden.example/doc?id=77\nGruß",
        0,
        True,
        "a real link-only invoice: Abrechnung in the subject, a download link",
    ),
]


@pytest.mark.parametrize(("subject", "body", "padding", "row", "why"), LINK_RULE_CASES)
def test_eml_files_follow_the_link_only_rule_of_the_mailbox(
    tmp_path: Path, subject: str, body: str, padding: int, row: bool, why: str
) -> None:
    # The folder path applies the mailbox's rule: invoice subject, small mail, a link near
    # invoice words (mime.may_be_link_invoice and mime.invoice_link).
    filler = "\n" + "Lorem ipsum dolor sit amet. " * (padding // 28 + 1) if padding else ""
    (tmp_path / "mail.eml").write_bytes(plain_mail(subject, body + filler))
    source = FolderSource(tmp_path)
    found = list(source.documents())
    links = [d for d in found if d.problem and d.problem.startswith("Rechnung nur als Link")]
    assert (len(found), len(links)) == ((1, 1) if row else (0, 0)), why
    if not row:
        assert source.skipped == [_entry("mail.eml", texts.SKIP_EMPTY_MAIL)], why
