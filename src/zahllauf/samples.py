"""Sample documents the project makes itself: for ``zahllauf demo`` and for tests.

Invoices are described once (:class:`Sample`) and rendered as CII (ZUGFeRD 2.x /
Factur-X / XRechnung), UBL (XRechnung) or a plain German PDF made with reportlab. The
values are invented; the IBANs are valid test IBANs.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from zahllauf.model import round_cents
from zahllauf.texts import money

CII_NS = (
    'xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" '
    'xmlns:ram="urn:un:unece:uncefact:data:standard:'
    'ReusableAggregateBusinessInformationEntity:100" '
    'xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" '
    'xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"'
)
UBL_NS = (
    'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)
PROFILE_EN16931 = "urn:cen.eu:en16931:2017"
PROFILE_XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"


@dataclass
class Sample:
    """An invented invoice with one line per (description, net amount)."""

    seller: str
    number: str
    issue_date: date
    due_days: int = 30
    lines: list[tuple[str, Decimal]] = field(default_factory=list)
    vat_percent: Decimal = Decimal("19")
    iban: str = "DE89370400440532013000"
    bic: str = "COBADEFFXXX"
    vat_id: str = ""  # empty: one made from the seller's name (one firm, one VAT id)
    buyer: str = "Grün & Garten GaLaBau GmbH"
    skonto_percent: Decimal | None = None
    skonto_days: int | None = None
    direct_debit: bool = False

    def __post_init__(self) -> None:
        if not self.vat_id:
            digits = int(hashlib.sha256(self.seller.encode("utf-8")).hexdigest(), 16)
            self.vat_id = f"DE{digits % 10**9:09d}"

    @property
    def net(self) -> Decimal:
        return sum((amount for _, amount in self.lines), Decimal("0.00"))

    @property
    def vat(self) -> Decimal:
        return round_cents(self.net * self.vat_percent / 100)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    @property
    def due_date(self) -> date:
        return self.issue_date + timedelta(days=self.due_days)

    def terms_text(self) -> str:
        text = f"Zahlbar innerhalb von {self.due_days} Tagen ohne Abzug."
        if self.skonto_percent is not None:
            text += (
                f" Bei Zahlung innerhalb von {self.skonto_days} Tagen "
                f"{money(self.skonto_percent)} % Skonto."
            )
        return text


def cii_xml(sample: Sample, profile: str = PROFILE_EN16931) -> bytes:
    """The sample as a CII D16B invoice (ZUGFeRD 2.x / Factur-X / XRechnung CII)."""
    lines = "".join(
        _cii_line(i, text, amount, sample) for i, (text, amount) in enumerate(sample.lines, 1)
    )
    skonto = ""
    if sample.skonto_percent is not None and profile == PROFILE_XRECHNUNG:
        skonto = f"\n#SKONTO#TAGE={sample.skonto_days}#PROZENT={sample.skonto_percent:.2f}#\n"
    means = "59" if sample.direct_debit else "58"
    account = (
        ""
        if sample.direct_debit
        else f"<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{sample.iban}</ram:IBANID>"
        f"</ram:PayeePartyCreditorFinancialAccount>"
        f"<ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>{sample.bic}</ram:BICID>"
        f"</ram:PayeeSpecifiedCreditorFinancialInstitution>"
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice {CII_NS}>
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
<ram:ID>{profile}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
</rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>{escape(sample.number)}</ram:ID><ram:TypeCode>380</ram:TypeCode>
<ram:IssueDateTime>{_cii_date(sample.issue_date)}</ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>{lines}
<ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>04011000-12345-34</ram:BuyerReference>
<ram:SellerTradeParty><ram:Name>{escape(sample.seller)}</ram:Name>
<ram:PostalTradeAddress><ram:PostcodeCode>80331</ram:PostcodeCode>
<ram:CityName>München</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{sample.vat_id}</ram:ID>
</ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
<ram:BuyerTradeParty><ram:Name>{escape(sample.buyer)}</ram:Name>
<ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
</ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement>
<ram:PaymentReference>{escape(sample.number)}</ram:PaymentReference>
<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>{means}</ram:TypeCode>{account}
</ram:SpecifiedTradeSettlementPaymentMeans>
<ram:ApplicableTradeTax><ram:CalculatedAmount>{sample.vat:.2f}</ram:CalculatedAmount>
<ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{sample.net:.2f}</ram:BasisAmount>
<ram:CategoryCode>S</ram:CategoryCode>
<ram:RateApplicablePercent>{sample.vat_percent:.2f}</ram:RateApplicablePercent>
</ram:ApplicableTradeTax>
<ram:SpecifiedTradePaymentTerms>
<ram:Description>{escape(sample.terms_text())}{skonto}</ram:Description>
<ram:DueDateDateTime>{_cii_date(sample.due_date)}</ram:DueDateDateTime>
</ram:SpecifiedTradePaymentTerms>
<ram:SpecifiedTradeSettlementHeaderMonetarySummation>
<ram:LineTotalAmount>{sample.net:.2f}</ram:LineTotalAmount>
<ram:TaxBasisTotalAmount>{sample.net:.2f}</ram:TaxBasisTotalAmount>
<ram:TaxTotalAmount currencyID="EUR">{sample.vat:.2f}</ram:TaxTotalAmount>
<ram:GrandTotalAmount>{sample.gross:.2f}</ram:GrandTotalAmount>
<ram:DuePayableAmount>{sample.gross:.2f}</ram:DuePayableAmount>
</ram:SpecifiedTradeSettlementHeaderMonetarySummation>
</ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""
    return xml.encode("utf-8")


def _cii_line(index: int, text: str, amount: Decimal, sample: Sample) -> str:
    return f"""
