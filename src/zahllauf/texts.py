"""Every German text a person sees, in one place: messages, findings, headers.

Format placeholders are named; callers fill them with ``str.format``.
"""

from __future__ import annotations

from datetime import date

# Readers
UNREADABLE_FILE = "Datei nicht lesbar (beschädigt oder unbekannter Aufbau) – bitte Original ansehen"
UNKNOWN_FORMAT = "Unbekanntes Dateiformat – weder PDF noch XML"
HYBRID_TOTAL_MISMATCH = (
    "Sichtbarer Gesamtbetrag {visible} weicht vom XML-Betrag {xml} ab – Rechnung prüfen"
)

# E-invoices and Skonto (readers/einvoice.py, readers/skonto.py)
SKONTO_CODE_UNREADABLE = "Skonto-Angabe nicht lesbar: {line} – Skonto von Hand prüfen"
SKONTO_CODE_SYNTAX = "Skonto-Angabe weicht von der XRechnung-Schreibweise ab: {line}"
SKONTO_OTHER_BASIS = "Skontofrist laut Text ab Erhalt/Lieferung – hier ab Rechnungsdatum gerechnet"
XML_TOO_LARGE = "XML-Datei größer als {mb} MB – nicht gelesen, bitte Original ansehen"
XML_DOCTYPE = (
    "XML-Datei enthält eingebettete Definitionen (DTD), die in E-Rechnungen nicht erlaubt "
    "sind und ein Angriff sein können – nicht gelesen; Rechnung beim Absender neu anfordern"
)
XML_MALFORMED = (
    "XML-Datei ist beschädigt oder unvollständig – nicht gelesen; Rechnung beim Absender "
    "neu anfordern"
)
XML_MALFORMED_NOTE = "XML-Datei beschädigt (Zeile {line})"
XML_NOT_EINVOICE = "{kind} – keine Rechnung"
XML_KIND_OTHER = "XML-Datei vom Typ „{root}“"
#: ISO 20022 messages that arrive beside invoices, by the start of their namespace.
XML_KINDS_ISO20022 = {
    "urn:iso:std:iso:20022:tech:xsd:camt.": "Kontoauszug der Bank (camt-XML)",
    "urn:iso:std:iso:20022:tech:xsd:pain.": "SEPA-Zahlungsdatei (pain-XML)",
}
EINV_VALUE_UNREADABLE = (
    "{name} nicht lesbar: „{value}“ – Wert in der Ansicht prüfen und von Hand eintragen"
)
#: The German names of the business terms (EN 16931) that a finding can name.
EINV_TERM_NAMES = {
    "BT-2": "Rechnungsdatum",
    "BT-5": "Währung",
    "BT-9": "Fälligkeitsdatum",
    "BT-20": "Skontobedingungen",
    "BT-24": "E-Rechnungsprofil",
    "BT-106": "Summe der Positionen",
    "BT-107": "Summe der Nachlässe",
    "BT-108": "Summe der Zuschläge",
    "BT-109": "Summe netto",
    "BT-110": "Umsatzsteuer",
    "BT-112": "Gesamtbetrag",
    "BT-113": "Bereits gezahlt",
    "BT-114": "Rundungsbetrag",
    "BT-115": "Zahlbetrag",
    "BT-117": "Steuerbetrag je Steuersatz",
    "BT-131": "Positionsbetrag",
}
EINV_TERM_UNKNOWN = "Angabe"
EINV_TERM = "{name} ({term})"
EINV_AMOUNT_DUE_MISSING = "Zahlbetrag (BT-115) fehlt – aus Gesamtbetrag und Vorauszahlung berechnet"
EINV_MORE_DUE_DATES = "Weiteres Fälligkeitsdatum: {date}"
EINV_MORE_IBANS = "Weitere IBAN des Lieferanten: {iban}"
EINV_ACCOUNT_NOT_IBAN = "Konto ohne IBAN angegeben: {account}"
EINV_MIXED_MEANS = "Mehrere Zahlungsarten angegeben – verwendet: {first}"
MORE_SKONTO = "Weitere Skontostufe: {percent} % bis {until}"
EINV_SKONTO_NO_DATE = "Skonto angegeben, aber ohne lesbare Frist – Skonto prüfen"
EINV_BOOKING_AID = (
    "E-Rechnung im Profil {profile} ist nur eine Buchungshilfe, keine Rechnung im Sinne "
    "des UStG – vollständige Rechnung beim Lieferanten anfordern"
)
EINV_PROFILE_UNKNOWN = (
    "E-Rechnungsprofil (BT-24) nicht erkannt: {profile} – wie eine vollständige Rechnung gelesen"
)
EINV_PROFILE_MISSING = "E-Rechnungsprofil (BT-24) fehlt – wie eine vollständige Rechnung gelesen"
EINV_XSD_INVALID = (
    "E-Rechnung formal fehlerhaft ({problem}) – Beträge und Bankverbindung in der Ansicht "
    "prüfen, ggf. korrigierte Rechnung beim Lieferanten anfordern"
)
EINV_XSD_NOTE = "XML entspricht nicht dem Schema (Zeile {line})"
EINV_XSD_PROFILE = (
    "E-Rechnung enthält Angaben außerhalb ihres Profils (Zeile {line}) – trotzdem gültig, "
    "nichts zu tun"
)
#: What a schema violation means, in words a bookkeeper can pass on to the supplier.
EINV_XSD_PROBLEMS = {
    "missing": "eine Pflichtangabe fehlt",
    "unexpected": "eine Angabe steht an falscher Stelle oder ist nicht vorgesehen",
    "value": "ein Wert hat ein ungültiges Format",
    "other": "der Aufbau weicht vom Standard ab",
}
EINV_SUM_MISMATCH = (
    "Beträge passen nicht zusammen: {total_name} {total} {currency}, aus {parts} ergeben "
    "sich {expected} {currency} – Rechnung prüfen, ggf. beim Lieferanten klären"
)
#: Per EN 16931 sum rule: the total it checks and what that total is made of.
EINV_SUM_PARTS = {
    "BR-CO-10": "den Positionsbeträgen",
    "BR-CO-13": "Positionen − Nachlässe + Zuschläge",
    "BR-CO-14": "den Steuerbeträgen je Steuersatz",
    "BR-CO-15": "Summe netto + Umsatzsteuer",
    "BR-CO-16": "Gesamtbetrag − bereits gezahlt + Rundung",
}
EINV_DECIMALS = (
    "Betrag mit mehr als zwei Nachkommastellen ({amounts}) – in E-Rechnungen nicht "
    "erlaubt; Betrag beim Lieferanten klären und vor der Zahlung auf den Cent festlegen"
)
EINV_DECIMALS_AMOUNT = "{term} {amount} {currency}"
VIEW_SELLER = "Lieferant"
VIEW_BUYER = "Empfänger"
VIEW_NUMBER = "Rechnungsnummer"
VIEW_ISSUE_DATE = "Rechnungsdatum"
VIEW_DUE_DATE = "Fällig am"
VIEW_BUYER_REFERENCE = "Leitweg-ID / Käuferreferenz"
VIEW_ORDER_REFERENCE = "Bestellnummer"
VIEW_FORMAT = "Format"
VIEW_VAT_ID = "USt-IdNr. des Lieferanten"
VIEW_EMAIL = "E-Mail des Lieferanten"
VIEW_PARTIES = "Anschriften"
VIEW_LINES = "Positionen"
VIEW_LINE_HEADERS = ("Bezeichnung", "Menge", "Einzelpreis netto", "Gesamt netto")
VIEW_TOTALS = "Beträge"
VIEW_NET = "Summe netto"
VIEW_VAT = "Umsatzsteuer"
VIEW_GROSS = "Gesamtbetrag"
VIEW_PREPAID = "Bereits gezahlt"
VIEW_DUE = "Zahlbetrag"
VIEW_PAYMENT = "Zahlung"
VIEW_MEANS = "Zahlungsart"
VIEW_IBAN = "IBAN"
VIEW_BIC = "BIC"
VIEW_REMITTANCE = "Verwendungszweck"
VIEW_SKONTO = "Skonto"
VIEW_SKONTO_VALUE = "{percent} % bis {until} (zu zahlen: {amount})"
VIEW_TERMS = "Zahlungsbedingungen"
VIEW_NOTES = "Bemerkungen"
VIEW_FINDINGS = "Hinweise"
#: The syntaxes as the view names them (readers/xmlsafe.py Syntax values).
VIEW_SYNTAX_NAMES = {
    "UN/CEFACT CII D16B": "CII (UN/CEFACT D16B)",
    "ZUGFeRD 1.0": "ZUGFeRD 1.0",
    "UBL 2.1 Invoice": "UBL 2.1 Rechnung",
    "UBL 2.1 CreditNote": "UBL 2.1 Gutschrift",
}
#: Common units of measure (UN/ECE Recommendation 20 codes) as Germans write them.
VIEW_UNITS = {
    "C62": "Stück",
    "H87": "Stück",
    "XPP": "Stück",
    "EA": "Stück",
    "PCE": "Stück",
    "SET": "Satz",
    "LS": "pauschal",
    "HUR": "Std.",
    "MIN": "Min.",
    "DAY": "Tage",
    "WEE": "Wochen",
    "MON": "Monate",
    "ANN": "Jahre",
    "KGM": "kg",
    "GRM": "g",
    "TNE": "t",
    "MTR": "m",
    "KMT": "km",
    "MTK": "m²",
    "MTQ": "m³",
    "LTR": "l",
    "KWH": "kWh",
    "P1": "%",
}
XML_ENCODING = "XML-Kopf nennt eine unbekannte Zeichenkodierung – als UTF-8 gelesen"
EINV_CURRENCY_MISSING = "Währung (BT-5) fehlt in der E-Rechnung – EUR angenommen, bitte prüfen"
EINV_NEGATIVE_DUE = (
    "Zahlbetrag ist negativ (Korrektur oder Guthaben) – nicht überweisen, Gutschrift prüfen"
)

