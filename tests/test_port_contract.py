"""One contract, two adapters: openpyxl on real files, xlwings on the recording double.

Every test here runs against both; a job may rely on exactly what these tests assert.
The xlwings side cannot run Excel here: it runs on ``xlwings_double``, which behaves as
Excel does where it matters (numbers come back as float, typed-looking text is parsed,
Decimal is refused), so these tests also pin down what the live adapter converts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import pytest
from openpyxl import load_workbook

from xlwings_double import BookDouble
from zahllauf import schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.adapters.xlwings_live import XlwingsWorkbook
from zahllauf.port import ROW, Link, WorkbookPort, settings
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name


class Harness(Protocol):
    """A workbook behind one adapter: open it as a port, look at what it holds."""

    @contextmanager
    def port(self) -> Iterator[WorkbookPort]: ...

    def table_ref(self, sheet: str) -> str: ...

    def number_format(self, sheet: str, cell: str) -> str | None: ...


class FileHarness:
    """The openpyxl adapter on a real file; each ``port()`` opens, and saves on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        build_template(path)

    @contextmanager
    def port(self) -> Iterator[WorkbookPort]:
        with open_workbook(self.path) as port:
            yield port

    def table_ref(self, sheet: str) -> str:
        tables = load_workbook(self.path)[sheet].tables
        return str(next(iter(tables.values())).ref)

    def number_format(self, sheet: str, cell: str) -> str | None:
        return str(load_workbook(self.path)[sheet][cell].number_format)


class DoubleHarness:
    """The xlwings adapter on a double of the open workbook, started from the template."""

    def __init__(self, path: Path) -> None:
        build_template(path)
        self.book = BookDouble.from_xlsx(path)

    @contextmanager
    def port(self) -> Iterator[WorkbookPort]:
        port = XlwingsWorkbook(self.book)
        yield port
        port.finish()

    def table_ref(self, sheet: str) -> str:
        return self.book.sheets[sheet].tables[0].ref

    def number_format(self, sheet: str, cell: str) -> str | None:
        return self.book.sheets[sheet].range(cell).number_format


@pytest.fixture(params=["openpyxl", "xlwings"])
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Harness:
    path = tmp_path / "Zahlungsliste.xlsx"
    return FileHarness(path) if request.param == "openpyxl" else DoubleHarness(path)


ROUND_TRIP: list[tuple[str, Any, Any, str]] = [
    (C.BETRAG, Decimal("1234.56"), Decimal("1234.56"), "money stays exact"),
    (C.BETRAG_SKONTO, Decimal("12.5"), Decimal("12.50"), "money reads with two places"),
    (C.BEZAHLT_BETRAG, Decimal("-0.10"), Decimal("-0.10"), "negative cents"),
    (C.SKONTO_PROZENT, Decimal("2"), Decimal("2.00"), "percent"),
    (C.DATUM, date(2026, 12, 4), date(2026, 12, 4), "date, not datetime"),
    (C.ID, 17, 17, "ID stays int"),
    (C.NUMMER, "00123", "00123", "leading zeros of a number-like text stay"),
    (C.NUMMER, "04.12.2026", "04.12.2026", "date-like text stays text"),
    (C.ZWECK, "=SUMME(A1:A9)", "=SUMME(A1:A9)", "formula-like text from an invoice stays text"),
    (C.ZWECK, "WAHR", "WAHR", "boolean-like text stays text"),
    (C.IBAN, "DE02120300000000202051", "DE02120300000000202051", "IBAN"),
    (C.BELEG, Link("Belege/2026/12/a.pdf", "a.pdf"), Link("Belege/2026/12/a.pdf", "a.pdf"), "link"),
    (C.BEMERKUNG, None, None, "empty stays empty"),
]


@pytest.mark.parametrize(
    ("header", "written", "read", "reason"), ROUND_TRIP, ids=[r[3] for r in ROUND_TRIP]
)
def test_values_round_trip(
    harness: Harness, header: str, written: Any, read: Any, reason: str
) -> None:
    with harness.port() as port:
        port.append_rows(PAYMENTS, [{C.LIEFERANT: "A", header: written}])
    with harness.port() as port:
        row = port.read_rows(PAYMENTS)[0]
    assert row[header] == read, reason
    assert type(row[header]) is type(read), reason


