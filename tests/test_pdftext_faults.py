"""Faults a user test found in the PDF text reader: seller, Swiss amounts, credit notes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pdftext_pdfs import FOOTER, invoice, make_pdf
from zahllauf.model import DocumentKind
from zahllauf.readers import read_document
from zahllauf.readers.pdftext import read_pdf
from zahllauf.readers.textfields import name_key

BODY = [
    "Rechnung",
    "Rechnungsnummer: GL-2026-31",
    "Rechnungsdatum: 04.12.2026",
    "Summe netto 100,00 €",
    "zzgl. 19 % USt 19,00 €",
    "Gesamtbetrag 119,00 €",
    FOOTER,
]
OWN = "Grün & Garten GaLaBau GmbH"


def letter(*recipient: str) -> bytes:
    """A letterhead without legal form, then the recipient block, then the invoice."""
    return make_pdf(["Gärtnerei Lindner", "Meisterbetrieb für Gartenbau", *recipient, *BODY])


# Broke: a plain PDF whose letterhead "Gärtnerei Lindner" has no legal form gave the
# Lieferant "An: Grün & Garten GaLaBau GmbH" - the recipient line was taken for the
# letterhead because it carries a legal form.
@pytest.mark.parametrize(
    ("recipient", "reason"),
    [
        (["An: Grün & Garten GaLaBau GmbH", "Am Hang 3", "54321 Grünstadt"], "An: label"),
        (["Rechnungsempfänger:", "Grün & Garten GaLaBau GmbH", "Am Hang 3"], "label above"),
        (["Empfänger: Grün & Garten GaLaBau GmbH", "Am Hang 3"], "Empfänger on the line"),
        (["Kunde: Grün & Garten GaLaBau GmbH", "Am Hang 3"], "Kunde: label"),
        (["z. Hd. Herrn Berg, Grün & Garten GaLaBau GmbH", "Am Hang 3"], "z. Hd. line"),
        (["Lieferanschrift:", "Grün & Garten GaLaBau GmbH"], "delivery address block"),
    ],
)
def test_recipient_block_is_never_the_seller(recipient: list[str], reason: str) -> None:
    seller = read_pdf(letter(*recipient)).seller_name
    assert seller is not None, reason
    assert "Grün" not in seller and "Berg" not in seller, (reason, seller)


def test_label_recipient_falls_back_to_the_letterhead() -> None:
    read = read_pdf(letter("An: Grün & Garten GaLaBau GmbH", "Am Hang 3", "54321 Grünstadt"))
    assert read.seller_name == "Gärtnerei Lindner"


# Broke: without a label the buyer's own company (legal form, under the letterhead) was
# the only line with a legal form and became the Lieferant; "Eigene Firma" is never it.
@pytest.mark.parametrize(
    ("own", "reason"),
    [
        (OWN, "the same spelling"),
        ("GRÜN UND GARTEN GALABAU GMBH", "case, 'und' for '&'"),
        ("Grün & Garten GaLaBau", "without the legal form"),
    ],
)
def test_own_company_is_never_the_seller(own: str, reason: str) -> None:
    pdf = letter(OWN, "Am Hang 3", "54321 Grünstadt")
    assert read_pdf(pdf).seller_name == OWN, "the fault without own_names"
    assert read_pdf(pdf, own_names=[own]).seller_name == "Gärtnerei Lindner", reason
    reading = read_document(pdf, "lindner.pdf", own_names=(own,))
    assert reading.invoice.seller_name == "Gärtnerei Lindner", reason


def test_own_names_leave_other_sellers_alone() -> None:
    pdf = invoice("Rechnungsnummer: RE-1", "Gesamtbetrag 119,00 €")
    assert read_pdf(pdf, own_names=["Muster Bau"]).seller_name != "Muster Bau GmbH"
    assert read_pdf(pdf, own_names=["Muster Bauten GmbH"]).seller_name == "Muster Bau GmbH"
    assert read_pdf(pdf, own_names=["", "GmbH"]).seller_name == "Muster Bau GmbH"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Grün & Garten GaLaBau GmbH", "grün und garten galabau", True),
        ("Müller GmbH & Co. KG", "Müller", True),
        ("Müller Bau GmbH", "Müller", False),
        ("Gärtnerei Lindner", "Gaertnerei Lindner", False),
    ],
)
def test_name_key(first: str, second: str, same: bool) -> None:
    assert (name_key(first) == name_key(second)) is same


# Broke: "Rechnungsbetrag: CHF 1'081.00" was read as 81,00.
@pytest.mark.parametrize(
    ("total", "reason"),
    [
        ("Rechnungsbetrag: CHF 1'081.00", "Swiss apostrophe, dot decimals"),
        ("Rechnungsbetrag: CHF 1’081,00", "typographic apostrophe, comma decimals"),
    ],
)
def test_swiss_total_is_read_whole(total: str, reason: str) -> None:
    read = read_pdf(invoice("Rechnungsnummer: CH-7", "Rechnungsdatum: 04.12.2026", total))
    assert read.grand_total == Decimal("1081.00"), reason


# Broke: a credit note's Verwendungszweck said "Rechnung GS-12".
@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        ([], "Gutschrift GS-12"),
        (["Kundennummer: K-77"], "Gutschrift GS-12, Kd-Nr. K-77"),
    ],
)
def test_credit_note_remittance_says_gutschrift(customer: list[str], expected: str) -> None:
    pdf = invoice(
        "Gutschrift Nr. GS-12", "Datum: 04.12.2026", *customer, "Gesamtbetrag 119,00 €",
        title="Gutschrift",
    )  # fmt: skip
    read = read_pdf(pdf)
    assert read.kind is DocumentKind.CREDIT_NOTE
    assert read.remittance == expected