# Mail and archives (sources/mime.py, sources/containers.py, sources/imap.py)
MAIL_LINK_ONLY = "Rechnung nur als Link – bitte herunterladen: {url}"
#: Bemerkung of an invoice whose twin (the PDF of an XML e-invoice) is archived beside it.
RELATED_FILES = "Zugehörig, im selben Belege-Ordner abgelegt: {names}"
MAIL_UNREADABLE = "E-Mail lässt sich nicht lesen ({reason}) – bitte im Postfach ansehen"
ZIP_UNREADABLE = "ZIP-Archiv lässt sich nicht öffnen ({reason}) – bitte von Hand entpacken"
ZIP_ENCRYPTED = "ZIP-Archiv ist mit Passwort geschützt – bitte von Hand entpacken"
ZIP_TOO_LARGE = (
    "ZIP-Archiv zu groß oder zu tief verschachtelt ({reason}) – bitte von Hand entpacken"
)
IMAGE_SCAN = "Bild/Scan ohne Text – bitte ansehen (Texterkennung folgt später)"
OFFICE_DOCUMENT = "Word-/Office-Dokument – keine Rechnung im PDF- oder XML-Format – bitte ansehen"
ATTACHMENTS_UNKNOWN = (
    "Anhang in unbekanntem Format ({names}) – nicht übernommen, bitte in der E-Mail ansehen"
)
ARCHIVE_MEMBERS_UNKNOWN = (
    "Datei im ZIP-Archiv in unbekanntem Format ({names}) – bitte von Hand entpacken und ansehen"
)
MAIL_NOT_A_MAIL = "kein E-Mail-Aufbau erkennbar"
HELP_PASSWORT = (
    "das Passwort (oder OAuth2-Zugriffstoken) des Postfachs im Schlüsselbund des "
    "Betriebssystems speichern – es steht nie in der Mappe"
)
HELP_PASSWORT_LOESCHEN = "das gespeicherte Passwort aus dem Schlüsselbund entfernen"
PASSWORD_PROMPT = "Passwort für {user} auf {host} (wird nicht angezeigt): "
TOKEN_PROMPT = "OAuth2-Zugriffstoken für {user} auf {host} (wird nicht angezeigt): "
PASSWORD_EMPTY = "Nichts eingegeben – es wurde nichts gespeichert."
PASSWORD_STORED = "Gespeichert im Schlüsselbund: Dienst „{service}“, Benutzer „{key}“."
PASSWORD_DELETED = "Aus dem Schlüsselbund entfernt: „{key}“."
PASSWORD_NOT_FOUND = "Im Schlüsselbund war nichts gespeichert für „{key}“."
KEYRING_MISSING = (
    "Auf diesem Rechner ist kein Schlüsselbund des Betriebssystems verfügbar – zahllauf "
    "speichert Passwörter nur dort, nie in einer Datei. Windows (Anmeldeinformations"
    "verwaltung) und macOS (Schlüsselbund) haben ihn immer; unter Linux muss in der "
    "Sitzung ein Secret-Service laufen (z. B. GNOME Schlüsselbund oder KWallet). Bis dahin "
    "Rechnungen über einen Ordner abrufen: zahllauf abrufen --ordner ORDNER"
)
KEYRING_UNAVAILABLE = (
    "Der Schlüsselbund des Betriebssystems hat das Speichern abgelehnt – bitte den "
    "Schlüsselbund entsperren (bei der Anmeldung am Rechner) und den Befehl wiederholen."
)

