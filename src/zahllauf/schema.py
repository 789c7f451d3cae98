"""The workbook's schema: sheets, columns, their types and formats.

This is the one place that fixes what the Zahlungsliste workbook holds. Adapters use it to
turn cell values into ``Decimal`` and ``date``; the template builder uses it to lay the
workbook out; the migration uses it to bring an older workbook up to date.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from zahllauf.model import Status

SCHEMA_VERSION = 1


class Kind(enum.Enum):
    """A column's value type; decides conversion and the Excel number format."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    PERCENT = "percent"
    HOURS = "hours"
    DATE = "date"
    LINK = "link"


# Excel format codes; a German Excel shows them with German separators.
NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.PERCENT: "0.00",
    Kind.HOURS: "0.00",
    Kind.DATE: "DD.MM.YYYY",
    Kind.INT: "0",
}


@dataclass(frozen=True)
class Column:
    """One column: its German header, its type and its width in characters."""

    header: str
    kind: Kind = Kind.TEXT
    width: int = 14
    wrap: bool = False  # long text wraps in its column instead of spilling over others


@dataclass(frozen=True)
class Sheet:
    """One sheet: name, columns, and the Excel table name where it is a table."""

    name: str
    columns: tuple[Column, ...]
    table: str | None = None
    hidden: bool = False

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, header: str) -> Column:
        for column in self.columns:
            if column.header == header:
                return column
        raise KeyError(header)


class C:
    """Header names of the Zahlungsliste, as constants for the code."""

    ID = "ID"
    EINGANG = "Eingang"
    LIEFERANT = "Lieferant"
    NUMMER = "Rechnungsnr."
    DATUM = "Rechnungsdatum"
    FAELLIG = "Fällig am"
    ZAHLEN_BIS = "Zahlen bis"
    BETRAG = "Betrag"
    WAEHRUNG = "Währung"
    SKONTO_PROZENT = "Skonto %"
    SKONTO_BIS = "Skonto bis"
    BETRAG_SKONTO = "Betrag mit Skonto"
    IBAN = "IBAN"
    BIC = "BIC"
    ZWECK = "Verwendungszweck"
    STATUS = "Status"
    HINWEIS = "Prüfhinweis"
    BEZAHLT_AM = "Bezahlt am"
    BEZAHLT_BETRAG = "Bezahlt Betrag"
    BELEG = "Beleg"
    QUELLE = "Quelle"
    BEMERKUNG = "Bemerkung"


PAYMENTS = Sheet(
    "Zahlungsliste",
    (
        Column(C.ID, Kind.INT, 6),
        Column(C.EINGANG, Kind.DATE, 11),
        Column(C.LIEFERANT, Kind.TEXT, 24),
        Column(C.NUMMER, Kind.TEXT, 16),
        Column(C.DATUM, Kind.DATE, 12),
        Column(C.FAELLIG, Kind.DATE, 11),
        Column(C.ZAHLEN_BIS, Kind.DATE, 11),
        Column(C.BETRAG, Kind.MONEY, 12),
        Column(C.WAEHRUNG, Kind.TEXT, 8),
        Column(C.SKONTO_PROZENT, Kind.PERCENT, 9),
        Column(C.SKONTO_BIS, Kind.DATE, 11),
        Column(C.BETRAG_SKONTO, Kind.MONEY, 12),
        Column(C.IBAN, Kind.TEXT, 24),
        Column(C.BIC, Kind.TEXT, 13),
        Column(C.ZWECK, Kind.TEXT, 20),
        Column(C.STATUS, Kind.TEXT, 12),
        Column(C.HINWEIS, Kind.TEXT, 34, wrap=True),
        Column(C.BEZAHLT_AM, Kind.DATE, 11),
        Column(C.BEZAHLT_BETRAG, Kind.MONEY, 12),
        Column(C.BELEG, Kind.LINK, 24),
        Column(C.QUELLE, Kind.TEXT, 22),
        Column(C.BEMERKUNG, Kind.TEXT, 34, wrap=True),
    ),
    table="Zahlungen",
)

