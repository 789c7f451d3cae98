"""The workbook on the file: template, schema, migration, atomic save, lock, restore."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from workbook_facts import describe
from zahllauf import schema
from zahllauf.adapters.file_safety import backup_path, run_lock_path
from zahllauf.adapters.xlsx_file import open_workbook, restore
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.errors import (
    BackupInvalidError,
    ColumnMissingError,
    NoBackupError,
    WorkbookBusyError,
    WorkbookInvalidError,
    WorkbookLockedError,
    WorkbookMissingError,
    WorkbookUnsupportedError,
)
from zahllauf.port import ROW, Link, settings
from zahllauf.schema import C

ROOT = Path(__file__).resolve().parent.parent
PAYMENTS = schema.PAYMENTS.name


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    return path


def test_committed_template_matches_a_fresh_build(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.xlsx"
    build_template(fresh)
    assert describe(ROOT / "xlsx_templates" / "Zahlungsliste.xlsx") == describe(fresh)


def test_template_has_the_schema() -> None:
    facts = describe(ROOT / "xlsx_templates" / "Zahlungsliste.xlsx")
    assert facts["sheets"] == [s.name for s in schema.SHEETS]
    payments = facts[PAYMENTS]
    assert payments["headers"] == schema.PAYMENTS.headers
    assert payments["tables"] == {"Zahlungen": "A1:V2"}
    assert payments["print"] == ("landscape", 9, 1, "$1:$1")
    assert [r[1][0].split("=")[-1] for r in payments["rules"][:4]] == [
        '"Bezahlt"',
        '"Storniert"',
        '"Lastschrift"',
        '"Prüfen"',
    ]
    assert all(rule[2] for rule in payments["rules"]), "first match wins: stopIfTrue"
    assert (
        payments["validations"][0][2] == '"Offen,Prüfen,Freigegeben,Bezahlt,Lastschrift,Storniert"'
    )
    assert facts["_zahllauf"]["state"] == "hidden"
    keys = [row[0] for row in facts["Einstellungen"]["values"]]
    assert "Stundensatz" in keys and not any("passwort" in k.lower() for k in keys)


def test_rows_round_trip_as_decimal_and_date(workbook: Path) -> None:
    rows = [
        {C.ID: 1, C.BETRAG: Decimal("1234.56"), C.DATUM: date(2026, 12, 4), C.STATUS: "Offen"},
        {C.ID: 2, C.BETRAG: Decimal("-0.10"), C.BELEG: Link("Belege/2026/12/a.pdf", "a.pdf")},
    ]
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, rows)
    with open_workbook(workbook) as port:
        read = port.read_rows(PAYMENTS)
    assert read[0][C.BETRAG] == Decimal("1234.56") and isinstance(read[0][C.BETRAG], Decimal)
    assert read[0][C.DATUM] == date(2026, 12, 4)
    assert str(read[1][C.BETRAG]) == "-0.10"
    assert read[1][C.BELEG] == Link("Belege/2026/12/a.pdf", "a.pdf")
    sheet = load_workbook(workbook)[PAYMENTS]
    assert sheet["H2"].number_format == "#,##0.00"
    assert sheet["E2"].number_format == "DD.MM.YYYY"


def test_float_is_refused(workbook: Path) -> None:
    with pytest.raises(TypeError), open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.BETRAG: 1.5}])


def test_table_rules_and_dropdown_grow_with_the_rows(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: n} for n in range(1, 6)])
    facts = describe(workbook)[PAYMENTS]
    assert facts["tables"] == {"Zahlungen": "A1:V6"}
    assert {rule[0] for rule in facts["rules"]} == {"A2:V6"}
    assert facts["validations"][0][0] == "P2:P6"


def test_hand_edits_extra_columns_and_rows_survive(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.STATUS: "Offen"}])
    book = load_workbook(workbook)
    sheet = book[PAYMENTS]
    sheet["W1"] = "Kostenstelle"
    sheet["W2"] = "Baustelle Meier"
    sheet["V2"] = "vom Chef angerufen"
    sheet["C2"].font = Font(bold=True)
    book["Einstellungen"]["B2"] = "Gartenbau Grün"
    book.save(workbook)
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 2, C.STATUS: "Prüfen"}])
        port.update_rows(PAYMENTS, {2: {C.STATUS: "Freigegeben"}})
    sheet = load_workbook(workbook)[PAYMENTS]
    assert sheet["W2"].value == "Baustelle Meier" and sheet["W1"].value == "Kostenstelle"
    assert sheet["V2"].value == "vom Chef angerufen"
    assert sheet["C2"].font.bold
    assert sheet["P2"].value == "Freigegeben" and sheet["P3"].value == "Prüfen"
    with open_workbook(workbook, save=False) as port:
        assert settings(port)["Mandant"] == "Gartenbau Grün"


def test_update_changes_only_the_named_cells(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.LIEFERANT: "A", C.STATUS: "Offen"}])
        row = port.read_rows(PAYMENTS)[0]
        port.update_rows(PAYMENTS, {row[ROW]: {C.STATUS: "Bezahlt"}})
        again = port.read_rows(PAYMENTS)[0]
    assert again[C.LIEFERANT] == "A" and again[C.STATUS] == "Bezahlt"


def test_state_keys_set_and_delete(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.write_state({"a": "1", "b": "2"})
        port.write_state({"a": None, "b": "3"})
        state = port.read_state()
    assert "a" not in state and state["b"] == "3"
    assert state[schema.STATE_SCHEMA_VERSION] == str(schema.SCHEMA_VERSION)


def test_missing_workbook_is_a_clear_error(tmp_path: Path) -> None:
    with (
        pytest.raises(WorkbookMissingError, match="zahllauf neu"),
        open_workbook(tmp_path / "fehlt.xlsx"),
    ):
        pass


@pytest.mark.parametrize(
    "lock_name",
    ["~$Zahlungsliste.xlsx", "~$hlungsliste.xlsx", ".~lock.Zahlungsliste.xlsx#"],
    ids=["excel-short", "excel-long-name", "libreoffice"],
)
def test_workbook_open_in_excel_is_refused(workbook: Path, lock_name: str) -> None:
    before = workbook.read_bytes()
    (workbook.parent / lock_name).write_bytes(b"owner")
    with pytest.raises(WorkbookLockedError, match="geöffnet"), open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}])
    assert workbook.read_bytes() == before


def test_parts_openpyxl_would_drop_are_refused(workbook: Path) -> None:
    book = load_workbook(workbook)
    book[PAYMENTS]["C5"].comment = Comment("bitte anrufen", "Chef")
    book.save(workbook)
    before = workbook.read_bytes()
    with (
        pytest.raises(WorkbookUnsupportedError, match="Kommentare") as refused,
        open_workbook(workbook),
    ):
        pass
    # Broke: a comment alone was reported as "Grafiken oder Bilder, Kommentare".
    assert refused.value.parts == ["Kommentare (Notizen)"]
    assert workbook.read_bytes() == before


def test_a_failing_job_leaves_the_file_untouched(workbook: Path) -> None:
    before = workbook.read_bytes()
    with pytest.raises(RuntimeError), open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}])
        raise RuntimeError("job failed half-way")
    assert workbook.read_bytes() == before
    assert not list(workbook.parent.glob(".~zahllauf-*"))


def test_save_keeps_previous_version_and_restore_swaps(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.LIEFERANT: "erste Fassung"}])
    with open_workbook(workbook) as port:
        port.update_rows(PAYMENTS, {2: {C.LIEFERANT: "zweite Fassung"}})
    restore(workbook)
    assert load_workbook(workbook)[PAYMENTS]["C2"].value == "erste Fassung"
    assert load_workbook(backup_path(workbook))[PAYMENTS]["C2"].value == "zweite Fassung"
    restore(workbook)
    assert load_workbook(workbook)[PAYMENTS]["C2"].value == "zweite Fassung"


def test_restore_without_backup_says_so(workbook: Path) -> None:
    with pytest.raises(NoBackupError):
        restore(workbook)


def _old_workbook(path: Path) -> None:
    """A workbook as an early version might have left it: fewer columns, fewer sheets."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PAYMENTS
    sheet.append(["ID", "Eingang", "Lieferant", "Rechnungsnr.", "Betrag", "Status"])
    sheet.append([7, date(2024, 3, 1), "Alt GmbH", "A-1", 99.5, "Bezahlt"])
    sheet.append([8, date(2024, 3, 2), "Alt GmbH", "A-2", 12, "Offen"])
    book.save(path)


