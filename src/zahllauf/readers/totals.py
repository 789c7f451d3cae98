"""Net, VAT, gross and amount due from the total lines of a German invoice.

Every line that carries an amount gets a role from the words before its last amount
(``Summe Netto`` → net, ``19 % USt`` → VAT, ``Rechnungsbetrag`` → gross, ``Bereits
bezahlt`` → prepaid …). Arithmetic then decides between candidates: the gross that equals
a net plus a VAT found on the page wins over one that does not.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from zahllauf.readers.german import NumberStyle, find_amounts
from zahllauf.readers.labels import loose

# Printed totals are rounded per line or per rate; one cent apart is still the same sum.
TOLERANCE = Decimal("0.01")
ZERO = Decimal("0.00")


class Role(enum.Enum):
    """What an amount line stands for."""

    NET = "net"
    VAT = "vat"
    VAT_TOTAL = "vat_total"
    GROSS = "gross"
    SUM = "sum"  # "Summe": net or gross, arithmetic tells
    PREPAID = "prepaid"
    RETENTION = "retention"
    DUE = "due"


ICASE = re.IGNORECASE
_IGNORE = re.compile(
    r"Zuschläge|Abschläge|Rabatt|Nachlass|Versand|Fracht|Skonto|Basis|Position|Übertrag"
    r"|Leergut|Pfand|je\s|pro\s|USt-?Id|Id\.?-?Nr|Steuernummer|Warenwert|Einzelpreis|Preis\s*/",
    ICASE,
)
_RULES: list[tuple[Role, re.Pattern[str]]] = [
    (Role.PREPAID, re.compile(
        r"Anzahlung|bereits\s+(?:be)?zahlt|bereits\s+gezahlt|Vorauszahlung|Abschlagszahlung"
        r"|abzgl\.?\s+Abschlag|geleistete|Akonto|Abschlagsrechnung", ICASE)),
    (Role.RETENTION, re.compile(r"Sicherheitseinbehalt|Einbehalt", ICASE)),
    (Role.DUE, re.compile(
        rf"{loose('Zahlbetrag')}|zu\s+zahlen|offener\s+Betrag|Restbetrag|noch\s+offen"
        r"|Forderungsbetrag|Zahlungsbetrag|Auszahlungsbetrag", ICASE)),
    (Role.GROSS, re.compile(rf"{loose('brutto')}|{loose('Bruttosumme')}|inkl\.|inklusive", ICASE)),
    (Role.NET, re.compile(
        r"netto|ohne\s+(?:USt|MwSt|Umsatzsteuer)|exkl\.|exklusive|Zwischensumme|Nettobetrag",
        ICASE)),
    (Role.VAT_TOTAL, re.compile(
        r"Summe\s+(?:USt|MwSt|Umsatzsteuer|Mehrwertsteuer)|(?:USt|MwSt)\.?\s+Gesamt"
        r"|Steuerbetrag|Gesamt\s*(?:USt|MwSt)", ICASE)),
    (Role.VAT, re.compile(
        r"USt|MwSt|Umsatzsteuer|Mehrwertsteuer|Versicherung?steuer|Ust\b|\bVAT\b|Steuer", ICASE)),
    (Role.GROSS, re.compile(
        r"Gesamtbetrag|Rechnungsbetrag|Endbetrag|Endsumme|Gesamtsumme|Summe\s+gesamt"
        r"|Rechnungssumme|Rechnungsbeitrag|Gesamtbeitrag|Gesamtpreis|\bTotal\b|\bGesamt\b"
        r"|Bruttosumme|Gutschriftsbetrag|Gutschriftbetrag|Gutschriftssumme|Erstattungsbetrag",
        ICASE)),
    (Role.SUM, re.compile(r"^Summe\b|\bSumme\s*:|^Betrag\b", ICASE)),
]  # fmt: skip


@dataclass(frozen=True)
class AmountLine:
    """One amount and the role its label gives it; ``order`` is its place in the document."""

    role: Role
    value: Decimal
    label: str
    page: int
    order: int


def classify(label: str) -> Role | None:
    """The role of an amount from the words before it, or None for item lines.

    >>> classify("Rechnungssumme Brutto (inkl. USt.)")
    <Role.GROSS: 'gross'>
    >>> classify("zzgl. Umsatzsteuer 7% von 129,37")
    <Role.VAT: 'vat'>
    >>> classify("Gesamtbetrag der Zuschläge") is None
    True
    """
    if _IGNORE.search(label):
        return None
    for role, pattern in _RULES:
        if pattern.search(label):
            return role
    return None


def _label_before(line: str, start: int) -> str:
    label = line[:start]
    return re.sub(r"[\d.,%€$£\s()-]+$", "", label).strip() or label.strip()


def amount_lines(pages: Iterable[tuple[int, list[str]]], style: NumberStyle) -> list[AmountLine]:
    """Every classified amount line; a label alone on its line takes the next line's amount."""
    found: list[AmountLine] = []
    for page, lines in pages:
        for index in range(len(lines)):
            found.extend(_line_amount(page, lines, index, style, len(found)))
    return found


