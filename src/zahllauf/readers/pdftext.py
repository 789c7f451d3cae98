"""Plain German PDF invoices, read from their text layer.

The reader never looks at attachments: for a hybrid ZUGFeRD PDF it reads what a person
sees. Every field it fills is recorded in ``invoice.sources`` with the place it came from;
a field it is unsure of, or one an invoice must have and lacks, becomes a finding that
makes the row Prüfen.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from decimal import Decimal

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from zahllauf import texts
from zahllauf.model import (
    Confidence,
    DocumentKind,
    FieldSource,
    Finding,
    Invoice,
    PaymentMeans,
    Severity,
)
from zahllauf.readers import labels as L
from zahllauf.readers.german import NumberStyle, detect_number_style
from zahllauf.readers.kinds import detect_kind
from zahllauf.readers.pdfpages import PdfText, read_pages
from zahllauf.readers.skonto import parse_skonto_text
from zahllauf.readers.textfields import (
    Doc,
    find_accounts,
    find_bic,
    find_customer_number,
    find_due_date,
    find_issue_date,
    find_numbers,
    find_payment_reference,
    find_seller,
    find_vat_id,
)
from zahllauf.readers.totals import Totals, amount_lines, choose_totals

log = logging.getLogger(__name__)

# A page with fewer visible characters than this carries no usable text layer.
MIN_TEXT_CHARS = 40
LIKELY = Confidence.LIKELY
DOUBTFUL = Confidence.DOUBTFUL


def read_pdf(pdf: bytes, own_names: Iterable[str] = ()) -> Invoice:
    """Read a PDF invoice's visible text into an invoice with findings.

    Args:
        pdf: the PDF file's bytes.
        own_names: the buyer's own company names (the Einstellungen value "Eigene Firma"):
            a seller candidate equal to one of them is the recipient, never the seller.
    """
    pages = read_pages(pdf)
    if pages.char_count < MIN_TEXT_CHARS:
        return _scanned(pages)
    doc = _doc(pages)
    invoice = Invoice()
    _read_kind(doc, invoice)
    if invoice.kind is DocumentKind.NOT_INVOICE:
        return invoice
    _read_header(doc, invoice, tuple(own_names))
    _read_amounts(doc, invoice)
    _read_payment(doc, invoice)
    _read_skonto(doc, invoice)
    _finish(invoice)
    log.debug("pdf text: %d of %d pages read", len(pages.pages), pages.page_count)
    return invoice


def visible_total(pdf: bytes) -> Decimal | None:
    """The grand total printed on the PDF, or None when it cannot be told."""
    pages = read_pages(pdf, layout=False)
    if pages.char_count < MIN_TEXT_CHARS:
        return None
    doc = _doc(pages)
    return _totals(doc).gross


def _doc(pages: PdfText) -> Doc:
    stream = [(page.number, page.stream) for page in pages.pages]
    layout = [(page.number, page.layout) for page in pages.pages if page.layout]
    text = "\n".join(line for _, lines in stream for line in lines)
    return Doc(stream, layout, detect_number_style(text))


def _scanned(pages: PdfText) -> Invoice:
    invoice = Invoice(kind=DocumentKind.INVOICE)
    invoice.add(Finding("pdf.scanned", texts.PDF_SCANNED, None))
    log.info("pdf without text layer (%d pages)", pages.page_count)
    return invoice


def _set(invoice: Invoice, name: str, value: object, origin: str, sure: Confidence) -> None:
    setattr(invoice, name, value)
    invoice.sources[name] = FieldSource(origin, sure)


def _check(invoice: Invoice, code: str, text: str, field: str | None) -> None:
    invoice.add(Finding(code, text, field))


def _info(invoice: Invoice, code: str, text: str, field: str | None = None) -> None:
    invoice.add(Finding(code, text, field, Severity.INFO))


# Kind and header --------------------------------------------------------------------------


def _read_kind(doc: Doc, invoice: Invoice) -> None:
    first = doc.stream[0][1] if doc.stream else []
    reading = detect_kind(first)
    if reading.kind is DocumentKind.INVOICE and doc.layout:
        reading = detect_kind(doc.layout[0][1])
    invoice.kind = reading.kind
    invoice.sources["kind"] = FieldSource("Text Seite 1: Überschrift", LIKELY)
    if reading.reason is not None:
        invoice.not_invoice_reason = texts.PDF_NOT_INVOICE[reading.reason]


def _read_header(doc: Doc, invoice: Invoice, own_names: tuple[str, ...]) -> None:
    seller = find_seller(doc, own_names)
    if seller is not None:
        _set(invoice, "seller_name", seller.value, seller.origin, LIKELY)
    vat_id = find_vat_id(doc)
    if vat_id is not None:
        _set(invoice, "seller_vat_id", vat_id, "Text: USt-IdNr.", DOUBTFUL)
    _read_number(doc, invoice)
    issued = find_issue_date(doc)
    if issued is not None:
        _set(invoice, "issue_date", issued[0], issued[1], LIKELY)
    customer = find_customer_number(doc)
    if customer is not None:
        _set(invoice, "customer_number", customer, "Text: Kundennummer", LIKELY)
    _read_currency(doc, invoice)


def _read_number(doc: Doc, invoice: Invoice) -> None:
    hits = find_numbers(doc)
    if not hits:
        return
    field = "reminder_for" if invoice.kind is DocumentKind.REMINDER else "number"
    distinct = list(dict.fromkeys(hit.value for hit in hits))
    sure = LIKELY if len(distinct) == 1 else DOUBTFUL
    _set(invoice, field, hits[0].value, hits[0].origin, sure)
    if len(distinct) > 1 and _conflicting(distinct):
        values = ", ".join(distinct[:4])
        text = texts.PDF_NUMBER_DOUBTFUL.format(values=values)
        _check(invoice, "pdf.number_doubtful", text, field)


def _conflicting(values: list[str]) -> bool:
    """Different numbers, unless one only adds a prefix to the other (2013-471102)."""
    first = values[0]
    return any(first not in other and other not in first for other in values[1:])


def _read_currency(doc: Doc, invoice: Invoice) -> None:
    text = doc.full_text()
    labelled = L.CURRENCY_LABEL.search(text)
    if labelled:
        _set(invoice, "currency", labelled.group(1), "Text: Währung", LIKELY)
        return
    counts: dict[str, int] = {}
    for match in L.CURRENCY.finditer(text):
        code = match.group(1) or L.SYMBOLS[match.group(2)]
        counts[code] = counts.get(code, 0) + 1
    if counts:
        code = max(counts, key=lambda key: counts[key])
        _set(invoice, "currency", code, "Text: Währungszeichen", LIKELY)


# Amounts ----------------------------------------------------------------------------------


def _no_vat_statement(doc: Doc) -> tuple[str, str] | None:
    text = doc.full_text()
    for code, pattern, message in (
        ("pdf.small_business", L.SMALL_BUSINESS, texts.PDF_SMALL_BUSINESS),
        ("pdf.reverse_charge", L.REVERSE_CHARGE, texts.PDF_REVERSE_CHARGE),
        ("pdf.tax_exempt", L.TAX_EXEMPT, texts.PDF_TAX_EXEMPT),
    ):
        if pattern.search(text):
            return code, message
    return None


def _totals(doc: Doc) -> Totals:
    no_vat = _no_vat_statement(doc) is not None
    lines = amount_lines(doc.stream, doc.style)
    totals = choose_totals(lines, no_vat)
    if totals.gross is None and doc.layout:
        totals = choose_totals(amount_lines(doc.layout, doc.style), no_vat)
    return totals


def _read_amounts(doc: Doc, invoice: Invoice) -> None:
    statement = _no_vat_statement(doc)
    if statement is not None:
        _info(invoice, statement[0], statement[1], "vat_total")
    if doc.style is NumberStyle.ENGLISH:
        _info(invoice, "pdf.english_numbers", texts.PDF_ENGLISH_NUMBERS)
    totals = _totals(doc)
    sure = LIKELY if totals.checked else DOUBTFUL
    for name, value, key in (
        ("net_total", totals.net, "net"),
        ("vat_total", totals.vat, "vat"),
        ("grand_total", totals.gross, "gross"),
    ):
        if value is not None:
            _set(invoice, name, value, f"Text: {totals.labels.get(key, '')}", sure)
    _amount_findings(invoice, totals)
    _amount_due(invoice, totals)
    if statement is None and totals.vat is None and totals.gross is not None:
        # § 14 Abs. 4 UStG: an invoice states the VAT or why there is none (§ 19, § 13b,
        # § 4 UStG …). Neither printed: the net and the input tax cannot be told.
        _check(invoice, "pdf.no_vat_shown", texts.PDF_NO_VAT_SHOWN, "vat_total")


def _amount_findings(invoice: Invoice, totals: Totals) -> None:
    if "sum" in totals.problems:
        _check(
            invoice,
            "pdf.sum_mismatch",
            texts.PDF_SUM_MISMATCH.format(
                net=texts.money(totals.net), vat=texts.money(totals.vat),
                gross=texts.money(totals.gross),
            ),
            "grand_total",
        )  # fmt: skip
    elif "gross_computed" in totals.problems:
        _check(invoice, "pdf.gross_computed", texts.PDF_GROSS_COMPUTED, "grand_total")
    elif totals.gross_alternatives and not totals.checked:
        values = ", ".join(texts.money(v) for v in totals.gross_alternatives[:3])
        _check(invoice, "pdf.gross_doubtful", texts.PDF_GROSS_DOUBTFUL.format(values=values),
               "grand_total")  # fmt: skip


def _amount_due(invoice: Invoice, totals: Totals) -> None:
    if totals.prepaid is not None:
        _set(invoice, "prepaid", totals.prepaid, "Text: Anzahlung/Abschlag", LIKELY)
        invoice.notes.append(texts.PDF_PREPAID.format(amount=texts.money(totals.prepaid)))
    if totals.retention is not None:
        invoice.notes.append(texts.PDF_RETENTION.format(amount=texts.money(totals.retention)))
    if totals.due is None:
        return
    due = totals.due
    if invoice.kind is DocumentKind.CREDIT_NOTE:
        due = -abs(due)
    sure = LIKELY if totals.checked and "due" not in totals.problems else DOUBTFUL
    _set(invoice, "amount_due", due, f"Text: {totals.labels.get('due', '')}", sure)
    if "due" in totals.problems:
        _check(
            invoice, "pdf.due_mismatch",
            texts.PDF_DUE_MISMATCH.format(due=texts.money(due), gross=texts.money(totals.gross)),
            "amount_due",
        )  # fmt: skip


# Payment ----------------------------------------------------------------------------------


def _read_payment(doc: Doc, invoice: Invoice) -> None:
    _read_due_date(doc, invoice)
    _read_means(doc, invoice)
    _read_accounts(doc, invoice)
    _read_remittance(doc, invoice)


def _read_due_date(doc: Doc, invoice: Invoice) -> None:
    due = find_due_date(doc, invoice.issue_date)
    if due is None:
        return
    _set(invoice, "due_date", due.value, due.origin, LIKELY)
    if due.computed:
        invoice.notes.append(texts.PDF_DUE_COMPUTED.format(term=due.origin.split(": ", 1)[-1]))
    if due.after_receipt:
        _info(invoice, "pdf.due_after_receipt", texts.PDF_DUE_AFTER_RECEIPT, "due_date")
    if invoice.issue_date is not None and due.value < invoice.issue_date:
        _check(
            invoice, "pdf.due_before_issue",
            texts.PDF_DUE_BEFORE_ISSUE.format(due=due.value, issue=invoice.issue_date), "due_date",
        )  # fmt: skip


def _read_means(doc: Doc, invoice: Invoice) -> None:
    for _page, lines in doc.stream:
        for line in lines:
            if L.DIRECT_DEBIT.search(line) and not L.CONDITIONAL.search(line):
                _set_direct_debit(invoice, line)
                return
    text = doc.full_text()
    paid = [line for _, lines in doc.stream for line in lines if L.ALREADY_PAID.search(line)]
    if any(not L.CONDITIONAL.search(line) for line in paid):
        _check(invoice, "pdf.already_paid", texts.PDF_ALREADY_PAID, "amount_due")
    if L.TRANSFER.search(text):
        _set(invoice, "payment_means", PaymentMeans.TRANSFER, "Text: Überweisung", LIKELY)


def _set_direct_debit(invoice: Invoice, line: str) -> None:
    _set(invoice, "payment_means", PaymentMeans.DIRECT_DEBIT, f"Text: {line[:60]}", LIKELY)
    card = re.search(r"Kreditkarte", line, re.IGNORECASE)
    _info(invoice, "pdf.direct_debit", texts.PDF_CARD if card else texts.PDF_DIRECT_DEBIT)


def _read_accounts(doc: Doc, invoice: Invoice) -> None:
    accounts = [account for account in find_accounts(doc) if not account.payer]
    ibans = list(dict.fromkeys(account.iban for account in accounts))
    if not ibans:
        return
    chosen = next(account for account in accounts if account.iban == ibans[0])
    valid = _iban_valid(ibans[0])
    _set(invoice, "iban", ibans[0], chosen.origin, LIKELY if valid else DOUBTFUL)
    if not valid:
        _check(invoice, "iban.invalid", texts.PDF_IBAN_INVALID.format(iban=ibans[0]), "iban")
    if len(ibans) > 1:
        invoice.notes.append(texts.PDF_MORE_ACCOUNTS.format(ibans=", ".join(ibans[1:])))
    bic = find_bic(doc, chosen)
    if bic is not None:
        _set(invoice, "bic", bic, "Text: BIC", LIKELY)
    if invoice.payment_means is PaymentMeans.UNKNOWN:
        _set(invoice, "payment_means", PaymentMeans.TRANSFER, chosen.origin, LIKELY)


def _iban_valid(iban: str) -> bool:
    try:
        IBAN(iban)
    except (SchwiftyException, ValueError):
        return False
    return True


def _read_remittance(doc: Doc, invoice: Invoice) -> None:
    reference = find_payment_reference(doc)
    if reference is not None:
        _set(invoice, "remittance", reference, "Text: Zahlungsreferenz", LIKELY)
        return
    if invoice.number is None:
        return
    credit = invoice.kind is DocumentKind.CREDIT_NOTE
    if invoice.customer_number:
        template = texts.PDF_REMITTANCE_CREDIT_CUSTOMER if credit else texts.PDF_REMITTANCE_CUSTOMER
        text = template.format(number=invoice.number, customer=invoice.customer_number)
    else:
        template = texts.PDF_REMITTANCE_CREDIT if credit else texts.PDF_REMITTANCE
        text = template.format(number=invoice.number)
    _set(invoice, "remittance", text[:140], "Rechnungsnummer/Kundennummer", LIKELY)


def _read_skonto(doc: Doc, invoice: Invoice) -> None:
    # Terms are often broken over lines ("3%\nSkonto innerhalb 10 Tagen"): read them joined.
    text = " ".join(line for _, lines in doc.stream for line in lines)
    terms = parse_skonto_text(text, invoice.issue_date)
    if not terms:
        return
    _set(invoice, "skonto", terms[0], "Text: Skonto", LIKELY)
    invoice.skonto_tiers = list(terms)
    for extra in terms[1:]:
        invoice.notes.append(
            texts.MORE_SKONTO.format(percent=extra.percent, until=texts.german_date(extra.until))
        )
    terms_line = next((line for _, lines in doc.stream for line in lines if "Skonto" in line), None)
    if terms_line is not None and invoice.payment_terms is None:
        invoice.payment_terms = terms_line


# Completeness -----------------------------------------------------------------------------


def _finish(invoice: Invoice) -> None:
    """A document the reader cannot tie to an invoice number needs a person."""
    if invoice.kind is DocumentKind.REMINDER:
        if invoice.reminder_for is None:
            _check(invoice, "pdf.reminder_unmatched", texts.PDF_REMINDER_NO_NUMBER, "reminder_for")
        return
    # Amount, IBAN, dates and seller missing are findings of the checks
    # (zahllauf.checks), which know the supplier master and may fill them from it.
    if invoice.number is None:
        _check(invoice, "number.missing", texts.PDF_NO_NUMBER, "number")


__all__ = ["read_pdf", "visible_total"]
