"""``zahllauf abrufen`` on a real selection of the public corpus (../shared/corpus).

ZUGFeRD 1 and 2.x PDFs, XRechnung CII and UBL, and the plain German PDFs go through the
whole job at once; the e-invoice rows are compared with expected.csv. The readers' own
tests measure every corpus file field by field; this one checks the job keeps the values.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from zahllauf import schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.cli import main
from zahllauf.schema import C

SELECTION = (
    "zugferd-corpus/ZUGFeRDv1/correct/Intarsys/ZUGFeRD_1p0_COMFORT_Einfach.pdf",
    "zugferd-corpus/ZUGFeRDv1/correct/Intarsys/ZUGFeRD_1p0_EXTENDED_Warenrechnung.pdf",
    "zugferd-corpus/ZUGFeRDv2/correct/intarsys/EN16931/zugferd_2p0_EN16931_Einfach.pdf",
    "zugferd-corpus/ZUGFeRDv2/correct/intarsys/EN16931/zugferd_2p0_EN16931_Gutschrift.pdf",
    "zugferd-corpus/XML-Rechnung/FX/XRECHNUNG_Einfach.pdf",
    "horstoeko-zugferd/tests/assets/pdf_zf_en16931_1.pdf",
    "xrechnung-testsuite/3.0.x/business-cases/standard/01.01a-INVOICE_uncefact.xml",
    "xrechnung-testsuite/3.0.x/business-cases/standard/01.01a-INVOICE_ubl.xml",
    "xrechnung-testsuite/3.0.x/business-cases/standard/01.03a-INVOICE_ubl.xml",
    "mustangproject/library/src/test/resources/cii/extended_warenrechnung_based_doublecashdiscount.xml",
    "mustangproject/library/src/test/resources/ubl-creditnote.xml",
)

# Type code 381 (CII) or a UBL CreditNote: the amount to pay is negative. The intarsys
# "Gutschrift" is type 389, a self-billed invoice (Gutschrift in the sense of § 14 Abs. 2
# UStG): the buyer bills itself, and the amount is still paid to the seller, so positive.
CREDIT_NOTES = {"mustangproject/library/src/test/resources/ubl-creditnote.xml"}
SELF_BILLED = "zugferd-corpus/ZUGFeRDv2/correct/intarsys/EN16931/zugferd_2p0_EN16931_Gutschrift.pdf"


def _expected(corpus: Path) -> dict[str, dict[str, str]]:
    with (corpus / "expected.csv").open(encoding="utf-8") as stream:
        return {row["path"]: row for row in csv.DictReader(stream)}


def _german_pdfs(corpus: Path) -> list[str]:
    with (corpus / "german-pdf" / "expected.csv").open(encoding="utf-8") as stream:
        return [row["path"] for row in csv.DictReader(stream)]


def _inbox_name(relative: str) -> str:
    return relative.replace("/", "__")


@pytest.fixture(scope="module")
def fetched(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    expected = _expected(corpus)
    chosen = [p for p in SELECTION if p in expected and (corpus / p).is_file()]
    assert len(chosen) >= 8, "the corpus selection changed: update SELECTION"
    office = tmp_path_factory.mktemp("office")
    inbox = office / "Eingang"
    inbox.mkdir()
    for relative in [*chosen, *_german_pdfs(corpus)]:
        shutil.copyfile(corpus / relative, inbox / _inbox_name(relative))
    workbook = office / "Zahlungsliste.xlsx"
    build_template(workbook)
    assert main(["abrufen", "--mappe", str(workbook), "--ordner", str(inbox)]) == 0
    with open_workbook(workbook, save=False) as port:
        rows = port.read_rows(schema.PAYMENTS.name)
    return {str(r[C.QUELLE]): r for r in rows}


def test_every_document_became_one_row(fetched: dict[str, dict], corpus: Path) -> None:
    names = {_inbox_name(p) for p in [*SELECTION, *_german_pdfs(corpus)]}
    assert names <= set(fetched), sorted(names - set(fetched))


@pytest.mark.parametrize("relative", SELECTION)
def test_einvoice_row_matches_expected(
    fetched: dict[str, dict], corpus: Path, relative: str
) -> None:
    want = _expected(corpus)[relative]
    row = fetched[_inbox_name(relative)]
    assert row[C.NUMMER] == want["invoice_number"]
    assert row[C.DATUM] == date.fromisoformat(want["issue_date"])
    if want["due_date"]:
        assert row[C.FAELLIG] == date.fromisoformat(want["due_date"].split(";")[0])
    amount = Decimal(want["amount_due"])
    assert abs(row[C.BETRAG]) == abs(amount)
    if relative in CREDIT_NOTES:
        assert row[C.BETRAG] < 0, "a credit note is a negative amount to pay"
    if relative == SELF_BILLED:
        assert row[C.BETRAG] > 0
    if want["skonto_percent"]:
        assert row[C.SKONTO_PROZENT] == Decimal(want["skonto_percent"].split(";")[0])
    assert (row[C.IBAN] or "") == want["iban"].split(";")[0]
    assert row[C.WAEHRUNG] == want["currency"]