def _line_amount(
    page: int, lines: list[str], index: int, style: NumberStyle, order: int
) -> list[AmountLine]:
    line = lines[index]
    amounts = find_amounts(line, style)
    if not amounts and _COLUMN_HEADER.search(line):
        return _column_total(page, lines, index, style, order)
    if not amounts:
        following = lines[index + 1] if index + 1 < len(lines) else ""
        next_amounts = find_amounts(following, style)
        if len(next_amounts) != 1 or re.search(r"[A-Za-z]{3}", following.replace("EUR", "")):
            return []
        role = classify(line)
        if role is None or len(line) > 60:
            return []
        return [AmountLine(role, next_amounts[0].value, line, page, order)]
    last = amounts[-1]
    label = _label_before(line, amounts[0].start)
    role = classify(label)
    if role is None or len(label) > 70:
        return []
    return [AmountLine(role, last.value, label, page, order)]


# A totals table whose last column is the gross: "Warenwert … Nettobetrag MwSt Endbetrag".
_COLUMN_HEADER = re.compile(r"\s(?:Endbetrag|Bruttobetrag|Gesamtbetrag|Brutto(?:\s+EUR)?)$", ICASE)
_NUMERIC_ROW = re.compile(r"^[\d\s.,%€A-Z-]+$")


def _column_total(
    page: int, lines: list[str], index: int, style: NumberStyle, order: int
) -> list[AmountLine]:
    """The last numeric row under such a header is the sum row; its last amount the gross."""
    rows = []
    for row in lines[index + 1 : index + 8]:
        if not _NUMERIC_ROW.match(row) or not find_amounts(row, style):
            break
        rows.append(row)
    if not rows:
        return []
    value = find_amounts(rows[-1], style)[-1].value
    return [AmountLine(Role.GROSS, value, lines[index].split()[-1], page, order)]


@dataclass
class Totals:
    """The chosen totals, how sure the choice is, and what did not add up."""

    net: Decimal | None = None
    vat: Decimal | None = None
    gross: Decimal | None = None
    prepaid: Decimal | None = None
    retention: Decimal | None = None
    due: Decimal | None = None
    checked: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    gross_alternatives: list[Decimal] = field(default_factory=list)


def _of(lines: list[AmountLine], *roles: Role) -> list[AmountLine]:
    return [line for line in lines if line.role in roles]


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE


def _vat_options(lines: list[AmountLine], no_vat: bool) -> list[tuple[Decimal, str]]:
    options = [(line.value, line.label) for line in _of(lines, Role.VAT_TOTAL)]
    rates = _of(lines, Role.VAT)
    if rates:
        options.append((sum((line.value for line in rates), ZERO), rates[0].label))
        options.extend((line.value, line.label) for line in rates)
    if no_vat or not options:
        options.append((ZERO, "keine USt"))
    return options


def _gross_candidates(lines: list[AmountLine]) -> list[AmountLine]:
    strong = sorted(_of(lines, Role.GROSS), key=lambda line: -line.order)
    weak = sorted(_of(lines, Role.SUM), key=lambda line: -line.order)
    return strong + weak


def _find_consistent(
    lines: list[AmountLine], vat_options: list[tuple[Decimal, str]]
) -> tuple[AmountLine, AmountLine | None, tuple[Decimal, str]] | None:
    nets = _of(lines, Role.NET, Role.SUM)
    for gross in _gross_candidates(lines):
        for vat in vat_options:
            for net in sorted(nets, key=lambda line: -line.order):
                if net is not gross and _close(net.value + vat[0], gross.value):
                    return gross, net, vat
            if vat[0] == ZERO and vat[1] == "keine USt":
                return gross, None, vat
    return None


