"""What a German business document is, from its title lines.

A title is a line that starts with the document word ("Gutschrift Nr. 12", "1. Mahnung",
"LIEFERSCHEIN"); words inside running text ("Lieferschein-Nr.", "laut Angebot") are not
titles. An invoice title wins over an offer or delivery-note title on the same document
(invoices quote "Angebot" and "Lieferschein" numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zahllauf.model import DocumentKind

TITLE_LINES = 45

ICASE = re.IGNORECASE
_AFTER = r"(?![-\w])(?!\s*-\s*(?:Nr|nummer|datum)\b)"
INVOICE_TITLE = re.compile(r"^(?:[\w-]*rechnung|Rechnung)\b(?!s)", ICASE)
CREDIT_TITLE = re.compile(
    rf"^(?:Gutschrift|Stornorechnung|Storno-?Rechnung|Rechnungsstorno|Korrekturrechnung){_AFTER}",
    ICASE,
)
SELF_BILLING = re.compile(
    r"selbst\s+ausgestellte\s+Rechnung|Selbstfakturierung|Gutschriftsverfahren", ICASE
)
REMINDER_TITLE = re.compile(
    rf"^(?:\d\.\s*|letzte\s+|erste\s+|zweite\s+|dritte\s+)?(?:Mahnung|Zahlungserinnerung){_AFTER}",
    ICASE,
)
NOT_INVOICE_TITLES = [
    ("Angebot", re.compile(rf"^Angebot{_AFTER}", ICASE)),
    ("Kostenvoranschlag", re.compile(rf"^Kostenvoranschlag{_AFTER}", ICASE)),
    ("Auftragsbestätigung", re.compile(rf"^Auftragsbest[äa]tigung{_AFTER}", ICASE)),
    ("Lieferschein", re.compile(rf"^Lieferschein{_AFTER}", ICASE)),
    ("Bestellung", re.compile(rf"^Bestellung{_AFTER}", ICASE)),
    (
        "AGB",
        re.compile(r"^(?:Allgemeine\s+(?:Geschäfts|Liefer|Verkaufs)\w*bedingungen|AGB)\b", ICASE),
    ),
    ("Datenblatt", re.compile(r"^(?:Technisches\s+|Produkt|Sicherheits)?[Dd]atenblatt\b", ICASE)),
]


@dataclass(frozen=True)
class KindReading:
    """The kind, and for a non-invoice the word that told it."""

    kind: DocumentKind
    reason: str | None = None


def _titles(lines: list[str]) -> list[str]:
    return [line for line in lines[:TITLE_LINES] if len(line) <= 80]


def detect_kind(lines: list[str]) -> KindReading:
    """The document kind from the first page's lines.

    >>> detect_kind(["Muster GmbH", "1. Mahnung", "Rechnung Nr. 12 vom 01.02.2026"]).kind
    <DocumentKind.REMINDER: 'Mahnung'>
    >>> detect_kind(["Lieferschein-Nr.: 4711", "Rechnung"]).kind
    <DocumentKind.INVOICE: 'Rechnung'>
    """
    titles = _titles(lines)
    if any(REMINDER_TITLE.match(line) for line in titles):
        return KindReading(DocumentKind.REMINDER)
    credit = [line for line in titles if CREDIT_TITLE.match(line)]
    if credit and not any(SELF_BILLING.search(line) for line in credit):
        return KindReading(DocumentKind.CREDIT_NOTE)
    if any(INVOICE_TITLE.match(line) for line in titles):
        return KindReading(DocumentKind.INVOICE)
    for reason, pattern in NOT_INVOICE_TITLES:
        if any(pattern.match(line) for line in titles):
            return KindReading(DocumentKind.NOT_INVOICE, reason)
    return KindReading(DocumentKind.INVOICE)


__all__ = ["KindReading", "detect_kind"]
