"""The fetch job end to end on the file: inbox folder → archive → rows, via the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from zahllauf import samples, schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.checks import pay_by_adjusted
from zahllauf.cli import main
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name
TODAY = date.today()


def _sample(number: str, **changes: object) -> samples.Sample:
    values: dict[str, object] = {
        "seller": "Baustoffe Müller GmbH",
        "number": number,
        "issue_date": TODAY - timedelta(days=2),
        "lines": [("Pflaster", Decimal("100.00"))],
        "skonto_percent": Decimal("2"),
        "skonto_days": 10,
    }
    values.update(changes)
    return samples.Sample(**values)  # type: ignore[arg-type]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A firm's folder: an empty workbook and an inbox with one document of each kind."""
    build_template(tmp_path / "Zahlungsliste.xlsx")
    confirm_supplier(tmp_path / "Zahlungsliste.xlsx")
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    (inbox / "zugferd.pdf").write_bytes(samples.zugferd_pdf(_sample("Z-1")))
    (inbox / "xrechnung.xml").write_bytes(samples.ubl_xml(_pflanzen("X-1")))
    (inbox / "kaputt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type")
    (inbox / "notiz.txt").write_text("keine Rechnung, wird ignoriert")
    return tmp_path


def _pflanzen(number: str) -> samples.Sample:
    return _sample(
        number,
        seller="Pflanzen KG",
        vat_id="DE129273398",
        iban="DE02500105170137075030",
        lines=[("Hecke", Decimal("80.00"))],
    )


def confirm_supplier(workbook: Path) -> None:
    """The samples' suppliers with their IBANs confirmed by phone, as after the first week."""
    confirmed = TODAY - timedelta(days=100)
    with open_workbook(workbook) as port:
        port.append_rows(
            schema.SUPPLIERS.name,
            [
                {
                    "Name": "Baustoffe Müller GmbH",
                    "USt-IdNr.": "DE123456789",
                    "IBAN": "DE89370400440532013000",
                    "IBAN bestätigt am": confirmed,
                },
                {
                    "Name": "Pflanzen KG",
                    "USt-IdNr.": "DE129273398",
                    "IBAN": "DE02500105170137075030",
                    "IBAN bestätigt am": confirmed,
                },
            ],
        )


def _run(office: Path, *args: str) -> int:
    return main(["abrufen", "--mappe", str(office / "Zahlungsliste.xlsx"), *args])


def _rows(office: Path) -> list[dict[str, object]]:
    with open_workbook(office / "Zahlungsliste.xlsx", save=False) as port:
        return port.read_rows(PAYMENTS)


