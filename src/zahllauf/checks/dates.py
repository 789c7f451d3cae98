"""Dates: German public holidays per Bundesland, bank working days, due-date checks.

Holidays are computed here (Easter-based and fixed), not taken from a package, so that the
rules are visible in one place. Sources: the holiday laws of the Länder (Feiertagsgesetze);
changes are dated where a Land added a day (Berlin 2019, Mecklenburg-Vorpommern 2023, ...).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from zahllauf import texts
from zahllauf.model import DocumentKind, Finding, Invoice, PaymentMeans, Severity, SkontoTerm

log = logging.getLogger(__name__)

LAENDER = (
    "BW",
    "BY",
    "BE",
    "BB",
    "HB",
    "HH",
    "HE",
    "MV",
    "NI",
    "NW",
    "RP",
    "SL",
    "SN",
    "ST",
    "SH",
    "TH",
)

# Full names a person may type into the settings instead of the code.
_LAND_NAMES = {
    "baden-wuerttemberg": "BW",
    "bayern": "BY",
    "berlin": "BE",
    "brandenburg": "BB",
    "bremen": "HB",
    "hamburg": "HH",
    "hessen": "HE",
    "mecklenburg-vorpommern": "MV",
    "niedersachsen": "NI",
    "nordrhein-westfalen": "NW",
    "rheinland-pfalz": "RP",
    "saarland": "SL",
    "sachsen": "SN",
    "sachsen-anhalt": "ST",
    "schleswig-holstein": "SH",
    "thueringen": "TH",
}

# A due date this long after the invoice date is more likely a misread than real terms.
MAX_TERM_DAYS = 120
# An issue date this far ahead of today is a misread (or a pro-forma), not a typo of a day.
FUTURE_TOLERANCE_DAYS = 3
# Skonto is "close" when its deadline is at most this many calendar days ahead.
SKONTO_CLOSE_DAYS = 3


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm).

    >>> easter_sunday(2026)
    datetime.date(2026, 4, 5)
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def normalise_land(value: str | None) -> str | None:
    """The two-letter code of a Bundesland from a code or a name; None when unknown.

    >>> normalise_land("Thüringen"), normalise_land(" by "), normalise_land("Tirol")
    ('TH', 'BY', None)
    """
    if not value:
        return None
    text = value.strip().lower().replace("ü", "ue").replace(" ", "-")
    if text.upper() in LAENDER:
        return text.upper()
    return _LAND_NAMES.get(text)


def public_holidays(year: int, land: str | None) -> dict[date, str]:
    """Public holidays of a year: nationwide ones plus those of ``land`` (a code).

    An unknown or missing Land gives the nationwide holidays only. Holidays that apply to
    some municipalities only (Fronleichnam in parts of Sachsen and Thüringen, Augsburger
    Friedensfest) are left out; Mariä Himmelfahrt counts for all of Bayern because most of
    its municipalities (and their banks) keep it.
    """
    return dict(_holidays(year, normalise_land(land)))


@lru_cache(maxsize=128)
def _holidays(year: int, land: str | None) -> tuple[tuple[date, str], ...]:
    easter = easter_sunday(year)
    days = [
        (date(year, 1, 1), "Neujahr"),
        (easter - timedelta(days=2), "Karfreitag"),
        (easter + timedelta(days=1), "Ostermontag"),
        (date(year, 5, 1), "Tag der Arbeit"),
        (easter + timedelta(days=39), "Christi Himmelfahrt"),
        (easter + timedelta(days=50), "Pfingstmontag"),
        (date(year, 10, 3), "Tag der Deutschen Einheit"),
        (date(year, 12, 25), "1. Weihnachtstag"),
        (date(year, 12, 26), "2. Weihnachtstag"),
    ]
    if year == 2017:  # 500 years of the Reformation: a holiday in every Land, once
        days.append((date(year, 10, 31), "Reformationstag"))
    if land is not None:
        days.extend(_regional(year, land, easter))
    return tuple(sorted(days))


def _regional(year: int, land: str, easter: date) -> list[tuple[date, str]]:
    rules: list[tuple[bool, date, str]] = [
        (land in ("BW", "BY", "ST"), date(year, 1, 6), "Heilige Drei Könige"),
        (_frauentag(year, land), date(year, 3, 8), "Internationaler Frauentag"),
        (land == "BE" and year in (2020, 2025), date(year, 5, 8), "Tag der Befreiung"),
        (
            land in ("BW", "BY", "HE", "NW", "RP", "SL"),
            easter + timedelta(days=60),
            "Fronleichnam",
        ),
        (land in ("BY", "SL"), date(year, 8, 15), "Mariä Himmelfahrt"),
        (land == "TH" and year >= 2019, date(year, 9, 20), "Weltkindertag"),
        (_reformationstag(year, land), date(year, 10, 31), "Reformationstag"),
        (land in ("BW", "BY", "NW", "RP", "SL"), date(year, 11, 1), "Allerheiligen"),
        (land == "SN", _buss_und_bettag(year), "Buß- und Bettag"),
    ]
    return [(day, name) for applies, day, name in rules if applies]


def _frauentag(year: int, land: str) -> bool:
    return (land == "BE" and year >= 2019) or (land == "MV" and year >= 2023)


def _reformationstag(year: int, land: str) -> bool:
    if land in ("BB", "MV", "SN", "ST", "TH"):
        return True
    # Bremen, Hamburg, Niedersachsen and Schleswig-Holstein added it from 2018.
    return land in ("HB", "HH", "NI", "SH") and year >= 2018


def _buss_und_bettag(year: int) -> date:
    """The Wednesday before 23 November (so between 16 and 22 November)."""
    day = date(year, 11, 22)
    return day - timedelta(days=(day.weekday() - 2) % 7)


def bank_closed_reason(day: date, land: str | None) -> str | None:
    """Why ``day`` is no bank working day ("Samstag", a holiday's name), or None."""
    if day.weekday() >= 5:
        return "Samstag" if day.weekday() == 5 else "Sonntag"
    holiday = public_holidays(day.year, land).get(day)
    if holiday is not None:
        return holiday
    # German banks do not book on Christmas Eve and New Year's Eve (no bank working days,
    # although no public holidays), so a transfer must be through before them.
    if (day.month, day.day) == (12, 24):
        return "Heiligabend"
    if (day.month, day.day) == (12, 31):
        return "Silvester"
    return None


def pay_by_adjusted(d: date, bundesland: str | None) -> date:
    """Move a Zahlen-bis date that is no bank working day to the previous one.

    The money must arrive in time, so a deadline on a weekend or a holiday of the
    Bundesland (code or name; unknown → nationwide holidays only) is paid a day earlier.

    >>> pay_by_adjusted(date(2026, 6, 4), "BY")  # Fronleichnam, a Thursday
    datetime.date(2026, 6, 3)
    >>> pay_by_adjusted(date(2026, 6, 4), "NI")
    datetime.date(2026, 6, 4)
    """
    while bank_closed_reason(d, bundesland) is not None:
        d -= timedelta(days=1)
    return d


def fill_due_from_terms(invoice: Invoice, term_days: int | None) -> None:
    """Compute a missing due date from the supplier's payment term, and say so."""
    if invoice.due_date is not None or invoice.issue_date is None or term_days is None:
        return
    invoice.due_date = invoice.issue_date + timedelta(days=term_days)
    invoice.add(
        Finding(
            "faellig.aus_zahlungsziel",
            texts.DUE_FROM_TERMS.format(days=term_days, date=texts.german_date(invoice.due_date)),
            "due_date",
            Severity.INFO,
        )
    )


def is_credit_note(invoice: Invoice) -> bool:
    """A credit note (or a negative amount): netted against open invoices, never paid.

    >>> is_credit_note(Invoice(amount_due=Decimal("-40"))), is_credit_note(Invoice())
    (True, False)
    """
    if invoice.kind is DocumentKind.CREDIT_NOTE:
        return True
    return invoice.amount_due is not None and invoice.amount_due < 0


def check_dates(invoice: Invoice, today: date, land: str | None) -> list[Finding]:
    """Findings on issue date, due date, overdue and Skonto deadline.

    A credit note is netted, not paid: no Skonto, no deadline, nothing overdue.
    """
    findings = _issue_date(invoice, today) + _due_date(invoice)
    if not is_credit_note(invoice):
        findings += _skonto(invoice, today) + _overdue(invoice, today, land)
    return findings


def _issue_date(invoice: Invoice, today: date) -> list[Finding]:
    if invoice.issue_date is None:
        return [Finding("datum.fehlt", texts.ISSUE_DATE_MISSING, "issue_date")]
    if invoice.issue_date > today + timedelta(days=FUTURE_TOLERANCE_DAYS):
        text = texts.ISSUE_DATE_FUTURE.format(date=texts.german_date(invoice.issue_date))
        return [Finding("datum.zukunft", text, "issue_date")]
    return []


def _due_date(invoice: Invoice) -> list[Finding]:
    due, issue = invoice.due_date, invoice.issue_date
    if due is None:
        # Without an agreed term a payment is due at once (§ 271 BGB), but a person must
        # decide when to pay, so no date is invented. A direct debit is not transferred by
        # us: there the missing date is only information. A credit note is netted, never
        # due: "sofort fällig" would be wrong for it.
        if is_credit_note(invoice):
            return []
        not_ours = invoice.payment_means is PaymentMeans.DIRECT_DEBIT
        severity = Severity.INFO if not_ours else Severity.CHECK
        return [Finding("faellig.fehlt", texts.DUE_MISSING, "due_date", severity)]
    if issue is None:
        return []
    if due < issue:
        text = texts.DUE_BEFORE_ISSUE.format(
            due=texts.german_date(due), issue=texts.german_date(issue)
        )
        return [Finding("faellig.vor_datum", text, "due_date")]
    if (due - issue).days > MAX_TERM_DAYS:
        text = texts.DUE_TOO_LATE.format(due=texts.german_date(due), days=(due - issue).days)
        return [Finding("faellig.zu_spaet", text, "due_date")]
    return []


def _skonto(invoice: Invoice, today: date) -> list[Finding]:
    skonto = invoice.skonto
    if skonto is None or skonto.percent <= Decimal(0):
        return []
    return _skonto_after_due(invoice, skonto) + _skonto_deadline(skonto, today)


def _skonto_after_due(invoice: Invoice, skonto: SkontoTerm) -> list[Finding]:
    # Terms such as "netto 14 Tage, 5 % Skonto innerhalb von 40 Tagen" contradict each
    # other; Zahlen bis keeps the due date (Invoice.pay_by), a person checks the terms.
    if invoice.due_date is None or skonto.until <= invoice.due_date:
        return []
    text = texts.SKONTO_AFTER_DUE.format(
        until=texts.german_date(skonto.until), due=texts.german_date(invoice.due_date)
    )
    return [Finding("skonto.nach_faelligkeit", text, "skonto")]


def _skonto_deadline(skonto: SkontoTerm, today: date) -> list[Finding]:
    if skonto.until < today:
        text = texts.SKONTO_PASSED.format(date=texts.german_date(skonto.until))
        return [Finding("skonto.abgelaufen", text, "skonto", Severity.INFO)]
    if (skonto.until - today).days <= SKONTO_CLOSE_DAYS:
        text = texts.SKONTO_CLOSE.format(date=texts.german_date(skonto.until))
        return [Finding("skonto.bald", text, "skonto", Severity.INFO)]
    return []


def _overdue(invoice: Invoice, today: date, land: str | None) -> list[Finding]:
    pay_by = invoice.pay_by(today)
    if pay_by is None:
        return []
    adjusted = pay_by_adjusted(pay_by, land)
    if adjusted < today:
        text = texts.OVERDUE.format(date=texts.german_date(invoice.due_date or pay_by))
        return [Finding("faellig.ueberfaellig", text, "due_date", Severity.INFO)]
    if adjusted != pay_by:
        reason = bank_closed_reason(pay_by, land) or ""
        text = texts.PAY_BY_MOVED.format(date=texts.german_date(adjusted), reason=reason)
        return [Finding("zahlen_bis.vorgezogen", text, "pay_by", Severity.INFO)]
    return []


__all__ = [
    "LAENDER",
    "bank_closed_reason",
    "check_dates",
    "easter_sunday",
    "fill_due_from_terms",
    "is_credit_note",
    "normalise_land",
    "pay_by_adjusted",
    "public_holidays",
]