def test_older_workbook_is_brought_up_to_date_keeping_every_value(tmp_path: Path) -> None:
    path = tmp_path / "alt.xlsx"
    _old_workbook(path)
    with open_workbook(path) as port:
        rows = port.read_rows(PAYMENTS)
        state = port.read_state()
    book = load_workbook(path)
    assert book.sheetnames == [PAYMENTS, *[s.name for s in schema.SHEETS[1:]]]
    headers = [c.value for c in book[PAYMENTS][1]]
    assert headers[:6] == ["ID", "Eingang", "Lieferant", "Rechnungsnr.", "Betrag", "Status"]
    assert set(schema.PAYMENTS.headers) <= set(headers)
    assert rows[0][C.LIEFERANT] == "Alt GmbH" and rows[0][C.BETRAG] == Decimal("99.50")
    assert rows[1][C.STATUS] == "Offen"
    assert state[schema.STATE_SCHEMA_VERSION] == str(schema.SCHEMA_VERSION)
    assert state[schema.STATE_NEXT_ID] == "9", "new IDs continue after the highest one"


def test_xlsx_is_a_zip_with_no_leftovers(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}])
    assert zipfile.is_zipfile(workbook)
    leftovers = [p.name for p in workbook.parent.iterdir() if p.name.startswith(".~")]
    assert leftovers == []


