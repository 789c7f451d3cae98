"""The check job on real workbook files: hand edits, acknowledgements, statuses kept."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from zahllauf import samples, schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.checks import Checker
from zahllauf.cli import main
from zahllauf.jobs.abrufen import fetch
from zahllauf.jobs.pruefen import pruefen
from zahllauf.port import ROW
from zahllauf.schema import C
from zahllauf.sources.folder import FolderSource

PAYMENTS = schema.PAYMENTS.name
SUPPLIERS = schema.SUPPLIERS.name
TODAY = date(2026, 12, 4)
GRUEN_IBAN = "DE89370400440532013000"
FORGED_IBAN = "DE75100900005073321010"
OTHER_FORGED_IBAN = "DE45200300008889654328"
NEW_IBAN = "DE02100100109307118603"
FRAUD_TEXT = (
    "IBAN weicht von der bestätigten IBAN ab – vor Zahlung telefonisch beim Lieferanten bestätigen"
)
UNCONFIRMED = "IBAN noch nicht bestätigt"


def _row(row_id: int, **cells: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        C.ID: row_id,
        C.EINGANG: TODAY - timedelta(days=3),
        C.LIEFERANT: "Grün & Söhne GaLaBau GmbH",
        C.NUMMER: f"GS-{row_id}",
        C.DATUM: TODAY - timedelta(days=4),
        C.FAELLIG: TODAY + timedelta(days=10),
        C.BETRAG: Decimal("238.00"),
        C.WAEHRUNG: "EUR",
        C.IBAN: GRUEN_IBAN,
        C.STATUS: "Offen",
    }
    base.update(cells)
    return base


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A workbook with a supplier master (one confirmed IBAN, one construction firm)."""
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    with open_workbook(path) as port:
        _set_setting(port, "Bundesland", "BY")
        port.append_rows(
            SUPPLIERS,
            [
                {
                    "Name": "Grün & Söhne GaLaBau GmbH",
                    "IBAN": GRUEN_IBAN,
                    "IBAN bestätigt am": date(2026, 3, 2),
                    "Zahlungsziel Tage": 14,
                },
                {"Name": "Pflaster Profi KG", "Bauleistung": "ja"},
            ],
        )
    return path


def _set_setting(port: Any, key: str, value: str) -> None:
    for row in port.read_rows(schema.SETTINGS.name):
        if row.get("Schlüssel") == key:
            port.update_rows(schema.SETTINGS.name, {row[ROW]: {"Wert": value}})


def _add(path: Path, *rows: dict[str, Any]) -> None:
    with open_workbook(path) as port:
        port.append_rows(PAYMENTS, list(rows))


def _edit(path: Path, row_id: int, **cells: Any) -> None:
    """A person's hand edit of one row."""
    with open_workbook(path) as port:
        [row] = [r for r in port.read_rows(PAYMENTS) if r.get(C.ID) == row_id]
        port.update_rows(PAYMENTS, {row[ROW]: cells})


def _check(path: Path, today: date = TODAY) -> dict[int, dict[str, Any]]:
    with open_workbook(path) as port:
        pruefen(port, today)
    with open_workbook(path, save=False) as port:
        return {r[C.ID]: r for r in port.read_rows(PAYMENTS)}


def _state(path: Path) -> dict[str, str]:
    with open_workbook(path, save=False) as port:
        return port.read_state()


def test_hand_edited_iban_raises_the_fraud_finding(book: Path) -> None:
    _add(book, _row(1))
    assert _check(book)[1][C.STATUS] == "Offen"
    _edit(book, 1, **{C.IBAN: FORGED_IBAN})
    row = _check(book)[1]
    assert row[C.STATUS] == "Prüfen"
    assert row[C.HINWEIS] == FRAUD_TEXT


def test_the_fraud_finding_is_not_acknowledged_by_a_status_change(book: Path) -> None:
    """Broke (P5): setting the row of a changed IBAN to Offen let it be paid."""
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN, C.STATUS: "Prüfen"}))
    assert _check(book)[1][C.STATUS] == "Prüfen", "nobody has looked yet"
    _edit(book, 1, **{C.STATUS: "Offen"})  # a status click is no phone call
    for run in ("first run", "second run"):
        row = _check(book)[1]
        assert (row[C.STATUS], FRAUD_TEXT in row[C.HINWEIS]) == ("Prüfen", True), run


