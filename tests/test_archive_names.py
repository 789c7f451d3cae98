"""One rule for the names zahllauf writes: archived originals and mail attachments alike.

Broke: "con.pdf" was archived unchanged - Windows (and OneDrive) cannot open a file
named after a device, whatever its extension.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zahllauf.jobs.archive import MAX_NAME_LENGTH, Archive, safe_name
from zahllauf.sources import mime

# (name as it came, safe name, why)
NAMES = [
    ("con.pdf", "_con.pdf", "CON with an extension is still the console device"),
    ("CON", "_CON", "upper case, no extension"),
    ("Prn.xml", "_Prn.xml", "PRN in mixed case"),
    ("aux.tar.gz", "_aux.tar.gz", "only the part before the first dot counts"),
    ("nul", "_nul", "NUL"),
    ("COM1.pdf", "_COM1.pdf", "COM1"),
    ("com9.zip", "_com9.zip", "COM9"),
    ("LPT1.pdf", "_LPT1.pdf", "LPT1"),
    ("lpt9", "_lpt9", "LPT9"),
    ("COM¹.pdf", "_COM¹.pdf", "superscript digits name ports too"),
    ("con .pdf", "_con .pdf", "a space before the dot does not hide the device"),
    ("con.", "_con", "trailing dots go, the device stays"),
    ("nul. ", "_nul", "trailing dot and space"),
    ("Rechnung.pdf. . ", "Rechnung.pdf", "trailing dots and spaces are dropped by Windows"),
    ("COM10.pdf", "COM10.pdf", "COM10 is no device"),
    ("console.pdf", "console.pdf", "a longer word that starts like a device"),
    ("Rechnung CON.pdf", "Rechnung CON.pdf", "the device name inside a name is harmless"),
    ("../../etc/passwd", "passwd", "no folder parts"),
    ("C:\\Temp\\Rechnung: 12.pdf", "Rechnung_ 12.pdf", "Windows path and a colon"),
    ('a<b>c"d|e?f*.pdf', "a_b_c_d_e_f_.pdf", "characters Windows refuses"),
    ("Rech\x07nung\u202e.pdf", "Rechnung.pdf", "control and bidi characters"),
    (" . ", "Beleg", "nothing left: the fallback"),
]


@pytest.mark.parametrize(("name", "expected", "why"), NAMES)
def test_archive_and_mail_names_follow_one_rule(name: str, expected: str, why: str) -> None:
    assert safe_name(name) == expected, why
    # a mail attachment of unknown kind gets the same name (its fallback aside)
    assert mime.safe_name(name, "Beleg") == expected, why


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("con", mime.KIND_PDF, "_con.pdf"),
        ("LPT1", mime.KIND_XML, "_LPT1.xml"),
        ("", mime.KIND_PDF, "anhang-1.pdf"),
    ],
)
def test_attachment_names_get_their_extension_after_the_rule(
    name: str, kind: str, expected: str
) -> None:
    assert mime.safe_name(name, "anhang-1", kind) == expected


def test_long_names_keep_their_extension() -> None:
    name = "Rechnung " * 30 + ".pdf"
    assert len(safe_name(name)) == MAX_NAME_LENGTH and safe_name(name).endswith(".pdf")
    assert mime.safe_name(name, "x") == safe_name(name)


def test_archive_stores_a_reserved_name_safely(tmp_path: Path) -> None:
    stored = Archive(tmp_path).store("CON.pdf", b"%PDF-1.4", date(2026, 12, 4))
    assert stored == "Belege/2026/12/_CON.pdf"
    assert (tmp_path / stored).read_bytes() == b"%PDF-1.4"