def test_numbers_and_dates_get_their_formats(harness: Harness) -> None:
    with harness.port() as port:
        port.append_rows(PAYMENTS, [{C.BETRAG: Decimal("1.00"), C.DATUM: date(2026, 1, 2)}])
    assert harness.number_format(PAYMENTS, "H2") == schema.NUMBER_FORMATS[schema.Kind.MONEY]
    assert harness.number_format(PAYMENTS, "E2") == schema.NUMBER_FORMATS[schema.Kind.DATE]


def test_append_grows_the_table_and_continues_below(harness: Harness) -> None:
    with harness.port() as port:
        port.append_rows(PAYMENTS, [{C.ID: n} for n in range(1, 6)])
    assert harness.table_ref(PAYMENTS) == "A1:V6"
    with harness.port() as port:
        port.append_rows(PAYMENTS, [{C.ID: 6}, {C.ID: 7}])
        rows = port.read_rows(PAYMENTS)
    assert harness.table_ref(PAYMENTS) == "A1:V8"
    assert [(r[ROW], r[C.ID]) for r in rows] == [(n + 1, n) for n in range(1, 8)]


def test_update_changes_only_the_named_cells(harness: Harness) -> None:
    with harness.port() as port:
        port.append_rows(
            PAYMENTS,
            [
                {C.ID: 1, C.LIEFERANT: "A", C.STATUS: "Offen", C.BETRAG: Decimal("10.00")},
                {C.ID: 2, C.LIEFERANT: "B", C.STATUS: "Offen", C.BETRAG: Decimal("20.00")},
            ],
        )
    with harness.port() as port:
        port.update_rows(PAYMENTS, {3: {C.STATUS: "Bezahlt", C.BEZAHLT_AM: date(2026, 12, 4)}})
    with harness.port() as port:
        first, second = port.read_rows(PAYMENTS)
    assert first[C.STATUS] == "Offen" and first[C.BEZAHLT_AM] is None
    assert second[C.STATUS] == "Bezahlt" and second[C.BEZAHLT_AM] == date(2026, 12, 4)
    assert second[C.LIEFERANT] == "B" and second[C.BETRAG] == Decimal("20.00")


def test_read_rows_skips_empty_rows_and_sets_row(harness: Harness) -> None:
    with harness.port() as port:
        port.append_rows(PAYMENTS, [{C.ID: 1}, {C.ID: 2}, {C.ID: 3}])
        port.update_rows(PAYMENTS, {3: {C.ID: None}})
        rows = port.read_rows(PAYMENTS)
    assert [(r[ROW], r[C.ID]) for r in rows] == [(2, 1), (4, 3)]


def test_state_keys_set_and_delete(harness: Harness) -> None:
    with harness.port() as port:
        port.write_state({"a": "1", "b": "2", "c": "0042"})
    with harness.port() as port:
        port.write_state({"a": None, "b": "3"})
    with harness.port() as port:
        state = port.read_state()
    assert "a" not in state and state["b"] == "3" and state["c"] == "0042"
    assert state[schema.STATE_SCHEMA_VERSION] == str(schema.SCHEMA_VERSION)


def test_settings_are_read_as_text(harness: Harness) -> None:
    with harness.port() as port:
        keys = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows(
            "Einstellungen",
            {
                keys["Mandant"]: {"Wert": "Gartenbau Grün"},
                keys["Wochenbudget Stunden"]: {"Wert": "10"},
            },
        )
    with harness.port() as port:
        values = settings(port)
    assert values["Mandant"] == "Gartenbau Grün"
    assert values["Wochenbudget Stunden"] == "10"
    assert values["Postfach Port"] == "993"


def test_float_is_refused(harness: Harness) -> None:
    with pytest.raises(TypeError), harness.port() as port:
        port.append_rows(PAYMENTS, [{C.BETRAG: 1.5}])


def test_unknown_column_is_refused(harness: Harness) -> None:
    with pytest.raises(KeyError, match="Kostenstelle"), harness.port() as port:
        port.append_rows(PAYMENTS, [{"Kostenstelle": "x"}])
