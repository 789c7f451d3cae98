"""The ribbon's actions in Excel: the same jobs as the command line, on the open workbook.

:mod:`zahllauf.ribbon` calls these without arguments in the Python process that xlwings'
``RunPython`` starts; each takes ``xlwings.Book.caller()``, wraps it in the live adapter
and runs the job. A job that changes the workbook ends like the command line does: the
file on disk is kept as the backup (``… .sicherung.xlsx``), then Excel saves. Results and
refusals are shown in German message boxes; :func:`report_error` is the ribbon's error
reporter, so a failure never shows a Python traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from zahllauf import schema, texts
from zahllauf.adapters.file_safety import backup_path, keep_backup
from zahllauf.adapters.xlwings_live import XlwingsWorkbook
from zahllauf.port import ROW, Row, settings
from zahllauf.schema import C
from zahllauf.user_input import InvalidInputError

__all__ = [
    "abrufen",
    "bezahlt",
    "caller_book",
    "keyring_backend",
    "passwort",
    "pruefen",
    "report_error",
    "selected_spans",
    "stunden",
    "wiederherstellen",
]

log = logging.getLogger(__name__)

PAYMENTS = schema.PAYMENTS.name
# One area of Excel's Range.Address: "$A$3:$V$4", "$P$7", "$3:$5" (rows), "$P:$P" (columns).
_AREA = re.compile(r"^\$?[A-Z]*\$?(\d*)(?::\$?[A-Z]*\$?(\d*))?$")


def caller_book() -> Any:
    """The workbook whose ribbon button was pressed (``xlwings.Book.caller()``)."""
    import xlwings

    return xlwings.Book.caller()


def keyring_backend() -> Any:
    """The operating system's keyring (Credential Manager, Keychain)."""
    import keyring

    return keyring


@contextmanager
def _live(book: Any = None) -> Iterator[XlwingsWorkbook]:
    """The open workbook as a port; if the job changed it, saved with a backup.

    An exception leaves the changes made so far unsaved in Excel, where the person sees
    them and can close without saving.
    """
    port = XlwingsWorkbook(book if book is not None else caller_book())
    try:
        yield port
        if port.changed:
            keep_backup(port.path)
            port.save()
    finally:
        port.finish()


def _tell(port: XlwingsWorkbook, text: str, *, critical: bool = False) -> None:
    port.book.app.alert(text, title=texts.LIVE_TITLE, mode="critical" if critical else "info")


def abrufen() -> None:
    """Rechnungen abrufen: from the mailbox or the Eingangsordner, as ``zahllauf abrufen``."""
    from zahllauf.commands.abrufen import choose_source
    from zahllauf.jobs.abrufen import fetch

    today = date.today()
    with _live() as port:
        port.ensure_next_id()
        source = choose_source(port, None, today)
        summary = fetch(port, source, today=today)
    if summary.source_error is not None:
        _tell(port, f"{summary.text()}\n\n{summary.source_error}", critical=True)
    else:
        _tell(port, summary.text())


def pruefen() -> None:
    """Prüfen: re-run every check on the open rows, as ``zahllauf pruefen``."""
    from zahllauf.jobs.pruefen import pruefen as check_rows

    with _live() as port:
        summary = check_rows(port, date.today())
    _tell(port, summary.text())


def bezahlt() -> None:
    """Als bezahlt markieren: the selected rows of the Zahlungsliste, paid today."""
    from zahllauf.jobs.bezahlt import mark_paid

    with _live() as port:
        chosen = _selected_rows(port)
        ids = [r[C.ID] for r in chosen if isinstance(r.get(C.ID), int)]
        without_id = [str(r[ROW]) for r in chosen if not isinstance(r.get(C.ID), int)]
        result = mark_paid(port, ids, date.today())
    text = result.text()
    if without_id:
        text += "\n" + texts.LIVE_ROWS_WITHOUT_ID.format(rows=", ".join(without_id))
    _tell(port, text)