SUPPLIERS = Sheet(
    "Lieferanten",
    (
        Column("Name", Kind.TEXT, 30),
        Column("USt-IdNr.", Kind.TEXT, 16),
        Column("IBAN", Kind.TEXT, 26),
        Column("IBAN bestätigt am", Kind.DATE, 14),
        Column("BIC", Kind.TEXT, 13),
        Column("Absender", Kind.TEXT, 30),
        Column("Zahlungsziel Tage", Kind.INT, 10),
        Column("Skonto %", Kind.PERCENT, 9),
        Column("Skonto Tage", Kind.INT, 9),
        Column("Bauleistung", Kind.TEXT, 11),
        Column("Freistellung gültig bis", Kind.DATE, 14),
        Column("Bemerkung", Kind.TEXT, 30),
    ),
    table="Lieferanten",
)

HOURS = Sheet(
    "Stunden",
    (
        Column("Datum", Kind.DATE, 11),
        Column("Mandant", Kind.TEXT, 24),
        Column("Tätigkeit", Kind.TEXT, 40),
        Column("Stunden", Kind.HOURS, 9),
        Column("Abgerechnet", Kind.TEXT, 12),
    ),
    table="Stunden",
)

SETTINGS = Sheet(
    "Einstellungen",
    (
        Column("Schlüssel", Kind.TEXT, 28),
        Column("Wert", Kind.TEXT, 36),
        Column("Erläuterung", Kind.TEXT, 60),
    ),
)

STATE = Sheet(
    "_zahllauf",
    (
        Column("Schlüssel", Kind.TEXT, 40),
        Column("Wert", Kind.TEXT, 60),
    ),
    hidden=True,
)

SHEETS = (PAYMENTS, SUPPLIERS, HOURS, SETTINGS, STATE)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}

STATUS_VALUES = tuple(s.value for s in Status)

# Settings with their default value and a German explanation; never a password here.
DEFAULT_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("Mandant", "", "Name der Firma, für die der Zahllauf geführt wird"),
    ("Eigene Firma", "", "Eigener Firmenname (Auftraggeber im SEPA-Auftrag)"),
    ("Eigene IBAN", "", "Eigenes Konto, von dem bezahlt wird"),
    ("Eigene BIC", "", "BIC des eigenen Kontos"),
    ("Bundesland", "", "Kürzel für Feiertage, z. B. BY, NW, BW"),
    ("Stundensatz", "", "Vereinbarter Stundensatz der Assistenz in EUR"),
    ("Wochenbudget Stunden", "", "Geplante Stunden pro Woche"),
    ("Eingangsordner", "", "Ordner mit neuen Rechnungen (Scanner/Downloads), falls kein Postfach"),
    ("Postfach Server", "", "IMAP-Server, z. B. imap.example.de (Passwort: zahllauf passwort)"),
    ("Postfach Port", "993", "993 (TLS) oder 143 (STARTTLS)"),
    ("Postfach Benutzer", "", "Anmeldename des Postfachs"),
    ("Postfach Ordner", "INBOX", "Ordner, durch Komma getrennt"),
    ("Postfach Anmeldung", "Passwort", "Passwort oder OAuth2 (Microsoft 365, Gmail)"),
    ("Postfach Startdatum", "", "Erster Abruf ab diesem Datum (leer: 60 Tage zurück)"),
    ("Postfach CA-Datei", "", "Eigenes Stammzertifikat der Firma (PEM), falls nötig"),
)

# State keys (hidden sheet); values are plain text.
STATE_SCHEMA_VERSION = "schema.version"
STATE_NEXT_ID = "zahlungen.next_id"
STATE_DOCUMENT_PREFIX = "beleg."  # beleg.<sha256> -> "<ID or ->|<archive path>"
STATE_MAILBOX_PREFIX = "postfach."  # postfach.<folder> -> "<uidvalidity>:<last uid>"
STATE_SKONTO_BASE_PREFIX = "skontobasis."  # skontobasis.<ID> -> base (BASISBETRAG)
STATE_ACK_PREFIX = "quittiert."  # quittiert.<ID> -> fingerprint of acknowledged findings