def test_second_run_while_one_writes_is_refused(workbook: Path) -> None:
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}])
        with (
            pytest.raises(WorkbookBusyError, match="anderer zahllauf-Lauf"),
            open_workbook(workbook),
        ):
            pass
    assert not run_lock_path(workbook).exists(), "the lock goes with the run"
    with open_workbook(workbook, save=False) as port:
        assert len(port.read_rows(PAYMENTS)) == 1


def test_lock_of_a_crashed_run_is_taken_over(workbook: Path) -> None:
    finished = subprocess.Popen(["true"])
    finished.wait()
    run_lock_path(workbook).write_text(f"{finished.pid} {socket.gethostname()}\n")
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}])
    assert not run_lock_path(workbook).exists()


def test_lock_from_another_pc_counts_until_it_is_old(workbook: Path) -> None:
    lock = run_lock_path(workbook)
    lock.write_text("4242 buero-pc-2\n")
    with pytest.raises(WorkbookBusyError), open_workbook(workbook):
        pass
    old = time.time() - 2 * 3600
    os.utime(lock, (old, old))
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}])


def test_foreign_workbook_is_refused_not_migrated(tmp_path: Path) -> None:
    # Broke: "Fremd.xlsx" with "Hallo" in A1 got five zahllauf sheets added, and a sheet
    # "Zahlungsliste" of someone else's got 22 columns appended and its B5 read as an ID.
    for content in ({"Tabelle1": {"A1": "Hallo"}}, {PAYMENTS: {"A1": "Meine Liste", "B5": 42}}):
        path = tmp_path / "Fremd.xlsx"
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        ((title, cells_),) = content.items()
        sheet.title = title
        for address, value in cells_.items():
            sheet[address] = value
        book.save(path)
        before = path.read_bytes()
        with (
            pytest.raises(WorkbookInvalidError, match="keine lesbare Zahlungsliste"),
            open_workbook(path),
        ):
            pass
        assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"kaputt\n", "not a zip"),
        (b"PK\x03\x04 halb", "a broken zip"),
        (None, "a foreign workbook"),
    ],
)
def test_restore_refuses_a_backup_that_is_no_payment_list(
    workbook: Path, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    # Broke: "echo kaputt > Zahlungsliste.sicherung.xlsx; zahllauf wiederherstellen" made
    # the workbook a 7-byte file.
    backup = backup_path(workbook)
    if content is None:
        Workbook().save(backup)
    else:
        backup.write_bytes(content)
    before = workbook.read_bytes()
    with pytest.raises(BackupInvalidError):
        restore(workbook)
    assert workbook.read_bytes() == before, reason


def test_a_folder_given_as_workbook_says_so(tmp_path: Path) -> None:
    with pytest.raises(WorkbookMissingError, match="ist ein Ordner"), open_workbook(tmp_path):
        pass


def test_renamed_column_is_refused_with_its_name(workbook: Path) -> None:
    # Broke: "Betrag" renamed to "Betrag EUR" made pruefen add a new empty "Betrag"
    # column, and every open row then read "Kein Zahlbetrag erkannt".
    with open_workbook(workbook) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.BETRAG: Decimal("10.00")}])
    book = load_workbook(workbook)
    book[PAYMENTS]["H1"] = "Betrag EUR"
    book.save(workbook)
    before = workbook.read_bytes()
    with pytest.raises(ColumnMissingError, match="„Betrag“"), open_workbook(workbook):
        pass
    assert workbook.read_bytes() == before