def test_acknowledged_finding_stays_quiet_until_it_changes(book: Path) -> None:
    _add(book, _row(1, **{C.STATUS: "Prüfen"}), _row(2, **{C.NUMMER: "GS-1"}))
    assert _check(book)[2][C.STATUS] == "Prüfen", "nobody has looked yet"
    _edit(book, 2, **{C.STATUS: "Offen"})  # the owner checked: two invoices
    assert _check(book)[2][C.STATUS] == "Offen"
    assert _state(book)[f"{schema.STATE_ACK_PREFIX}2"]
    assert _check(book)[2][C.STATUS] == "Offen", "a second run changes nothing"
    _edit(book, 2, **{C.BETRAG: Decimal("1.00")})
    _add(book, _row(3, **{C.NUMMER: "GS-1"}))
    assert _check(book)[3][C.STATUS] == "Prüfen", "a third copy is new"


def test_new_finding_raises_an_acknowledged_row_again(book: Path) -> None:
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN, C.STATUS: "Prüfen"}))
    _check(book)
    _edit(book, 1, **{C.STATUS: "Offen"})
    _check(book)
    _add(book, _row(2, **{C.NUMMER: "GS-1"}))  # the same invoice number again
    rows = _check(book)
    assert rows[1][C.STATUS] == "Prüfen"
    assert "mögliche Doppelrechnung" in rows[1][C.HINWEIS]
    assert FRAUD_TEXT in rows[1][C.HINWEIS], "the acknowledged finding is still shown"


@pytest.mark.parametrize("status", ["Bezahlt", "Lastschrift", "Storniert"])
def test_a_persons_status_is_never_overridden(book: Path, status: str) -> None:
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN, C.STATUS: status, C.HINWEIS: None}))
    row = _check(book)[1]
    assert row[C.STATUS] == status
    assert row[C.HINWEIS] is None


def test_a_freigegeben_row_is_rechecked_but_keeps_its_status(book: Path) -> None:
    """Broke (P5): pruefen did not re-check Freigegeben rows, so a forged IBAN stayed silent."""
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN, C.STATUS: "Freigegeben", C.HINWEIS: None}))
    with open_workbook(book) as port:
        summary = pruefen(port, TODAY)
    with open_workbook(book, save=False) as port:
        [row] = port.read_rows(PAYMENTS)
    assert row[C.STATUS] == "Freigegeben"
    assert FRAUD_TEXT in row[C.HINWEIS]
    assert "1 freigegebene Zeile geprüft (Status bleibt), 1 davon mit Prüfhinweis" in (
        summary.text()
    )


def test_freigegeben_acknowledges_what_was_shown(book: Path) -> None:
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN, C.STATUS: "Prüfen"}))
    _check(book)
    _edit(book, 1, **{C.STATUS: "Freigegeben"})
    _check(book)
    _edit(book, 1, **{C.STATUS: "Offen"})  # taken back out of the run
    assert _check(book)[1][C.STATUS] == "Prüfen", "an IBAN finding clears only by phone"


def test_fixing_the_row_by_hand_clears_prufen(book: Path) -> None:
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN, C.STATUS: "Prüfen", C.HINWEIS: FRAUD_TEXT}))
    _edit(book, 1, **{C.IBAN: GRUEN_IBAN})
    row = _check(book)[1]
    assert row[C.STATUS] == "Offen" and row[C.HINWEIS] is None


def test_master_data_fill_gaps_and_pay_by_moves_before_a_holiday(book: Path) -> None:
    # Due on 8 Dec 2026 (a Tuesday; Mariä Empfängnis is no holiday in Bayern) and
    # on Heilige Drei Könige 2027 (a Wednesday, a holiday in Bayern).
    _add(
        book,
        _row(1, **{C.IBAN: None, C.FAELLIG: None, C.DATUM: date(2026, 12, 23)}),
        _row(2, **{C.FAELLIG: date(2027, 1, 6), C.NUMMER: "GS-2", C.BETRAG: Decimal("11")}),
    )
    rows = _check(book, today=date(2026, 12, 28))
    assert rows[1][C.IBAN] == GRUEN_IBAN, "taken from the confirmed master IBAN"
    assert rows[1][C.FAELLIG] == date(2027, 1, 6), "14 days from the master terms"
    assert rows[1][C.ZAHLEN_BIS] == date(2027, 1, 5), "Heilige Drei Könige in Bayern"
    assert rows[2][C.ZAHLEN_BIS] == date(2027, 1, 5)
    assert rows[1][C.STATUS] == "Offen", "filled from confirmed data: information only"


