"""Stunden erfassen: one line in the hours log, and the week's total against the budget.

The assistant logs each stretch of work (date, Mandant, activity, hours); Abgerechnet stays
empty until the hours are invoiced. The week is the calendar week Monday to Sunday (ISO
8601, as German calendars count it) of the logged day; its total covers every line of
that week in this workbook and is compared with the "Wochenbudget Stunden" setting.

A line is refused, and nothing written, when its day lies in the future or more than a
year back (:func:`zahllauf.user_input.check_day`, the rule the mark-paid job shares), or
when it would take the day's hours, over every Mandant, above 24.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from zahllauf import schema, texts
from zahllauf.plaintext import one_line
from zahllauf.port import ROW, WorkbookPort, settings
from zahllauf.user_input import MAX_HOURS, InvalidInputError, check_day

__all__ = [
    "BUDGET_SETTING",
    "CLIENT_SETTING",
    "HoursEntry",
    "WeekTotal",
    "day_total",
    "log_hours",
    "week_total",
]

log = logging.getLogger(__name__)

HOURS = schema.HOURS.name
CLIENT_SETTING = "Mandant"
BUDGET_SETTING = "Wochenbudget Stunden"


@dataclass(frozen=True)
class HoursEntry:
    """One line of the hours log; validates when made (German messages).

    Mandant and Tätigkeit are kept as :func:`~zahllauf.plaintext.one_line` makes them, so
    the summary shows what the sheet stores. Text that starts with "=" stays as typed: the
    cell layer stores it as text, never as a formula.
    """

    day: date
    client: str
    activity: str
    hours: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "client", one_line(self.client))
        object.__setattr__(self, "activity", one_line(self.activity))
        if not self.client:
            raise InvalidInputError(texts.HOURS_NO_CLIENT)
        if not self.activity:
            raise InvalidInputError(texts.HOURS_NO_ACTIVITY)
        if self.hours <= 0 or self.hours > MAX_HOURS:
            raise InvalidInputError(texts.INPUT_HOURS_RANGE.format(hours=texts.money(self.hours)))

    def check_day(self, today: date) -> None:
        """Hours are logged after the work, within a year: see ``user_input.check_day``."""
        check_day(self.day, today, texts.HOURS_FUTURE)

    def text(self) -> str:
        return texts.HOURS_LOGGED.format(
            hours=texts.money(self.hours),
            date=texts.german_date(self.day),
            client=self.client,
            activity=self.activity,
        )


@dataclass(frozen=True)
class WeekTotal:
    """Hours of one calendar week against the weekly budget (None when none is set)."""

    monday: date
    total: Decimal
    budget: Decimal | None

    def text(self) -> str:
        line = texts.HOURS_WEEK.format(
            week=self.monday.isocalendar().week,
            start=self.monday.strftime("%d.%m."),
            end=texts.german_date(self.monday + timedelta(days=6)),
            total=texts.money(self.total),
        )
        if self.budget is None:
            return line + texts.HOURS_WEEK_NO_BUDGET
        line += texts.HOURS_WEEK_BUDGET.format(budget=texts.money(self.budget))
        rest = self.budget - self.total
        if rest >= 0:
            return line + texts.HOURS_WEEK_LEFT.format(hours=texts.money(rest))
        return line + texts.HOURS_WEEK_OVER.format(hours=texts.money(-rest))


def default_client(port: WorkbookPort) -> str:
    """The Mandant setting, empty when not set."""
    return settings(port).get(CLIENT_SETTING, "")


def log_hours(port: WorkbookPort, entry: HoursEntry, today: date | None = None) -> WeekTotal:
    """Append ``entry`` to the Stunden sheet; return its week's total with the new line.

    Raises:
        InvalidInputError: The day is implausible (``today`` defaults to the real one), or
            the day's hours would exceed 24; nothing is written.
    """
    entry.check_day(today or date.today())
    _check_day_total(port, entry)
    port.append_rows(
        HOURS,
        [
            {
                "Datum": entry.day,
                "Mandant": entry.client,
                "Tätigkeit": entry.activity,
                "Stunden": entry.hours,
            }
        ],
    )
    log.info("logged %s hours", entry.hours)
    return week_total(port, entry.day)


def _check_day_total(port: WorkbookPort, entry: HoursEntry) -> None:
    logged = day_total(port, entry.day)
    if logged + entry.hours > MAX_HOURS:
        raise InvalidInputError(
            texts.HOURS_DAY_FULL.format(
                date=texts.german_date(entry.day),
                logged=texts.money(logged),
                hours=texts.money(entry.hours),
                total=texts.money(logged + entry.hours),
            )
        )


def day_total(port: WorkbookPort, day: date) -> Decimal:
    """Hours already logged on ``day``, over every Mandant (one person has 24 a day)."""
    return _total(port, day, day)


def week_total(port: WorkbookPort, day: date) -> WeekTotal:
    """Sum of the Stunden of the week of ``day``; lines without a readable number are skipped."""
    monday = day - timedelta(days=day.weekday())
    total = _total(port, monday, monday + timedelta(days=6))
    return WeekTotal(monday, total, _budget(settings(port).get(BUDGET_SETTING, "")))


def _total(port: WorkbookPort, first: date, last: date) -> Decimal:
    """Sum of the Stunden from ``first`` to ``last``; lines without a number are skipped."""
    total = Decimal("0.00")
    for row in port.read_rows(HOURS):
        logged, hours = row.get("Datum"), row.get("Stunden")
        if isinstance(logged, date) and first <= logged <= last:
            if isinstance(hours, Decimal):
                total += hours
            else:
                log.warning("hours line %s skipped: no number", row.get(ROW))
    return total


def _budget(text: str) -> Decimal | None:
    """The setting as typed ("7,5") or as Excel's number comes through settings() ("7.5")."""
    if not text.strip():
        return None
    cleaned = text.strip().replace(",", ".") if text.count(",") <= 1 else ""
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        log.warning("Wochenbudget Stunden is no number")
        return None
    return value if value.is_finite() and value > 0 else None
