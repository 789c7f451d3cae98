"""The command line's own behaviour: German argparse texts, exit codes at the edge."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zahllauf.adapters.xlsx_template import build_template
from zahllauf.cli import EXIT_PERMISSION, main


@pytest.mark.parametrize(
    ("argv", "german", "english"),
    [
        (["abrufen", "--foo"], "unbekannte Angaben: --foo", "unrecognized arguments"),
        (["bezahlt", "--id", "x"], "ungültiger Wert: 'x'", "invalid int value"),
        (["bezahlt"], "diese Angaben fehlen", "the following arguments are required"),
    ],
)
def test_argparse_errors_are_german(
    argv: list[str], german: str, english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: argparse's own texts stayed English ("invalid int value", "options:").
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert german in err and english not in err and err.startswith("Aufruf: ")


def test_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["neu", "--help"])
    out = capsys.readouterr().out
    assert "Optionen:" in out and "diese Hilfe zeigen" in out and "options:" not in out


def test_no_write_permission_is_exit_13_with_a_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: a write-protected folder gave "Unerwarteter Fehler … an den Support" (exit 1).
    workbook = tmp_path / "Zahlungsliste.xlsx"
    build_template(workbook)
    if os.geteuid() == 0:
        # Root may write anywhere; a double of a write-protected folder stands in for it.
        real_open = os.open

        def read_only_folder(path: object, flags: int, *args: object) -> int:
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", read_only_folder)
    else:
        tmp_path.chmod(0o555)
    try:
        code = main(["abrufen", "--mappe", str(workbook), "--ordner", str(tmp_path)])
    finally:
        tmp_path.chmod(0o755)
    err = capsys.readouterr().err
    assert code == EXIT_PERMISSION, err
    assert "Keine Berechtigung" in err and "Unerwarteter Fehler" not in err


def test_closed_output_pipe_is_no_error(tmp_path: Path) -> None:
    # Broke: "zahllauf abrufen … | head -1" ended with exit 1 and claimed "die Arbeitsmappe
    # wurde nicht verändert" although the rows were saved.
    workbook = tmp_path / "Zahlungsliste.xlsx"
    build_template(workbook)
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    for n in range(30):
        (inbox / f"kaputt{n}.pdf").write_bytes(b"%PDF-1.4 kaputt")
    command = f"{sys.executable} -m zahllauf.cli abrufen --mappe {workbook} --ordner {inbox}"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{command} | head -c 10"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "nicht verändert" not in result.stderr


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("Liste.xlsm", 2, "Endung .xlsx"),
        ("Liste.csv", 2, "Endung .xlsx"),
        ("fehlt/Liste.xlsx", 3, "gibt es nicht"),
    ],
)
def test_neu_refuses_names_excel_could_not_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, code: int, message: str
) -> None:
    # Broke: "neu --mappe x.xlsm" wrote an xlsx Excel refuses to open under that name, and
    # "neu --mappe /nonexist/x.xlsx" silently made the folder /nonexist.
    assert main(["neu", "--mappe", str(tmp_path / name)]) == code
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_eingangsordner_setting_expands_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: "~/Eingang" in Einstellungen was taken literally.
    from zahllauf.adapters.xlsx_file import open_workbook
    from zahllauf.port import ROW

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Eingang").mkdir()
    (tmp_path / "Eingang" / "kaputt.pdf").write_bytes(b"%PDF-1.4 kaputt")
    workbook = tmp_path / "buero" / "Zahlungsliste.xlsx"
    workbook.parent.mkdir()
    build_template(workbook)
    with open_workbook(workbook) as port:
        rows = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows("Einstellungen", {rows["Eingangsordner"]: {"Wert": "~/Eingang"}})
    assert main(["abrufen", "--mappe", str(workbook)]) == 0
    assert capsys.readouterr().out.startswith("1 Dokument")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"Postfach Server": "imap.example.de"}, "„Postfach Benutzer“ fehlt"),
        ({"Postfach Benutzer": "buero@example.de"}, "„Postfach Server“ fehlt"),
    ],
    ids=["no-user", "no-server"],
)
def test_half_filled_mailbox_settings_name_what_is_missing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    values: dict[str, str],
    message: str,
) -> None:
    # Broke: only a user set gave "Kein Eingang eingerichtet" (the mailbox was ignored);
    # only a server set said both were missing.
    from zahllauf.adapters.xlsx_file import open_workbook
    from zahllauf.port import ROW

    workbook = tmp_path / "Zahlungsliste.xlsx"
    build_template(workbook)
    with open_workbook(workbook) as port:
        rows = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows("Einstellungen", {rows[k]: {"Wert": v} for k, v in values.items()})
    assert main(["abrufen", "--mappe", str(workbook)]) == 6
    assert message in capsys.readouterr().err


def test_verbose_option_works_after_the_command_too(tmp_path: Path) -> None:
    # Broke: "zahllauf pruefen --ausfuehrlich" said "unbekannte Angaben: --ausfuehrlich".
    assert main(["neu", "--mappe", str(tmp_path / "a.xlsx"), "--ausfuehrlich"]) == 0
    assert main(["-v", "neu", "--mappe", str(tmp_path / "b.xlsx")]) == 0


def test_unreadable_workbook_is_a_permission_error_not_a_broken_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: "chmod 000 Zahlungsliste.xlsx" gave exit 5 "keine Excel-Datei".
    import zipfile

    workbook = tmp_path / "Zahlungsliste.xlsx"
    build_template(workbook)
    if os.geteuid() == 0:
        # Root reads everything; a double of an unreadable file stands in for it.
        def unreadable(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(workbook))

        monkeypatch.setattr(zipfile, "ZipFile", unreadable)
    else:
        workbook.chmod(0)
    try:
        code = main(["pruefen", "--mappe", str(workbook)])
    finally:
        workbook.chmod(0o644)
    assert code == EXIT_PERMISSION
    assert "Keine Berechtigung" in capsys.readouterr().err