# Sources
FOLDER_MISSING = (
    "Der Eingangsordner {folder} existiert nicht. Geben Sie mit --ordner einen vorhandenen "
    "Ordner an oder korrigieren Sie „Eingangsordner“ im Blatt Einstellungen."
)
FILE_UNREADABLE = "Datei konnte nicht gelesen werden (keine Berechtigung?)"
EMPTY_FILE = "Datei ist leer (0 Byte)"
FOLDER_IS_FILE = (
    "{folder} ist eine Datei, kein Ordner. Geben Sie mit --ordner den Ordner an, in dem die "
    "Rechnungen liegen."
)
SKIP_LINK = "Verknüpfung – wird nicht gelesen"
#: One entry of ``FolderSource.skipped``: the file or folder name and why it was not read.
FOLDER_SKIPPED = "{name} ({reason})"
FOLDER_SKIPPED_LINE = "Nicht gelesen: {entry}"
SKIP_SUBFOLDER = "Unterordner – wird nicht gelesen, Dateien bitte direkt in den Eingangsordner"
SKIP_OFFICE = "Word-/Office-Datei – keine Rechnung im PDF- oder XML-Format, bitte ansehen"
SKIP_UNKNOWN = "kein PDF, XML, E-Mail, ZIP oder Bild"
SKIP_EMPTY_MAIL = "E-Mail ohne Rechnungsanhang"
SKIP_EMPTY_ARCHIVE = "nichts Lesbares darin"

# Fetch job (abrufen)
PROGRESS_DOCUMENT = "Lese {name} …"
NOT_AN_INVOICE = "keine Rechnung"
KNOWN_ROW_MISSING = (
    "Schon erfasst, aber nicht mehr in der Liste: {name} war ID {id} – wurde die Zeile "
    "gelöscht? Das Original liegt in {file}; zum Wiederaufnehmen die Zeile von Hand "
    "eintragen oder 'zahllauf wiederherstellen'."
)
REMINDER_UNKNOWN = "Mahnung zu Rechnung {number} – diese Rechnung steht nicht in der Liste"
REMINDER_NOTE = "Mahnung erhalten am {date} ({file})"
REMINDER_CHECK = "Mahnung erhalten – Zahlung prüfen"
REMINDER_PAID_CHECK = (
    "Mahnung, obwohl am {date} bezahlt ({amount} {currency}) – Zahlungseingang beim "
    "Lieferanten klären"
)


def count(number: int, singular: str, plural: str) -> str:
    """ "1 Dokument", "3 Dokumente"."""
    return f"{number} {singular if number == 1 else plural}"


# Command line
CLI_DESCRIPTION = (
    "zahllauf – der wöchentliche Zahllauf: Lieferantenrechnungen abrufen, prüfen und in der "
    "Zahlungsliste (Excel-Arbeitsmappe) für die Zahlung vorbereiten."
)
CLI_EPILOG = (
    "Beispiele:\n"
    "  zahllauf demo                              Beispiel mit eigener Mappe ausprobieren\n"
    "  zahllauf neu --mappe Zahlungsliste.xlsx    neue, leere Zahlungsliste anlegen\n"
    "  zahllauf abrufen --ordner Eingang          neue Rechnungen aus einem Ordner holen\n"
    "  zahllauf wiederherstellen                  vorige Fassung der Mappe zurückholen\n"
    "\n"
    "Rückgabewerte: 0 erledigt (auch mit Zeilen zum Prüfen), 1 unerwarteter Fehler,\n"
    "2 falscher Aufruf, 3 Mappe oder Sicherung fehlt, 4 Mappe in Excel geöffnet oder belegt,\n"
    "5 Mappe ohne Excel nicht bearbeitbar, 6 Eingangsordner nicht erreichbar,\n"
    "7–12 Postfach-Fehler, 13 keine Schreib-/Leserechte (siehe README)."
)
CLI_VERSION = "Version zeigen und beenden"
CLI_VERBOSE = "ausführliche Meldungen (für die Fehlersuche)"
CLI_INTERRUPTED = "Abgebrochen. Die Arbeitsmappe wurde nicht verändert."
CLI_UNEXPECTED = (
    "Unerwarteter Fehler – die Arbeitsmappe wurde nicht verändert. Starten Sie den Befehl "
    "mit --ausfuehrlich und schicken Sie die Ausgabe an den Support."
)
CLI_PERMISSION = (
    "Keine Berechtigung für {path}: die Datei oder der Ordner ist schreibgeschützt oder "
    "gehört einem anderen Benutzer. Prüfen Sie die Rechte (oder ob die Datei gerade "
    "synchronisiert wird) und starten Sie den Befehl erneut."
)
HELP_MAPPE = "Pfad der Arbeitsmappe (Standard: Zahlungsliste.xlsx im aktuellen Ordner)"


def german_date(day: date) -> str:
    """A date as the sheets and messages show it: ``TT.MM.JJJJ``.

    >>> german_date(date(2026, 3, 8))
    '08.03.2026'
    """
    return day.strftime("%d.%m.%Y")


