"""The mailbox source against a real Dovecot on 127.0.0.1 (see imap_server.py)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import mailfactory as mf
from imap_server import (
    PASSWORD,
    USER,
    Dovecot,
    MemoryKeyringDouble,
    dovecot_fixture,  # noqa: F401  (provides the dovecot fixture)
    free_port,
    need_dovecot,
    oauth_token,
)
from zahllauf import errors
from zahllauf.sources import imap
from zahllauf.sources.imap import MailboxSource

TODAY = date.today()
SECRET_KEY = f"{USER}@127.0.0.1"


@pytest.fixture
def keyring_double(tmp_path: Path) -> MemoryKeyringDouble:
    store = MemoryKeyringDouble(tmp_path / "schluesselbund.json")
    store.set_password(imap.KEYRING_SERVICE, SECRET_KEY, PASSWORD)
    return store


def _source(
    server: Dovecot, keyring: MemoryKeyringDouble, state: dict[str, str] | None = None, **kw: str
) -> MailboxSource:
    return MailboxSource(server.settings(**kw), state or {}, TODAY, keyring.get_password)


def _invoice(number: int) -> bytes:
    return mf.mail(
        [mf.pdf_part(f'attachment; filename="RE-{number}.pdf"', data=mf.pdf_bytes(f"RE-{number}"))],
        subject=f"Rechnung RE-{number}",
    )


# Every attachment and file-name kind, as it arrives by mail: (mail, expected names).
def _kinds() -> list[tuple[bytes, list[str]]]:
    inner = mf.mail([mf.pdf_part('attachment; filename="weiter.pdf"')], sender="L <l@x.example>")
    archive = mf.zip_bytes({"a.pdf": mf.pdf_bytes("a"), "b.xml": mf.cii_xml("RE-B")})
    return [
        (
            mf.mail([mf.pdf_part('attachment; filename="=?utf-8?B?UmVjaG51bmcgTcOkcnoucGRm?="')]),
            ["Rechnung März.pdf"],
        ),
        (
            mf.mail(
                [
                    mf.pdf_part(
                        "attachment;\r\n filename*0*=utf-8''Gro%C3%9Fhandel%20;"
                        "\r\n filename*1*=Teil%202.pdf"
                    )
                ]
            ),
            ["Großhandel Teil 2.pdf"],
        ),
        (mf.mail([mf.pdf_part('attachment; filename="Rechnung Mai.pdf"')]), ["Rechnung Mai.pdf"]),
        (
            mf.mail([mf.pdf_part('attachment; filename="Nr =?utf-8?Q?=C3=9C?= 1.pdf"')]),
            ["Nr Ü 1.pdf"],
        ),
        (mf.mail([mf.pdf_part("attachment", "application/octet-stream")]), ["anhang-1.pdf"]),
        (
            mf.mail([mf.part("application/zip", 'attachment; filename="r.zip"', archive)]),
            ["a.pdf", "b.xml"],
        ),
        (mf.mail([mf.forwarded(inner)], subject="WG: Rechnung"), ["weiter.pdf"]),
        (mf.mail([mf.pdf_part('attachment; filename="../../boese.pdf"')]), ["boese.pdf"]),
        (
            mf.mail(
                [
                    mf.part("application/xml", 'attachment; filename="re.xml"', mf.cii_xml("R9")),
                    mf.pdf_part('attachment; filename="re.pdf"', data=mf.pdf_bytes("R9")),
                ]
            ),
            ["re.xml"],
        ),
        (
            mf.plain_mail("Ihre Rechnung 4711", "Rechnung hier: https://portal.example/r/4711"),
            ["Ihre Rechnung 4711.link"],
        ),
        (mf.plain_mail("Mittagessen", "Treffen um 12? https://karte.example/rechnung"), []),
        (mf.mail([mf.part("image/png", 'attachment; filename="logo.png"', b"\x89PNG")]), []),
    ]


def test_every_kind_arrives_and_nothing_changes_on_the_server(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble
) -> None:
    kinds = _kinds()
    dovecot.append([raw for raw, _ in kinds])
    with dovecot.client() as box:  # some mails read or flagged by a person before
        box.folder.set("INBOX")
        box.client.uid("STORE", "1,3", "+FLAGS", r"(\Seen)")
        box.client.uid("STORE", "2", "+FLAGS", r"(\Flagged)")
    before = dovecot.flags()
    source = _source(dovecot, keyring_double)
    found = list(source.documents())
    assert sorted(d.name for d in found) == sorted(n for _, names in kinds for n in names)
    assert dovecot.flags() == before  # same UIDs (nothing moved/deleted), same flags
    assert {r"\Seen"} <= before[1] and r"\Seen" not in before[2]
    validity = _validity(dovecot)
    assert source.state_changes() == {"postfach.INBOX": f"{validity}:{len(kinds)}"}
    link = next(d for d in found if d.name.endswith(".link"))
    assert link.problem is not None and "https://portal.example/r/4711" in link.problem


def _validity(server: Dovecot, folder: str = "INBOX") -> int:
    with server.client() as box:
        return int(box.folder.status(folder)["UIDVALIDITY"])


def test_incremental_resume_and_nothing_new(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble
) -> None:
    dovecot.append([_invoice(1), _invoice(2)])
    first = _source(dovecot, keyring_double)
    assert [d.name for d in first.documents()] == ["RE-1.pdf", "RE-2.pdf"]
    dovecot.append([_invoice(3), mf.plain_mail("Hallo", "ohne Anhang")])
    second = _source(dovecot, keyring_double, first.state_changes())
    assert [d.name for d in second.documents()] == ["RE-3.pdf"]
    assert second.state_changes()["postfach.INBOX"].endswith(":4")
    third = _source(dovecot, keyring_double, second.state_changes())
    assert list(third.documents()) == []
    assert third.state_changes() == {}  # nothing to write back


def test_changed_uidvalidity_rescans(dovecot: Dovecot, keyring_double: MemoryKeyringDouble) -> None:
    dovecot.append([_invoice(1)], folder="Rechnungen")
    settings = {"Postfach Ordner": "Rechnungen"}
    first = _source(dovecot, keyring_double, **settings)
    assert [d.name for d in first.documents()] == ["RE-1.pdf"]
    with dovecot.client() as box:  # the server renumbers: folder recreated
        box.folder.delete("Rechnungen")
    dovecot.append([_invoice(1), _invoice(2)], folder="Rechnungen")
    second = _source(dovecot, keyring_double, first.state_changes(), **settings)
    assert [d.name for d in second.documents()] == ["RE-1.pdf", "RE-2.pdf"]
    old, new = (s.state_changes()["postfach.Rechnungen"].split(":")[0] for s in (first, second))
    assert old != new


@pytest.mark.parametrize(
    ("start", "expected", "why"),
    [
        ("", ["RE-2.pdf"], "default: 60 days back, the 100-day-old mail is skipped"),
        ((TODAY - timedelta(days=120)).isoformat(), ["RE-1.pdf", "RE-2.pdf"], "ISO date"),
        ((TODAY - timedelta(days=120)).strftime("%d.%m.%Y"), ["RE-1.pdf", "RE-2.pdf"], "German"),
    ],
)
def test_first_run_start_date(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble, start: str, expected: list[str], why: str
) -> None:
    dovecot.append([_invoice(1)], when=datetime.now(UTC) - timedelta(days=100))
    dovecot.append([_invoice(2)])
    source = _source(dovecot, keyring_double, **{"Postfach Startdatum": start})
    assert [d.name for d in source.documents()] == expected, why
    assert source.state_changes()["postfach.INBOX"].endswith(":2"), why


def test_starttls(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imap, "STARTTLS_PORTS", {143, dovecot.starttls_port})
    dovecot.append([_invoice(1)])
    source = _source(dovecot, keyring_double, **{"Postfach Port": str(dovecot.starttls_port)})
    assert [d.name for d in source.documents()] == ["RE-1.pdf"]


def test_xoauth2_with_a_locally_signed_token(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append([_invoice(1)])
    store = MemoryKeyringDouble(tmp_path / "k.json")
    store.set_password(imap.KEYRING_SERVICE, SECRET_KEY, oauth_token())
    settings = dovecot.settings(**{"Postfach Anmeldung": "OAuth2"})
    source = MailboxSource(settings, {}, TODAY, store.get_password)
    assert [d.name for d in source.documents()] == ["RE-1.pdf"]
    store.set_password(imap.KEYRING_SERVICE, SECRET_KEY, oauth_token(key=b"falscher-schluessel"))
    with pytest.raises(errors.MailboxLoginError) as caught:
        list(MailboxSource(settings, {}, TODAY, store.get_password).documents())
    assert caught.value.exit_code == 8


def _raise_from_documents(source: MailboxSource) -> errors.ZahllaufError:
    with pytest.raises(errors.SourceUnreachableError) as caught:
        list(source.documents())
    return caught.value


def test_refused_connection(keyring_double: MemoryKeyringDouble) -> None:
    port = free_port()  # nothing listens there
    settings = {
        "Postfach Server": "127.0.0.1",
        "Postfach Port": str(port),
        "Postfach Benutzer": USER,
    }
    error = _raise_from_documents(MailboxSource(settings, {}, TODAY, keyring_double.get_password))
    assert isinstance(error, errors.MailboxRefusedError) and error.exit_code == 7
    assert str(port) in str(error)


def test_wrong_and_missing_password_never_leak(
    dovecot: Dovecot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = MemoryKeyringDouble(tmp_path / "k.json")
    wrong = "Falsches-Geheimnis-123"
    store.set_password(imap.KEYRING_SERVICE, SECRET_KEY, wrong)
    error = _raise_from_documents(_source(dovecot, store))
    assert isinstance(error, errors.MailboxLoginError) and error.exit_code == 8
    assert "zahllauf passwort" in str(error)
    chain = f"{error!s} {error!r} {error.__cause__!s} {error.__cause__!r}"
    assert wrong not in chain and wrong not in caplog.text
    empty = MemoryKeyringDouble(tmp_path / "leer.json")
    missing = _raise_from_documents(_source(dovecot, empty))
    assert isinstance(missing, errors.MailboxPasswordMissingError)
    assert missing.exit_code == 8 and "kein Passwort" in str(missing)


def test_untrusted_certificate_without_ca_file(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble
) -> None:
    error = _raise_from_documents(_source(dovecot, keyring_double, **{"Postfach CA-Datei": ""}))
    assert isinstance(error, errors.MailboxTlsError) and error.exit_code == 10
    assert "CA-Datei" in str(error) and "nicht vertrauenswürdig" in str(error)


def test_password_login_refused_means_oauth2() -> None:
    need_dovecot()
    root = Path(tempfile.mkdtemp(prefix="zahllauf-dovecot-"))
    root.chmod(0o755)
    server = Dovecot.create(root, mechanisms="xoauth2")  # like Microsoft 365: no plain login
    server.start()
    try:
        store = MemoryKeyringDouble(root / "k.json")
        store.set_password(imap.KEYRING_SERVICE, SECRET_KEY, PASSWORD)
        error = _raise_from_documents(_source(server, store))
        assert isinstance(error, errors.MailboxOAuthRequiredError) and error.exit_code == 9
        assert "OAuth2" in str(error)
    finally:
        server.stop()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []

    def accept() -> None:
        with __import__("contextlib").suppress(OSError):
            accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    for connection in accepted:
        connection.close()
    listener.close()


def test_timeout(silent_server: int, keyring_double: MemoryKeyringDouble) -> None:
    settings = {
        "Postfach Server": "127.0.0.1",
        "Postfach Port": str(silent_server),
        "Postfach Benutzer": USER,
    }
    source = MailboxSource(settings, {}, TODAY, keyring_double.get_password, timeout=0.5)
    error = _raise_from_documents(source)
    assert isinstance(error, errors.MailboxTimeoutError) and error.exit_code == 11


def test_server_killed_mid_fetch_keeps_what_came_and_resumes(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble
) -> None:
    dovecot.append([_invoice(n) for n in range(1, 7)])
    source = MailboxSource(dovecot.settings(), {}, TODAY, keyring_double.get_password, body_batch=2)
    stream = source.documents()
    got = [next(stream)]
    for pid in dovecot.session_pids():  # the imap process serving this very session
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(errors.MailboxDroppedError) as caught:
        got.extend(stream)
    assert caught.value.exit_code == 12
    assert [d.name for d in got] == ["RE-1.pdf", "RE-2.pdf"]  # the batch already in hand
    state = source.state_changes()
    assert state["postfach.INBOX"].endswith(":2")
    resumed = MailboxSource(dovecot.settings(), state, TODAY, keyring_double.get_password)
    rest = [d.name for d in resumed.documents()]
    assert rest == ["RE-3.pdf", "RE-4.pdf", "RE-5.pdf", "RE-6.pdf"]


# (settings change, why) — each must be refused before any connection is made
BAD_SETTINGS = [
    ({"Postfach Server": ""}, "no server"),
    ({"Postfach Port": "neunhundert"}, "port not a number"),
    ({"Postfach Startdatum": "gestern"}, "start date unreadable"),
]


@pytest.mark.parametrize(("change", "why"), BAD_SETTINGS)
def test_bad_settings(change: dict[str, str], why: str) -> None:
    base = {"Postfach Server": "127.0.0.1", "Postfach Benutzer": USER}
    with pytest.raises(errors.MailboxSettingsError):
        MailboxSource({**base, **change}, {}, TODAY, lambda s, u: None)


def _jpeg(size: int) -> bytes:
    """A JPEG-looking payload of about ``size`` bytes (magic bytes, then filler)."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * (size // 256)


def test_scan_and_office_only_mails_are_downloaded_not_missed(
    dovecot: Dovecot, keyring_double: MemoryKeyringDouble
) -> None:
    # Broke: the cheap BODYSTRUCTURE filter only took PDF/XML/ZIP parts, so a mail with a
    # photographed invoice (JPG) or a Word file was never downloaded and vanished silently.
    scan = mf.part("image/jpeg", 'attachment; filename="Rechnung 2026-77.jpg"', _jpeg(120_000))
    word = mf.part(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        'attachment; filename="Rechnung.docx"',
        mf.zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
    )
    dovecot.append([mf.mail([scan], subject="Foto"), mf.mail([word], subject="Word")])
    found = list(_source(dovecot, keyring_double).documents())
    names = sorted(d.name for d in found)
    assert names == ["Rechnung 2026-77.jpg", "Rechnung.docx"], names
