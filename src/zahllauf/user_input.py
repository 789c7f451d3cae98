"""What a person types on the command line or in a dialog: German dates and hours.

Pure functions with German messages, shared by the commands and the Excel dialogs, so
both accept exactly the same input.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zahllauf import texts
from zahllauf.errors import ZahllaufError

__all__ = [
    "MAX_HOURS",
    "InvalidInputError",
    "check_day",
    "earliest_day",
    "parse_date",
    "parse_hours",
]

MAX_HOURS = Decimal(24)
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DECIMAL = re.compile(r"^\d+([.,]\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class InvalidInputError(ZahllaufError):
    """Something a person typed cannot be read; the message says how to write it."""

    exit_code = 2


def option_date(typed: str | None, today: date) -> date:
    """The day typed after ``--datum``; today when the option is left out.

    An empty ``--datum ""`` is refused rather than taken as today: it usually comes from a
    script whose date variable was empty, and today would be a guess.
    """
    if typed is None:
        return today
    if not typed.strip():
        raise InvalidInputError(texts.EMPTY_DATE_OPTION)
    return parse_date(typed)


def parse_date(text: str) -> date:
    """``TT.MM.JJJJ`` (also ``T.M.JJ``, and ISO ``JJJJ-MM-TT``) as a date.

    >>> parse_date("4.12.2026"), parse_date("04.12.26")
    (datetime.date(2026, 12, 4), datetime.date(2026, 12, 4))
    """
    cleaned = text.strip()
    german = _DATE.match(cleaned)
    iso = _ISO_DATE.match(cleaned)
    try:
        if german:
            day, month, year = (int(g) for g in german.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return date(year, month, day)
    except ValueError as error:
        raise InvalidInputError(texts.INPUT_DATE.format(text=cleaned)) from error
    raise InvalidInputError(texts.INPUT_DATE.format(text=cleaned))


def check_day(day: date, today: date, future_hint: str) -> None:
    """Refuse a day after ``today`` or before :func:`earliest_day` (German message).

    Hours and payments are entered after they happened, so a day in the future is a typing
    error. So is a day more than a year back: the typical slip is a wrong year (1900, 2062
    for 2026), and a year covers every late entry of the current and the previous year
    that the weekly routine meets; anything older belongs to a closed year and is typed
    into the sheet by hand.

    Args:
        day: The day a person typed.
        today: Today's date.
        future_hint: What to do instead of a future day, in the job's words.
    """
    if day > today:
        raise InvalidInputError(
            texts.INPUT_DAY_FUTURE.format(date=texts.german_date(day), hint=future_hint)
        )
    earliest = earliest_day(today)
    if day < earliest:
        raise InvalidInputError(
            texts.INPUT_DAY_TOO_OLD.format(
                date=texts.german_date(day), earliest=texts.german_date(earliest)
            )
        )


def earliest_day(today: date) -> date:
    """The same day one year before ``today`` (28 February for a 29 February).

    >>> earliest_day(date(2026, 12, 4)), earliest_day(date(2028, 2, 29))
    (datetime.date(2025, 12, 4), datetime.date(2027, 2, 28))
    """
    if today.month == 2 and today.day == 29:
        return date(today.year - 1, 2, 28)
    return today.replace(year=today.year - 1)


def parse_hours(text: str) -> Decimal:
    """Hours as ``Decimal`` with two places, from ``1,5``, ``1.5`` or ``1:30``.

    Minutes are turned into hours and rounded half up to the hundredth (``0:20`` is
    ``0.33``), the precision the Stunden column shows and the invoice to the client uses.
    More than 0 and at most 24 hours are accepted.

    >>> parse_hours("1,5"), parse_hours("1:30"), parse_hours("2")
    (Decimal('1.50'), Decimal('1.50'), Decimal('2.00'))
    """
    cleaned = text.strip()
    clock = _CLOCK.match(cleaned)
    if clock:
        hours = _from_clock(cleaned, int(clock.group(1)), int(clock.group(2)))
    elif _DECIMAL.match(cleaned):
        hours = _from_decimal(cleaned)
    else:
        raise InvalidInputError(texts.INPUT_HOURS.format(text=cleaned))
    if hours <= 0 or hours > MAX_HOURS:
        raise InvalidInputError(texts.INPUT_HOURS_RANGE.format(hours=texts.money(hours)))
    return hours


def _from_clock(text: str, hours: int, minutes: int) -> Decimal:
    if minutes > 59:
        raise InvalidInputError(texts.INPUT_HOURS_MINUTES.format(text=text))
    exact = Decimal(hours) + Decimal(minutes) / Decimal(60)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _from_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # the pattern above lets only digits through
        raise InvalidInputError(texts.INPUT_HOURS.format(text=text)) from error
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidInputError(texts.INPUT_HOURS_PLACES.format(text=text))
    return value.quantize(Decimal("0.01"))