def german_digits(text: str) -> str:
    """English digit separators swapped for German ones.

    >>> german_digits("-1,234.56")
    '-1.234,56'
    """
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(amount: object, places: int = 2) -> str:
    """German money format without currency: 1.234,56; -0,50."""
    return german_digits(f"{amount:,.{places}f}")


HELP_NEU = "neue, leere Zahlungsliste anlegen"
NEU_EXISTS = "Die Mappe {path} gibt es schon – sie bleibt unverändert."
NEU_SUFFIX = (
    "{path}: eine Zahlungsliste ist eine Excel-Arbeitsmappe mit der Endung .xlsx – "
    "bitte den Namen so wählen, z. B. Zahlungsliste.xlsx."
)
NEU_NO_FOLDER = "Den Ordner {folder} gibt es nicht. Legen Sie ihn zuerst an."
NEU_DONE = "Neue Zahlungsliste angelegt: {path}"
HELP_WIEDERHERSTELLEN = (
    "die vorige Fassung der Mappe zurückholen (die aktuelle wird zur Sicherung, "
    "ein zweiter Aufruf macht es rückgängig)"
)
RESTORED = (
    "Die vorige Fassung von {path} ist zurückgeholt. Die bisherige Fassung liegt jetzt in {backup}."
)

HELP_ABRUFEN = "neue Rechnungen aus dem Eingangsordner oder dem Postfach in die Zahlungsliste holen"
HELP_ORDNER = "Ordner mit neuen Rechnungen (PDF, XML, EML, ZIP) statt des Postfachs"
NOT_INVOICE_LINE = "Keine Rechnung, nur abgelegt: {name}"
REMINDER_LINE = "Mahnung vermerkt bei Rechnung {reminder}"
NO_SOURCE = (
    "Kein Eingang eingerichtet. Geben Sie einen Ordner an (zahllauf abrufen --ordner ORDNER) "
    "oder tragen Sie im Blatt Einstellungen das Postfach oder den Eingangsordner ein."
)

# Excel add-in: ribbon, build and install (zahllauf.ribbon, zahllauf.addin)
RIBBON_TAB = "Zahllauf"
RIBBON_UNKNOWN_BUTTON = (
    "Die Schaltfläche „{control_id}“ kennt diese zahllauf-Version nicht. Bauen und "
    "installieren Sie das Add-in neu: 'zahllauf addin installieren'."
)
RIBBON_UNEXPECTED_ERROR = (
    "„{label}“ ist mit einem unerwarteten Fehler abgebrochen: {error}. "
    "Die Arbeitsmappe wurde dabei nicht gespeichert, wenn nichts anderes gemeldet wurde."
)
HELP_ADDIN = "das Excel-Add-in (Menüband „Zahllauf“) bauen, installieren oder entfernen"
HELP_ADDIN_BAUEN = "zahllauf.xlam aus den Quellen in addin/ bauen (ohne Excel)"
HELP_ADDIN_ZIEL = "wohin das Add-in geschrieben wird (Standard: zahllauf.xlam im aktuellen Ordner)"
HELP_ADDIN_INSTALLIEREN = (
    "das Add-in in den Excel-Startordner kopieren und Excel diesen Python-Interpreter nennen "
    "(Windows und Mac; unter Linux Rückgabewert 2, dort gibt es kein Excel)"
)
HELP_ADDIN_DEINSTALLIEREN = (
    "das Add-in aus dem Excel-Startordner und seine Einstellungen entfernen (Windows und Mac; "
    "unter Linux Rückgabewert 2)"
)
HELP_ADDIN_DATEI = "ein fertiges zahllauf.xlam installieren, statt es neu zu bauen"
HELP_ADDIN_SYSTEM = (
    "Ordnerstruktur von Windows oder Mac (Standard: dieses System; unter Linux nur zusammen "
    "mit --heimordner, um die Dateien für einen anderen Rechner vorzubereiten)"
)
HELP_ADDIN_HEIMORDNER = "Benutzerordner, in den installiert wird (Standard: der eigene)"
ADDIN_NO_EXCEL = (
    "Excel gibt es unter {system} nicht – das Add-in lässt sich hier weder installieren noch "
    "entfernen. Führen Sie den Befehl auf dem Windows-PC oder Mac aus, auf dem Excel läuft. "
    "(Nur um die Dateien für einen anderen Rechner vorzubereiten: --system windows oder "
    "--system mac zusammen mit --heimordner ORDNER.)"
)
ADDIN_BUILT = "Add-in gebaut: {path} ({modules} VBA-Module, {buttons} Schaltflächen)"
ADDIN_SOURCES_MISSING = (
    "Die Quellen des Add-ins fehlen ({path}). Das Add-in lässt sich nur aus dem "
    "zahllauf-Quellordner bauen; geben Sie sonst mit --datei ein fertiges zahllauf.xlam an."
)
ADDIN_XLWINGS_MISMATCH = (
    "Das Add-in braucht xlwings {expected}, installiert ist {found}. Installieren Sie "
    "zahllauf neu, damit die passende xlwings-Version dazukommt."
)
ADDIN_TARGET_BUSY = (
    "{path} lässt sich nicht schreiben – vermutlich ist Excel geöffnet. Beenden Sie Excel "
    "und rufen Sie den Befehl erneut auf."
)
ADDIN_INSTALLED = "Add-in installiert: {addin}\nEinstellungen (Python-Interpreter): {conf}"
ADDIN_SCRIPT_INSTALLED = "AppleScript für RunPython installiert: {script}"
ADDIN_UNINSTALLED = "Entfernt: {path}"
ADDIN_NOTHING_TO_REMOVE = "Es war kein zahllauf-Add-in installiert ({path})."
ADDIN_SCRIPT_KEPT = (
    "Das AppleScript {script} bleibt liegen: es gehört zu xlwings und wird womöglich von "
    "anderen Add-ins benutzt. Löschen Sie es von Hand, wenn Sie xlwings nicht mehr brauchen."
)
ADDIN_STEPS_WINDOWS = """\
So geht es weiter (Windows):
1. Excel ganz schließen und neu starten. Im Menüband erscheint die Registerkarte „Zahllauf“.
2. Fehlt sie: Datei → Optionen → Add-Ins → unten „Verwalten: Excel-Add-Ins“ → Gehe zu …
   → „zahllauf“ ankreuzen. Steht es unter „Deaktivierte Elemente“, dort wieder aktivieren.
3. Erscheint „SICHERHEITSRISIKO: Microsoft hat die Ausführung von Makros blockiert“, stammt
   die Datei aus dem Internet oder einer E-Mail. Excel schließen, im Explorer die Datei
   {addin} mit der rechten Maustaste → Eigenschaften → unten „Zulassen“ ankreuzen → OK
   (oder in PowerShell: Unblock-File "{addin}"). Dann Excel neu starten.
4. Erscheint die gelbe Leiste „SICHERHEITSWARNUNG Makros wurden deaktiviert“, auf
   „Inhalt aktivieren“ klicken. Der Excel-Startordner (XLSTART) ist ein vertrauenswürdiger
   Speicherort; dort fragt Excel normalerweise nicht.
5. Probe: Registerkarte „Zahllauf“ → „Prüfen“. Die Statusleiste zeigt den Fortschritt.
"""
ADDIN_STEPS_MAC = """\
So geht es weiter (Mac):
1. Excel mit ⌘Q ganz beenden und neu starten. Im Menüband erscheint die Registerkarte „Zahllauf“.
2. Fehlt sie: Menü Extras → Excel-Add-Ins … → „zahllauf“ ankreuzen.
3. Fragt Excel „… enthält Makros. Möchten Sie die Makros aktivieren?“, auf
   „Makros aktivieren“ klicken. Fragt es nicht und die Knöpfe tun nichts: Excel →
   Einstellungen → Sicherheit → Makroeinstellungen prüfen.
4. Stammt zahllauf.xlam aus dem Internet (Quarantäne), im Terminal ausführen:
   xattr -d com.apple.quarantine "{addin}"
5. Beim ersten Klick fragt macOS, ob Excel auf Dateien oder andere Programme zugreifen darf:
   mit „OK“ bestätigen. Probe: Registerkarte „Zahllauf“ → „Prüfen“.
"""

