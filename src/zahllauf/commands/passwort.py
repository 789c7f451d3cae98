"""``zahllauf passwort``: store the mailbox password (or OAuth2 token) in the OS keyring.

The secret is asked without echo and goes only to the keyring (Windows Credential
Manager, macOS Keychain, Secret Service) under service ``zahllauf`` and user
``<Postfach Benutzer>@<Postfach Server>`` – never into the workbook, a file or a log.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from typing import Any

from zahllauf import texts
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.commands._common import add_workbook_option
from zahllauf.errors import KeyringUnavailableError
from zahllauf.port import settings
from zahllauf.sources.imap import (
    KEYRING_SERVICE,
    MailboxSettings,
    keyring_available,
    keyring_user,
)

NAME = "passwort"

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_PASSWORT, description=texts.HELP_PASSWORT)
    add_workbook_option(parser)
    parser.add_argument("--loeschen", action="store_true", help=texts.HELP_PASSWORT_LOESCHEN)


def run(args: argparse.Namespace) -> int:
    with open_workbook(args.mappe, save=False) as port:
        mailbox = MailboxSettings.from_settings(settings(port), port.folder)
    key = keyring_user(mailbox.user, mailbox.host)
    store = keyring_backend()
    if not keyring_available(store):
        # Said before asking: a typed password must not be thrown away afterwards.
        raise KeyringUnavailableError()
    if args.loeschen:
        return _delete(store, key)
    prompt = texts.TOKEN_PROMPT if mailbox.oauth2 else texts.PASSWORD_PROMPT
    secret = ask_secret(prompt.format(user=mailbox.user, host=mailbox.host)).strip()
    if not secret:
        print(texts.PASSWORD_EMPTY)
        return 2
    try:
        store.set_password(KEYRING_SERVICE, key, secret)
    except Exception as error:  # the keyring backend's edge: tell the person, no secret
        log.debug("keyring refused: %s", type(error).__name__)
        print(texts.KEYRING_UNAVAILABLE, file=sys.stderr)
        return KeyringUnavailableError.exit_code
    log.info("secret stored for %s", key)
    print(texts.PASSWORD_STORED.format(service=KEYRING_SERVICE, key=key))
    return 0


def _delete(store: Any, key: str) -> int:
    try:
        store.delete_password(KEYRING_SERVICE, key)
    except Exception:  # keyring raises PasswordDeleteError when nothing is stored
        print(texts.PASSWORD_NOT_FOUND.format(key=key))
        return 0
    print(texts.PASSWORD_DELETED.format(key=key))
    return 0


def ask_secret(prompt: str) -> str:
    """Ask without echo (replaced in tests, where there is no terminal)."""
    return getpass.getpass(prompt)


def keyring_backend() -> Any:
    """The OS keyring module (replaced in tests by a throwaway double)."""
    import keyring

    return keyring
