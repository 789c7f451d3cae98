"""E-invoices: ZUGFeRD 1.0, ZUGFeRD 2.x/Factur-X (CII D16B), XRechnung CII and UBL.

The XML is found by its content (the root element's namespace), never by a file name,
and read by EN 16931 business term. Everything doubtful becomes a finding on the
invoice; nothing here raises for a bad document.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from lxml import etree

from zahllauf import texts
from zahllauf.model import (
    DocumentKind,
    FieldSource,
    Finding,
    Invoice,
    PaymentMeans,
    Severity,
)
from zahllauf.readers import einvoice_checks, pdfattach, skonto, view, xmlsafe
from zahllauf.readers.cii import read_cii
from zahllauf.readers.raw import RawInvoice
from zahllauf.readers.ubl import read_ubl
from zahllauf.readers.values import parse_amount, parse_date, parse_iban

log = logging.getLogger(__name__)

__all__ = ["find_invoice_xml", "read_raw", "read_xml", "render_html"]

#: UNTDID 1001 codes of credit notes used with EN 16931 (BT-3).
CREDIT_NOTE_CODES = frozenset({"381", "261", "262", "296", "308", "396", "420", "458", "532"})
#: UNTDID 4461 payment means (BT-81): transfers and direct debits.
TRANSFER_CODES = frozenset({"30", "31", "42", "58"})
DIRECT_DEBIT_CODES = frozenset({"49", "59"})

# The field names of Invoice and the business terms they come from.
_TEXT_FIELDS = {
    "number": "BT-1",
    "buyer_reference": "BT-10",
    "order_reference": "BT-13",
    "profile": "BT-24",
    "seller_name": "BT-27",
    "seller_vat_id": "BT-31",
    "remittance": "BT-83",
}
_AMOUNT_FIELDS = {
    "net_total": "BT-109",
    "vat_total": "BT-110",
    "grand_total": "BT-112",
    "prepaid": "BT-113",
}


def find_invoice_xml(pdf: bytes) -> bytes | None:
    """The embedded e-invoice XML of a PDF, found by content; None for a plain PDF.

    Every embedded file is looked at, whatever its name (``factur-x.xml``,
    ``zugferd-invoice.xml``, ``ZUGFeRD-invoice.xml``, ``xrechnung.xml`` or any other),
    including file-attachment annotations on pages. The first one whose root element
    is an e-invoice wins.
    """
    for name, data in pdfattach.embedded_files(pdf):
        if xmlsafe.syntax_of(data) is not None:
            log.debug("e-invoice XML found in PDF attachment %r", name)
            return data
    return None


def read_xml(xml: bytes) -> Invoice:
    """Read a CII, ZUGFeRD 1.0 or UBL invoice or credit note; never raises for bad XML."""
    parsed = xmlsafe.parse(xml)
    if parsed.root is None:
        invoice = Invoice(kind=DocumentKind.UNREADABLE)
        for finding in parsed.findings:
            invoice.add(finding)
        invoice.notes.extend(parsed.notes)
        return invoice
    if parsed.syntax is None:
        return _not_invoice(parsed.root.tag)
    raw = read_raw(parsed.root, parsed.syntax)
    invoice = build_invoice(raw)
    for finding in parsed.findings:
        invoice.add(finding)
    einvoice_checks.check(invoice, raw)
    return invoice


def render_html(invoice: Invoice, xml: bytes | None = None) -> str:
    """A readable German HTML view of an e-invoice; lines and addresses come from ``xml``."""
    raw = None
    if xml is not None:
        parsed = xmlsafe.parse(xml)
        if parsed.root is not None and parsed.syntax is not None:
            raw = read_raw(parsed.root, parsed.syntax)
    return view.render(invoice, raw)


def read_raw(root: etree._Element, syntax: xmlsafe.Syntax) -> RawInvoice:
    """The business terms as written, by syntax."""
    if syntax in (xmlsafe.Syntax.UBL_INVOICE, xmlsafe.Syntax.UBL_CREDIT_NOTE):
        return read_ubl(root, syntax)
    return read_cii(root, syntax)


def _not_invoice(tag: str) -> Invoice:
    invoice = Invoice(kind=DocumentKind.NOT_INVOICE)
    invoice.not_invoice_reason = texts.XML_NOT_EINVOICE.format(kind=_xml_kind(tag))
    invoice.add(Finding("xml.not_einvoice", invoice.not_invoice_reason, None, Severity.INFO))
    return invoice


def _xml_kind(tag: str) -> str:
    """What another XML is, in German: a bank statement, a SEPA file or its root's name."""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    for prefix, kind in texts.XML_KINDS_ISO20022.items():
        if namespace.startswith(prefix):
            return kind
    return texts.XML_KIND_OTHER.format(root=local)


