"""Every German text a person sees, in one place: messages, findings, headers.

Format placeholders are named; callers fill them with ``str.format``.
"""

from __future__ import annotations

# Readers
UNREADABLE_FILE = "Datei nicht lesbar ({reason}) – bitte Original ansehen"
UNKNOWN_FORMAT = "Unbekanntes Dateiformat – weder PDF noch XML"
HYBRID_TOTAL_MISMATCH = (
    "Sichtbarer Gesamtbetrag {visible} weicht vom XML-Betrag {xml} ab – Rechnung prüfen"
)

# E-invoices and Skonto (readers/einvoice.py, readers/skonto.py)
SKONTO_CODE_UNREADABLE = "Skonto-Angabe nicht lesbar: {line} – Skonto von Hand prüfen"
SKONTO_CODE_SYNTAX = "Skonto-Angabe weicht von der XRechnung-Schreibweise ab: {line}"
SKONTO_OTHER_BASIS = (
    "Skontofrist laut Text ab Erhalt/Lieferung – hier ab Rechnungsdatum gerechnet"
)

# Mail and archives (sources/mime.py, sources/containers.py, sources/imap.py)
MAIL_LINK_ONLY = "Rechnung nur als Link – bitte herunterladen: {url}"
MAIL_UNREADABLE = "E-Mail lässt sich nicht lesen ({reason}) – bitte im Postfach ansehen"
ZIP_UNREADABLE = "ZIP-Archiv lässt sich nicht öffnen ({reason}) – bitte von Hand entpacken"
ZIP_ENCRYPTED = "ZIP-Archiv ist mit Passwort geschützt – bitte von Hand entpacken"
ZIP_TOO_LARGE = (
    "ZIP-Archiv zu groß oder zu tief verschachtelt ({reason}) – bitte von Hand entpacken"
)
