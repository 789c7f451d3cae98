"""Exceptions of zahllauf.

Every error a person can meet carries a German message (``str(error)``) that says what
happened and what to do. Per-invoice problems are not exceptions: they are findings.
"""

from __future__ import annotations

from pathlib import Path


class ZahllaufError(Exception):
    """Base class of all zahllauf errors; ``exit_code`` is what the command line returns."""

    exit_code = 1


class WorkbookMissingError(ZahllaufError):
    """The workbook file does not exist."""

    exit_code = 3

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            text = (
                f"{path} ist ein Ordner, keine Arbeitsmappe. Geben Sie mit --mappe die Datei "
                f'an, z. B. --mappe "{path / "Zahlungsliste.xlsx"}".'
            )
        else:
            text = (
                f"Die Arbeitsmappe {path} gibt es nicht. Legen Sie sie mit "
                f"'zahllauf neu --mappe \"{path}\"' an oder geben Sie mit --mappe den "
                "richtigen Pfad an."
            )
        super().__init__(text)
        self.path = path


class WorkbookLockedError(ZahllaufError):
    """Excel (or another program) holds the workbook open."""

    exit_code = 4

    def __init__(self, path: Path, lock: Path) -> None:
        excel = not lock.name.startswith(".~lock.")
        ribbon = " – oder benutzen Sie die Schaltfläche im Menüband „Zahllauf“" if excel else ""
        super().__init__(
            f"Die Arbeitsmappe {path.name} ist gerade in {'Excel' if excel else 'LibreOffice'} "
            f"geöffnet (Sperrdatei {lock.name}). Schließen Sie die Mappe und starten Sie den "
            f"Befehl erneut{ribbon}. Ist die Mappe nirgends mehr geöffnet (z. B. nach einem "
            f"Absturz), löschen Sie die Sperrdatei {lock.name}."
        )
        self.path = path
        self.lock = lock


class WorkbookBusyError(ZahllaufError):
    """Another zahllauf run is writing the workbook right now."""

    exit_code = 4

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Ein anderer zahllauf-Lauf bearbeitet {path.name} gerade (auch von einem anderen "
            "PC im geteilten Ordner möglich). Warten Sie, bis er fertig ist, und starten Sie "
            "den Befehl dann erneut."
        )
        self.path = path


class WorkbookUnsupportedError(ZahllaufError):
    """The workbook holds parts that cannot be kept when it is written by file."""

    exit_code = 5

    def __init__(self, path: Path, parts: list[str]) -> None:
        listed = ", ".join(parts)
        super().__init__(
            f"Die Arbeitsmappe {path.name} enthält {listed}. Diese Teile würden beim Speichern "
            "ohne Excel verloren gehen, deshalb wurde nichts geändert. Benutzen Sie die "
            "Schaltfläche im Menüband in Excel oder entfernen Sie diese Teile."
        )
        self.path = path
        self.parts = parts


class WorkbookInvalidError(ZahllaufError):
    """The file is not a workbook zahllauf can read."""

    exit_code = 5

    def __init__(self, path: Path, reason: str, *, has_backup: bool = False) -> None:
        text = f"Die Datei {path.name} ist keine lesbare Zahlungsliste ({reason})."
        if has_backup:
            text += " Mit 'zahllauf wiederherstellen' holen Sie die vorige Fassung zurück."
        else:
            text += " Prüfen Sie den Pfad (--mappe) oder legen Sie mit 'zahllauf neu' eine an."
        super().__init__(text)
        self.path = path
        self.reason = reason


class ColumnMissingError(ZahllaufError):
    """A column of the current schema was renamed or deleted by hand."""

    exit_code = 5

    def __init__(self, path: Path, sheet: str, headers: list[str]) -> None:
        names = ", ".join(f"„{h}“" for h in headers)
        super().__init__(
            f"Im Blatt {sheet} von {path.name} fehlt die Spalte {names} – wurde sie umbenannt "
            "oder gelöscht? Bitte die Überschrift in Zeile 1 wieder genau so nennen (oder die "
            "Spalte wieder einfügen); sonst sähe jede Zeile so aus, als fehle der Wert. "
            "Eigene zusätzliche Spalten sind erlaubt."
        )
        self.path = path
        self.sheet = sheet
        self.headers = headers


class NoBackupError(ZahllaufError):
    """There is no previous version to restore."""

    exit_code = 3

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Zu {path.name} gibt es keine Sicherung. Sie entsteht beim ersten Speichern "
            "durch zahllauf."
        )
        self.path = path