def test_reader_findings_and_notes_survive_a_recheck(book: Path) -> None:
    note = "Skonto-Angabe nicht lesbar: #SKONTO#TAGE=x# – Skonto von Hand prüfen"
    _add(book, _row(1, **{C.STATUS: "Prüfen", C.HINWEIS: f"{note}; Kein Rechnungsdatum erkannt"}))
    row = _check(book)[1]
    assert row[C.HINWEIS] == note, "the stale check line goes, the reader's line stays"
    assert row[C.STATUS] == "Prüfen"


def test_bau48_and_new_supplier_from_a_hand_typed_row(book: Path) -> None:
    _add(
        book,
        _row(1, **{C.LIEFERANT: "Pflaster-Profi KG", C.IBAN: FORGED_IBAN}),
        _row(2, **{C.LIEFERANT: "Neue Gärtnerei Beispiel", C.IBAN: NEW_IBAN}),
    )
    rows = _check(book)
    assert "15 % Bauabzugsteuer einbehalten?" in rows[1][C.HINWEIS]
    assert UNCONFIRMED in rows[1][C.HINWEIS], "its IBAN was proposed to the master just now"
    assert rows[2][C.HINWEIS].startswith(UNCONFIRMED)
    with open_workbook(book, save=False) as port:
        suppliers = {r["Name"]: r for r in port.read_rows(SUPPLIERS)}
    assert suppliers["Pflaster Profi KG"]["IBAN"] == FORGED_IBAN, "proposed, not confirmed"
    assert suppliers["Pflaster Profi KG"]["IBAN bestätigt am"] is None
    assert suppliers["Neue Gärtnerei Beispiel"]["IBAN"] == NEW_IBAN


def test_command_line_prints_a_german_summary(book: Path, capsys: pytest.CaptureFixture) -> None:
    _add(book, _row(1, **{C.IBAN: FORGED_IBAN}), _row(2, **{C.BETRAG: Decimal("99.50")}))
    assert main(["pruefen", "--mappe", str(book)]) == 0
    out = capsys.readouterr().out
    assert "2 offene Zeilen geprüft: 1 zu prüfen, 1 offen" in out
    assert "IBAN weicht von der bestätigten" in out


def _fetch(path: Path, inbox: Path, today: date) -> None:
    with open_workbook(path) as port:
        fetch(port, FolderSource(inbox), today=today, checker=Checker.from_port(port, today))


def test_fetch_with_the_checker_proposes_then_guards_the_supplier(tmp_path: Path) -> None:
    """The Checker as the fetch job calls it: a new supplier, then a forged bank letter."""
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    first = samples.Sample(
        seller="Baumschule Lang GmbH",
        number="BL-1",
        issue_date=TODAY - timedelta(days=2),
        lines=[("Hainbuchen", Decimal("400.00"))],
        vat_id="DE811122233",
    )
    (inbox / "bl1.xml").write_bytes(samples.ubl_xml(first))
    _fetch(path, inbox, TODAY)
    with open_workbook(path) as port:
        [supplier] = port.read_rows(SUPPLIERS)
        assert supplier["Name"] == "Baumschule Lang GmbH" and supplier["IBAN bestätigt am"] is None
        port.update_rows(SUPPLIERS, {supplier[ROW]: {"IBAN bestätigt am": TODAY}})
    forged = dataclasses.replace(first, number="BL-2", iban=FORGED_IBAN, bic="BEVODEBBXXX")
    (inbox / "bl2.xml").write_bytes(samples.ubl_xml(forged))
    _fetch(path, inbox, TODAY)
    with open_workbook(path, save=False) as port:
        rows = {r[C.NUMMER]: r for r in port.read_rows(PAYMENTS)}
        assert len(port.read_rows(SUPPLIERS)) == 1, "matched by VAT id, not proposed again"
    assert rows["BL-1"][C.HINWEIS].startswith(UNCONFIRMED)
    assert "Neuer Lieferant" in rows["BL-1"][C.BEMERKUNG]
    assert rows["BL-2"][C.STATUS] == "Prüfen"
    assert FRAUD_TEXT in rows["BL-2"][C.HINWEIS]


def test_what_a_person_typed_stays_where_nothing_can_be_computed(book: Path) -> None:
    _add(
        book,
        _row(
            1,
            **{
                C.LIEFERANT: "Pflaster Profi KG",
                C.FAELLIG: "nach Abnahme",
                C.ZAHLEN_BIS: date(2027, 1, 15),
                C.IBAN: FORGED_IBAN,
            },
        ),
    )
    row = _check(book)[1]
    assert row[C.FAELLIG] == "nach Abnahme"
    assert row[C.ZAHLEN_BIS] == date(2027, 1, 15)
