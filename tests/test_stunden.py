"""The hours log on a real workbook file, what a person may type, and the printed sheet."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from render import to_pdf
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.cli import main
from zahllauf.dialogs import HoursForm, hours_entry
from zahllauf.port import ROW
from zahllauf.user_input import InvalidInputError, check_day, earliest_day, parse_date, parse_hours

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    _set(path, {"Mandant": "Gartenbau Grün", "Wochenbudget Stunden": "5"})
    return path


def _set(path: Path, values: dict[str, str]) -> None:
    with open_workbook(path) as port:
        rows = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows("Einstellungen", {rows[k]: {"Wert": v} for k, v in values.items()})


def _lines(path: Path) -> list[dict[str, object]]:
    with open_workbook(path, save=False) as port:
        return port.read_rows("Stunden")


def _stunden(path: Path, *args: str) -> int:
    return main(["stunden", "--mappe", str(path), *args])


def test_a_line_is_appended_with_the_default_client(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _stunden(workbook, "1,5", "Zahllauf vorbereitet") == 0
    (line,) = _lines(workbook)
    assert line["Datum"] == TODAY and line["Mandant"] == "Gartenbau Grün"
    assert line["Tätigkeit"] == "Zahllauf vorbereitet"
    assert line["Stunden"] == Decimal("1.50") and line["Abgerechnet"] is None
    assert "1,50 Stunden am" in capsys.readouterr().out


def test_client_and_date_can_be_given(workbook: Path) -> None:
    day = MONDAY.strftime("%d.%m.%Y")
    assert _stunden(workbook, "0:45", "Belege sortiert", "--datum", day, "--mandant", "Meier") == 0
    (line,) = _lines(workbook)
    assert line["Datum"] == MONDAY and line["Mandant"] == "Meier"
    assert line["Stunden"] == Decimal("0.75")


def test_the_week_total_counts_only_this_weeks_lines(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last_sunday = (MONDAY - timedelta(days=1)).strftime("%d.%m.%Y")
    assert _stunden(workbook, "8", "Vorwoche", "--datum", last_sunday) == 0
    assert _stunden(workbook, "2", "Montag", "--datum", MONDAY.strftime("%d.%m.%Y")) == 0
    capsys.readouterr()
    assert _stunden(workbook, "1,5", "heute") == 0
    output = capsys.readouterr().out
    week = TODAY.isocalendar().week
    assert f"Woche {week} " in output
    assert "3,50 Stunden von 5,00 (Wochenbudget), noch 1,50 frei" in output


def test_going_over_the_budget_is_said(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _stunden(workbook, "6", "Jahresabschluss vorbereitet") == 0
    assert "1,00 Stunden über dem Budget" in capsys.readouterr().out


def test_without_budget_the_total_is_shown_alone(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(workbook, {"Wochenbudget Stunden": ""})
    assert _stunden(workbook, "2", "Ablage") == 0
    assert "2,00 Stunden (kein Wochenbudget" in capsys.readouterr().out


REFUSED = [
    (["0", "x"], "erlaubt sind mehr als 0", "zero hours"),
    (["25", "x"], "höchstens 24", "more than a day"),
    (["-1", "x"], "keine Stundenangabe", "negative"),
    (["1:75", "x"], "Minuten", "minutes past 59"),
    (["1,255", "x"], "zwei Nachkommastellen", "finer than the sheet shows"),
    (["eins", "x"], "keine Stundenangabe", "a word"),
    (["1", "   "], "Tätigkeit", "no activity"),
    (["1", "\x01\x02\u202e"], "Tätigkeit", "control characters only: no activity"),
    (["1", "x", "--datum", "32.01.2026"], "kein Datum", "no such day"),
    (["1", "x", "--datum", (TODAY + timedelta(days=1)).strftime("%d.%m.%Y")], "Zukunft", "future"),
    (["1", "x", "--mandant", " "], "Kein Mandant", "empty client"),
    # Broke: `stunden 1 x --datum 05.01.1900` was accepted.
    (["1", "x", "--datum", "05.01.1900"], "mehr als ein Jahr zurück", "a wrong year"),
    (
        ["1", "x", "--datum", (earliest_day(TODAY) - timedelta(days=1)).strftime("%d.%m.%Y")],
        "mehr als ein Jahr zurück",
        "a year and a day back",
    ),
]


@pytest.mark.parametrize(("args", "message", "reason"), REFUSED, ids=[r[2] for r in REFUSED])
def test_wrong_input_is_refused_in_german_and_nothing_written(
    workbook: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str, reason: str
) -> None:
    before = workbook.read_bytes()
    assert _stunden(workbook, *args) == 2, reason
    assert message in capsys.readouterr().err, reason
    assert workbook.read_bytes() == before, reason


def test_a_year_back_is_the_earliest_day_accepted(workbook: Path) -> None:
    day = earliest_day(TODAY)
    assert _stunden(workbook, "1", "Nachtrag", "--datum", day.strftime("%d.%m.%Y")) == 0
    assert [line["Datum"] for line in _lines(workbook)] == [day]


def test_a_day_is_full_at_24_hours_over_every_client(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: several entries on one day added up to 32,77 h and were all accepted.
    day = ["--datum", MONDAY.strftime("%d.%m.%Y")]
    assert _stunden(workbook, "16", "Jahresabschluss", *day) == 0
    assert _stunden(workbook, "8", "Ablage", "--mandant", "Meier", *day) == 0, "24 h is a day"
    before = workbook.read_bytes()
    capsys.readouterr()
    assert _stunden(workbook, "8,77", "Nacharbeit", *day) == 2
    message = capsys.readouterr().err
    assert f"Am {MONDAY:%d.%m.%Y} sind schon 24,00 Stunden eingetragen" in message
    assert "wären es 32,77" in message
    assert workbook.read_bytes() == before, "nothing written"


def test_another_day_is_not_counted_against_the_full_one(workbook: Path) -> None:
    day_before = MONDAY - timedelta(days=1)
    assert _stunden(workbook, "24", "Inventur", "--datum", day_before.strftime("%d.%m.%Y")) == 0
    assert _stunden(workbook, "24", "Inventur", "--datum", MONDAY.strftime("%d.%m.%Y")) == 0
    assert [line["Stunden"] for line in _lines(workbook)] == [Decimal("24.00")] * 2


FORMULA = '=HYPERLINK("http://127.0.0.1/x","Klick")'


def test_typed_text_is_stored_and_shown_as_plain_text(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: `stunden 1 "$(printf 'a\x01b')" --mandant '=HYPERLINK(…)'` was taken as typed.
    assert _stunden(workbook, "1", "a\x01b\tc\n", "--mandant", FORMULA) == 0
    (line,) = _lines(workbook)
    assert line["Tätigkeit"] == "ab c" and line["Mandant"] == FORMULA
    sheet = load_workbook(workbook)["Stunden"]
    cell = next(c for c in sheet[2] if c.value == FORMULA)
    assert cell.data_type == "s", "stored as text, never a formula"
    output = capsys.readouterr().out
    assert "\x01" not in output and f"für {FORMULA} eingetragen: ab c" in output


def test_no_client_anywhere_is_refused(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _set(workbook, {"Mandant": ""})
    assert _stunden(workbook, "1", "x") == 2
    assert "Kein Mandant" in capsys.readouterr().err


HOURS = [
    ("1,5", Decimal("1.50"), "German comma"),
    ("1.5", Decimal("1.50"), "point"),
    ("1:30", Decimal("1.50"), "clock"),
    ("0:20", Decimal("0.33"), "a third of an hour, rounded half up to the hundredth"),
    ("0:01", Decimal("0.02"), "one minute rounds up, never to nothing"),
    ("24", Decimal("24.00"), "the upper bound itself"),
    (" 2 ", Decimal("2.00"), "spaces around"),
]


@pytest.mark.parametrize(("text", "hours", "reason"), HOURS, ids=[h[2] for h in HOURS])
def test_hours_are_read_as_people_write_them(text: str, hours: Decimal, reason: str) -> None:
    assert parse_hours(text) == hours, reason


DATES = [
    ("04.12.2026", date(2026, 12, 4), "German"),
    ("4.12.26", date(2026, 12, 4), "short year"),
    ("2026-12-04", date(2026, 12, 4), "ISO"),
]


@pytest.mark.parametrize(("text", "day", "reason"), DATES, ids=[d[2] for d in DATES])
def test_dates_are_read_as_people_write_them(text: str, day: date, reason: str) -> None:
    assert parse_date(text) == day, reason


# The reported cases with their own today (04.12.2026); the rule is the one both jobs use.
REPORTED_TODAY = date(2026, 12, 4)
DAYS = [
    (date(2026, 12, 4), None, "today"),
    (date(2025, 12, 4), None, "exactly a year back"),
    (date(2027, 1, 1), "01.01.2027 liegt in der Zukunft", "Broke: bezahlt --datum 01.01.2027"),
    (date(2026, 12, 5), "in der Zukunft", "tomorrow"),
    (date(2025, 12, 3), "frühestens 04.12.2025", "a year and a day back"),
    (date(1900, 1, 5), "05.01.1900 liegt mehr als ein Jahr", "Broke: stunden --datum 05.01.1900"),
]


@pytest.mark.parametrize(("day", "message", "reason"), DAYS, ids=[d[2] for d in DAYS])
def test_a_typed_day_lies_within_the_last_year(day: date, message: str | None, reason: str) -> None:
    if message is None:
        check_day(day, REPORTED_TODAY, "Hinweis")
        return
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        check_day(day, REPORTED_TODAY, "Hinweis")


def test_the_earliest_day_after_a_leap_day_is_the_28th() -> None:
    assert earliest_day(date(2028, 2, 29)) == date(2027, 2, 28)
    assert earliest_day(date(2027, 3, 1)) == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["12/04/2026", "4.12.", "heute", ""])
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match=r"TT\.MM\.JJJJ"):
        parse_date(text)


DIALOG = [
    (HoursForm("", "Meier", "1,5", "Ablage"), TODAY, "empty date field: today"),
    (HoursForm(MONDAY.strftime("%d.%m.%Y"), " Meier ", "1:30", " Ablage "), MONDAY, "trimmed"),
]


@pytest.mark.parametrize(("form", "day", "reason"), DIALOG, ids=[d[2] for d in DIALOG])
def test_the_hours_dialog_accepts_a_filled_form(form: HoursForm, day: date, reason: str) -> None:
    entry = hours_entry(form, TODAY)
    assert (entry.day, entry.client, entry.activity, entry.hours) == (
        day, "Meier", "Ablage", Decimal("1.50"),
    ), reason  # fmt: skip


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (HoursForm("", "", "1", "Ablage"), "Kein Mandant"),
        (HoursForm("", "Meier", "", "Ablage"), "keine Stundenangabe"),
        (HoursForm("", "Meier", "1", ""), "Tätigkeit"),
        (HoursForm("99.99.2026", "Meier", "1", "Ablage"), "kein Datum"),
        (HoursForm((TODAY + timedelta(days=2)).strftime("%d.%m.%Y"), "M", "1", "A"), "Zukunft"),
        (HoursForm("05.01.1900", "M", "1", "A"), "mehr als ein Jahr zurück"),
    ],
)
def test_the_hours_dialog_explains_a_wrong_field(form: HoursForm, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        hours_entry(form, TODAY)


@pytest.mark.libreoffice
def test_the_printed_hours_sheet_shows_the_new_line(workbook: Path, tmp_path: Path) -> None:
    activity = "Zahllauf vorbereitet (Woche)"
    assert _stunden(workbook, "1,5", activity) == 0
    pdf = to_pdf(workbook, tmp_path / "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = text.splitlines()
    # The Stunden sheet is wider than a portrait page: LibreOffice prints Datum and Mandant
    # on one page, Tätigkeit and Stunden on the next, so each half is looked for on its own.
    written = next((t for t in lines if activity in t), "")
    assert "1.50" in written or "1,50" in written, written
    assert any(TODAY.strftime("%d.%m.%Y") in t and "Gartenbau Grün" in t for t in lines)


def test_empty_date_option_is_refused_not_taken_as_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Broke: "zahllauf stunden 1 'x' --datum ''" logged the hours for today.
    workbook = tmp_path / "Zahlungsliste.xlsx"
    build_template(workbook)
    before = workbook.read_bytes()
    code = main(["stunden", "--mappe", str(workbook), "1", "Zahllauf", "--datum", ""])
    assert code != 0 and "--datum ist leer" in capsys.readouterr().err
    assert workbook.read_bytes() == before