def choose_totals(lines: list[AmountLine], no_vat: bool) -> Totals:
    """Pick net, VAT, gross by arithmetic, then prepaid, retention and the amount due."""
    totals = Totals()
    vat_options = _vat_options(lines, no_vat)
    consistent = _find_consistent(lines, vat_options) if _has_vat_or_net(lines) else None
    if consistent is not None:
        _take_consistent(totals, consistent, no_vat)
    else:
        _fallback(lines, totals, no_vat)
    _deductions(lines, totals)
    return totals


def _take_consistent(
    totals: Totals, chosen: tuple[AmountLine, AmountLine | None, tuple[Decimal, str]], no_vat: bool
) -> None:
    gross, net, vat = chosen
    totals.gross, totals.labels["gross"] = gross.value, gross.label
    if net is None and not no_vat:
        return  # no VAT line and no VAT statement: net and VAT are not printed
    totals.vat, totals.labels["vat"], totals.checked = vat[0], vat[1], net is not None
    totals.net = net.value if net is not None else gross.value
    totals.labels["net"] = net.label if net is not None else gross.label


def _has_vat_or_net(lines: list[AmountLine]) -> bool:
    return bool(_of(lines, Role.NET, Role.VAT, Role.VAT_TOTAL)) or bool(_of(lines, Role.GROSS))


def _fallback(lines: list[AmountLine], totals: Totals, no_vat: bool) -> None:
    """No combination adds up: take the strongest label of each role and say so."""
    grosses = _gross_candidates(lines)
    if grosses:
        totals.gross = grosses[0].value
        totals.labels["gross"] = grosses[0].label
        totals.gross_alternatives = sorted({g.value for g in grosses} - {grosses[0].value})
    chosen = grosses[0] if grosses else None
    nets = sorted(_of(lines, Role.NET) or _of(lines, Role.SUM), key=lambda line: -line.order)
    nets = [line for line in nets if line is not chosen]
    if nets:
        totals.net, totals.labels["net"] = nets[0].value, nets[0].label
    vat_totals = _of(lines, Role.VAT_TOTAL) or _of(lines, Role.VAT)
    if vat_totals:
        values = [line.value for line in _of(lines, Role.VAT)]
        totals.vat = vat_totals[0].value if _of(lines, Role.VAT_TOTAL) else sum(values, ZERO)
        totals.labels["vat"] = vat_totals[0].label
    elif no_vat:
        totals.vat, totals.labels["vat"] = ZERO, "keine USt"
    if totals.gross is None and totals.net is not None and totals.vat is not None:
        # No gross printed under a known label: computed, which adds up by construction,
        # so it is said as "computed", not as a sum that does not add up.
        totals.gross, totals.labels["gross"] = totals.net + totals.vat, "netto + USt"
        totals.problems.append("gross_computed")
    elif None not in (totals.net, totals.vat, totals.gross):
        totals.problems.append("sum")


def _deductions(lines: list[AmountLine], totals: Totals) -> None:
    prepaid = [abs(line.value) for line in _of(lines, Role.PREPAID)]
    retention = [abs(line.value) for line in _of(lines, Role.RETENTION)]
    if prepaid and any(prepaid):
        totals.prepaid = sum(prepaid, ZERO)
    if retention and any(retention):
        totals.retention = sum(retention, ZERO)
    dues = sorted(_of(lines, Role.DUE), key=lambda line: -line.order)
    if totals.gross is None:
        if dues:
            totals.due, totals.labels["due"] = dues[0].value, dues[0].label
        return
    expected = totals.gross - (totals.prepaid or ZERO) - (totals.retention or ZERO)
    matching = [line for line in dues if _close(line.value, expected)]
    if matching:
        totals.due, totals.labels["due"] = matching[0].value, matching[0].label
    elif dues:
        totals.due, totals.labels["due"] = dues[0].value, dues[0].label
        totals.problems.append("due")
    else:
        totals.due = expected
        totals.labels["due"] = (
            totals.labels.get("gross", "")
            if expected == totals.gross
            else ("Brutto abzüglich Anzahlung/Einbehalt")
        )


__all__ = ["AmountLine", "Role", "Totals", "amount_lines", "choose_totals", "classify"]