def build_invoice(raw: RawInvoice) -> Invoice:
    """Turn the raw business terms into the invoice record, one business group at a time."""
    invoice = Invoice(syntax=raw.syntax.value)
    _identity(invoice, raw)
    _amounts(invoice, raw)
    _due_date(invoice, raw)
    _payment(invoice, raw)
    _skonto(invoice, raw)
    return invoice


def _identity(invoice: Invoice, raw: RawInvoice) -> None:
    """BT-1, BT-2, BT-3, BT-5, BT-10, BT-13, BT-24, BT-27, BT-31, BT-34/43, BT-83, BT-20."""
    for name, term in _TEXT_FIELDS.items():
        if term in raw.values:
            setattr(invoice, name, raw.values[term])
            invoice.sources[name] = FieldSource(f"XML {term}")
    invoice.seller_email = raw.values.get("BT-43") or raw.values.get("BT-34")
    if "BT-5" in raw.values:
        invoice.currency = raw.values["BT-5"].upper()
    else:
        invoice.add(Finding("xml.currency_missing", texts.EINV_CURRENCY_MISSING, "currency"))
    invoice.issue_date = parse_date(raw.values.get("BT-2"), "BT-2", invoice)
    invoice.sources["issue_date"] = FieldSource("XML BT-2")
    if raw.syntax is xmlsafe.Syntax.UBL_CREDIT_NOTE or raw.values.get("BT-3") in CREDIT_NOTE_CODES:
        invoice.kind = DocumentKind.CREDIT_NOTE
    if raw.terms:
        invoice.payment_terms = "\n".join(term.strip() for term in raw.terms)


def _amounts(invoice: Invoice, raw: RawInvoice) -> None:
    """BT-109, BT-110, BT-112, BT-113 as written; BT-115 signed for a credit note."""
    for name, term in _AMOUNT_FIELDS.items():
        setattr(invoice, name, parse_amount(raw.values.get(term), term, invoice))
    due = parse_amount(raw.values.get("BT-115"), "BT-115", invoice)
    if due is None and invoice.grand_total is not None:
        due = invoice.grand_total - (invoice.prepaid or Decimal(0))
        # ZUGFeRD 1.0 BASIC has no BT-115; EN 16931 defines it as this difference.
        invoice.add(
            Finding(
                "xml.amount_due_missing",
                texts.EINV_AMOUNT_DUE_MISSING,
                "amount_due",
                Severity.INFO,
            )
        )
    if due is not None and invoice.kind is DocumentKind.CREDIT_NOTE:
        # A credit note is money owed to us: the Betrag column shows it negative.
        due = -abs(due)
    elif due is not None and due < 0:
        invoice.add(Finding("amount.negative", texts.EINV_NEGATIVE_DUE, "amount_due"))
    invoice.amount_due = due
    invoice.sources["amount_due"] = FieldSource("XML BT-115")


def _due_date(invoice: Invoice, raw: RawInvoice) -> None:
    """BT-9: the earliest of several due dates counts; the others go to the notes."""
    dates = [d for d in (parse_date(v, "BT-9", invoice) for v in raw.due_dates) if d]
    if not dates:
        return
    earliest = min(dates)
    invoice.due_date = earliest
    invoice.sources["due_date"] = FieldSource("XML BT-9")
    for other in dates:
        if other != earliest:
            invoice.notes.append(texts.EINV_MORE_DUE_DATES.format(date=texts.german_date(other)))


