"""``zahllauf passwort``: the secret goes to the keyring only, and the mailbox finds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import mailfactory as mf
from imap_server import (
    PASSWORD,
    USER,
    Dovecot,
    MemoryKeyringDouble,
    dovecot_fixture,  # noqa: F401  (provides the dovecot fixture)
)
from zahllauf import cli
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.commands import passwort
from zahllauf.port import ROW, settings
from zahllauf.sources.imap import KEYRING_SERVICE, MailboxSource


def _workbook(folder: Path, values: dict[str, str]) -> Path:
    path = folder / "Zahlungsliste.xlsx"
    build_template(path)
    with open_workbook(path) as port:
        rows = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows("Einstellungen", {rows[k]: {"Wert": v} for k, v in values.items()})
    return path


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyringDouble:
    double = MemoryKeyringDouble(tmp_path / "schluesselbund.json")
    monkeypatch.setattr(passwort, "keyring_backend", lambda: double)
    return double


def test_password_is_stored_in_keyring_only_and_used_by_the_mailbox(
    dovecot: Dovecot,
    store: MemoryKeyringDouble,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _workbook(tmp_path, dovecot.settings())
    before = path.read_bytes()
    prompts: list[str] = []
    monkeypatch.setattr(passwort, "ask_secret", lambda p: prompts.append(p) or PASSWORD)
    assert cli.main(["passwort", "--mappe", str(path)]) == 0
    assert store.get_password(KEYRING_SERVICE, f"{USER}@127.0.0.1") == PASSWORD
    assert prompts and "Passwort für" in prompts[0] and PASSWORD not in capsys.readouterr().out
    assert path.read_bytes() == before  # the workbook is not even rewritten
    dovecot.append([mf.mail([mf.pdf_part('attachment; filename="a.pdf"')])])
    with open_workbook(path, save=False) as port:
        source = MailboxSource(
            settings(port), {}, date.today(), store.get_password, base=port.folder
        )
    assert [d.name for d in source.documents()] == ["a.pdf"]


def test_oauth2_asks_for_a_token_and_empty_input_stores_nothing(
    store: MemoryKeyringDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workbook(
        tmp_path,
        {
            "Postfach Server": "outlook.office365.com",
            "Postfach Benutzer": USER,
            "Postfach Anmeldung": "OAuth2",
        },
    )
    prompts: list[str] = []
    monkeypatch.setattr(passwort, "ask_secret", lambda p: prompts.append(p) or "  ")
    assert cli.main(["passwort", "--mappe", str(path)]) == 2
    assert "Zugriffstoken" in prompts[0]
    assert store.get_password(KEYRING_SERVICE, f"{USER}@outlook.office365.com") is None


def test_missing_server_setting_is_a_german_error(
    store: MemoryKeyringDouble, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path, {})
    assert cli.main(["passwort", "--mappe", str(path)]) == 6
    assert "Postfach Server" in capsys.readouterr().err