# PDF text reader (readers/pdftext.py)
PDF_SCANNED = "gescannt – kein Text (bitte Rechnung von Hand erfassen)"
PDF_NO_NUMBER = "Keine Rechnungsnummer gefunden"
PDF_NUMBER_DOUBTFUL = "Mehrere Rechnungsnummern gefunden ({values}) – erste übernommen"
PDF_IBAN_INVALID = "IBAN {iban} hat eine ungültige Prüfziffer – bitte mit der Rechnung vergleichen"
PDF_MORE_ACCOUNTS = "Weitere Konten auf der Rechnung: {ibans}"
PDF_SUM_MISMATCH = "Netto {net} + USt {vat} ergibt nicht Brutto {gross} – Beträge prüfen"
PDF_GROSS_COMPUTED = "Bruttobetrag nicht gefunden – aus Netto + USt berechnet, bitte prüfen"
PDF_GROSS_DOUBTFUL = "Gesamtbetrag unsicher (auch gedruckt: {values}) – Betrag prüfen"
PDF_DUE_MISMATCH = "Zahlbetrag {due} passt nicht zu Brutto {gross} abzüglich Anzahlungen"
PDF_DUE_COMPUTED = "Fälligkeit aus Zahlungsziel berechnet: {term}"
PDF_DUE_AFTER_RECEIPT = "Zahlungsziel läuft ab Erhalt – hier ab Rechnungsdatum gerechnet"
PDF_DUE_BEFORE_ISSUE = "Fälligkeit {due} liegt vor dem Rechnungsdatum {issue}"
PDF_ALREADY_PAID = "Laut Rechnung bereits bezahlt – nicht noch einmal überweisen"
PDF_DIRECT_DEBIT = "Lastschrift – der Lieferant bucht selbst ab, nicht überweisen"
PDF_CARD = "Zahlung per Kreditkarte – nicht überweisen"
PDF_SMALL_BUSINESS = "Kleinunternehmer (§ 19 UStG) – ohne Umsatzsteuer"
PDF_REVERSE_CHARGE = "Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG) – ohne USt"
PDF_TAX_EXEMPT = "Steuerfreie Leistung – ohne Umsatzsteuer"
PDF_NO_VAT_SHOWN = (
    "Keine Umsatzsteuer ausgewiesen und kein Hinweis, warum (§ 19, § 13b, § 4 UStG) – "
    "Nettobetrag und Vorsteuerabzug prüfen, ggf. korrigierte Rechnung anfordern"
)
PDF_ENGLISH_NUMBERS = "Beträge im englischen Zahlenformat (1,234.56) gelesen"
PDF_RETENTION = "Sicherheitseinbehalt {amount} abgezogen"
PDF_PREPAID = "Bereits gezahlt / Abschlag {amount} abgezogen"
PDF_REMINDER_NO_NUMBER = "Mahnung ohne erkennbare Rechnungsnummer – bitte zuordnen"
PDF_REMITTANCE = "Rechnung {number}"
PDF_REMITTANCE_CUSTOMER = "Rechnung {number}, Kd-Nr. {customer}"
PDF_REMITTANCE_CREDIT = "Gutschrift {number}"
PDF_REMITTANCE_CREDIT_CUSTOMER = "Gutschrift {number}, Kd-Nr. {customer}"
PDF_NOT_INVOICE = {
    "Angebot": "Angebot – keine Rechnung",
    "Kostenvoranschlag": "Kostenvoranschlag – keine Rechnung",
    "Auftragsbestätigung": "Auftragsbestätigung – keine Rechnung",
    "Lieferschein": "Lieferschein – keine Rechnung",
    "Bestellung": "Bestellung – keine Rechnung",
    "AGB": "Allgemeine Geschäftsbedingungen – keine Rechnung",
    "Datenblatt": "Datenblatt – keine Rechnung",
}

HELP_DEMO = "Beispiel ausprobieren: neuer Ordner mit Zahlungsliste und Beispielrechnungen"
HELP_DEMO_ORDNER = "Ordner für das Beispiel (Standard: zahllauf-demo)"
DEMO_DONE = (
    "Fertig. Die Zahlungsliste liegt in:\n  {path}\n"
    "Die Beispielrechnungen liegen in:\n  {inbox}\n"
    "Öffnen Sie die Mappe in Excel oder LibreOffice. Ein zweiter Lauf "
    "(zahllauf abrufen --mappe … --ordner …) fügt nichts doppelt ein."
)