def _payment(invoice: Invoice, raw: RawInvoice) -> None:
    """BT-81 payment means, BT-84 payee IBAN (first; others noted), BT-86 BIC."""
    invoice.payment_means = _means(raw.payment_codes, invoice)
    ibans: list[str] = []
    for account in raw.payee_accounts:
        iban = parse_iban(account)
        if iban is None:
            invoice.notes.append(texts.EINV_ACCOUNT_NOT_IBAN.format(account=account.strip()))
        elif iban not in ibans:
            ibans.append(iban)
    if ibans:
        invoice.iban = ibans[0]
        invoice.sources["iban"] = FieldSource("XML BT-84")
        invoice.notes.extend(texts.EINV_MORE_IBANS.format(iban=iban) for iban in ibans[1:])
    if raw.bics:
        invoice.bic = raw.bics[0].strip().upper()


def _means(codes: list[str], invoice: Invoice) -> PaymentMeans:
    kinds = []
    for code in codes:
        if code in DIRECT_DEBIT_CODES:
            kinds.append(PaymentMeans.DIRECT_DEBIT)
        elif code in TRANSFER_CODES:
            kinds.append(PaymentMeans.TRANSFER)
    if not kinds:
        return PaymentMeans.UNKNOWN
    if len(set(kinds)) > 1:
        invoice.notes.append(texts.EINV_MIXED_MEANS.format(first=kinds[0].value))
    return kinds[0]


def _skonto(invoice: Invoice, raw: RawInvoice) -> None:
    """Skonto from EXTENDED terms, else XRechnung #SKONTO# lines, else free text (BT-20).

    The first tier in document order counts: for reading, "still reachable" is judged
    against the invoice's own date, where every tier is; the others go to the notes.
    """
    reading, origin = _skonto_reading(invoice, raw)
    invoice.findings.extend(f for f in reading.findings if f not in invoice.findings)
    invoice.notes.extend(reading.notes)
    terms = reading.terms(invoice.issue_date)
    if not terms:
        if reading.tiers and any(t.percent > 0 for t in reading.tiers):
            invoice.add(Finding("skonto.no_date", texts.EINV_SKONTO_NO_DATE, "skonto"))
        return
    invoice.skonto = terms[0]
    invoice.skonto_tiers = list(terms)
    invoice.sources["skonto"] = FieldSource(origin)
    for term in terms[1:]:
        invoice.notes.append(
            texts.MORE_SKONTO.format(percent=term.percent, until=texts.german_date(term.until))
        )


def _skonto_reading(invoice: Invoice, raw: RawInvoice) -> tuple[skonto.SkontoReading, str]:
    structured = _structured_tiers(invoice, raw)
    if structured.tiers:
        return structured, "XML Skontobedingungen (EXTENDED)"
    all_terms = "\n".join(raw.terms)
    codes = skonto.parse_xrechnung_skonto(all_terms)
    if codes.tiers or codes.findings:
        return codes, "XML BT-20 #SKONTO#"
    free = skonto.read_skonto_text(all_terms, invoice.issue_date)
    return free, "XML BT-20 Text"


def _structured_tiers(invoice: Invoice, raw: RawInvoice) -> skonto.SkontoReading:
    reading = skonto.SkontoReading()
    for discount in raw.discounts:
        percent = parse_amount(discount.percent, "BT-20", invoice)
        days = _days(discount.period, discount.unit)
        basis = parse_date(discount.basis_date, "BT-20", invoice) if discount.basis_date else None
        base = parse_amount(discount.base, "BT-20", invoice)
        tier = skonto.tier_from_structured(percent, days, basis, base)
        if tier is not None:
            reading.tiers.append(tier)
    return reading


def _days(period: str | None, unit: str | None) -> int | None:
    """A discount period in days; UN/ECE rec. 20 ``DAY``, ``WEE`` (week) or ``MON``."""
    if period is None or not period.strip().replace(".", "", 1).isdigit():
        return None
    count = int(Decimal(period.strip()))
    factor = {"DAY": 1, "WEE": 7, "MON": 30}.get((unit or "DAY").upper(), 1)
    return count * factor
