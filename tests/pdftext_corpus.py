"""Per-field accuracy of the PDF text reader on the public corpus (shared by test and bench).

Two answer keys:

* ``german-pdf/expected.csv``: hand-checked values for German plain PDFs. An empty value
  there is an answer too ("no due date printed"): the reader must then give nothing.
* ``expected.csv`` rows of German hybrid PDFs (ZUGFeRD 1, Factur-X/ZUGFeRD 2): the values of
  the embedded XML, compared with what the reader makes of the *visible* layer (it never
  opens attachments). An empty XML value is not scored: the XML may simply not carry a due
  date the page prints.

A field is "right" when it equals the key, "flagged" when it differs but the invoice has a
Prüfen finding, and "wrong" when it differs silently. Where the visible page itself says
something else than its XML (a sample's known upstream discrepancy), the field is listed in
``VISIBLE_DIFFERS`` with the reason and not scored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from zahllauf.model import Invoice
from zahllauf.readers.pdfpages import read_pages
from zahllauf.readers.pdftext import read_pdf

GERMAN_FIELDS = [
    "seller_name", "invoice_number", "issue_date", "due_date", "currency", "net_total",
    "vat_total", "grand_total", "amount_due", "iban", "bic", "skonto_percent",
]  # fmt: skip
HYBRID_FIELDS = [
    "seller_name", "invoice_number", "issue_date", "due_date", "currency", "grand_total",
    "amount_due", "iban", "skonto_percent", "skonto_days",
]  # fmt: skip

# (file name part, field): why the visible page disagrees with its own XML.
VISIBLE_DIFFERS = {
    ("MustangBeispiel20221026", "grand_total"): "page prints Endsumme 963,12, XML 963.11",
    ("MustangBeispiel20221026", "amount_due"): "page prints Endsumme 963,12, XML 963.11",
    ("acme_invoice-42", "grand_total"): "page prints 1.589,80, XML 119",
    ("acme_invoice-42", "invoice_number"): "page prints Nr. 42, XML 20131122-42",
    ("acme_invoice-42", "issue_date"): "page prints 31.01.2014, XML 2014-11-08",
    ("acme_invoice-42", "seller_name"): "page prints Acme GmbH, XML Seller Inc.",
    ("fail1", "issue_date"): "page prints 08.10.2015, XML 2014-10-08",
    ("fail1", "due_date"): "page prints bis zum 29.10.2015, XML 2014-10-29",
    ("EN16931_2_Teilrechnung", "skonto_days"): "page prints Skonto bis 15.06.2018 (2 days), XML 10",
    ("BASIC-WL_Einfach", "due_date"): "page prints netto bis 04.04.2020 and 13.12.2017",
    ("BASIC-WL_Einfach", "iban"): "page prints DE2012…, XML FR2012…",
    ("BASIC-WL_Einfach", "skonto_percent"): "skonto text on the page belongs to 2020 dates",
    ("Rechnungskorrektur", "seller_name"): "XML name carries 'GLN … Lief-Nr: …' before it",
}  # fmt: skip
# Files whose visible page is another invoice than their XML altogether.
OTHER_INVOICE_ON_PAGE = {
    "sample_inofficial_20190125_atgp": (
        "page shows Bei Spiel GmbH RE-20190121/507, XML Au bon moulin FA-2017-0010"
    ),
}

_GERMAN_WORDS = re.compile(
    r"\b(?:Rechnung|Betrag|Datum|Summe|zahlbar|Umsatzsteuer|MwSt|USt|Verkäufer|Zahlbetrag)\b"
)


@dataclass
class Case:
    """One corpus file, its answer key and the fields scored."""

    path: Path
    key: dict[str, str]
    fields: list[str]
    score_empty: bool


@dataclass
class Score:
    """Per field: right, flagged (wrong but Prüfen) and wrong counts, and the misses."""

    right: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.right.values()) + sum(self.flagged.values()) + sum(self.wrong.values())

    @property
    def accuracy(self) -> float:
        return sum(self.right.values()) / self.total if self.total else 0.0

    def table(self) -> str:
        names = sorted(set(self.right) | set(self.flagged) | set(self.wrong))
        rows = [f"| {'Feld':<16} | richtig | falsch+Prüfen | falsch ohne Prüfen | Quote |",
                "|---|---|---|---|---|"]  # fmt: skip
        for name in names:
            right, flagged = self.right.get(name, 0), self.flagged.get(name, 0)
            wrong = self.wrong.get(name, 0)
            share = right / (right + flagged + wrong)
            rows.append(f"| {name:<16} | {right} | {flagged} | {wrong} | {share:.1%} |")
        right_all = sum(self.right.values())
        rows.append(
            f"| **alle** | {right_all} | {sum(self.flagged.values())} | "
            f"{sum(self.wrong.values())} | {self.accuracy:.1%} |"
        )
        return "\n".join(rows)


def is_german(pdf: bytes) -> bool:
    """The visible text is German: several German invoice words on the pages read."""
    text = "\n".join(line for page in read_pages(pdf, layout=False).pages for line in page.stream)
    return len(_GERMAN_WORDS.findall(text)) >= 4


def cases(corpus: Path) -> Iterator[Case]:
    """The German plain PDFs, then the German hybrid PDFs."""
    with (corpus / "german-pdf" / "expected.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield Case(corpus / row["path"], row, GERMAN_FIELDS, score_empty=True)
    with (corpus / "expected.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["format"] not in ("facturx-pdf", "zugferd1-pdf"):
                continue
            path = corpus / row["path"]
            if is_german(path.read_bytes()):
                yield Case(path, row, HYBRID_FIELDS, score_empty=False)


def _norm_name(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


def actual(invoice: Invoice, name: str) -> str:
    """The reader's value for one answer-key column, written like the key."""
    if name == "invoice_number":
        return invoice.number or invoice.reminder_for or ""
    if name == "skonto_percent":
        return f"{invoice.skonto.percent:.2f}" if invoice.skonto else ""
    if name == "skonto_days":
        if invoice.skonto is None or invoice.issue_date is None:
            return ""
        return str((invoice.skonto.until - invoice.issue_date).days)
    value = getattr(invoice, name)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def same(name: str, expected: str, got: str) -> bool:
    """Compare like the key means it: amounts as numbers, names without case and spacing."""
    if name in ("net_total", "vat_total", "grand_total", "amount_due", "skonto_percent"):
        if not expected or not got:
            return expected == got
        return Decimal(expected) == Decimal(got)
    if name == "seller_name":
        return _norm_name(expected) == _norm_name(got)
    if name == "due_date" and ";" in expected:
        return got in expected.split(";")
    return expected.strip() == got.strip()


def score(corpus: Path) -> tuple[Score, int]:
    """Read every case and score it; returns the score and the number of invoices read."""
    result = Score()
    count = 0
    for case in cases(corpus):
        invoice = read_pdf(case.path.read_bytes())
        count += 1
        _score_case(case, invoice, result)
    return result, count


def _score_case(case: Case, invoice: Invoice, result: Score) -> None:
    if any(part in str(case.path) for part in OTHER_INVOICE_ON_PAGE):
        return
    for name in case.fields:
        expected = case.key.get(name, "")
        if not expected and not case.score_empty:
            continue
        if any(part in str(case.path) and key == name for part, key in VISIBLE_DIFFERS):
            continue
        got = actual(invoice, name)
        if same(name, expected, got):
            result.add(name, "right")
            continue
        outcome = "flagged" if invoice.needs_person else "wrong"
        result.add(name, outcome)
        result.misses.append(
            f"{outcome:8} {case.path.name} {name}: erwartet {expected!r}, gelesen {got!r}"
        )


def days_between(start: date, days: int) -> date:
    return start + timedelta(days=days)
