"""Mark paid on a real workbook file, through the command line, and as LibreOffice shows it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from render import colour_bands, render
from zahllauf import schema
from zahllauf.adapters import xlsx_template as template
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.cli import main
from zahllauf.jobs.bezahlt import mark_paid
from zahllauf.schema import C
from zahllauf.user_input import InvalidInputError, earliest_day

PAYMENTS = schema.PAYMENTS.name
SUPPLIERS = schema.SUPPLIERS.name
TODAY = date.today()
# In the past: a payment day after today is refused, so both sides of the deadline are too.
SKONTO_UNTIL = TODAY - timedelta(days=3)
INVOICED = TODAY - timedelta(days=5)


def _invoice(row_id: int, status: str | None, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        C.ID: row_id,
        C.LIEFERANT: f"Lieferant {row_id}",
        C.NUMMER: f"R-{row_id}",
        C.ZAHLEN_BIS: TODAY + timedelta(days=20),
        C.BETRAG: Decimal("100.00"),
        C.WAEHRUNG: "EUR",
        C.STATUS: status,
    }
    row.update(changes)
    return row


ROWS = [
    _invoice(1, "Offen"),
    _invoice(2, "Freigegeben", **{
        C.SKONTO_PROZENT: Decimal("2"), C.SKONTO_BIS: SKONTO_UNTIL,
        C.BETRAG_SKONTO: Decimal("98.00"),
    }),
    _invoice(3, "Lastschrift"),
    _invoice(4, "Storniert"),
    _invoice(5, "Bezahlt", **{C.BEZAHLT_AM: date(2026, 1, 5), C.BEZAHLT_BETRAG: Decimal("100.00")}),
    _invoice(6, "Prüfen", **{C.HINWEIS: "IBAN weicht ab"}),
    _invoice(7, None),
    _invoice(8, "Offen", **{C.BETRAG: None}),
    _invoice(9, "Offen"),
    _invoice(9, "Offen", **{C.NUMMER: "R-9b"}),
    _invoice(10, " offen "),
    _invoice(11, "Offen", **{C.DATUM: INVOICED}),
    _invoice(12, "Offen", **{
        C.BETRAG: Decimal("-150.00"), C.SKONTO_BIS: TODAY, C.BETRAG_SKONTO: Decimal("-147.00"),
    }),
]  # fmt: skip


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "Zahlungsliste.xlsx"
    template.build_template(path)
    with open_workbook(path) as port:
        port.append_rows(PAYMENTS, ROWS)
    return path


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    with open_workbook(path, save=False) as port:
        return {str(r[C.NUMMER]): r for r in port.read_rows(PAYMENTS)}


CASES = [
    (1, TODAY, Decimal("100.00"), "open row without Skonto: Betrag"),
    (2, SKONTO_UNTIL, Decimal("98.00"), "on the Skonto deadline itself: Betrag mit Skonto"),
    (2, SKONTO_UNTIL + timedelta(days=1), Decimal("100.00"), "a day late: full Betrag"),
    (7, TODAY, Decimal("100.00"), "a hand-typed row without Status is payable"),
    (10, TODAY, Decimal("100.00"), "Status typed with spaces and lower case"),
    (11, INVOICED, Decimal("100.00"), "paid on the Rechnungsdatum itself"),
    (1, earliest_day(TODAY), Decimal("100.00"), "a year back is the earliest day accepted"),
]


@pytest.mark.parametrize(("row_id", "on", "amount", "reason"), CASES, ids=[c[3] for c in CASES])
def test_payable_rows_are_marked(
    workbook: Path,
    capsys: pytest.CaptureFixture[str],
    row_id: int,
    on: date,
    amount: Decimal,
    reason: str,
) -> None:
    day = on.strftime("%d.%m.%Y")
    assert main(["bezahlt", "--mappe", str(workbook), "--id", str(row_id), "--datum", day]) == 0
    row = _rows(workbook)[f"R-{row_id}"]
    assert row[C.STATUS] == "Bezahlt", reason
    assert row[C.BEZAHLT_AM] == on, reason
    assert row[C.BEZAHLT_BETRAG] == amount, reason
    assert "1 Rechnung als bezahlt eingetragen" in capsys.readouterr().out


REFUSED = [
    (3, "Lastschrift", "the supplier collects it: a transfer would pay twice"),
    (4, "storniert", "cancelled: nothing to pay"),
    (5, "schon als bezahlt eingetragen am 05.01.2026", "the first payment day is kept"),
    (6, "erst den Prüfhinweis klären", "an open finding must be cleared first"),
    (8, "kein lesbarer Betrag", "no amount, nothing to record"),
    (9, "mehrmals", "an ID on two rows is ambiguous"),
    (99, "steht nicht in der Zahlungsliste", "unknown ID"),
]


@pytest.mark.parametrize(("row_id", "message", "reason"), REFUSED, ids=[r[2] for r in REFUSED])
def test_refused_rows_stay_untouched_and_others_are_still_done(
    workbook: Path, capsys: pytest.CaptureFixture[str], row_id: int, message: str, reason: str
) -> None:
    before = _rows(workbook)
    code = main(["bezahlt", "--mappe", str(workbook), "--id", str(row_id), "--id", "1"])
    after = _rows(workbook)
    output = capsys.readouterr().out
    assert code == 2, reason
    assert message in output, reason
    assert "1 Rechnung als bezahlt eingetragen" in output and "1 abgelehnt" in output
    assert after["R-1"][C.STATUS] == "Bezahlt"
    changed = [number for number in before if before[number] != after[number]]
    assert changed == ["R-1"], reason


def test_summary_adds_up_what_was_paid(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = SKONTO_UNTIL.strftime("%d.%m.%Y")
    args = ["bezahlt", "--mappe", str(workbook), "--id", "1", "--id", "2", "--datum", day]
    assert main(args) == 0
    output = capsys.readouterr().out
    assert "2 Rechnungen als bezahlt eingetragen (zusammen 198,00 EUR), 0 abgelehnt" in output
    assert "98,00 EUR am" in output and "(mit Skonto)" in output


# Broke: `bezahlt --id 1 --datum 01.01.2027` on 04.12.2026 was accepted (a future payment).
WRONG_DAYS = [
    (TODAY + timedelta(days=1), "liegt in der Zukunft", "tomorrow: not paid yet"),
    (TODAY + timedelta(days=28), "liegt in der Zukunft", "the sample: four weeks ahead"),
    (earliest_day(TODAY) - timedelta(days=1), "mehr als ein Jahr zurück", "a year and a day"),
    (date(1900, 1, 5), "mehr als ein Jahr zurück", "a wrong year"),
]


@pytest.mark.parametrize(("on", "message", "reason"), WRONG_DAYS, ids=[w[2] for w in WRONG_DAYS])
def test_an_implausible_payment_day_refuses_the_call_and_writes_nothing(
    workbook: Path, capsys: pytest.CaptureFixture[str], on: date, message: str, reason: str
) -> None:
    before = workbook.read_bytes()
    day = on.strftime("%d.%m.%Y")
    assert main(["bezahlt", "--mappe", str(workbook), "--id", "1", "--datum", day]) == 2, reason
    assert message in capsys.readouterr().err, reason
    assert workbook.read_bytes() == before, reason


def test_the_reported_future_day_is_refused_by_the_job(workbook: Path) -> None:
    # Broke: `bezahlt --id 1 --datum 01.01.2027` with today 04.12.2026 was accepted.
    future = pytest.raises(InvalidInputError, match=r"01\.01\.2027 liegt in der Zukunft")
    with open_workbook(workbook, save=False) as port, future:
        mark_paid(port, [1], date(2027, 1, 1), today=date(2026, 12, 4))


def test_a_payment_before_the_invoice_date_refuses_that_row_only(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: `--datum 30.11.2026` for an invoice of 01.12.2026 was accepted.
    on = INVOICED - timedelta(days=1)
    args = ["bezahlt", "--mappe", str(workbook), "--id", "11", "--id", "1"]
    assert main([*args, "--datum", on.strftime("%d.%m.%Y")]) == 2
    output = capsys.readouterr().out
    expected = f"Zahltag {on:%d.%m.%Y} liegt vor dem Rechnungsdatum {INVOICED:%d.%m.%Y}"
    assert expected in output
    rows = _rows(workbook)
    assert rows["R-11"][C.STATUS] == "Offen" and rows["R-11"][C.BEZAHLT_AM] is None
    assert rows["R-1"][C.STATUS] == "Bezahlt" and rows["R-1"][C.BEZAHLT_AM] == on


def test_a_wrong_date_is_refused_in_german(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = workbook.read_bytes()
    assert main(["bezahlt", "--mappe", str(workbook), "--id", "1", "--datum", "31.02.2026"]) == 2
    assert "kein Datum" in capsys.readouterr().err
    assert workbook.read_bytes() == before


def test_paid_cells_get_date_and_money_formats(workbook: Path) -> None:
    assert main(["bezahlt", "--mappe", str(workbook), "--id", "1"]) == 0
    sheet = load_workbook(workbook)[PAYMENTS]
    letter = {
        h: template.column_letter(schema.PAYMENTS, h) for h in (C.BEZAHLT_AM, C.BEZAHLT_BETRAG)
    }
    assert sheet[f"{letter[C.BEZAHLT_AM]}2"].number_format == "DD.MM.YYYY"
    assert sheet[f"{letter[C.BEZAHLT_BETRAG]}2"].number_format == "#,##0.00"


COLOURS = {
    "Kopf": template.HEADER_FILL.fgColor.rgb,
    "Bezahlt": template.FILL_PAID,
    "Prüfen": template.FILL_CHECK,
}


@pytest.mark.libreoffice
def test_a_paid_row_shows_green(tmp_path: Path) -> None:
    path = tmp_path / "Zahlungsliste.xlsx"
    template.build_template(path)
    with open_workbook(path) as port:
        port.append_rows(PAYMENTS, [_invoice(1, "Offen"), _invoice(2, "Offen")])
    before = colour_bands(render(path, tmp_path / "vorher"), COLOURS)
    assert main(["bezahlt", "--mappe", str(path), "--id", "2"]) == 0
    after = colour_bands(render(path, tmp_path / "nachher"), COLOURS)
    assert before == ["Kopf"], "two open rows, not yet due: no colour"
    assert after == ["Kopf", "Bezahlt"], "the second row turns green"


def _day(on: date) -> str:
    return on.strftime("%d.%m.%Y")


# Broke: marking the credit note ID 12 said "1 Rechnung als bezahlt … -150,00 EUR".
def test_a_credit_note_is_recorded_as_netted_not_as_paid(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bezahlt", "--mappe", str(workbook), "--id", "12", "--id", "1"]) == 0
    output = capsys.readouterr().out
    expected = (
        "1 Rechnung als bezahlt eingetragen (zusammen 100,00 EUR), "
        "1 Gutschrift verrechnet (zusammen -150,00 EUR), 0 abgelehnt"
    )
    assert expected in output, "the credit note is not counted or summed as a paid invoice"
    assert f"ID 12 Lieferant 12: Gutschrift -150,00 EUR am {_day(TODAY)} verrechnet" in output
    row = _rows(workbook)["R-12"]
    assert row[C.STATUS] == "Bezahlt"
    assert row[C.BEZAHLT_BETRAG] == Decimal("-150.00"), "a credit note gets no Skonto"


def test_a_credit_note_alone_names_no_paid_invoice(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bezahlt", "--mappe", str(workbook), "--id", "12"]) == 0
    output = capsys.readouterr().out
    assert "0 Rechnungen als bezahlt eingetragen, 1 Gutschrift verrechnet" in output
    assert "1 Rechnung" not in output


# Broke: `bezahlt --id 1 --datum ""` was taken as today.
@pytest.mark.parametrize("typed", ["", "   "], ids=["empty", "blanks only"])
def test_an_empty_date_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    before = workbook.read_bytes()
    assert main(["bezahlt", "--mappe", str(workbook), "--id", "1", "--datum", typed]) == 2
    assert "--datum ist leer" in capsys.readouterr().err
    assert workbook.read_bytes() == before


# Payment blockers: the supplier master decides where money may go.
CONFIRMED = "DE89370400440532013000"
OTHER = "DE02100100109307118603"
NEW = "DE21370400441111111111"
FIRST_PAID = date(2026, 12, 8)

MASTER = [
    {"Name": "Elektro Wagner", "IBAN": CONFIRMED, "IBAN bestätigt am": date(2026, 1, 5)},
    {"Name": "Neu KG", "IBAN": NEW},  # proposed from an invoice, nobody phoned yet
]


def _wagner(row_id: int, status: str, number: str = "EW-3301", **changes: Any) -> dict[str, Any]:
    return _invoice(row_id, status, **{
        C.LIEFERANT: "Elektro Wagner", C.NUMMER: number, C.IBAN: CONFIRMED, **changes,
    })  # fmt: skip


CHECKED_ROWS = [
    _wagner(1, "Offen", "EW-1000"),
    _wagner(2, "Bezahlt", **{C.BEZAHLT_AM: FIRST_PAID, C.BEZAHLT_BETRAG: Decimal("100.00")}),
    _wagner(5, "Freigegeben", **{
        C.HINWEIS: "mögliche Doppelrechnung: gleiche Rechnungsnr. wie ID 2",
    }),
    _wagner(6, "Freigegeben", "EW-4000"),
    _wagner(7, "Freigegeben", "ew 4000"),
    _wagner(8, "Freigegeben", "EW-5000", **{C.IBAN: OTHER}),
    _invoice(9, "Offen", **{C.LIEFERANT: "Neu KG", C.IBAN: NEW}),
    _invoice(10, "Freigegeben", **{C.LIEFERANT: "Unbekannt AG", C.IBAN: OTHER}),
    _invoice(11, "Offen", **{C.LIEFERANT: "Rechen GmbH", C.IBAN: CONFIRMED}),
    _wagner(12, "Freigegeben", "EW-6000", **{C.IBAN: "de89 3704 0044 0532 0130 00"}),
]  # fmt: skip


@pytest.fixture
def checked(tmp_path: Path) -> Path:
    path = tmp_path / "Zahlungsliste.xlsx"
    template.build_template(path)
    with open_workbook(path) as port:
        port.append_rows(SUPPLIERS, MASTER)
        port.append_rows(PAYMENTS, CHECKED_ROWS)
    return path


BLOCKED = [
    # Broke (P2): `bezahlt --id 5` paid the second copy of EW-3301 again.
    (5, ["Rechnungsnr. EW-3301", "schon als ID 2 am 08.12.2026 bezahlt"], "paid before as ID 2"),
    # Broke (P5): a Freigegeben row with another IBAN than the confirmed one was paid.
    (8, ["IBAN weicht von der bestätigten IBAN ab"], "the classic invoice fraud"),
    # Broke (P5): an Offen row of a supplier nobody phoned yet was paid.
    (9, ["IBAN noch nicht bestätigt", "„IBAN bestätigt am“"], "master IBAN not confirmed"),
    (10, ["IBAN noch nicht bestätigt"], "supplier not in Lieferanten at all"),
    (11, ["IBAN noch nicht bestätigt"], "another firm's row with Wagner's confirmed IBAN"),
]


@pytest.mark.parametrize(("row_id", "messages", "reason"), BLOCKED, ids=[b[2] for b in BLOCKED])
def test_rows_the_checks_block_are_refused_and_others_still_done(
    checked: Path,
    capsys: pytest.CaptureFixture[str],
    row_id: int,
    messages: list[str],
    reason: str,
) -> None:
    before = _rows(checked)
    code = main(["bezahlt", "--mappe", str(checked), "--id", str(row_id), "--id", "1"])
    output = capsys.readouterr().out
    assert code == 2, reason
    line = next(x for x in output.splitlines() if x.startswith(f"ID {row_id} ("))
    for message in messages:
        assert message in line, reason
    assert "1 Rechnung als bezahlt eingetragen" in output and "1 abgelehnt" in output
    after = _rows(checked)
    changed = [n for n in before if before[n] != after[n]]
    assert changed == ["EW-1000"], reason


def test_the_confirmed_iban_in_other_spelling_is_paid(checked: Path) -> None:
    assert main(["bezahlt", "--mappe", str(checked), "--id", "12"]) == 0
    assert _rows(checked)["EW-6000"][C.STATUS] == "Bezahlt"


def test_two_copies_chosen_together_are_paid_once(
    checked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # EW-4000 came twice (IDs 6 and 7, "ew 4000"); both were Freigegeben and chosen at once.
    assert main(["bezahlt", "--mappe", str(checked), "--id", "6", "--id", "7"]) == 2
    output = capsys.readouterr().out
    assert f"schon als ID 6 am {_day(TODAY)} bezahlt" in output
    rows = _rows(checked)
    assert rows["EW-4000"][C.STATUS] == "Bezahlt"
    assert rows["ew 4000"][C.STATUS] == "Freigegeben" and rows["ew 4000"][C.BEZAHLT_AM] is None
