"""The ribbon's actions as Excel runs them, with ``xlwings.Book.caller`` patched to a double.

The workbook starts as a real file (so the backup made before saving is real); Excel is
the recording double of ``xlwings_double``; the Tk dialogs and the OS keyring, which
cannot run here, are replaced by doubles named as such.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlwings

from xlwings_double import BookDouble
from zahllauf import dialogs, live, ribbon, samples, schema
from zahllauf.adapters.file_safety import backup_path
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.adapters.xlwings_live import XlwingsWorkbook
from zahllauf.jobs.stunden import HoursEntry
from zahllauf.port import ROW
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name
TODAY = date.today()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    workbook = tmp_path / "Zahlungsliste.xlsx"
    build_template(workbook)
    with open_workbook(workbook) as port:
        settings_rows = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows("Einstellungen", {settings_rows["Mandant"]: {"Wert": "Gartenbau Grün"}})
        port.append_rows(
            PAYMENTS,
            [
                {C.ID: n, C.LIEFERANT: f"L{n}", C.BETRAG: Decimal("50.00"), C.STATUS: status}
                for n, status in enumerate(["Offen", "Offen", "Lastschrift", "Offen"], start=1)
            ],
        )
    return workbook


@pytest.fixture
def book(path: Path, monkeypatch: pytest.MonkeyPatch) -> BookDouble:
    """The open workbook as Excel would hand it over: ``Book.caller()`` returns the double."""
    double = BookDouble.from_xlsx(path)
    monkeypatch.setattr(xlwings.Book, "caller", classmethod(lambda cls: double))
    return double


def _rows(book: BookDouble) -> dict[int, dict[str, Any]]:
    return {r[C.ID]: r for r in XlwingsWorkbook(book).read_rows(PAYMENTS)}


def _alert(book: BookDouble) -> dict[str, Any]:
    assert len(book.app.alerts) == 1, book.app.alerts
    return book.app.alerts[0]


def test_bezahlt_marks_the_selected_rows(book: BookDouble, path: Path) -> None:
    book.select(PAYMENTS, "C2:D3,P5")
    ribbon.dispatch("bezahlt")
    rows = _rows(book)
    assert [rows[n][C.STATUS] for n in (1, 2, 3, 4)] == [
        "Bezahlt",
        "Bezahlt",
        "Lastschrift",
        "Bezahlt",
    ]
    assert rows[1][C.BEZAHLT_AM] == TODAY and rows[1][C.BEZAHLT_BETRAG] == Decimal("50.00")
    assert "3 Rechnungen als bezahlt eingetragen" in _alert(book)["prompt"]
    assert book.saved == 1 and backup_path(path).is_file()
    assert book.app.status_bar is False, "the status bar is given back to Excel"


def test_bezahlt_reports_a_debit_row_in_the_message(book: BookDouble) -> None:
    book.select(PAYMENTS, "A4")
    ribbon.dispatch("bezahlt")
    assert "Lastschrift" in _alert(book)["prompt"]
    assert book.saved == 0, "nothing changed, nothing saved"


@pytest.mark.parametrize(
    ("sheet", "where", "reason"),
    [
        ("Stunden", "A2", "another sheet"),
        (PAYMENTS, "P:P", "a whole column would mark every row"),
        (PAYMENTS, "A1", "only the header"),
        (PAYMENTS, "A40:A41", "empty rows"),
    ],
)
def test_bezahlt_without_rows_asks_for_a_selection(
    book: BookDouble, sheet: str, where: str, reason: str
) -> None:
    book.select(sheet, where)
    ribbon.dispatch("bezahlt")
    alert = _alert(book)
    assert alert["mode"] == "critical" and "markieren Sie" in alert["prompt"], reason
    assert book.writes() == [] and book.saved == 0, reason


def test_errors_reach_excel_as_a_german_message_box(book: BookDouble) -> None:
    book.fullname = "Mappe1"
    ribbon.dispatch("wiederherstellen")
    alert = _alert(book)
    assert alert["title"] == "Zahllauf – Fehler" and alert["mode"] == "critical"
    assert "Ordner auf diesem Rechner" in alert["prompt"]
    assert "Traceback" not in alert["prompt"]


def test_an_unexpected_failure_is_a_german_message_too(
    book: BookDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("zahllauf.jobs.bezahlt.mark_paid", broken)
    book.select(PAYMENTS, "A2")
    ribbon.dispatch("bezahlt")
    assert "„Als bezahlt markieren“ ist mit einem unerwarteten Fehler" in _alert(book)["prompt"]


def test_stunden_logs_what_the_dialog_returns(
    book: BookDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def dialog_double(client: str, today: date) -> HoursEntry:
        asked.append(client)
        return HoursEntry(today, client, "Zahllauf vorbereitet", Decimal("1.50"))

    monkeypatch.setattr(dialogs, "ask_hours", dialog_double)
    ribbon.dispatch("stunden")
    (line,) = XlwingsWorkbook(book).read_rows("Stunden")
    assert asked == ["Gartenbau Grün"], "the dialog starts with the Mandant setting"
    assert (line["Datum"], line["Stunden"], line["Mandant"]) == (
        TODAY,
        Decimal("1.50"),
        "Gartenbau Grün",
    )
    assert "Woche" in _alert(book)["prompt"] and book.saved == 1
    assert len(book.writes("Stunden")) == 1


def test_a_cancelled_dialog_changes_nothing(
    book: BookDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "ask_hours", lambda client, today: None)
    ribbon.dispatch("stunden")
    assert book.writes() == [] and book.saved == 0 and book.app.alerts == []


class KeyringDouble:
    """Stands in for the OS keyring, which cannot run here."""

    def __init__(self) -> None:
        self.stored: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.stored[(service, user)] = secret


def test_passwort_goes_from_the_masked_dialog_to_the_keyring(
    book: BookDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = {r["Schlüssel"]: r[ROW] for r in XlwingsWorkbook(book).read_rows("Einstellungen")}
    XlwingsWorkbook(book).update_rows(
        "Einstellungen",
        {
            keys["Postfach Server"]: {"Wert": "imap.firma.de"},
            keys["Postfach Benutzer"]: {"Wert": "anna@firma.de"},
        },
    )
    store = KeyringDouble()
    monkeypatch.setattr(live, "keyring_backend", lambda: store)
    monkeypatch.setattr(dialogs, "ask_secret", lambda title, prompt: "geheim 123")
    ribbon.dispatch("passwort")
    assert store.stored == {("zahllauf", "anna@firma.de@imap.firma.de"): "geheim 123"}
    prompt = _alert(book)["prompt"]
    assert "anna@firma.de@imap.firma.de" in prompt and "geheim" not in prompt


def test_passwort_without_mailbox_settings_says_what_is_missing(book: BookDouble) -> None:
    ribbon.dispatch("passwort")
    alert = _alert(book)
    assert alert["mode"] == "critical" and "Postfach" in alert["prompt"]


def test_wiederherstellen_explains_the_steps_with_the_path(book: BookDouble, path: Path) -> None:
    backup_path(path).unlink()  # the fixture's own save made one
    ribbon.dispatch("wiederherstellen")
    assert "noch keine Sicherung" in _alert(book)["prompt"]
    book.app.alerts.clear()
    backup_path(path).write_bytes(path.read_bytes())
    ribbon.dispatch("wiederherstellen")
    prompt = _alert(book)["prompt"]
    assert f'zahllauf wiederherstellen --mappe "{path}"' in prompt
    assert book.writes() == []


def test_abrufen_fetches_into_the_open_workbook_in_one_block(book: BookDouble, path: Path) -> None:
    inbox = path.parent / "Eingang"
    inbox.mkdir()
    for number in ("N-1", "N-2", "N-3"):
        sample = samples.Sample(
            seller="Baustoffe Müller GmbH",
            number=number,
            issue_date=TODAY - timedelta(days=2),
            lines=[("Pflaster", Decimal("100.00"))],
        )
        (inbox / f"{number}.xml").write_bytes(samples.cii_xml(sample))
    keys = {r["Schlüssel"]: r[ROW] for r in XlwingsWorkbook(book).read_rows("Einstellungen")}
    XlwingsWorkbook(book).update_rows(
        "Einstellungen", {keys["Eingangsordner"]: {"Wert": "Eingang"}}
    )
    book.calls.clear()
    ribbon.dispatch("abrufen")
    rows = _rows(book)
    assert {rows[n][C.NUMMER] for n in (5, 6, 7)} == {"N-1", "N-2", "N-3"}
    assert rows[5][C.BETRAG] == Decimal("119.00")
    payment_writes = book.writes(PAYMENTS)
    assert len(payment_writes) == 1 and payment_writes[0].detail[0] == 3
    assert "3 neue Rechnungen" in _alert(book)["prompt"]
    assert any(isinstance(s, str) and s.startswith("Lese ") for s in book.app.status_history)
    assert book.saved == 1


def test_pruefen_runs_the_check_job_on_the_open_workbook(book: BookDouble) -> None:
    ribbon.dispatch("pruefen")
    alert = _alert(book)
    assert alert["mode"] == "info" and "geprüft" in alert["prompt"]


def test_report_error_without_excel_falls_back_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def no_excel() -> object:
        raise RuntimeError("no Excel")

    monkeypatch.setattr(live, "caller_book", no_excel)
    monkeypatch.setattr(dialogs, "show_error", lambda title, text: shown.append(text))
    live.report_error("Die Mappe fehlt.")
    assert shown == ["Die Mappe fehlt."]


def test_selected_spans_read_excel_addresses() -> None:
    assert live.selected_spans("$B$7:$C$3") == [(3, 7)]
    assert live.selected_spans("$2:$2") == [(2, 2)]