# Checks and the supplier master (checks/, jobs/pruefen.py, commands/pruefen.py)
CHECK_FAILED = "Prüfung „{check}“ konnte nicht laufen ({reason}) – bitte von Hand prüfen"
IBAN_MISSING = "Keine IBAN – beim Lieferanten erfragen"
IBAN_INVALID = "IBAN ungültig ({reason}) – Tippfehler? Beleg ansehen"
IBAN_REASON_COUNTRY = "unbekanntes Land"
IBAN_REASON_LENGTH = "falsche Länge"
IBAN_REASON_CHECKSUM = "Prüfsumme falsch"
IBAN_REASON_STRUCTURE = "falscher Aufbau"
IBAN_NOT_SEPA = "IBAN aus {country} – nicht im SEPA-Raum, keine SEPA-Überweisung möglich"
IBAN_BANK_UNKNOWN = "Bankleitzahl {code} steht nicht im Bankenverzeichnis"
IBAN_CHECK_DIGIT_METHOD = (
    "Kontonummer besteht die Prüfziffernmethode {method} der Bank nicht – "
    "IBAN sicherheitshalber beim Lieferanten gegenprüfen"
)
BIC_INVALID = "BIC {bic} ist ungültig"
BIC_MISMATCH = (
    "BIC {bic} passt laut Bankverzeichnis nicht zur Bank der IBAN (dort {expected}) – "
    "maßgeblich ist die IBAN"
)
BIC_OTHER_COUNTRY = "BIC {bic} gehört nicht zum Land der IBAN ({country}) – BIC prüfen"
SUPPLIER_UNKNOWN = "Lieferant nicht erkannt – bitte eintragen"
SUPPLIER_NEW = "Neuer Lieferant – in Lieferanten angelegt"
SUPPLIER_NAME_CONFLICT = "Name passt nicht zur USt-IdNr./IBAN von Lieferant {name} – prüfen"
SUPPLIER_NEW_REMARK = "Neu angelegt am {date} – IBAN noch nicht bestätigt"
SUPPLIER_NEW_REMARK_NO_IBAN = "Neu angelegt am {date} – noch keine IBAN"
SUPPLIER_NEW_REMARK_DEBIT = "Neu angelegt am {date} – zieht per Lastschrift ein"
SUPPLIER_NEW_REMARK_CONFIRMED = "Neu angelegt am {date} – IBAN bestätigt am {confirmed}"
IBAN_CHANGED = (
    "IBAN weicht von der bestätigten IBAN ab – vor Zahlung telefonisch beim Lieferanten bestätigen"
)
IBAN_DIFFERS_UNCONFIRMED = (
    "IBAN weicht von der (noch unbestätigten) IBAN in Lieferanten ab – "
    "vor Zahlung beim Lieferanten bestätigen"
)
IBAN_UNCONFIRMED = (
    "IBAN noch nicht bestätigt – vor der ersten Zahlung telefonisch beim Lieferanten "
    "bestätigen und in Lieferanten „IBAN bestätigt am“ eintragen"
)
IBAN_FROM_MASTER = "IBAN aus den Lieferanten-Stammdaten übernommen"
IBAN_PROPOSED = "IBAN in Lieferanten eingetragen – dort noch nicht bestätigt"
DUE_FROM_TERMS = "Fällig am {date} aus dem Zahlungsziel des Lieferanten ({days} Tage) berechnet"
DUE_MISSING = "Kein Fälligkeitsdatum und kein Zahlungsziel – ohne Vereinbarung sofort fällig"
DUE_BEFORE_ISSUE = "Fälligkeit {due} liegt vor dem Rechnungsdatum {issue}"
DUE_TOO_LATE = "Fälligkeit {due} liegt ungewöhnlich spät ({days} Tage nach Rechnungsdatum)"
ISSUE_DATE_MISSING = "Kein Rechnungsdatum erkannt"
ISSUE_DATE_FUTURE = "Rechnungsdatum {date} liegt in der Zukunft"
OVERDUE = "Überfällig seit {date}"
SKONTO_PASSED = "Skontofrist am {date} abgelaufen – voller Betrag fällig"
SKONTO_CLOSE = "Skontofrist endet am {date} – bald zahlen"
SKONTO_AFTER_DUE = (
    "Skontofrist nach Fälligkeit – Zahlungsbedingungen prüfen (Skonto bis {until}, fällig am {due})"
)
PAY_BY_MOVED = "Zahlen bis auf {date} vorgezogen ({reason})"
TOTALS_MISMATCH = "Netto {net} + USt {vat} ergibt nicht den Bruttobetrag {gross}"
CURRENCY_NOT_EUR = "Währung {currency} – SEPA-Überweisung nur in EUR möglich"
AMOUNT_MISSING = "Kein Zahlbetrag erkannt"
AMOUNT_ZERO = "Zahlbetrag ist 0,00 € – nichts zu zahlen?"
CREDIT_NOTE = "Gutschrift über {amount} – mit offenen Rechnungen des Lieferanten verrechnen{open}"
CREDIT_NOTE_OPEN = " (offen: {rows})"
AMOUNT_UNUSUAL = (
    "Betrag {amount} deutlich über dem Üblichen für diesen Lieferanten (sonst etwa {usual})"
)
DUPLICATE_NUMBER = "mögliche Doppelrechnung: gleiche Rechnungsnr. wie {row}"
DUPLICATE_AMOUNT = "mögliche Doppelrechnung: gleicher Betrag wie {row} vom {date}"
# How a finding names another row: its ID, else its line in the sheet, else its number.
ROW_BY_ID = "ID {id}"
ROW_BY_LINE = "Zeile {line}"
ROW_BY_NUMBER = "Rechnungsnr. {number}"
STATUS_UNKNOWN = "Status „{status}“ unbekannt – erlaubt sind: {allowed}"
BAU48_MISSING = (
    "15 % Bauabzugsteuer einbehalten? Keine Freistellungsbescheinigung hinterlegt (§ 48 EStG)"
)
BAU48_EXPIRED = (
    "15 % Bauabzugsteuer einbehalten? Freistellungsbescheinigung am {date} abgelaufen (§ 48 EStG)"
)
BAU48_EXPIRING = "Freistellungsbescheinigung läuft am {date} ab – neue anfordern"
PRUEFEN_HELP = "Alle offenen Zeilen der Zahlungsliste neu prüfen (auch nach Änderungen von Hand)"
PRUEFEN_SUMMARY = (
    "{checked} geprüft: {pruefen} zu prüfen, {offen} offen, {changed} geändert, "
    "{suppliers} vorgeschlagen"
)
PRUEFEN_LAND_UNKNOWN = (
    "Bundesland „{value}“ in den Einstellungen unbekannt – nur bundesweite Feiertage "
    "berücksichtigt (Kürzel wie BY, NW, BW eintragen)"
)
PRUEFEN_LAND_MISSING = (
    "Kein Bundesland in den Einstellungen – nur bundesweite Feiertage berücksichtigt"
)
PRUEFEN_RELEASED = "{count} geprüft (Status bleibt), {hints} davon mit Prüfhinweis"
PRUEFEN_STATUS_UNKNOWN = "{count} mit unbekanntem Status – siehe Prüfhinweis, Status korrigieren"
PAID_ALREADY_AS = "Gleiche Rechnungsnr. dieses Lieferanten schon als {row} am {date} bezahlt"
# Texts earlier versions of the checks wrote; still recognised, so a re-check replaces them.
_SUPPLIER_NEW_BEFORE = (
    "Neuer Lieferant – IBAN vor der ersten Zahlung telefonisch bestätigen und in "
    "Lieferanten „IBAN bestätigt am“ eintragen"
)
_IBAN_UNCONFIRMED_BEFORE = (
    "IBAN des Lieferanten noch nicht bestätigt („IBAN bestätigt am“ in Lieferanten)"
)
_IBAN_FROM_MASTER_UNCONFIRMED_BEFORE = (
    "IBAN aus den Lieferanten-Stammdaten übernommen, dort aber noch nicht bestätigt"
)