def test_fetch_fills_rows_archives_originals_and_summarises(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(office, "--ordner", str(office / "Eingang")) == 0
    out = capsys.readouterr().out
    assert "3 Dokumente, 3 neue Rechnungen, 1 zum Prüfen, 0 doppelt übersprungen" in out
    rows = {r[C.NUMMER]: r for r in _rows(office) if r[C.NUMMER]}
    hybrid = rows["Z-1"]
    assert hybrid[C.BETRAG] == Decimal("119.00")
    assert hybrid[C.SKONTO_PROZENT] == Decimal("2.00")
    assert hybrid[C.BETRAG_SKONTO] == Decimal("116.62")
    assert hybrid[C.SKONTO_BIS] == TODAY + timedelta(days=8)
    assert hybrid[C.IBAN] == "DE89370400440532013000"
    assert hybrid[C.STATUS] == "Offen", hybrid[C.HINWEIS]
    assert hybrid[C.QUELLE] == "zugferd.pdf"
    archived = office / hybrid[C.BELEG].target  # type: ignore[union-attr]
    assert archived.read_bytes() == (office / "Eingang" / "zugferd.pdf").read_bytes()
    received = date.fromtimestamp((office / "Eingang" / "zugferd.pdf").stat().st_mtime)
    assert archived.parent == office / "Belege" / f"{received:%Y}" / f"{received:%m}"
    xml_row = rows["X-1"]
    assert xml_row[C.BELEG].target.endswith(".html")  # type: ignore[union-attr]
    assert (office / xml_row[C.BELEG].target).read_text(encoding="utf-8")  # type: ignore[union-attr]
    broken = next(r for r in _rows(office) if r[C.QUELLE] == "kaputt.pdf")
    assert broken[C.STATUS] == "Prüfen" and "nicht lesbar" in str(broken[C.HINWEIS])


def test_second_run_adds_nothing(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(office, "--ordner", str(office / "Eingang"))
    first = _rows(office)
    capsys.readouterr()
    assert _run(office, "--ordner", str(office / "Eingang")) == 0
    assert "3 doppelt übersprungen" in capsys.readouterr().out
    assert _rows(office) == first
    assert len(list((office / "Belege").rglob("*.pdf"))) == 2


def test_same_name_later_gets_a_suffix_not_overwritten(office: Path) -> None:
    inbox = office / "Eingang"
    _run(office, "--ordner", str(inbox))
    (inbox / "zugferd.pdf").write_bytes(samples.zugferd_pdf(_sample("Z-2")))
    _run(office, "--ordner", str(inbox))
    names = sorted(p.name for p in (office / "Belege").rglob("zugferd*.pdf"))
    assert names == ["zugferd (2).pdf", "zugferd.pdf"]


def test_hand_edits_survive_a_fetch(office: Path) -> None:
    inbox = office / "Eingang"
    _run(office, "--ordner", str(inbox))
    path = office / "Zahlungsliste.xlsx"
    book = load_workbook(path)
    sheet = book[PAYMENTS]
    sheet.cell(row=2, column=16, value="Freigegeben")
    sheet.cell(row=2, column=22, value="Chef: erst nach Lieferung zahlen")
    sheet.cell(row=10, column=3, value="Barzahlung Tankstelle")
    book.save(path)
    (inbox / "neu.xml").write_bytes(samples.ubl_xml(_pflanzen("X-2")))
    _run(office, "--ordner", str(inbox))
    rows = _rows(office)
    assert rows[0][C.STATUS] == "Freigegeben"
    assert rows[0][C.BEMERKUNG] == "Chef: erst nach Lieferung zahlen"
    assert any(r[C.LIEFERANT] == "Barzahlung Tankstelle" for r in rows)
    assert rows[-1][C.NUMMER] == "X-2" and rows[-1][C.ID] == 4


def test_locked_workbook_is_refused_with_exit_code_4(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (office / "~$hlungsliste.xlsx").write_bytes(b"x")
    assert _run(office, "--ordner", str(office / "Eingang")) == 4
    assert "in Excel geöffnet" in capsys.readouterr().err
    assert not (office / "Belege").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--mappe", "fehlt.xlsx", "--ordner", "."], 3, "zahllauf neu"),
        (["--ordner", "gibt-es-nicht"], 6, "existiert nicht"),
        ([], 2, "Kein Eingang eingerichtet"),
    ],
    ids=["workbook-missing", "folder-missing", "no-source"],
)
def test_exit_codes_with_german_messages(
    office: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(office)
    assert main(["abrufen", *args]) == code
    assert message in capsys.readouterr().err


def test_broken_container_and_unknown_bytes_become_check_rows(office: Path) -> None:
    inbox = office / "Eingang"
    (inbox / "anhang.zip").write_bytes(b"PK\x03\x04 kaputt")
    (inbox / "leer.pdf").write_bytes(b"")
    (inbox / "bild.xml").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert _run(office, "--ordner", str(inbox)) == 0
    by_source = {str(r[C.QUELLE]): r for r in _rows(office)}
    for name in ("anhang.zip", "leer.pdf", "bild.xml"):
        matching = [r for s, r in by_source.items() if name in s]
        assert matching and matching[0][C.STATUS] == "Prüfen", name


_KILL_DURING_SAVE = textwrap.dedent(
    """
    import os, signal, sys, zipfile
    from zahllauf.cli import main
    calls = {"n": 0}
    original = zipfile.ZipFile.writestr
    def dying_writestr(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, *args, **kwargs)
    zipfile.ZipFile.writestr = dying_writestr
    main(["abrufen", "--mappe", sys.argv[2], "--ordner", sys.argv[3]])
    """
)


@pytest.mark.parametrize("kill_at", [1, 5, 12])
def test_run_killed_mid_save_leaves_previous_workbook(office: Path, kill_at: int) -> None:
    path = office / "Zahlungsliste.xlsx"
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", _KILL_DURING_SAVE, str(kill_at), str(path), str(office / "Eingang")],
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == -9, result.stderr.decode()
    assert path.read_bytes() == before
    with open_workbook(path, save=False) as port:
        assert port.read_rows(PAYMENTS) == []
    assert _run(office, "--ordner", str(office / "Eingang")) == 0
    assert len(_rows(office)) == 3
    # Broke: the rerun stored every original a second time as "name (2).pdf".
    assert not [p.name for p in (office / "Belege").rglob("*(2)*")]


def test_lost_state_sheet_archives_no_second_copies(office: Path) -> None:
    _run(office, "--ordner", str(office / "Eingang"))
    path = office / "Zahlungsliste.xlsx"
    book = load_workbook(path)
    del book["_zahllauf"]
    book.save(path)
    _run(office, "--ordner", str(office / "Eingang"))
    assert not [p.name for p in (office / "Belege").rglob("*(2)*")]


def test_archived_originals_are_readable_like_the_inbox(office: Path) -> None:
    # Broke: archived files were private (0600) while the originals were 0644.
    _run(office, "--ordner", str(office / "Eingang"))
    modes = {p.stat().st_mode & 0o777 for p in (office / "Belege").rglob("*.*")}
    assert modes == {0o666 & ~_umask()}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_leftover_temporary_files_are_removed(office: Path) -> None:
    leftover = office / ".~zahllauf-abc123.xlsx"
    leftover.write_bytes(b"half")
    fresh = office / ".~zahllauf-def456.xlsx"
    fresh.write_bytes(b"another run saving right now")
    old = time.time() - 2 * 3600
    os.utime(leftover, (old, old))
    _run(office, "--ordner", str(office / "Eingang"))
    assert not leftover.exists() and fresh.exists()


def test_wiederherstellen_brings_back_the_previous_version(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = office / "Zahlungsliste.xlsx"
    _run(office, "--ordner", str(office / "Eingang"))
    assert len(_rows(office)) == 3
    assert main(["wiederherstellen", "--mappe", str(path)]) == 0
    assert _rows(office) == []
    assert "zurückgeholt" in capsys.readouterr().out


def test_neu_refuses_to_overwrite(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = office / "Zahlungsliste.xlsx"
    before = path.read_bytes()
    assert main(["neu", "--mappe", str(path)]) == 2
    assert path.read_bytes() == before


def test_mail_and_zip_files_in_the_folder_are_opened(office: Path) -> None:
    import io
    import zipfile
    from email.message import EmailMessage

    inbox = office / "Eingang"
    for path in list(inbox.iterdir()):
        path.unlink()
    mail = EmailMessage()
    mail["From"] = "Buchhaltung Müller <rechnung@baustoffe-mueller.de>"
    mail["Subject"] = "Ihre Rechnung Z-7"
    mail["Date"] = "Tue, 01 Dec 2026 09:00:00 +0100"
    mail.set_content("Guten Tag, anbei die Rechnung.")
    mail.add_attachment(
        samples.zugferd_pdf(_sample("Z-7")),
        maintype="application",
        subtype="pdf",
        filename="Rechnung Z-7.pdf",
    )
    (inbox / "mail.eml").write_bytes(mail.as_bytes())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as members:
        members.writestr("rechnungen/x-8.xml", samples.ubl_xml(_sample("X-8")))
    (inbox / "paket.zip").write_bytes(archive.getvalue())
    assert _run(office, "--ordner", str(inbox)) == 0
    rows = {r[C.NUMMER]: r for r in _rows(office)}
    assert set(rows) == {"Z-7", "X-8"}
    assert "Ihre Rechnung Z-7" in str(rows["Z-7"][C.QUELLE])
    assert "Buchhaltung Müller" in str(rows["Z-7"][C.QUELLE])
    stored = office / rows["Z-7"][C.BELEG].target  # type: ignore[union-attr]
    assert stored.name == "Rechnung Z-7.pdf"


def test_first_reachable_skonto_tier_is_used(office: Path) -> None:
    inbox = office / "Eingang"
    for path in list(inbox.iterdir()):
        path.unlink()
    sample = _sample("T-1", issue_date=TODAY - timedelta(days=10), skonto_percent=None)
    xml = samples.cii_xml(sample, samples.PROFILE_XRECHNUNG).replace(
        b"</ram:Description>",
        b"#SKONTO#TAGE=7#PROZENT=3.00#\n#SKONTO#TAGE=14#PROZENT=2.00#\n</ram:Description>",
    )
    (inbox / "stufen.xml").write_bytes(xml)
    assert _run(office, "--ordner", str(inbox)) == 0
    (row,) = _rows(office)
    assert row[C.SKONTO_PROZENT] == Decimal("2.00"), "3 % after 7 days has passed"
    assert row[C.SKONTO_BIS] == TODAY + timedelta(days=4)
    # Zahlen bis is the Skonto day, moved back to a bank working day where it is none.
    assert row[C.ZAHLEN_BIS] == pay_by_adjusted(TODAY + timedelta(days=4), None)


def test_reminder_marks_the_invoice_it_reminds_of_and_adds_no_row(office: Path) -> None:
    inbox = office / "Eingang"
    for path in list(inbox.iterdir()):
        path.unlink()
    (inbox / "a_rechnung.xml").write_bytes(samples.ubl_xml(_pflanzen("PK-77")))
    assert _run(office, "--ordner", str(inbox)) == 0
    path = office / "Zahlungsliste.xlsx"
    with open_workbook(path) as port:
        (row,) = port.read_rows(PAYMENTS)
        port.update_rows(PAYMENTS, {row["_zeile"]: {C.STATUS: "Offen", C.HINWEIS: None}})
    reminder = samples.text_pdf(
        [
            "Pflanzen KG",
            "1. Mahnung",
            f"Rechnung Nr. PK-77 vom {TODAY - timedelta(days=2):%d.%m.%Y}",
            "Offener Betrag: 95,20 €",
            "Bitte überweisen Sie den Betrag umgehend.",
        ]
    )
    (inbox / "b_mahnung.pdf").write_bytes(reminder)
    assert _run(office, "--ordner", str(inbox)) == 0
    (row,) = _rows(office)
    assert row[C.STATUS] == "Prüfen"
    assert "Mahnung" in str(row[C.HINWEIS]) and "Mahnung erhalten am" in str(row[C.BEMERKUNG])


def test_two_runs_at_once_lose_no_row(office: Path) -> None:
    # Broke before the run lock: both runs read the same workbook and the later save
    # dropped the earlier run's rows.
    inbox_b = office / "Eingang-B"
    inbox_b.mkdir()
    for n in range(8):
        (inbox_b / f"b{n}.xml").write_bytes(samples.ubl_xml(_pflanzen(f"B-{n}")))
    path = office / "Zahlungsliste.xlsx"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zahllauf.cli",
                "abrufen",
                "--mappe",
                str(path),
                "--ordner",
                str(inbox),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for inbox in (office / "Eingang", inbox_b)
    ]
    codes = [run.wait(timeout=120) for run in runs]
    assert set(codes) <= {0, 4}, [run.stderr.read() for run in runs if run.stderr]
    expected = (3 if codes[0] == 0 else 0) + (8 if codes[1] == 0 else 0)
    assert len(_rows(office)) == expected
    for code, run in zip(codes, runs, strict=True):
        if code == 4:
            assert "anderer zahllauf-Lauf" in run.stderr.read().decode()  # type: ignore[union-attr]
    for inbox in (office / "Eingang", inbox_b):  # a refused run is simply repeated
        assert _run(office, "--ordner", str(inbox)) == 0
    assert len(_rows(office)) == 11


@pytest.mark.parametrize("args", [["--ordner", "gibt-es-nicht"], ["--ordner", "Eingang"]])
def test_failed_or_empty_run_keeps_workbook_and_backup(
    office: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # Broke: every run re-saved and rotated the backup, so one mistyped or empty run made
    # the state before the last import impossible to restore.
    monkeypatch.chdir(office)
    assert _run(office, "--ordner", "Eingang") == 0
    path = office / "Zahlungsliste.xlsx"
    backup = office / "Zahlungsliste.sicherung.xlsx"
    before = path.read_bytes(), backup.read_bytes()
    _run(office, *args)
    assert (path.read_bytes(), backup.read_bytes()) == before


def test_files_that_cannot_be_read_are_named_in_the_summary(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: .docx files and subfolders in the inbox gave "0 Dokumente" without a word.
    inbox = office / "Eingang"
    (inbox / "Angebot.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (inbox / "erledigt").mkdir()
    assert _run(office, "--ordner", str(inbox)) == 0
    out = capsys.readouterr().out
    assert "3 nicht gelesen" in out.splitlines()[0], "notiz.txt, Angebot.docx, erledigt"
    assert "Nicht gelesen: Angebot.docx" in out and "Nicht gelesen: erledigt" in out
    assert "notiz.txt" in out


def test_the_workbook_folder_as_inbox_does_not_list_the_workbook(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(office, "--ordner", str(office)) == 0
    out = capsys.readouterr().out
    assert "Zahlungsliste.xlsx" not in out and "sicherung" not in out


def test_a_deleted_row_is_named_when_its_document_comes_again(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: after a row was deleted by hand, the same PDF again gave only "1 doppelt
    # übersprungen" and the invoice was gone from the list for good, without a word.
    inbox = office / "Eingang"
    _run(office, "--ordner", str(inbox))
    path = office / "Zahlungsliste.xlsx"
    book = load_workbook(path)
    sheet = book[PAYMENTS]
    hybrid_row = next(r for r in range(2, 5) if sheet.cell(row=r, column=4).value == "Z-1")
    sheet.delete_rows(hybrid_row)
    book.save(path)
    capsys.readouterr()
    assert _run(office, "--ordner", str(inbox)) == 0
    out = capsys.readouterr().out
    assert "3 doppelt übersprungen" in out
    assert "zugferd.pdf war ID" in out and "gelöscht?" in out and "Belege/" in out


def test_own_company_from_the_settings_is_never_the_supplier(office: Path) -> None:
    # Broke: "An: Grün & Garten GaLaBau GmbH" under a letterhead without a legal form was
    # read as the Lieferant, even with "Eigene Firma" set.
    inbox = office / "Eingang"
    for path in list(inbox.iterdir()):
        path.unlink()
    path = office / "Zahlungsliste.xlsx"
    with open_workbook(path) as port:
        rows = {r["Schlüssel"]: r["_zeile"] for r in port.read_rows("Einstellungen")}
        port.update_rows(
            "Einstellungen", {rows["Eigene Firma"]: {"Wert": "Grün und Garten GaLaBau"}}
        )
    (inbox / "lindner.pdf").write_bytes(
        samples.text_pdf(
            [
                "Gärtnerei Lindner",
                "Grün & Garten GaLaBau GmbH",
                "Rechnung Nr. GL-9",
                f"Rechnungsdatum: {TODAY:%d.%m.%Y}",
                "Rechnungsbetrag: 238,00 €",
                "Zahlbar innerhalb von 14 Tagen.",
                "IBAN DE89 3704 0044 0532 0130 00",
            ]
        )
    )
    assert _run(office, "--ordner", str(inbox)) == 0
    (row,) = _rows(office)
    assert "Grün" not in str(row[C.LIEFERANT]), row[C.LIEFERANT]


def test_reminder_for_a_paid_invoice_asks_after_the_payment(office: Path) -> None:
    # Broke: a reminder for an invoice already Bezahlt only said "Mahnung vermerkt".
    inbox = office / "Eingang"
    for path in list(inbox.iterdir()):
        path.unlink()
    (inbox / "a_rechnung.xml").write_bytes(samples.ubl_xml(_pflanzen("PK-78")))
    assert _run(office, "--ordner", str(inbox)) == 0
    paid_on = TODAY - timedelta(days=1)
    with open_workbook(office / "Zahlungsliste.xlsx") as port:
        (row,) = port.read_rows(PAYMENTS)
        port.update_rows(
            PAYMENTS,
            {
                row["_zeile"]: {
                    C.STATUS: "Bezahlt",
                    C.BEZAHLT_AM: paid_on,
                    C.BEZAHLT_BETRAG: Decimal("93.30"),
                }
            },
        )
    reminder = samples.text_pdf(
        ["Pflanzen KG", "Zahlungserinnerung", "Rechnung Nr. PK-78", "Offener Betrag: 95,20 €"]
    )
    (inbox / "b_mahnung.pdf").write_bytes(reminder)
    assert _run(office, "--ordner", str(inbox)) == 0
    (row,) = _rows(office)
    assert row[C.STATUS] == "Bezahlt", "a person's status stays"
    assert f"obwohl am {paid_on:%d.%m.%Y} bezahlt (93,30 EUR)" in str(row[C.HINWEIS])


def test_skonto_on_a_named_base_survives_pruefen(office: Path) -> None:
    # Broke: pruefen recomputed Betrag mit Skonto on the whole Betrag, overwriting the
    # figure an XRechnung computes on its BASISBETRAG (e.g. Skonto only on the goods).
    inbox = office / "Eingang"
    for path in list(inbox.iterdir()):
        path.unlink()
    sample = _sample("B-50", skonto_percent=None)  # 119.00 gross
    xml = samples.cii_xml(sample, samples.PROFILE_XRECHNUNG).replace(
        b"</ram:Description>",
        b"#SKONTO#TAGE=10#PROZENT=3.00#BASISBETRAG=100.00#\n</ram:Description>",
    )
    (inbox / "basis.xml").write_bytes(xml)
    assert _run(office, "--ordner", str(inbox)) == 0
    (row,) = _rows(office)
    assert row[C.BETRAG_SKONTO] == Decimal("116.00"), "3 % of 100.00 off 119.00"
    assert main(["pruefen", "--mappe", str(office / "Zahlungsliste.xlsx")]) == 0
    (row,) = _rows(office)
    assert row[C.BETRAG_SKONTO] == Decimal("116.00")