def _selected_rows(port: XlwingsWorkbook) -> list[Row]:
    selection = port.book.selection
    if selection is None or selection.sheet.name != PAYMENTS:
        raise InvalidInputError(texts.LIVE_SELECT_ROWS)
    spans = selected_spans(str(selection.address))
    chosen = [r for r in port.read_rows(PAYMENTS) if any(a <= r[ROW] <= b for a, b in spans)]
    if not chosen:
        raise InvalidInputError(texts.LIVE_SELECT_ROWS)
    return chosen


def selected_spans(address: str) -> list[tuple[int, int]]:
    """Row spans of a selection's address; whole columns are refused (all rows, by mistake).

    >>> selected_spans("$A$3:$V$4,$P$7,$9:$10")
    [(3, 4), (7, 7), (9, 10)]
    """
    spans: list[tuple[int, int]] = []
    for area in address.split(","):
        match = _AREA.match(area.strip())
        if match is None or not match.group(1):
            raise InvalidInputError(texts.LIVE_SELECT_ROWS)
        first = int(match.group(1))
        last = int(match.group(2) or first)
        spans.append((min(first, last), max(first, last)))
    return spans


def stunden() -> None:
    """Stunden erfassen: a dialog for date, Mandant, hours and activity, then the log line."""
    from zahllauf import dialogs
    from zahllauf.jobs.stunden import default_client, log_hours

    today = date.today()
    book = caller_book()
    entry = dialogs.ask_hours(default_client(XlwingsWorkbook(book)), today)
    if entry is None:
        return
    with _live(book) as port:
        week = log_hours(port, entry)
    _tell(port, f"{entry.text()}\n{week.text()}")


def passwort() -> None:
    """Passwort: ask in a masked dialog, store in the keyring under the mailbox's name."""
    from zahllauf import dialogs
    from zahllauf.errors import KeyringUnavailableError
    from zahllauf.sources.imap import (
        KEYRING_SERVICE,
        MailboxSettings,
        keyring_available,
        keyring_user,
    )

    port = XlwingsWorkbook(caller_book())
    mailbox = MailboxSettings.from_settings(settings(port), port.folder)
    key = keyring_user(mailbox.user, mailbox.host)
    if not keyring_available(keyring_backend()):
        raise KeyringUnavailableError()  # said before asking, so nothing typed is lost
    prompt = texts.TOKEN_PROMPT if mailbox.oauth2 else texts.PASSWORD_PROMPT
    secret = dialogs.ask_secret(
        texts.DIALOG_PASSWORD_TITLE, prompt.format(user=mailbox.user, host=mailbox.host)
    )
    if secret is None:
        return
    if not secret.strip():
        _tell(port, texts.PASSWORD_EMPTY)
        return
    try:
        keyring_backend().set_password(KEYRING_SERVICE, key, secret.strip())
    except Exception as error:  # the keyring backend's edge: tell the person, never the secret
        log.debug("keyring refused: %s", type(error).__name__)
        _tell(port, texts.KEYRING_UNAVAILABLE, critical=True)
        return
    log.info("secret stored for %s", key)
    _tell(port, texts.PASSWORD_STORED.format(service=KEYRING_SERVICE, key=key))


def wiederherstellen() -> None:
    """Wiederherstellen: Excel cannot swap the open file, so say how to do it by command."""
    port = XlwingsWorkbook(caller_book())
    path = port.path
    backup = backup_path(path)
    if backup.is_file():
        _tell(port, texts.LIVE_RESTORE.format(path=path))
    else:
        _tell(port, texts.LIVE_RESTORE_NO_BACKUP.format(name=path.name, backup=backup.name))


def report_error(text: str) -> None:
    """The ribbon's error reporter: a German message box in Excel, never a traceback."""
    try:
        caller_book().app.alert(text, title=texts.DIALOG_ERROR_TITLE, mode="critical")
        return
    except Exception:  # Excel itself is out of reach: fall back to a Tk box
        log.exception("Excel could not show the error message")
    try:
        from zahllauf import dialogs

        dialogs.show_error(texts.DIALOG_ERROR_TITLE, text)
    except Exception:  # no display either: the log is all that is left
        log.exception("could not show error message: %s", text)