<ram:IncludedSupplyChainTradeLineItem>
<ram:AssociatedDocumentLineDocument><ram:LineID>{index}</ram:LineID>
</ram:AssociatedDocumentLineDocument>
<ram:SpecifiedTradeProduct><ram:Name>{escape(text)}</ram:Name></ram:SpecifiedTradeProduct>
<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>
<ram:ChargeAmount>{amount:.2f}</ram:ChargeAmount></ram:NetPriceProductTradePrice>
</ram:SpecifiedLineTradeAgreement>
<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity>
</ram:SpecifiedLineTradeDelivery>
<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>
<ram:CategoryCode>S</ram:CategoryCode>
<ram:RateApplicablePercent>{sample.vat_percent:.2f}</ram:RateApplicablePercent>
</ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>
<ram:LineTotalAmount>{amount:.2f}</ram:LineTotalAmount>
</ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
</ram:IncludedSupplyChainTradeLineItem>"""


def _cii_date(value: date) -> str:
    return f'<udt:DateTimeString format="102">{value:%Y%m%d}</udt:DateTimeString>'


def ubl_xml(sample: Sample) -> bytes:
    """The sample as an XRechnung 3.0 UBL invoice, Skonto in the #SKONTO# convention."""
    skonto = ""
    if sample.skonto_percent is not None:
        skonto = f"#SKONTO#TAGE={sample.skonto_days}#PROZENT={sample.skonto_percent:.2f}#\n"
    lines = "".join(
        f"""
<cac:InvoiceLine><cbc:ID>{i}</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
<cbc:LineExtensionAmount currencyID="EUR">{amount:.2f}</cbc:LineExtensionAmount>
<cac:Item><cbc:Name>{escape(text)}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID>
<cbc:Percent>{sample.vat_percent:.2f}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID>
</cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
<cac:Price><cbc:PriceAmount currencyID="EUR">{amount:.2f}</cbc:PriceAmount></cac:Price>
</cac:InvoiceLine>"""
        for i, (text, amount) in enumerate(sample.lines, 1)
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice {UBL_NS}>
<cbc:CustomizationID>{PROFILE_XRECHNUNG}</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>{escape(sample.number)}</cbc:ID>
<cbc:IssueDate>{sample.issue_date.isoformat()}</cbc:IssueDate>
<cbc:DueDate>{sample.due_date.isoformat()}</cbc:DueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cbc:BuyerReference>04011000-12345-34</cbc:BuyerReference>
<cac:AccountingSupplierParty><cac:Party>
<cac:PostalAddress><cbc:CityName>Stuttgart</cbc:CityName><cbc:PostalZone>70173</cbc:PostalZone>
<cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
<cac:PartyTaxScheme><cbc:CompanyID>{sample.vat_id}</cbc:CompanyID>
<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
<cac:PartyLegalEntity><cbc:RegistrationName>{escape(sample.seller)}</cbc:RegistrationName>
</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party>
<cac:PostalAddress><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
</cac:PostalAddress>
<cac:PartyLegalEntity><cbc:RegistrationName>{escape(sample.buyer)}</cbc:RegistrationName>
</cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
<cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
<cbc:PaymentID>{escape(sample.number)}</cbc:PaymentID>
<cac:PayeeFinancialAccount><cbc:ID>{sample.iban}</cbc:ID>
<cac:FinancialInstitutionBranch><cbc:ID>{sample.bic}</cbc:ID></cac:FinancialInstitutionBranch>
</cac:PayeeFinancialAccount></cac:PaymentMeans>
<cac:PaymentTerms><cbc:Note>{escape(sample.terms_text())}
{skonto}</cbc:Note></cac:PaymentTerms>
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{sample.vat:.2f}</cbc:TaxAmount>
<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{sample.net:.2f}</cbc:TaxableAmount>
<cbc:TaxAmount currencyID="EUR">{sample.vat:.2f}</cbc:TaxAmount>
<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>{sample.vat_percent:.2f}</cbc:Percent>
<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
</cac:TaxTotal>
<cac:LegalMonetaryTotal>
<cbc:LineExtensionAmount currencyID="EUR">{sample.net:.2f}</cbc:LineExtensionAmount>
<cbc:TaxExclusiveAmount currencyID="EUR">{sample.net:.2f}</cbc:TaxExclusiveAmount>
<cbc:TaxInclusiveAmount currencyID="EUR">{sample.gross:.2f}</cbc:TaxInclusiveAmount>
<cbc:PayableAmount currencyID="EUR">{sample.gross:.2f}</cbc:PayableAmount>
</cac:LegalMonetaryTotal>{lines}
</Invoice>
"""
    return xml.encode("utf-8")


def plain_pdf(sample: Sample, *, title: str = "Rechnung") -> bytes:
    """The sample as a plain German PDF with a text layer (no embedded XML)."""
    lines = [
        sample.seller,
        "Hauptstraße 1 · 80331 München",
        f"USt-IdNr.: {sample.vat_id}",
        "",
        f"An: {sample.buyer}",
        "",
        f"{title} Nr. {sample.number}",
        f"Rechnungsdatum: {sample.issue_date:%d.%m.%Y}",
        "",
    ]
    lines += [f"{text}    {money(amount)} €" for text, amount in sample.lines]
    lines += [
        "",
        f"Nettobetrag: {money(sample.net)} €",
        f"zzgl. {money(sample.vat_percent, 0)} % USt: {money(sample.vat)} €",
        f"Rechnungsbetrag: {money(sample.gross)} €",
        "",
    ]
    if sample.direct_debit:
        lines.append("Der Betrag wird per SEPA-Lastschrift von Ihrem Konto abgebucht.")
    else:
        lines.append(sample.terms_text())
    lines += ["", f"Bankverbindung: IBAN {_grouped(sample.iban)} · BIC {sample.bic}"]
    return text_pdf(lines)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with these lines of text (Helvetica, reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    y = A4[1] - 60
    for line in lines:
        page.setFont("Helvetica-Bold" if y > A4[1] - 75 else "Helvetica", 10)
        page.drawString(60, y, line)
        y -= 15
    page.showPage()
    page.save()
    return buffer.getvalue()


def zugferd_pdf(sample: Sample) -> bytes:
    """A hybrid ZUGFeRD 2.x / Factur-X PDF: the plain PDF with the CII XML embedded."""
    from facturx import generate_from_binary

    return bytes(
        generate_from_binary(
            plain_pdf(sample),
            cii_xml(sample),
            flavor="factur-x",
            level="en16931",
            check_xsd=True,
        )
    )


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
