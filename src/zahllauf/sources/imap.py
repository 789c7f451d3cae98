"""The firm's mailbox as an inbox: new mails over IMAP, read-only, incremental, cheap.

* Read-only: every folder is opened with EXAMINE and bodies are fetched with BODY.PEEK, so
  no flag changes (\\Seen included), nothing is moved or deleted.
* Incremental: the state keeps ``postfach.<folder>`` = ``<UIDVALIDITY>:<last UID>``. A
  changed UIDVALIDITY (the server renumbered the folder) means a rescan from the start
  date; the job drops documents it already has by their SHA-256.
* Cheap: first UID, size, BODYSTRUCTURE and two header fields in bulk; then whole bodies
  only of mails with candidate parts (PDF, XML, ZIP, octet-stream, forwarded mail) and of
  small mails without attachment whose subject speaks of an invoice (link-only invoices).
* Secrets: the password (or OAuth2 token) comes from the operating system's keyring under
  service ``zahllauf`` and user ``<user>@<host>``; it is never stored, logged or put into a
  message.
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from imap_tools import A, BaseMailBox, MailBox, MailBoxStartTls
from imap_tools.errors import ImapToolsError

from zahllauf import errors
from zahllauf.port import WorkbookPort, settings
from zahllauf.schema import STATE_MAILBOX_PREFIX
from zahllauf.sources import containers, mime
from zahllauf.sources.base import Document

log = logging.getLogger(__name__)

KEYRING_SERVICE = "zahllauf"
DEFAULT_DAYS_BACK = 60
DEFAULT_TIMEOUT = 30.0
HEADER_BATCH = 1000
BODY_BATCH = 25
BODY_BATCH_BYTES = 20 * 1024 * 1024
LINK_MAIL_MAX_BYTES = mime.LINK_MAIL_MAX_BYTES
STARTTLS_PORTS = {143}  # plain IMAP port: upgraded with STARTTLS, never used unencrypted

PasswordProvider = Callable[[str, str], str | None]
"""``(service, username) -> secret``; ``keyring.get_password`` has exactly this shape."""

# Providers that refuse plain passwords over IMAP (only XOAUTH2 works there).
_OAUTH_ONLY_HOSTS = (
    "outlook.office365.com",
    "office365.com",
    "outlook.com",
    "hotmail.com",
    "gmail.com",
    "googlemail.com",
)
# Parts worth a download: invoices (PDF, XML, ZIP, forwarded mail), and what must not
# vanish silently (scans as images, Office documents); containers.expand decides after.
_CANDIDATE = re.compile(
    rb'"APPLICATION" "[^"]*(?:PDF|XML|ZIP|OCTET|OPENXMLFORMATS|MSWORD|MS-EXCEL|OASIS)'
    rb'|"TEXT" "XML"|"MESSAGE" "RFC822"|"IMAGE" "(?:JPEG|PNG|TIFF|HEIC|HEIF)"'
    rb"|\.(?:PDF|XML|ZIP|EML|JPE?G|PNG|TIFF?|DOCX?)\"",
    re.IGNORECASE,
)
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_MESSAGE_START = re.compile(rb"^\d+ \(")
_SUBJECT = re.compile(rb"Subject:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE)


def keyring_user(user: str, host: str) -> str:
    """The keyring user name under which the secret for this mailbox is stored.

    >>> keyring_user("anna@firma.de", "imap.firma.de")
    'anna@firma.de@imap.firma.de'
    """
    return f"{user}@{host}"


def is_configured(settings: Mapping[str, str]) -> bool:
    """True when the Einstellungen name a mail server and a user."""
    return bool(settings.get("Postfach Server", "").strip()) and bool(
        settings.get("Postfach Benutzer", "").strip()
    )


@dataclass(frozen=True)
class MailboxSettings:
    """The Postfach settings, checked: where to connect and what to read."""

    host: str
    port: int
    user: str
    folders: tuple[str, ...]
    oauth2: bool
    start: date | None
    ca_file: Path | None

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, str], base: Path | None = None
    ) -> MailboxSettings:
        """Read the Postfach keys of the Einstellungen sheet; relative paths from ``base``."""
        host = settings.get("Postfach Server", "").strip()
        user = settings.get("Postfach Benutzer", "").strip()
        missing = [k for k, v in (("Postfach Server", host), ("Postfach Benutzer", user)) if not v]
        if missing:
            names = " und ".join(f"„{key}“" for key in missing)
            raise errors.MailboxSettingsError(
                f"{names} {'fehlt' if len(missing) == 1 else 'fehlen'}"
            )
        folders = tuple(
            f.strip() for f in settings.get("Postfach Ordner", "").split(",") if f.strip()
        )
        return cls(
            host=host,
            port=_port(settings.get("Postfach Port", "")),
            user=user,
            folders=folders or ("INBOX",),
            oauth2=settings.get("Postfach Anmeldung", "").strip().lower().startswith("oauth"),
            start=_start_date(settings.get("Postfach Startdatum", "")),
            ca_file=_ca_file(settings.get("Postfach CA-Datei", ""), base),
        )


def _port(text: str) -> int:
    text = text.strip() or "993"
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise errors.MailboxSettingsError(f"„Postfach Port“ ist keine Portnummer: {text}")
    return int(text)


def _start_date(text: str) -> date | None:
    text = text.strip().split(" ")[0]
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        with suppress(ValueError):
            return datetime.strptime(text, pattern).date()
    raise errors.MailboxSettingsError(f"„Postfach Startdatum“ ist kein Datum: {text}")


def _ca_file(text: str, base: Path | None) -> Path | None:
    if not text.strip():
        return None
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() or base is None else base / path


@dataclass
class _Header:
    """What the first, cheap fetch tells about one mail."""

    uid: int
    size: int
    received: date | None
    candidate: bool
    link_suspect: bool


class MailboxSource:
    """New documents from the configured IMAP folders (a :class:`~zahllauf.sources.Source`).

    Args:
        settings: the Einstellungen sheet as key → text (``zahllauf.port.settings``).
        state: the hidden state sheet as key → text (``port.read_state()``).
        today: the run's date; the first run starts 60 days before it unless
            "Postfach Startdatum" says otherwise.
        password: ``(service, username) -> secret``; by default ``keyring.get_password``.
        base: the workbook's folder, for a relative CA-file path.
        timeout: seconds to wait for the server on every network step.
        body_batch: mails per body fetch (smaller means less lost when the line drops).
    """

    def __init__(
        self,
        settings: Mapping[str, str],
        state: Mapping[str, str],
        today: date,
        password: PasswordProvider | None = None,
        *,
        base: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        body_batch: int = BODY_BATCH,
    ) -> None:
        self.settings = MailboxSettings.from_settings(settings, base)
        self._state = dict(state)
        self._today = today
        self._password = password or _keyring_password
        self._timeout = timeout
        self._body_batch = max(1, body_batch)
        self._changes: dict[str, str] = {}

    @classmethod
    def from_workbook(
        cls, port: WorkbookPort, today: date, password: PasswordProvider | None = None
    ) -> MailboxSource:
        """The mailbox configured in a workbook: its settings, its state, its folder."""
        return cls(settings(port), port.read_state(), today, password, base=port.folder)

    def state_changes(self) -> dict[str, str]:
        """``postfach.<folder>`` keys covering exactly the mails yielded so far."""
        return dict(self._changes)

    def documents(self) -> Iterator[Document]:
        """The candidate documents of mails new since the last run, folder by folder."""
        box = self._connect()
        try:
            for folder in self.settings.folders:
                yield from self._folder_documents(box, folder)
        finally:
            with suppress(Exception):  # the line may already be gone; nothing left to save
                box.logout()

    # Connecting ---------------------------------------------------------------------

    def _connect(self) -> BaseMailBox:
        host, port = self.settings.host, self.settings.port
        try:
            box = self._open(self._tls_context())
        except ssl.SSLError as error:
            raise errors.MailboxTlsError(host, _tls_reason(error)) from error
        except TimeoutError as error:
            raise errors.MailboxTimeoutError(host, self._timeout) from error
        except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
            if isinstance(error, ImapToolsError | imaplib.IMAP4.error) and "STARTTLS" in str(error):
                raise errors.MailboxTlsError(host, "Server bietet kein STARTTLS an") from error
            raise errors.MailboxRefusedError(host, port) from error
        self._login(box)
        return box

    def _tls_context(self) -> ssl.SSLContext:
        # Verification always stays on; a company CA is added, never a switch to trust all.
        context = ssl.create_default_context()
        ca_file = self.settings.ca_file
        if ca_file is not None:
            try:
                context.load_verify_locations(cafile=str(ca_file))
            except (OSError, ssl.SSLError) as error:
                reason = f"CA-Datei {ca_file} nicht lesbar"
                raise errors.MailboxTlsError(self.settings.host, reason) from error
        return context

    def _open(self, context: ssl.SSLContext) -> BaseMailBox:
        host, port = self.settings.host, self.settings.port
        if port in STARTTLS_PORTS:
            return MailBoxStartTls(host, port, timeout=self._timeout, ssl_context=context)
        return MailBox(host, port, timeout=self._timeout, ssl_context=context)

    def _login(self, box: BaseMailBox) -> None:
        host, user = self.settings.host, self.settings.user
        secret = self._secret()
        try:
            if self.settings.oauth2:
                box.xoauth2(user, secret, initial_folder=None)
            elif b"LOGINDISABLED" in _capabilities(box):
                raise errors.MailboxOAuthRequiredError(host)
            else:
                box.login(user, secret, initial_folder=None)
        except TimeoutError as error:
            raise errors.MailboxTimeoutError(host, self._timeout) from error
        except (imaplib.IMAP4.abort, OSError) as error:
            raise errors.MailboxDroppedError(host) from error
        except (ImapToolsError, imaplib.IMAP4.error) as error:
            if not self.settings.oauth2 and _oauth_only(host):
                raise errors.MailboxOAuthRequiredError(host) from error
            raise errors.MailboxLoginError(user, host) from error
        finally:
            del secret
        log.info("logged in to %s as %s", host, user)

    def _secret(self) -> str:
        user, host = self.settings.user, self.settings.host
        try:
            secret = self._password(KEYRING_SERVICE, keyring_user(user, host))
        except errors.KeyringUnavailableError:
            raise
        except Exception as error:  # any keyring backend failure: the person must store it
            log.warning("keyring lookup failed: %s", type(error).__name__)
            raise errors.MailboxPasswordMissingError(user, host) from error
        if not secret:
            raise errors.MailboxPasswordMissingError(user, host)
        return secret

    # Reading a folder ---------------------------------------------------------------

    def _folder_documents(self, box: BaseMailBox, folder: str) -> Iterator[Document]:
        started = time.perf_counter()
        with self._network(box):
            status = box.folder.status(folder, ["UIDVALIDITY", "UIDNEXT"])
        validity, uid_next = int(status["UIDVALIDITY"]), int(status["UIDNEXT"])
        last = self._last_uid(folder, validity)
        if last is not None and last >= uid_next - 1:
            log.info("%s: nothing new (%.2f s)", folder, time.perf_counter() - started)
            return
        with self._network(box):
            box.folder.set(folder, readonly=True)  # EXAMINE: flags stay as they are
            uids = self._new_uids(box, last)
        headers = self._headers(box, uids)
        count = 0
        for header, raw in self._bodies(box, headers):
            for document in self._expand(header, raw, folder):
                count += 1
                yield document
            self._changes[STATE_MAILBOX_PREFIX + folder] = f"{validity}:{header.uid}"
        done = max(uid_next - 1, last or 0, *(h.uid for h in headers))
        self._changes[STATE_MAILBOX_PREFIX + folder] = f"{validity}:{done}"
        wanted = sum(1 for h in headers if h.candidate or h.link_suspect)
        log.info(
            "%s: %d new mails, %d downloaded, %d documents in %.2f s",
            folder,
            len(uids),
            wanted,
            count,
            time.perf_counter() - started,
        )

    def _last_uid(self, folder: str, validity: int) -> int | None:
        """The last UID read before, or ``None`` when the folder must be (re)scanned."""
        stored = self._state.get(STATE_MAILBOX_PREFIX + folder, "")
        old_validity, _, old_last = stored.partition(":")
        if not (old_validity.isdigit() and old_last.isdigit()):
            return None
        if int(old_validity) != validity:
            log.warning(
                "%s: UIDVALIDITY changed (%s -> %d), rescanning", folder, old_validity, validity
            )
            return None
        return int(old_last)

    def _new_uids(self, box: BaseMailBox, last: int | None) -> list[int]:
        if last is None:
            start = self.settings.start or self._today - timedelta(days=DEFAULT_DAYS_BACK)
            found = box.uids(A(date_gte=start))
        else:
            found = box.uids(f"UID {last + 1}:*")
        # "n:*" always matches the highest UID, even when it is below n (RFC 3501 6.4.8).
        return sorted(u for u in map(int, found) if last is None or u > last)

    def _headers(self, box: BaseMailBox, uids: Sequence[int]) -> list[_Header]:
        items = "(UID RFC822.SIZE INTERNALDATE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (SUBJECT)])"
        result: list[_Header] = []
        for start in range(0, len(uids), HEADER_BATCH):
            chunk = uids[start : start + HEADER_BATCH]
            with self._network(box):
                response = _checked(box.client.uid("FETCH", uid_set(chunk), items))
            result.extend(_parse_header(m) for m in _split_messages(response))
        return sorted(result, key=lambda h: h.uid)

    def _bodies(self, box: BaseMailBox, headers: list[_Header]) -> Iterator[tuple[_Header, bytes]]:
        """Every header with the whole mail for those worth downloading (else empty bytes)."""
        for batch in _batches(headers, self._body_batch):
            wanted = [h.uid for h in batch if h.candidate or h.link_suspect]
            bodies: dict[int, bytes] = {}
            if wanted:
                with self._network(box):
                    response = _checked(
                        box.client.uid("FETCH", uid_set(wanted), "(UID BODY.PEEK[])")
                    )
                bodies = _parse_bodies(response)
            for header in batch:
                yield header, bodies.get(header.uid, b"")

    def _expand(self, header: _Header, raw: bytes, folder: str) -> list[Document]:
        if not raw:
            return []
        received = header.received or self._today
        name = mime.safe_name(f"{folder} {header.uid}", "mail", mime.KIND_MESSAGE)
        mail = Document(name=name, data=raw, source=self.settings.host, received=received)
        return containers.expand(mail)

    def _network(self, _box: BaseMailBox) -> _NetworkErrors:
        return _NetworkErrors(self.settings.host, self._timeout)


class _NetworkErrors:
    """Turns failures during the fetch into the German mailbox errors."""

    def __init__(self, host: str, timeout: float) -> None:
        self.host = host
        self.timeout = timeout

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: object
    ) -> None:
        if error is None:
            return
        if isinstance(error, TimeoutError):
            raise errors.MailboxTimeoutError(self.host, self.timeout) from error
        if isinstance(error, ssl.SSLError | imaplib.IMAP4.abort | OSError | EOFError):
            raise errors.MailboxDroppedError(self.host) from error
        if isinstance(error, imaplib.IMAP4.error | ImapToolsError):
            log.warning("server refused a command: %s", type(error).__name__)
            raise errors.MailboxDroppedError(self.host) from error


def _keyring_password(service: str, username: str) -> str | None:
    import keyring

    if not keyring_available(keyring):
        raise errors.KeyringUnavailableError()
    return keyring.get_password(service, username)


def keyring_available(store: object) -> bool:
    """Whether the keyring module has a real backend (keyring's "fail" one means none).

    A store without ``get_keyring`` (a test double) counts as available.
    """
    get_keyring = getattr(store, "get_keyring", None)
    if get_keyring is None:
        return True
    from keyring.backends import fail

    return not isinstance(get_keyring(), fail.Keyring)


def _capabilities(box: BaseMailBox) -> bytes:
    return b" ".join(c.encode() if isinstance(c, str) else c for c in box.client.capabilities)


def _oauth_only(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in _OAUTH_ONLY_HOSTS)


def _tls_reason(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"Zertifikat nicht vertrauenswürdig: {error.verify_message}"
    return f"TLS-Fehler {error.reason or type(error).__name__}"


def _checked(response: tuple[str, list]) -> list:
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(f"FETCH {status}")
    return data


def uid_set(uids: Sequence[int]) -> str:
    """A compact IMAP sequence set.

    >>> uid_set([1, 2, 3, 7, 9, 10])
    '1:3,7,9:10'
    """
    parts: list[str] = []
    ordered = sorted(uids)
    start = previous = ordered[0]
    for uid in [*ordered[1:], None]:
        if uid is not None and uid == previous + 1:
            previous = uid
            continue
        parts.append(str(start) if start == previous else f"{start}:{previous}")
        if uid is not None:
            start = previous = uid
    return ",".join(parts)


def _batches(headers: list[_Header], size: int) -> Iterator[list[_Header]]:
    """Batches of mails whose download stays below a count and a byte budget."""
    batch: list[_Header] = []
    volume = 0
    for header in headers:
        wanted = header.candidate or header.link_suspect
        if batch and wanted and (len(batch) >= size or volume + header.size > BODY_BATCH_BYTES):
            yield batch
            batch, volume = [], 0
        batch.append(header)
        volume += header.size if wanted else 0
    if batch:
        yield batch


def _split_messages(response: list) -> list[bytes]:
    """One byte string per message of a FETCH response, literals put back in place."""
    messages: list[bytes] = []
    for item in response:
        parts = list(item) if isinstance(item, tuple) else [item]
        head = parts[0] if isinstance(parts[0], bytes) else b""
        if _MESSAGE_START.match(head) or not messages:
            messages.append(b"")
        messages[-1] += b"".join(p for p in parts if isinstance(p, bytes))
    return [m for m in messages if _UID.search(m)]


def _parse_header(text: bytes) -> _Header:
    uid_match, size_match = _UID.search(text), _SIZE.search(text)
    size = int(size_match.group(1)) if size_match else 0
    subject = _SUBJECT.search(text)
    structure = text.replace(subject.group(0), b"") if subject else text
    candidate = bool(_CANDIDATE.search(structure))
    raw_subject = subject.group(1).decode("utf-8", "replace") if subject else ""
    suspect = mime.may_be_link_invoice(mime.decode_header_text(raw_subject), size)
    return _Header(
        uid=int(uid_match.group(1)) if uid_match else 0,
        size=size,
        received=_internal_date(text),
        candidate=candidate,
        link_suspect=not candidate and suspect,
    )


def _internal_date(text: bytes) -> date | None:
    match = _INTERNALDATE.search(text)
    if match is None:
        return None
    with suppress(ValueError):
        return datetime.strptime(match.group(1).decode(), "%d-%b-%Y %H:%M:%S %z").date()
    return None


def _parse_bodies(response: list) -> dict[int, bytes]:
    bodies: dict[int, bytes] = {}
    pending: bytes | None = None
    for item in response:
        if isinstance(item, tuple):
            uid = _UID.search(item[0])
            if uid:
                bodies[int(uid.group(1))] = item[1]
            else:
                pending = item[1]
        elif pending is not None and isinstance(item, bytes):
            uid = _UID.search(item)  # some servers send UID after the literal
            if uid:
                bodies[int(uid.group(1))] = pending
            pending = None
    return bodies


__all__ = [
    "KEYRING_SERVICE",
    "MailboxSettings",
    "MailboxSource",
    "PasswordProvider",
    "is_configured",
    "keyring_user",
    "uid_set",
]