# Texts written by the checks above; a Prüfhinweis line matching none of them is kept
# on a re-check (a reader's finding, or a person's note).
CHECK_TEXTS = (
    CHECK_FAILED, IBAN_MISSING, IBAN_INVALID, IBAN_NOT_SEPA, IBAN_BANK_UNKNOWN,
    IBAN_CHECK_DIGIT_METHOD, BIC_INVALID, BIC_MISMATCH, BIC_OTHER_COUNTRY, SUPPLIER_UNKNOWN,
    SUPPLIER_NEW, SUPPLIER_NAME_CONFLICT, IBAN_CHANGED, IBAN_DIFFERS_UNCONFIRMED,
    IBAN_UNCONFIRMED, IBAN_FROM_MASTER, IBAN_PROPOSED, DUE_FROM_TERMS, DUE_MISSING,
    DUE_BEFORE_ISSUE, DUE_TOO_LATE, ISSUE_DATE_MISSING, ISSUE_DATE_FUTURE, OVERDUE,
    SKONTO_PASSED, SKONTO_CLOSE, SKONTO_AFTER_DUE,
    PAY_BY_MOVED, TOTALS_MISMATCH, CURRENCY_NOT_EUR, AMOUNT_MISSING, AMOUNT_ZERO, CREDIT_NOTE,
    AMOUNT_UNUSUAL, DUPLICATE_NUMBER, DUPLICATE_AMOUNT, BAU48_MISSING, BAU48_EXPIRED,
    BAU48_EXPIRING, STATUS_UNKNOWN, _SUPPLIER_NEW_BEFORE, _IBAN_UNCONFIRMED_BEFORE,
    _IBAN_FROM_MASTER_UNCONFIRMED_BEFORE,
)  # fmt: skip

