"""``zahllauf abrufen`` with the mailbox configured in Einstellungen (no --ordner), end to
end against the real Dovecot of imap_server.py; the OS keyring is a named double."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from openpyxl import load_workbook

import mailfactory as mf
from imap_server import (
    PASSWORD,
    USER,
    Dovecot,
    MemoryKeyringDouble,
    dovecot_fixture,  # noqa: F401  (provides the dovecot fixture)
)
from test_imap_passwort import _workbook
from zahllauf import samples, schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.cli import main
from zahllauf.schema import C
from zahllauf.sources.imap import KEYRING_SERVICE


class KeyringBackendDouble(KeyringBackend):
    """Test double of the OS keyring (Credential Manager, Keychain, Secret Service), which
    cannot run here: a keyring backend over the JSON file of MemoryKeyringDouble."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, store: MemoryKeyringDouble) -> None:
        super().__init__()
        self.store = store

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store.set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyringDouble:
    double = MemoryKeyringDouble(tmp_path / "schluesselbund.json")
    double.set_password(KEYRING_SERVICE, f"{USER}@127.0.0.1", PASSWORD)
    monkeypatch.setattr(keyring.core, "_keyring_backend", KeyringBackendDouble(double))
    return double


def _mail(number: str) -> bytes:
    invoice = samples.Sample(
        "Baustoffe Müller GmbH", number, date.today(), lines=[("Kies", Decimal("40.00"))]
    )
    attachment = mf.pdf_part(
        f'attachment; filename="{number}.pdf"', data=samples.zugferd_pdf(invoice)
    )
    return mf.mail([attachment], subject=f"Rechnung {number}")


def test_fetch_from_the_configured_mailbox_is_incremental_and_read_only(
    dovecot: Dovecot,
    secret: MemoryKeyringDouble,
    tmp_path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    path = _workbook(tmp_path, dovecot.settings())
    dovecot.append([_mail("RE-1"), _mail("RE-2"), mf.mail([], subject="Newsletter")])
    flags_before = dovecot.flags()

    assert main(["abrufen", "--mappe", str(path)]) == 0
    assert "2 neue Rechnungen" in capsys.readouterr().out
    assert dovecot.flags() == flags_before, "no flag changed on the server, \\Seen included"
    with open_workbook(path, save=False) as port:
        rows = port.read_rows(schema.PAYMENTS.name)
        state = port.read_state()
    assert len(rows) == 2 and all("Rechnung RE-" in str(r[C.QUELLE]) for r in rows)
    assert any(key.startswith(schema.STATE_MAILBOX_PREFIX) for key in state)

    dovecot.append([_mail("RE-3")])
    assert main(["abrufen", "--mappe", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 Dokument, 1 neue Rechnung"), out
    with open_workbook(path, save=False) as port:
        assert len(port.read_rows(schema.PAYMENTS.name)) == 3


def test_password_never_reaches_workbook_or_output(
    dovecot: Dovecot,
    secret: MemoryKeyringDouble,
    tmp_path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    path = _workbook(tmp_path, dovecot.settings())
    dovecot.append([_mail("RE-9")])
    assert main(["-v", "abrufen", "--mappe", str(path)]) == 0
    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err
    book = load_workbook(path)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(PASSWORD in cell for cell in cells)


def test_wrong_password_gives_exit_8_and_keeps_the_workbook(
    dovecot: Dovecot,
    secret: MemoryKeyringDouble,
    tmp_path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    secret.set_password(KEYRING_SERVICE, f"{USER}@127.0.0.1", "falsch")
    path = _workbook(tmp_path, dovecot.settings())
    dovecot.append([_mail("RE-5")])
    assert main(["abrufen", "--mappe", str(path)]) == 8
    assert "Fehler:" in capsys.readouterr().err
    with open_workbook(path, save=False) as port:
        assert port.read_rows(schema.PAYMENTS.name) == []


def test_no_keyring_on_the_machine_is_said_before_asking(
    dovecot: Dovecot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Broke: without an OS keyring (a Linux server), "zahllauf passwort" asked for the
    # password, threw it away and printed "(NoKeyringError)" with exit 1; "abrufen" then
    # said no password was stored and sent the person back to "zahllauf passwort".
    from zahllauf.commands import passwort

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    asked: list[str] = []
    monkeypatch.setattr(passwort, "ask_secret", lambda prompt: asked.append(prompt) or "x")
    path = _workbook(tmp_path, dovecot.settings())
    assert main(["passwort", "--mappe", str(path)]) == 8
    err = capsys.readouterr().err
    assert asked == [] and "kein Schlüsselbund" in err and "Error" not in err
    assert main(["abrufen", "--mappe", str(path)]) == 8
    err = capsys.readouterr().err
    assert "kein Schlüsselbund" in err and "zahllauf passwort" not in err
