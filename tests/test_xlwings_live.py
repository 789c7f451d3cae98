"""The live adapter's own promises: writes in blocks, status bar, where the workbook lives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xlwings_double import BookDouble, DoubleError, excel_stored
from zahllauf import schema
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.adapters.xlwings_live import WorkbookNotLocalError, XlwingsWorkbook, rectangles
from zahllauf.errors import WorkbookInvalidError
from zahllauf.port import ROW
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name


@pytest.fixture
def book(tmp_path: Path) -> BookDouble:
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    return BookDouble.from_xlsx(path)


def _row(n: int) -> dict[str, object]:
    return {
        C.ID: n,
        C.LIEFERANT: f"Lieferant {n}",
        C.BETRAG: Decimal("100.00") + n,
        C.DATUM: date(2026, 12, 1),
        C.STATUS: "Offen",
        C.BEMERKUNG: "neu",
    }


def test_n_appended_rows_are_one_range_write(book: BookDouble) -> None:
    XlwingsWorkbook(book).append_rows(PAYMENTS, [_row(n) for n in range(1, 26)])
    writes = book.writes(PAYMENTS)
    assert len(writes) == 1
    assert writes[0].address == "$A$2:$V$26" and writes[0].detail == (25, 22)
    assert [c.action for c in book.calls].count("resize") == 1


def test_number_formats_go_per_run_of_columns(book: BookDouble) -> None:
    XlwingsWorkbook(book).append_rows(PAYMENTS, [_row(n) for n in range(1, 11)])
    formats = [c for c in book.calls if c.action == "number_format"]
    columns_with_format = [c for c in schema.PAYMENTS.columns if c.kind in schema.NUMBER_FORMATS]
    assert 0 < len(formats) < len(columns_with_format), "adjacent columns share one call"
    assert all(c.address.endswith("11") for c in formats), "each call covers all new rows"


def test_updates_are_grouped_into_rectangles(book: BookDouble) -> None:
    port = XlwingsWorkbook(book)
    port.append_rows(PAYMENTS, [_row(n) for n in range(1, 11)])
    book.calls.clear()
    paid = {C.STATUS: "Bezahlt", C.BEZAHLT_AM: date(2026, 12, 4), C.BEZAHLT_BETRAG: Decimal("1")}
    port.update_rows(PAYMENTS, {number: paid for number in range(2, 12)})
    assert [w.address for w in book.writes(PAYMENTS)] == ["$P$2:$P$11", "$R$2:$S$11"]


@pytest.mark.parametrize(
    ("cells", "expected", "reason"),
    [
        ({(2, 1): 0}, [(2, 2, 1, 1)], "one cell"),
        ({(2, 1): 0, (3, 1): 0, (4, 1): 0}, [(2, 4, 1, 1)], "a column run"),
        ({(2, 1): 0, (2, 2): 0, (3, 1): 0, (3, 2): 0}, [(2, 3, 1, 2)], "a full block"),
        ({(2, 1): 0, (4, 1): 0}, [(2, 2, 1, 1), (4, 4, 1, 1)], "a gap splits rows"),
        ({(2, 1): 0, (2, 2): 0, (3, 1): 0}, [(2, 2, 1, 2), (3, 3, 1, 1)], "never covers (3, 2)"),
        ({}, [], "nothing to write"),
    ],
)
def test_rectangles_cover_exactly_the_changed_cells(
    cells: dict[tuple[int, int], int], expected: list[tuple[int, int, int, int]], reason: str
) -> None:
    found = rectangles(cells)
    assert found == expected, reason
    covered = {
        (r, c) for t, b, lft, rgt in found for r in range(t, b + 1) for c in range(lft, rgt + 1)
    }
    assert covered == set(cells), reason


def test_money_reaches_excel_as_a_number(book: BookDouble) -> None:
    XlwingsWorkbook(book).append_rows(PAYMENTS, [{C.BETRAG: Decimal("1234.56")}])
    assert book.sheets[PAYMENTS].values[(2, 8)] == 1234.56


@pytest.mark.parametrize(
    ("value", "reason"),
    [(Decimal("1.00"), "Decimal would be Currency or fail"), ("=1+1", "a formula")],
)
def test_the_double_refuses_what_excel_gets_wrong(value: object, reason: str) -> None:
    with pytest.raises(DoubleError):
        excel_stored(value)


def test_the_double_parses_bare_text_like_excel() -> None:
    assert excel_stored("00123") == 123.0, "without the prefix Excel drops the zeros"
    assert excel_stored("'00123") == "00123"


def test_progress_goes_to_the_status_bar_and_back_to_excel(book: BookDouble) -> None:
    port = XlwingsWorkbook(book)
    port.progress("Lese a.pdf …")
    port.finish()
    assert book.app.status_history == ["Lese a.pdf …", False]


def test_folder_is_the_workbooks_folder(tmp_path: Path, book: BookDouble) -> None:
    assert XlwingsWorkbook(book).folder == tmp_path


@pytest.mark.parametrize(
    "fullname",
    ["Mappe1", "https://d.docs.live.net/abc/Zahlungsliste.xlsx"],
    ids=["never saved", "opened from OneDrive"],
)
def test_a_workbook_without_local_folder_is_refused(book: BookDouble, fullname: str) -> None:
    book.fullname = fullname
    with pytest.raises(WorkbookNotLocalError, match="Ordner auf diesem Rechner"):
        _ = XlwingsWorkbook(book).folder


def test_a_missing_sheet_is_a_clear_error(book: BookDouble) -> None:
    book._sheets = [s for s in book._sheets if s.name != "Stunden"]
    with pytest.raises(WorkbookInvalidError, match="Blatt Stunden fehlt"):
        XlwingsWorkbook(book).read_rows("Stunden")


def test_hand_typed_ids_move_the_next_id(book: BookDouble) -> None:
    port = XlwingsWorkbook(book)
    port.append_rows(PAYMENTS, [{C.ID: 41, C.LIEFERANT: "von Hand"}])
    port.ensure_next_id()
    assert port.read_state()[schema.STATE_NEXT_ID] == "42"


def test_text_typed_by_a_person_is_read_as_the_columns_type(book: BookDouble) -> None:
    sheet = book.sheets[PAYMENTS]
    sheet.values[(2, 3)] = "Von Hand GmbH"
    sheet.values[(2, 8)] = "1.234,50"  # typed as text into a text-formatted cell
    sheet.values[(2, 5)] = "03.12.2026"
    row = XlwingsWorkbook(book).read_rows(PAYMENTS)[0]
    assert row[C.BETRAG] == Decimal("1234.50") and row[C.DATUM] == date(2026, 12, 3)
    assert row[ROW] == 2
