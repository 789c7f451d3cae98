"""A real Dovecot IMAP server for tests, started on 127.0.0.1 in a temporary folder.

Its own configuration (no system config), a self-signed certificate made here, one
passwd-file user, maildir storage in the temp folder, and an OAuth2 password database
that validates JWTs signed with a local HMAC key. Nothing is faked: the tests talk IMAP
over TLS to the same server Debian ships.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "anna@firma.example"
PASSWORD = "Rechnungs-Passwort-7x!"
OAUTH_KEY = b"zahllauf-test-hmac-schluessel-32b!"


def dovecot_available() -> bool:
    return Path(DOVECOT).is_file() and os.access(DOVECOT, os.X_OK)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_certificate(folder: Path, name: str = "server") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (openssl CLI)."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            f"/CN={name} Test-CA",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def oauth_token(user: str = USER, lifetime: int = 600, key: bytes = OAUTH_KEY) -> str:
    """A JWT (HS256) that Dovecot's oauth2 passdb validates locally."""

    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    now = int(time.time())
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(
        json.dumps({"sub": user, "email": user, "iat": now - 5, "exp": now + lifetime}).encode()
    )
    signature = b64(hmac.new(key, head + b"." + body, hashlib.sha256).digest())
    return (head + b"." + body + b"." + signature).decode()


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
default_internal_user = dovecot
default_login_user = dovenull
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = {mechanisms}
mail_location = maildir:{root}/mail/%n
first_valid_uid = 1
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%n
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
"""


@dataclass
class Dovecot:
    """One running Dovecot; ``ca`` is the certificate a client must trust."""

    root: Path
    tls_port: int
    starttls_port: int
    ca: Path
    process: subprocess.Popen[bytes] | None = None

    @classmethod
    def create(cls, root: Path, mechanisms: str = "plain login xoauth2") -> Dovecot:
        for sub in ("run", "state", "mail", "keys/default/HS256"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        # Dovecot drops to "nobody" for mail and to its own users for helpers.
        for path in (root, root / "mail", root / "state"):
            path.chmod(0o777)
        cert, key = make_certificate(root)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (root / "keys/default/HS256/default").write_text(base64.b64encode(OAUTH_KEY).decode())
        (root / "oauth2.conf.ext").write_text(
            "introspection_mode = local\n"
            f"local_validation_key_dict = fs:posix:prefix={root}/keys/\n"
            "username_attribute = email\n"
        )
        server = cls(root, free_port(), free_port(), cert)
        (root / "dovecot.conf").write_text(
            CONFIG.format(
                root=root,
                cert=cert,
                key=key,
                mechanisms=mechanisms,
                tls_port=server.tls_port,
                starttls_port=server.starttls_port,
            )
        )
        return server

    def start(self) -> None:
        # -F keeps the master in the foreground, so this Popen owns it and its children.
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.process.stderr.read().decode()}")  # type: ignore[union-attr]
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.tls_port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("dovecot did not start listening")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The whole session of this master (its imap and auth children) — ours alone.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def session_pids(self) -> list[int]:
        """PIDs of the imap processes serving logged-in sessions (from the server log)."""
        log = (self.root / "dovecot.log").read_text(errors="replace")
        pids = [int(p) for p in _mpids(log)]
        return [p for p in pids if Path(f"/proc/{p}").exists()]

    def settings(self, **overrides: str) -> dict[str, str]:
        """Einstellungen values pointing at this server."""
        values = {
            "Postfach Server": "127.0.0.1",
            "Postfach Port": str(self.tls_port),
            "Postfach Benutzer": USER,
            "Postfach Ordner": "INBOX",
            "Postfach Anmeldung": "Passwort",
            "Postfach Startdatum": "",
            "Postfach CA-Datei": str(self.ca),
        }
        values.update(overrides)
        return values

    def client(self):  # type: ignore[no-untyped-def]
        """A logged-in imap_tools client for filling and inspecting the mailbox."""
        import ssl

        from imap_tools import MailBox

        context = ssl.create_default_context(cafile=str(self.ca))
        return MailBox("127.0.0.1", self.tls_port, ssl_context=context).login(
            USER, PASSWORD, initial_folder=None
        )

    def append(
        self, messages: list[bytes], folder: str = "INBOX", when: datetime | None = None
    ) -> None:
        with self.client() as box:
            if not box.folder.exists(folder):
                box.folder.create(folder)
            for raw in messages:
                box.append(raw, folder, dt=when)

    def flags(self, folder: str = "INBOX") -> dict[int, frozenset[str]]:
        """UID → flags, read with EXAMINE so that reading them changes nothing."""
        with self.client() as box:
            box.folder.set(folder, readonly=True)
            status, data = box.client.uid("FETCH", "1:*", "(UID FLAGS)")
            assert status == "OK"
        result: dict[int, frozenset[str]] = {}
        for line in data:
            text = line.decode() if isinstance(line, bytes) else line[0].decode()
            uid = int(text.split("UID ")[1].split()[0].rstrip(")"))
            flags = text.split("FLAGS (")[1].split(")")[0].split()
            result[uid] = frozenset(flags)
        return result


def _mpids(log: str) -> Iterator[str]:
    for line in log.splitlines():
        if "Login: user=" in line and "mpid=" in line:
            yield line.split("mpid=")[1].split(",")[0]


def need_dovecot() -> None:
    if not dovecot_available():
        pytest.skip(f"Dovecot fehlt ({DOVECOT}); Debian-Paket dovecot-imapd installieren")


@pytest.fixture(name="dovecot")
def dovecot_fixture() -> Iterator[Dovecot]:
    """A fresh Dovecot per test (ports, certificate and mail in their own temp folder).

    Not under pytest's tmp_path: its parents are private to root, and Dovecot's helper
    processes run as other users that must reach the config, keys and mail.
    """
    need_dovecot()
    root = Path(tempfile.mkdtemp(prefix="zahllauf-dovecot-"))
    root.chmod(0o755)
    server = Dovecot.create(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


class MemoryKeyringDouble:
    """Test double for the OS keyring: a dict in a temp folder's JSON file.

    The real keyring (Credential Manager, Keychain, Secret Service) cannot run here; the
    code under test only sees the ``(service, username) -> secret`` shape.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def set_password(self, service: str, username: str, secret: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = secret
        self.path.write_text(json.dumps(data))

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}
