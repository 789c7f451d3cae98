"""UN/CEFACT CII: ZUGFeRD 2.x, Factur-X, XRechnung CII (D16B) and ZUGFeRD 1.0.

ZUGFeRD 1.0 (``CrossIndustryDocument``) has the same business terms as D16B under older
container names; :data:`D16B` and :data:`ZF1` name those containers, one helper per
business group reads both.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from zahllauf.readers.raw import (
    RawDiscount,
    RawInvoice,
    RawLine,
    RawParty,
    collapse,
    text,
    texts_at,
)
from zahllauf.readers.xmlsafe import CII_NS, ZF1_NS, Syntax


@dataclass(frozen=True)
class Layout:
    """The container element names of one CII version."""

    ns: dict[str, str]
    context: str
    document: str
    transaction: str
    agreement: str
    settlement: str
    summation: str
    line_agreement: str
    line_delivery: str
    line_settlement: str
    line_summation: str


_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:"
_UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:"

D16B = Layout(
    ns={"rsm": CII_NS, "ram": _RAM + "100", "udt": _UDT + "100"},
    context="rsm:ExchangedDocumentContext",
    document="rsm:ExchangedDocument",
    transaction="rsm:SupplyChainTradeTransaction",
    agreement="ram:ApplicableHeaderTradeAgreement",
    settlement="ram:ApplicableHeaderTradeSettlement",
    summation="ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    line_agreement="ram:SpecifiedLineTradeAgreement",
    line_delivery="ram:SpecifiedLineTradeDelivery",
    line_settlement="ram:SpecifiedLineTradeSettlement",
    line_summation="ram:SpecifiedTradeSettlementLineMonetarySummation",
)
ZF1 = Layout(
    ns={"rsm": ZF1_NS, "ram": _RAM + "12", "udt": _UDT + "15"},
    context="rsm:SpecifiedExchangedDocumentContext",
    document="rsm:HeaderExchangedDocument",
    transaction="rsm:SpecifiedSupplyChainTradeTransaction",
    agreement="ram:ApplicableSupplyChainTradeAgreement",
    settlement="ram:ApplicableSupplyChainTradeSettlement",
    summation="ram:SpecifiedTradeSettlementMonetarySummation",
    line_agreement="ram:SpecifiedSupplyChainTradeAgreement",
    line_delivery="ram:SpecifiedSupplyChainTradeDelivery",
    line_settlement="ram:SpecifiedSupplyChainTradeSettlement",
    line_summation="ram:SpecifiedTradeSettlementMonetarySummation",
)


def read_cii(root: etree._Element, syntax: Syntax) -> RawInvoice:
    """Copy the business terms of a CII or ZUGFeRD 1.0 invoice into a raw invoice."""
    layout = ZF1 if syntax is Syntax.ZUGFERD1 else D16B
    raw = RawInvoice(syntax, root)
    _document(raw, root, layout)
    transaction = root.find(layout.transaction, layout.ns)
    agreement = _child(transaction, layout.agreement, layout)
    settlement = _child(transaction, layout.settlement, layout)
    _agreement(raw, agreement, layout.ns)
    _payment_means(raw, settlement, layout.ns)
    _payment_terms(raw, settlement, layout.ns)
    _totals(raw, settlement, layout)
    _lines(raw, transaction, layout)
    return raw


def _child(node: etree._Element | None, path: str, layout: Layout) -> etree._Element | None:
    return None if node is None else node.find(path, layout.ns)


def _document(raw: RawInvoice, root: etree._Element, layout: Layout) -> None:
    """BT-24 profile, BT-1 number, BT-3 type, BT-2 issue date, BT-22 notes."""
    ns = layout.ns
    context = root.find(layout.context, ns)
    document = root.find(layout.document, ns)
    raw.put("BT-24", text(context, "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", ns))
    raw.put("BT-1", text(document, "ram:ID", ns))
    raw.put("BT-3", text(document, "ram:TypeCode", ns))
    raw.put("BT-2", text(document, "ram:IssueDateTime/udt:DateTimeString", ns))
    raw.notes.extend(texts_at(document, "ram:IncludedNote/ram:Content", ns))


def _agreement(raw: RawInvoice, agreement: etree._Element | None, ns: dict[str, str]) -> None:
    """BT-10 buyer reference, BT-13 order, BG-4 seller (BT-27, BT-31, BT-34/43), BG-7."""
    raw.put("BT-10", text(agreement, "ram:BuyerReference", ns))
    order = None if agreement is None else agreement.find("ram:BuyerOrderReferencedDocument", ns)
    # D16B names the order number IssuerAssignedID, ZUGFeRD 1.0 names it ID.
    raw.put("BT-13", text(order, "ram:IssuerAssignedID", ns) or text(order, "ram:ID", ns))
    seller = None if agreement is None else agreement.find("ram:SellerTradeParty", ns)
    raw.put("BT-27", collapse(text(seller, "ram:Name", ns)))
    raw.put("BT-31", _vat_id(seller, ns))
    raw.put("BT-34", text(seller, "ram:URIUniversalCommunication/ram:URIID", ns))
    raw.put(
        "BT-43",
        text(seller, "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID", ns),
    )
    buyer = None if agreement is None else agreement.find("ram:BuyerTradeParty", ns)
    raw.seller = _party(seller, ns)
    raw.buyer = _party(buyer, ns)


def _vat_id(seller: etree._Element | None, ns: dict[str, str]) -> str | None:
    if seller is None:
        return None
    for registration in seller.iterfind("ram:SpecifiedTaxRegistration/ram:ID", ns):
        if registration.get("schemeID") == "VA" and registration.text:
            return registration.text
    return None


def _party(party: etree._Element | None, ns: dict[str, str]) -> RawParty:
    address = None if party is None else party.find("ram:PostalTradeAddress", ns)
    return RawParty(
        name=collapse(text(party, "ram:Name", ns)),
        street=collapse(text(address, "ram:LineOne", ns)),
        postcode=text(address, "ram:PostcodeCode", ns),
        city=collapse(text(address, "ram:CityName", ns)),
        country=text(address, "ram:CountryID", ns),
    )


def _payment_means(raw: RawInvoice, settlement: etree._Element | None, ns: dict[str, str]) -> None:
    """BT-5 currency, BT-83 remittance, BG-16: BT-81 code, BT-84 IBANs, BT-86 BICs."""
    raw.put("BT-5", text(settlement, "ram:InvoiceCurrencyCode", ns))
    raw.put("BT-83", text(settlement, "ram:PaymentReference", ns))
    if settlement is None:
        return
    for means in settlement.iterfind("ram:SpecifiedTradeSettlementPaymentMeans", ns):
        raw.payment_codes.extend(texts_at(means, "ram:TypeCode", ns))
        raw.payee_accounts.extend(
            texts_at(means, "ram:PayeePartyCreditorFinancialAccount/ram:IBANID", ns)
        )
        raw.bics.extend(
            texts_at(means, "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID", ns)
        )


def _payment_terms(raw: RawInvoice, settlement: etree._Element | None, ns: dict[str, str]) -> None:
    """BG-20-ish payment terms: BT-20 texts, BT-9 due dates, EXTENDED discount terms."""
    if settlement is None:
        return
    for terms in settlement.iterfind("ram:SpecifiedTradePaymentTerms", ns):
        raw.terms.extend(
            e.text for e in terms.iterfind("ram:Description", ns) if e.text and e.text.strip()
        )
        raw.due_dates.extend(texts_at(terms, "ram:DueDateDateTime/udt:DateTimeString", ns))
        for discount in terms.iterfind("ram:ApplicableTradePaymentDiscountTerms", ns):
            raw.discounts.append(_discount(discount, ns))


def _discount(discount: etree._Element, ns: dict[str, str]) -> RawDiscount:
    period = discount.find("ram:BasisPeriodMeasure", ns)
    return RawDiscount(
        percent=text(discount, "ram:CalculationPercent", ns),
        period=None if period is None else period.text,
        unit=None if period is None else period.get("unitCode"),
        basis_date=text(discount, "ram:BasisDateTime/udt:DateTimeString", ns),
        base=text(discount, "ram:BasisAmount", ns),
    )


_SUMMATION_TERMS = {
    "BT-106": "ram:LineTotalAmount",
    "BT-108": "ram:ChargeTotalAmount",
    "BT-107": "ram:AllowanceTotalAmount",
    "BT-109": "ram:TaxBasisTotalAmount",
    "BT-114": "ram:RoundingAmount",
    "BT-112": "ram:GrandTotalAmount",
    "BT-113": "ram:TotalPrepaidAmount",
    "BT-115": "ram:DuePayableAmount",
}


def _totals(raw: RawInvoice, settlement: etree._Element | None, layout: Layout) -> None:
    """BG-22 document totals and the VAT breakdown amounts (BT-117)."""
    ns = layout.ns
    summation = _child(settlement, layout.summation, layout)
    for term, path in _SUMMATION_TERMS.items():
        raw.put(term, text(summation, path, ns))
    raw.put("BT-110", _vat_total(summation, raw.values.get("BT-5"), ns))
    if settlement is not None:
        raw.vat_amounts.extend(
            texts_at(settlement, "ram:ApplicableTradeTax/ram:CalculatedAmount", ns)
        )


def _vat_total(
    summation: etree._Element | None, currency: str | None, ns: dict[str, str]
) -> str | None:
    """BT-110 is the TaxTotalAmount in the invoice currency; BT-111 is the other one."""
    if summation is None:
        return None
    amounts = summation.findall("ram:TaxTotalAmount", ns)
    for amount in amounts:
        if amount.get("currencyID") in (None, currency):
            return amount.text
    return amounts[0].text if amounts else None


def _lines(raw: RawInvoice, transaction: etree._Element | None, layout: Layout) -> None:
    """BG-25 invoice lines: name, quantity, unit, net price, line total."""
    if transaction is None:
        return
    ns = layout.ns
    for item in transaction.iterfind("ram:IncludedSupplyChainTradeLineItem", ns):
        quantity = item.find(f"{layout.line_delivery}/ram:BilledQuantity", ns)
        raw.lines.append(
            RawLine(
                name=collapse(text(item, "ram:SpecifiedTradeProduct/ram:Name", ns)) or "",
                quantity=None if quantity is None else quantity.text,
                unit=None if quantity is None else quantity.get("unitCode"),
                price=text(
                    item,
                    f"{layout.line_agreement}/ram:NetPriceProductTradePrice/ram:ChargeAmount",
                    ns,
                ),
                total=text(
                    item,
                    f"{layout.line_settlement}/{layout.line_summation}/ram:LineTotalAmount",
                    ns,
                ),
            )
        )