class BackupInvalidError(ZahllaufError):
    """The backup file is no readable Zahlungsliste; restoring it would lose the workbook."""

    exit_code = 5

    def __init__(self, backup: Path) -> None:
        super().__init__(
            f"Die Sicherung {backup.name} ist keine lesbare Zahlungsliste – die aktuelle Mappe "
            "bleibt unverändert. Eine ältere Fassung finden Sie ggf. im Versionsverlauf Ihres "
            "Cloud-Ordners (OneDrive, Nextcloud …)."
        )
        self.backup = backup


class SourceUnreachableError(ZahllaufError):
    """The inbox (folder or mailbox) cannot be read."""

    exit_code = 6

    def __init__(self, message: str) -> None:
        super().__init__(message)


class NoSourceError(ZahllaufError):
    """Neither a folder nor a mailbox is given."""

    exit_code = 2

    def __init__(self) -> None:
        from zahllauf import texts

        super().__init__(texts.NO_SOURCE)


# Mailbox (sources/imap.py). Exit codes 7–12, one per cause; texts name cause and fix.
# No message ever contains a password or token.


class MailboxSettingsError(SourceUnreachableError):
    """The Postfach settings are incomplete or unreadable."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Die Postfach-Einstellungen sind unvollständig: {detail}. Bitte im Blatt "
            "Einstellungen korrigieren."
        )
        self.detail = detail


class MailboxRefusedError(SourceUnreachableError):
    """The mail server refused the connection or cannot be found."""

    exit_code = 7

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"Der Mailserver {host} ist auf Port {port} nicht erreichbar (Verbindung abgelehnt "
            "oder Server unbekannt). Prüfen Sie im Blatt Einstellungen „Postfach Server“ und "
            "„Postfach Port“ (meist 993) und die Internetverbindung."
        )
        self.host = host
        self.port = port


class MailboxLoginError(SourceUnreachableError):
    """The server refused the user name or password."""

    exit_code = 8

    def __init__(self, user: str, host: str) -> None:
        super().__init__(
            f"Der Mailserver {host} hat die Anmeldung von {user} abgelehnt (Benutzer oder "
            "Passwort falsch). Prüfen Sie „Postfach Benutzer“ und speichern Sie das Passwort "
            "neu mit: zahllauf passwort"
        )
        self.user = user
        self.host = host


class MailboxPasswordMissingError(MailboxLoginError):
    """No password or token is stored in the keyring for this mailbox."""

    def __init__(self, user: str, host: str) -> None:
        SourceUnreachableError.__init__(
            self,
            f"Für {user} auf {host} ist kein Passwort im Schlüsselbund des Betriebssystems "
            "gespeichert. Speichern Sie es einmal mit: zahllauf passwort",
        )
        self.user = user
        self.host = host


class KeyringUnavailableError(MailboxLoginError):
    """The operating system offers no keyring, so no secret can be stored or read."""

    def __init__(self) -> None:
        from zahllauf import texts

        SourceUnreachableError.__init__(self, texts.KEYRING_MISSING)


class MailboxOAuthRequiredError(SourceUnreachableError):
    """The provider refuses password logins over IMAP (Microsoft 365, Gmail)."""

    exit_code = 9

    def __init__(self, host: str) -> None:
        super().__init__(
            f"{host} nimmt keine Anmeldung mit Passwort an (Microsoft 365, Outlook.com und "
            "Gmail erlauben nur OAuth2). Stellen Sie im Blatt Einstellungen „Postfach "
            "Anmeldung“ auf OAuth2 und speichern Sie ein Zugriffstoken mit: zahllauf passwort "
            "(Anleitung: docs/postfach.md)."
        )
        self.host = host


class MailboxTlsError(SourceUnreachableError):
    """The TLS handshake failed or the server's certificate is not trusted."""

    exit_code = 10

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(
            f"Die verschlüsselte Verbindung zu {host} ist gescheitert ({reason}). Hat die "
            "Firma ein eigenes Zertifikat, tragen Sie dessen Stammzertifikat (PEM-Datei) unter "
            "„Postfach CA-Datei“ ein; sonst Server und Port (993 oder 143) prüfen."
        )
        self.host = host
        self.reason = reason


class MailboxTimeoutError(SourceUnreachableError):
    """The server did not answer in time."""

    exit_code = 11

    def __init__(self, host: str, seconds: float) -> None:
        super().__init__(
            f"Der Mailserver {host} hat {seconds:g} Sekunden lang nicht geantwortet. Bereits "
            "abgerufene Rechnungen sind gespeichert; starten Sie den Abruf später erneut."
        )
        self.host = host
        self.seconds = seconds


class MailboxDroppedError(SourceUnreachableError):
    """The server closed the connection while mails were being fetched."""

    exit_code = 12

    def __init__(self, host: str) -> None:
        super().__init__(
            f"Der Mailserver {host} hat die Verbindung während des Abrufs getrennt. Bereits "
            "abgerufene Rechnungen sind gespeichert; der nächste Abruf macht dort weiter."
        )
        self.host = host
