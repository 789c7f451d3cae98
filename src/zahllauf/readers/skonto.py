"""Skonto (cash discount) terms from the three places an invoice states them.

* XRechnung BT-20 lines ``#SKONTO#TAGE=n#PROZENT=p.pp#`` (rule BR-DE-18), optionally with
  ``BASISBETRAG=b.bb#``; read tolerantly, a deviation from the rule is reported.
* The EXTENDED profile's structured discount terms (built by the CII reader with
  :func:`tier_from_structured`).
* German free text such as "2 % Skonto innerhalb 10 Tagen", "bei Zahlung bis 14.12. 3 %
  Skonto" or "binnen 14 Tagen 2% Skonto".

Days count from the invoice date (the document's own date); a text that names another
basis ("nach Erhalt") is still counted from the invoice date and the reader says so in a
note. Tiers are returned in document order; a 0 % tier (XRechnung's "net" line) is kept
in :class:`SkontoReading` but never becomes a :class:`~zahllauf.model.SkontoTerm`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from zahllauf import texts
from zahllauf.model import Finding, Severity, SkontoTerm

__all__ = [
    "SkontoReading",
    "SkontoTier",
    "parse_skonto_text",
    "parse_xrechnung_skonto",
    "read_skonto_text",
    "tier_from_structured",
]


@dataclass(frozen=True)
class SkontoTier:
    """One tier as written: percent and either days or a date (or both), optional base.

    >>> SkontoTier(Decimal("2"), days=10).term(date(2026, 3, 1))
    SkontoTerm(percent=Decimal('2'), until=datetime.date(2026, 3, 11), base=None)
    """

    percent: Decimal
    days: int | None = None
    until: date | None = None
    base: Decimal | None = None

    def term(self, issue_date: date | None) -> SkontoTerm | None:
        """The tier as a dated term; None without a date or without a discount."""
        if self.percent <= 0:
            return None
        until = self.until
        if until is None and self.days is not None and issue_date is not None:
            until = issue_date + timedelta(days=self.days)
        if until is None:
            return None
        return SkontoTerm(self.percent, until, self.base)


@dataclass
class SkontoReading:
    """Tiers in document order, with notes for the person and findings on deviations."""

    tiers: list[SkontoTier] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def terms(self, issue_date: date | None) -> list[SkontoTerm]:
        """The tiers that carry a discount and a resolvable date, in document order."""
        terms = (tier.term(issue_date) for tier in self.tiers)
        return [term for term in terms if term is not None]


# --- XRechnung #SKONTO# (BR-DE-18) -------------------------------------------------------

_SKONTO_CODE = re.compile(r"#\s*SKONTO\s*#(?P<body>[^\n]*?)(?=#\s*SKONTO\s*#|\r?\n|\Z)", re.I)
_STRICT_LINE = re.compile(r"#SKONTO#TAGE=\d+#PROZENT=\d+\.\d{2}#(?:BASISBETRAG=-?\d+\.\d{2}#)?")
_KEY_VALUE = re.compile(r"(?P<key>TAGE|PROZENT|BASISBETRAG)\s*=\s*(?P<value>-?[\d.,]+)", re.I)


def parse_xrechnung_skonto(text: str) -> SkontoReading:
    """Read every ``#SKONTO#`` line of an XRechnung payment-terms text (BT-20).

    Spaces, lower case and a decimal comma are accepted; any deviation from BR-DE-18
    becomes an INFO finding, an unreadable line a CHECK finding.

    >>> parse_xrechnung_skonto("#SKONTO#TAGE=7#PROZENT=2.00#\\n").tiers
    [SkontoTier(percent=Decimal('2.00'), days=7, until=None, base=None)]
    """
    reading = SkontoReading()
    for match in _SKONTO_CODE.finditer(text):
        raw = match.group(0).strip()
        tier = _code_tier(match.group("body"))
        if tier is None:
            reading.findings.append(
                Finding("skonto.code_unreadable", texts.SKONTO_CODE_UNREADABLE.format(line=raw))
            )
            continue
        reading.tiers.append(tier)
        if not _is_strict(text, match):
            reading.findings.append(_syntax_finding(raw))
    return reading


def _code_tier(body: str) -> SkontoTier | None:
    values = {m.group("key").upper(): m.group("value") for m in _KEY_VALUE.finditer(body)}
    percent = _decimal(values.get("PROZENT"))
    days = values.get("TAGE")
    if percent is None or days is None or not days.isdigit():
        return None
    return SkontoTier(percent, days=int(days), base=_decimal(values.get("BASISBETRAG")))


def _is_strict(text: str, match: re.Match[str]) -> bool:
    """BR-DE-18: exact upper-case line, alone on its line, a line break after it."""
    if not _STRICT_LINE.fullmatch(match.group(0).rstrip(" \t")):
        return False
    line_start = match.start() == 0 or text[match.start() - 1] == "\n"
    return line_start and text[match.end() :].lstrip(" \t\r").startswith("\n")


def _syntax_finding(raw: str) -> Finding:
    return Finding(
        "skonto.code_syntax",
        texts.SKONTO_CODE_SYNTAX.format(line=raw),
        "skonto",
        Severity.INFO,
    )


# --- EXTENDED structured terms -----------------------------------------------------------


def tier_from_structured(
    percent: Decimal | None,
    days: int | None,
    basis_date: date | None,
    base: Decimal | None = None,
) -> SkontoTier | None:
    """A tier from CII ``ApplicableTradePaymentDiscountTerms`` (percent, period, basis date).

    A basis date with a period is the start of the period; a basis date alone is the
    last day of the discount.
    """
    if percent is None:
        return None
    if basis_date is not None and days is not None:
        return SkontoTier(percent, days=days, until=basis_date + timedelta(days=days), base=base)
    return SkontoTier(percent, days=days, until=basis_date, base=base)


# --- German free text --------------------------------------------------------------------

_PERCENT = re.compile(r"(?<![\d.,])(?P<pct>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|Prozent\b)", re.I)
_TRIGGER = r"(?:innerhalb|binnen|bis|in|während)\b(?:\s+(?:von|zum|zu|den|der|ersten|nächsten))*"
_DAYS = r"(?P<days>\d{1,3})\s*(?:Kalender|Werk)?tage?n?\b"
_DATE = r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2}(?!\d))?"
_PERIOD_AFTER = re.compile(rf"{_TRIGGER}\s+(?:{_DAYS}|{_DATE})", re.I)
_PERIOD_BEFORE = re.compile(rf"(?:(?P<trigger>{_TRIGGER})\s+)?(?:{_DAYS}|{_DATE})", re.I)
_DATE_ONLY = re.compile(rf"bis\b(?:\s+(?:zum|zu))*\s+{_DATE}", re.I)
_CLAUSE_END = re.compile(r"[;|\n]|\.\s+(?=[A-ZÄÖÜ])")
_NET_WORDS = re.compile(r"netto|ohne\s+Abzug|rein\s+netto|nicht\s+akzeptiert", re.I)
_OTHER_BASIS = re.compile(r"nach\s+(?:Erhalt|Eingang|Rechnungseingang|Lieferung|Leistung)", re.I)
_SKONTO_WORD = re.compile(r"skonto", re.I)
# Where one tier's words end and the next tier (often the net term) begins: a comma that is
# no decimal comma, "oder", "sonst", "danach" ("8 Tagen mit 2 % Skonto, innerhalb 30 Tagen …").
_TIER_BREAK = re.compile(
    r"(?<!\d),|,(?!\d)|\b(?:oder|(?:an)?sonsten|sonst|danach|andernfalls)\b", re.I
)
_NEAR = 40


def parse_skonto_text(text: str, issue_date: date | None) -> list[SkontoTerm]:
    """Skonto terms written as German free text, in document order.

    Days count from ``issue_date``; a date without a year ("bis 14.12.") takes the first
    such day on or after the issue date. Without an issue date only tiers with a full
    date are returned.

    >>> parse_skonto_text("2 % Skonto innerhalb 10 Tagen", date(2026, 12, 4))
    [SkontoTerm(percent=Decimal('2'), until=datetime.date(2026, 12, 14), base=None)]
    >>> parse_skonto_text("bei Zahlung bis 14.12. 3 % Skonto", date(2026, 12, 4))[0].until
    datetime.date(2026, 12, 14)
    >>> parse_skonto_text("Zahlbar innerhalb 30 Tagen netto", date(2026, 12, 4))
    []
    """
    return read_skonto_text(text, issue_date).terms(issue_date)


def read_skonto_text(text: str, issue_date: date | None) -> SkontoReading:
    """Free-text Skonto tiers with notes (another day basis, a tier without a date)."""
    reading = SkontoReading()
    if not _SKONTO_WORD.search(text):
        return reading
    for clause in _clauses(text):
        if _SKONTO_WORD.search(clause) or reading.tiers:
            reading.tiers.extend(_clause_tiers(clause, issue_date))
    if reading.tiers and _OTHER_BASIS.search(text):
        reading.notes.append(texts.SKONTO_OTHER_BASIS)
    return reading


def _clauses(text: str) -> list[str]:
    """Sentences and list items; a dated '14.12. 3 %' is not a sentence end."""
    return [part for part in _CLAUSE_END.split(text) if part and part.strip()]


def _clause_tiers(clause: str, issue_date: date | None) -> list[SkontoTier]:
    matches = [m for m in _PERCENT.finditer(clause) if not _is_money_context(clause, m)]
    tiers = []
    for index, match in enumerate(matches):
        start = matches[index - 1].end() if index else 0
        end = matches[index + 1].start() if index + 1 < len(matches) else len(clause)
        tier = _tier_around(clause, match, start, end, issue_date)
        if tier is not None:
            tiers.append(tier)
    return tiers


def _is_money_context(clause: str, match: re.Match[str]) -> bool:
    """'19 % USt' or '7 % MwSt' is a VAT rate, not a discount."""
    after = clause[match.end() : match.end() + 12].lower()
    return any(word in after for word in ("ust", "mwst", "mehrwert", "umsatzsteuer", "zins"))


def _tier_around(
    clause: str, match: re.Match[str], start: int, end: int, issue_date: date | None
) -> SkontoTier | None:
    percent = _decimal(match.group("pct"))
    if percent is None or percent <= 0 or percent >= 100:
        return None
    after = _TIER_BREAK.split(clause[match.end() : end], maxsplit=1)
    before = clause[start : match.start()]
    # The period right after the percent, else the one before it; a period behind a break
    # counts last and only when no net word follows it there: it is the net term's
    # ("mit 2 % Skonto, innerhalb 30 Tagen ohne Abzug").
    days, until = _period_after(after[0], issue_date)
    if days is None and until is None:
        days, until = _period_before(before, issue_date)
    if days is None and until is None and len(after) > 1:
        following = _TIER_BREAK.split(after[1], maxsplit=1)[0]
        if not _NET_WORDS.search(following):
            days, until = _period_after(following, issue_date)
    if days is None and until is None:
        return None
    return SkontoTier(percent, days=days, until=until)


def _period_after(window: str, issue_date: date | None) -> tuple[int | None, date | None]:
    window = _cut_at_net(window)[: _NEAR * 2]
    found = _PERIOD_AFTER.search(window)
    if found is None:
        return None, None
    days = int(found.group("days")) if found.group("days") else None
    until = _date_of(found, issue_date)
    if until is None:
        dated = _DATE_ONLY.search(window, found.end())
        until = _date_of(dated, issue_date) if dated else None
    return days, until


def _period_before(window: str, issue_date: date | None) -> tuple[int | None, date | None]:
    window = _after_net(window)[-_NEAR * 2 :]
    # The closest period before the percent counts; a bare date there is more likely the
    # invoice or delivery date than a deadline, so a date needs a trigger word ("bis").
    found = [m for m in _PERIOD_BEFORE.finditer(window) if m.group("days") or m.group("trigger")]
    if not found:
        return None, None
    last = found[-1]
    days = int(last.group("days")) if last.group("days") else None
    return days, _date_of(last, issue_date)


def _cut_at_net(window: str) -> str:
    found = _NET_WORDS.search(window)
    return window[: found.start()] if found else window


def _after_net(window: str) -> str:
    cut = 0
    for found in _NET_WORDS.finditer(window):
        cut = found.end()
    return window[cut:]


def _date_of(match: re.Match[str] | None, issue_date: date | None) -> date | None:
    if match is None or not match.group("d"):
        return None
    day, month, year = int(match.group("d")), int(match.group("m")), match.group("y")
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        if issue_date is None:
            return None
        guess = date(issue_date.year, month, day)
        return guess if guess >= issue_date else date(issue_date.year + 1, month, day)
    except ValueError:
        return None


def _decimal(raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