# Mark paid, hours log, live Excel and dialogs (jobs/bezahlt.py, jobs/stunden.py,
# user_input.py, live.py, dialogs.py, adapters/xlwings_live.py)
HELP_BEZAHLT = (
    "Rechnungen als bezahlt eintragen: Datum, gezahlter Betrag (mit Skonto, solange die "
    "Skontofrist läuft) und Status Bezahlt; Rückgabewert 2, wenn eine Zeile abgelehnt wurde"
)
HELP_BEZAHLT_ID = "ID der bezahlten Rechnung (mehrmals möglich: --id 17 --id 18)"
HELP_BEZAHLT_DATUM = (
    "Tag der Zahlung als TT.MM.JJJJ (Standard: heute); nicht in der Zukunft, höchstens ein "
    "Jahr zurück und nicht vor dem Rechnungsdatum"
)
PAID_UNKNOWN_ID = "ID {id}: steht nicht in der Zahlungsliste"
PAID_DUPLICATE_ID = "ID {id}: steht mehrmals in der Zahlungsliste – bitte zuerst bereinigen"
PAID_DEBIT = (
    "ID {id} ({supplier}): Lastschrift – der Lieferant bucht selbst ab; nicht zusätzlich "
    "überweisen und nicht als Überweisung eintragen"
)
PAID_CANCELLED = "ID {id} ({supplier}): storniert – nichts zu bezahlen"
PAID_ALREADY = "ID {id} ({supplier}): schon als bezahlt eingetragen{date}"
PAID_ALREADY_DATE = " am {date}"
PAID_CHECK = (
    "ID {id} ({supplier}): Status Prüfen – erst den Prüfhinweis klären und den Status auf "
    "Offen oder Freigegeben setzen"
)
PAID_OTHER_STATUS = (
    "ID {id} ({supplier}): Status „{status}“ – nur Zeilen mit Status Offen oder Freigegeben "
    "lassen sich als bezahlt eintragen"
)
PAID_NO_AMOUNT = "ID {id} ({supplier}): kein lesbarer Betrag in der Zeile – Betrag eintragen"
PAID_FUTURE = "als bezahlt erst nach der Zahlung eintragen"
PAID_BEFORE_INVOICE = (
    "ID {id} ({supplier}): Zahltag {date} liegt vor dem Rechnungsdatum {invoice_date} – "
    "Datum prüfen (eine Vorauszahlung bitte von Hand eintragen)"
)
PAID_BLOCKED = "ID {id} ({label}): {reason}"
EMPTY_DATE_OPTION = (
    "--datum ist leer – den Tag als TT.MM.JJJJ angeben oder --datum weglassen (dann gilt heute)"
)
PAID_LINE = "ID {id} {supplier}: {amount} {currency} am {date}{skonto}"
PAID_CREDIT_LINE = "ID {id} {supplier}: Gutschrift {amount} {currency} am {date} verrechnet"
PAID_WITH_SKONTO = " (mit Skonto)"
PAID_SUMMARY = "{paid} als bezahlt eingetragen{total}{credits}, {refused} abgelehnt"
PAID_CREDIT_SUMMARY = ", {credits} verrechnet{total}"
PAID_TOTAL = " (zusammen {amount} {currency})"
HELP_STUNDEN = "Arbeitszeit ins Stundenprotokoll (Blatt Stunden) eintragen"
HELP_STUNDEN_DAUER = "Stunden, z. B. 1,5 oder 1:30"
HELP_STUNDEN_TAETIGKEIT = "was getan wurde, z. B. „Zahllauf vorbereitet“"
HELP_STUNDEN_DATUM = (
    "Tag der Arbeit als TT.MM.JJJJ (Standard: heute); nicht in der Zukunft und höchstens ein "
    "Jahr zurück"
)
HELP_STUNDEN_MANDANT = "Mandant (Standard: „Mandant“ im Blatt Einstellungen)"
INPUT_DATE = "„{text}“ ist kein Datum – bitte als TT.MM.JJJJ schreiben, z. B. 04.12.2026"
INPUT_HOURS = "„{text}“ ist keine Stundenangabe – bitte z. B. 1,5 oder 1:30 schreiben"
INPUT_HOURS_MINUTES = "„{text}“: die Minuten müssen zwischen 00 und 59 liegen"
INPUT_HOURS_PLACES = "„{text}“: höchstens zwei Nachkommastellen, z. B. 1,25"
INPUT_HOURS_RANGE = "{hours} Stunden geht nicht – erlaubt sind mehr als 0 und höchstens 24"
INPUT_DAY_FUTURE = "Der {date} liegt in der Zukunft – {hint}"
INPUT_DAY_TOO_OLD = (
    "Der {date} liegt mehr als ein Jahr zurück (frühestens {earliest}) – bitte das Jahr "
    "prüfen; ältere Einträge bitte von Hand ins Blatt schreiben"
)
HOURS_FUTURE = "Stunden erst nach der Arbeit eintragen"
HOURS_DAY_FULL = (
    "Am {date} sind schon {logged} Stunden eingetragen; mit {hours} weiteren wären es "
    "{total} – mehr als 24 Stunden an einem Tag geht nicht. Bitte Datum und Stunden prüfen"
)
HOURS_NO_CLIENT = (
    "Kein Mandant – mit --mandant angeben oder im Blatt Einstellungen bei „Mandant“ eintragen"
)
HOURS_NO_ACTIVITY = "Bitte die Tätigkeit angeben, z. B. „Zahllauf vorbereitet“"
HOURS_LOGGED = "{hours} Stunden am {date} für {client} eingetragen: {activity}"
HOURS_WEEK = "Woche {week} ({start}–{end}): {total} Stunden"
HOURS_WEEK_BUDGET = " von {budget} (Wochenbudget)"
HOURS_WEEK_LEFT = ", noch {hours} frei"
HOURS_WEEK_OVER = " – {hours} Stunden über dem Budget"
HOURS_WEEK_NO_BUDGET = " (kein Wochenbudget in den Einstellungen)"
LIVE_TITLE = "Zahllauf"
LIVE_NOT_LOCAL = (
    "Die Mappe „{name}“ liegt in keinem Ordner auf diesem Rechner (noch nie gespeichert, "
    "oder nur aus OneDrive/SharePoint geöffnet). Speichern Sie sie in einen Ordner auf "
    "diesem Rechner (auch ein synchronisierter OneDrive-Ordner geht) und klicken Sie erneut."
)
LIVE_LINK_TIP = "Beleg öffnen: {target}"
LIVE_SELECT_ROWS = (
    "Bitte markieren Sie im Blatt Zahlungsliste die Zeilen der bezahlten Rechnungen (eine "
    "Zelle je Zeile genügt, mit Strg bzw. ⌘ auch mehrere) und klicken Sie dann erneut auf "
    "„Als bezahlt markieren“."
)
LIVE_ROWS_WITHOUT_ID = "Ohne ID, nicht eingetragen: Zeile {rows}"
LIVE_RESTORE = (
    "Excel kann die geöffnete Mappe nicht unter sich austauschen lassen. So holen Sie die "
    "vorige Fassung zurück:\n"
    "1. Diese Mappe schließen (was seit dem letzten Speichern geändert wurde, geht verloren).\n"
    "2. In der Eingabeaufforderung bzw. im Terminal ausführen:\n"
    '   zahllauf wiederherstellen --mappe "{path}"\n'
    "3. Die Mappe wieder öffnen.\n"
    "Die jetzige Fassung wird dabei zur Sicherung; ein zweiter Aufruf macht es rückgängig."
)
LIVE_RESTORE_NO_BACKUP = (
    "Zu {name} gibt es noch keine Sicherung ({backup}). Sie entsteht, sobald zahllauf die "
    "Mappe speichert – über eine Schaltfläche im Menüband oder auf der Kommandozeile."
)
DIALOG_HOURS_TITLE = "Stunden erfassen"
DIALOG_DATE = "Datum (TT.MM.JJJJ)"
DIALOG_CLIENT = "Mandant"
DIALOG_HOURS = "Stunden (z. B. 1,5 oder 1:30)"
DIALOG_ACTIVITY = "Tätigkeit"
DIALOG_OK = "Eintragen"
DIALOG_SAVE = "Speichern"
DIALOG_CANCEL = "Abbrechen"
DIALOG_PASSWORD_TITLE = "Passwort des Postfachs"
DIALOG_PASSWORD_HINT = "Wird im Schlüsselbund des Betriebssystems gespeichert, nie in der Mappe."
DIALOG_ERROR_TITLE = "Zahllauf – Fehler"
