"""argparse in German: the texts argparse itself prints (usage, errors, help headings).

argparse looks its texts up through ``gettext`` at call time; Python ships no German
catalogue for it, so the few texts a user can meet are translated here.
"""

from __future__ import annotations

import argparse

ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "options": "Optionen",
    "positional arguments": "Argumente",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "show program's version number and exit": "Version zeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Auswahl: %(value)r (möglich: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "ambiguous option: %(option)s could match %(matches)s": (
        "mehrdeutige Option: %(option)s passt zu %(matches)s"
    ),
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "ignored explicit argument %r": "Wert %r wird nicht erwartet",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' lässt sich nicht öffnen: %(error)s",
}


def german(text: str) -> str:
    return ARGPARSE_GERMAN.get(text, text)


def german_plural(singular: str, plural: str, count: int) -> str:
    return german(singular if count == 1 else plural)


def install() -> None:
    """Make argparse print German (idempotent; affects only argparse's own texts)."""
    argparse._ = german  # type: ignore[attr-defined]
    argparse.ngettext = german_plural  # type: ignore[attr-defined]
