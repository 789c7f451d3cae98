"""OASIS UBL 2.1 Invoice and CreditNote (XRechnung UBL, Peppol BIS 3, EN 16931 UBL)."""

from __future__ import annotations

from lxml import etree

from zahllauf.readers.raw import RawInvoice, RawLine, RawParty, collapse, text, texts_at
from zahllauf.readers.xmlsafe import Syntax

_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": _CAC, "cbc": _CBC}

_TOTAL_TERMS = {
    "BT-106": "cbc:LineExtensionAmount",
    "BT-107": "cbc:AllowanceTotalAmount",
    "BT-108": "cbc:ChargeTotalAmount",
    "BT-109": "cbc:TaxExclusiveAmount",
    "BT-112": "cbc:TaxInclusiveAmount",
    "BT-113": "cbc:PrepaidAmount",
    "BT-114": "cbc:PayableRoundingAmount",
    "BT-115": "cbc:PayableAmount",
}


def read_ubl(root: etree._Element, syntax: Syntax) -> RawInvoice:
    """Copy the business terms of a UBL invoice or credit note into a raw invoice."""
    raw = RawInvoice(syntax, root)
    _document(raw, root, credit_note=syntax is Syntax.UBL_CREDIT_NOTE)
    _seller(raw, root.find("cac:AccountingSupplierParty/cac:Party", NS))
    raw.buyer = _party(root.find("cac:AccountingCustomerParty/cac:Party", NS))
    _payment(raw, root)
    _totals(raw, root)
    _lines(
        raw,
        root,
        "cac:CreditNoteLine" if raw.syntax is Syntax.UBL_CREDIT_NOTE else "cac:InvoiceLine",
    )
    return raw


def _document(raw: RawInvoice, root: etree._Element, credit_note: bool) -> None:
    """BT-24, BT-1, BT-2, BT-3, BT-5, BT-9, BT-10, BT-13 and the notes (BT-22)."""
    raw.put("BT-24", text(root, "cbc:CustomizationID", NS))
    raw.put("BT-1", text(root, "cbc:ID", NS))
    raw.put("BT-2", text(root, "cbc:IssueDate", NS))
    type_path = "cbc:CreditNoteTypeCode" if credit_note else "cbc:InvoiceTypeCode"
    raw.put("BT-3", text(root, type_path, NS))
    raw.put("BT-5", text(root, "cbc:DocumentCurrencyCode", NS))
    raw.put("BT-10", text(root, "cbc:BuyerReference", NS))
    raw.put("BT-13", text(root, "cac:OrderReference/cbc:ID", NS))
    # BT-9: Invoice has cbc:DueDate; a CreditNote only PaymentMeans/PaymentDueDate.
    raw.due_dates.extend(texts_at(root, "cbc:DueDate", NS))
    raw.due_dates.extend(texts_at(root, "cac:PaymentMeans/cbc:PaymentDueDate", NS))
    raw.notes.extend(texts_at(root, "cbc:Note", NS))


def _seller(raw: RawInvoice, party: etree._Element | None) -> None:
    """BG-4: BT-27 legal name (trading name as fallback), BT-31 VAT id, BT-34/BT-43."""
    name = text(party, "cac:PartyLegalEntity/cbc:RegistrationName", NS) or text(
        party, "cac:PartyName/cbc:Name", NS
    )
    raw.put("BT-27", collapse(name))
    raw.put("BT-31", _vat_id(party))
    endpoint = None if party is None else party.find("cbc:EndpointID", NS)
    if endpoint is not None and endpoint.get("schemeID") == "EM":
        raw.put("BT-34", endpoint.text)
    raw.put("BT-43", text(party, "cac:Contact/cbc:ElectronicMail", NS))
    raw.seller = _party(party, name)


def _vat_id(party: etree._Element | None) -> str | None:
    if party is None:
        return None
    for scheme in party.iterfind("cac:PartyTaxScheme", NS):
        if text(scheme, "cac:TaxScheme/cbc:ID", NS) == "VAT":
            return text(scheme, "cbc:CompanyID", NS)
    return None


def _party(party: etree._Element | None, name: str | None = None) -> RawParty:
    address = None if party is None else party.find("cac:PostalAddress", NS)
    if name is None:
        name = text(party, "cac:PartyLegalEntity/cbc:RegistrationName", NS) or text(
            party, "cac:PartyName/cbc:Name", NS
        )
    return RawParty(
        name=collapse(name),
        street=collapse(text(address, "cbc:StreetName", NS)),
        postcode=text(address, "cbc:PostalZone", NS),
        city=collapse(text(address, "cbc:CityName", NS)),
        country=text(address, "cac:Country/cbc:IdentificationCode", NS),
    )


def _payment(raw: RawInvoice, root: etree._Element) -> None:
    """BG-16 payment instructions and BT-20 payment terms."""
    for means in root.iterfind("cac:PaymentMeans", NS):
        raw.payment_codes.extend(texts_at(means, "cbc:PaymentMeansCode", NS))
        if "BT-83" not in raw.values:
            raw.put("BT-83", text(means, "cbc:PaymentID", NS))
        raw.payee_accounts.extend(texts_at(means, "cac:PayeeFinancialAccount/cbc:ID", NS))
        raw.bics.extend(
            texts_at(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", NS)
        )
    for terms in root.iterfind("cac:PaymentTerms", NS):
        raw.terms.extend(
            e.text for e in terms.iterfind("cbc:Note", NS) if e.text and e.text.strip()
        )


def _totals(raw: RawInvoice, root: etree._Element) -> None:
    """BG-22 totals; BT-110 is the TaxTotal in the document currency."""
    totals = root.find("cac:LegalMonetaryTotal", NS)
    for term, path in _TOTAL_TERMS.items():
        raw.put(term, text(totals, path, NS))
    currency = raw.values.get("BT-5")
    for tax_total in root.iterfind("cac:TaxTotal", NS):
        amount = tax_total.find("cbc:TaxAmount", NS)
        if amount is None or amount.get("currencyID") not in (None, currency):
            continue
        raw.put("BT-110", amount.text)
        raw.vat_amounts.extend(texts_at(tax_total, "cac:TaxSubtotal/cbc:TaxAmount", NS))
        break


def _lines(raw: RawInvoice, root: etree._Element, line_path: str) -> None:
    """BG-25 invoice lines (``InvoiceLine`` or ``CreditNoteLine``)."""
    for line in root.iterfind(line_path, NS):
        quantity = line.find("cbc:InvoicedQuantity", NS)
        if quantity is None:
            quantity = line.find("cbc:CreditedQuantity", NS)
        raw.lines.append(
            RawLine(
                name=collapse(text(line, "cac:Item/cbc:Name", NS)) or "",
                quantity=None if quantity is None else quantity.text,
                unit=None if quantity is None else quantity.get("unitCode"),
                price=text(line, "cac:Price/cbc:PriceAmount", NS),
                total=text(line, "cbc:LineExtensionAmount", NS),
            )
        )
