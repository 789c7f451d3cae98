"""Whole documents through the PDF text reader: kinds, payment means, deductions, scans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pdftext_pdfs import invoice, make_pdf, make_scan
from zahllauf.checks import Checker
from zahllauf.model import Confidence, DocumentKind, PaymentMeans
from zahllauf.readers.pdftext import read_pdf, visible_total

TOTALS = ["Summe netto 1.000,00 €", "zzgl. 19 % USt 190,00 €", "Gesamtbetrag 1.190,00 €"]
HEADER = ["Rechnungsnummer: RE-2026-100", "Rechnungsdatum: 04.12.2026", "Kundennummer: K-77"]
SPARKASSE = "Sparkasse IBAN DE89 3704 0044 0532 0130 00"
TERMS = ["Zahlbar innerhalb von 14 Tagen ohne Abzug."]


def codes(pdf: bytes) -> set[str]:
    return {finding.code for finding in read_pdf(pdf).findings if finding.needs_person}


def test_plain_invoice_reads_every_field() -> None:
    read = read_pdf(invoice(*HEADER, *TOTALS, *TERMS))
    assert (read.kind, read.seller_name, read.number) == (
        DocumentKind.INVOICE, "Muster Bau GmbH", "RE-2026-100",
    )  # fmt: skip
    assert (read.issue_date, read.due_date) == (date(2026, 12, 4), date(2026, 12, 18))
    assert (read.net_total, read.vat_total, read.grand_total, read.amount_due) == (
        Decimal("1000.00"), Decimal("190.00"), Decimal("1190.00"), Decimal("1190.00"),
    )  # fmt: skip
    assert (read.iban, read.bic) == ("DE89370400440532013000", "COBADEFFXXX")
    assert read.remittance == "Rechnung RE-2026-100, Kd-Nr. K-77"
    assert read.payment_means is PaymentMeans.TRANSFER
    assert not read.needs_person, read.findings
    assert read.sources["grand_total"].confidence is Confidence.LIKELY
    assert set(read.sources) >= {"number", "issue_date", "due_date", "iban", "amount_due"}


def test_credit_note_is_negative() -> None:
    read = read_pdf(invoice("Gutschrift Nr. G-12", *HEADER[1:], *TOTALS, title="Gutschrift"))
    assert read.kind is DocumentKind.CREDIT_NOTE
    assert read.amount_due == Decimal("-1190.00")


def test_reminder_points_to_the_invoice() -> None:
    read = read_pdf(
        invoice(
            "Sicher haben Sie übersehen, unsere Rechnung zu bezahlen.",
            "Rechnungsnummer: RE-2026-042 vom 01.11.2026",
            "Offener Betrag 238,00 €",
            title="1. Mahnung",
        )
    )
    assert (read.kind, read.reminder_for, read.number) == (
        DocumentKind.REMINDER, "RE-2026-042", None,
    )  # fmt: skip


def test_offer_and_delivery_note_are_not_invoices() -> None:
    offer = read_pdf(invoice("Angebotsnummer 55", *TOTALS, title="Angebot"))
    delivery = read_pdf(invoice("Lieferschein-Nr. 77", "3 Paletten", title="Lieferschein"))
    assert (offer.kind, offer.not_invoice_reason) == (
        DocumentKind.NOT_INVOICE, "Angebot – keine Rechnung",
    )  # fmt: skip
    assert delivery.kind is DocumentKind.NOT_INVOICE
    assert delivery.not_invoice_reason == "Lieferschein – keine Rechnung"


def test_direct_debit_wants_no_iban_and_skips_the_payer_account() -> None:
    read = read_pdf(
        invoice(
            *HEADER, *TOTALS,
            "Der Betrag wird am 10.12.2026 von Ihrem Konto abgebucht.",
            "IBAN: DE21 8600 0000 0086 0010 55",
            "Mandatsreferenz: M-77",
            footer="Vielen Dank.",
        )
    )  # fmt: skip
    assert read.payment_means is PaymentMeans.DIRECT_DEBIT
    assert read.iban is None, "the debited account is the buyer's"
    assert read.due_date == date(2026, 12, 10)
    Checker([], [], date(2026, 12, 4), None).check(read)
    assert "iban.fehlt" not in {f.code for f in read.findings}


def test_reverse_charge_and_small_business_need_no_vat() -> None:
    for statement in (
        "Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG).",
        "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
    ):
        read = read_pdf(invoice(*HEADER, "Gesamtbetrag 1.000,00 €", statement, *TERMS))
        assert (read.vat_total, read.grand_total) == (Decimal("0.00"), Decimal("1000.00"))
        assert not read.needs_person, (statement, read.findings)


def test_english_number_format() -> None:
    read = read_pdf(
        invoice(*HEADER, "Summe netto 1,000.00 €", "USt 19 % 190.00 €", "Gesamtbetrag 1,190.00 €")
    )
    assert read.grand_total == Decimal("1190.00"), "not 1.19 and not 119000"
    assert "pdf.english_numbers" in {f.code for f in read.findings}


def test_scan_without_text_layer() -> None:
    read = read_pdf(make_scan())
    assert [f.code for f in read.findings] == ["pdf.scanned"]
    assert read.needs_person
    assert visible_total(make_scan()) is None


def test_several_ibans_take_the_first_and_note_the_others() -> None:
    read = read_pdf(
        invoice(
            *HEADER, *TOTALS, *TERMS,
            footer=f"{SPARKASSE} · Volksbank IBAN DE02 1203 0000 0000 2020 51",
        )
    )  # fmt: skip
    assert read.iban == "DE89370400440532013000"
    assert any("DE02120300000000202051" in note for note in read.notes)


def test_invalid_iban_is_kept_and_flagged() -> None:
    footer = "IBAN: DE00 1234 5678 9012 3456 78"
    read = read_pdf(invoice(*HEADER, *TOTALS, *TERMS, footer=footer))
    assert read.iban == "DE00123456789012345678"
    assert "iban.invalid" in {f.code for f in read.findings}


def test_abschlag_and_retention_are_deducted() -> None:
    read = read_pdf(
        invoice(
            *HEADER, *TOTALS, "abzgl. Abschlagszahlung 500,00 €",
            "Sicherheitseinbehalt 5 % 59,50 €", "Zu zahlen 630,50 €", *TERMS,
        )
    )  # fmt: skip
    assert (read.prepaid, read.amount_due) == (Decimal("500.00"), Decimal("630.50"))
    assert not read.needs_person, read.findings


def test_missing_amount_iban_and_due_date_are_flagged_by_the_checks() -> None:
    read = read_pdf(
        invoice(*HEADER, "Vielen Dank für Ihren Auftrag.", footer="Mit freundlichen Grüßen")
    )
    Checker([], [], date(2026, 12, 4), None).check(read)
    found = {f.code for f in read.findings if f.needs_person}
    assert {"betrag.fehlt", "iban.fehlt", "faellig.fehlt"} <= found


def test_visible_total_of_a_plain_pdf() -> None:
    assert visible_total(invoice(*HEADER, *TOTALS)) == Decimal("1190.00")


def test_only_text_is_read_not_attachments() -> None:
    plain = make_pdf(["Rechnung", "Rechnungsnummer: 1", "Gesamtbetrag 5,00 €"])
    assert read_pdf(plain).grand_total == Decimal("5.00")


def test_term_after_an_amount_line_is_quoted_whole() -> None:
    # Broke: the clause split at the decimal comma of "225,51 €", and the note quoted
    # "51 € Zahlbar innerhalb …".
    read = read_pdf(invoice(*HEADER, "Rechnungsbetrag: 225,51 €", *TERMS, SPARKASSE))
    assert read.due_date == date(2026, 12, 18)
    assert [n for n in read.notes if "Zahlungsziel" in n] == [
        "Fälligkeit aus Zahlungsziel berechnet: Zahlbar innerhalb von 14 Tagen ohne Abzug."
    ]


def test_credit_note_total_under_its_own_label_adds_up() -> None:
    # Broke: "Gutschriftsbetrag: 119,00 €" was no known total label; the gross was then
    # computed from net + VAT and reported as "ergibt nicht Brutto 119,00".
    read = read_pdf(
        invoice(
            "Gutschrift Nr. GS-12", "Datum: 04.12.2026", "Nettobetrag: 100,00 €",
            "zzgl. 19 % USt: 19,00 €", "Gutschriftsbetrag: 119,00 €",
            title="Gutschrift",
        )
    )  # fmt: skip
    assert read.kind is DocumentKind.CREDIT_NOTE and read.amount_due == Decimal("-119.00")
    assert "pdf.sum_mismatch" not in {f.code for f in read.findings}


def test_a_gross_computed_from_net_and_vat_is_said_as_computed() -> None:
    found = codes(invoice(*HEADER, "Nettobetrag: 100,00 €", "zzgl. 19 % USt: 19,00 €"))
    assert "pdf.gross_computed" in found and "pdf.sum_mismatch" not in found
