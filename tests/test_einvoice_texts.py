"""Every text the e-invoice reader shows a person is plain German.

Regression: a tester found lxml's English schema message ("Element '{urn:…}Foo': This
element is not expected …") and jargon ("Wert von BT-2 nicht lesbar") in the Prüfhinweis
column. A finding or note may name an EN 16931 code only in parentheses after a German
field name ("Rechnungsdatum (BT-2)"); the validator's own words go to the debug log.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree, html

from fixtures.einvoice.build import PROFILES, Spec, cii, hybrid_pdf, ubl, zugferd1
from zahllauf import texts
from zahllauf.model import Invoice
from zahllauf.readers import einvoice, xmlsafe
from zahllauf.readers.dispatch import read_document

BASE = Spec()
SOURCE = Path(einvoice.__file__).parent
READER_MODULES = ("einvoice.py", "einvoice_checks.py", "xmlsafe.py", "values.py", "skonto.py")

#: Words of libxml2's schema and parser messages; none belongs in a German text.
ENGLISH = (
    "element",
    "not expected",
    "is not a valid",
    "expected is",
    "missing child",
    "{urn:",
    "error",
    "invalid",
)
_CODE = re.compile(r"\b(?:BT|BG)-\d+")
_NAMED_CODE = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß.-]* \(((?:BT|BG)-\d+)\)")
_RULE_CODE = re.compile(r"\bBR-[A-Z]+-\d+|\bBR-\d+")


def not_plain_german(text: str) -> list[str]:
    """What makes ``text`` unfit for a bookkeeper: English phrases, bare codes, rule codes."""
    lowered = text.lower()
    problems = [phrase for phrase in ENGLISH if phrase in lowered]
    named = {m.start(1) for m in _NAMED_CODE.finditer(text)}
    problems += [f"bare {m.group()}" for m in _CODE.finditer(text) if m.start() not in named]
    problems += [f"rule code {m.group()}" for m in _RULE_CODE.finditer(text)]
    return problems


# (text, plain, reason)
DETECTOR = [
    (
        "E-Rechnung entspricht nicht dem XML-Schema (Zeile 7: Element '{urn:x}Foo': This "
        "element is not expected. Expected is one of ( {urn:x}Bar ).)",
        False,
        "the text the tester found",
    ),
    ("Wert von BT-2 nicht lesbar: „2026-13-45“", False, "bare business term"),
    ("„2,5e“ is not a valid value of the atomic type", False, "lxml value message"),
    ("Summen passen nicht (BR-CO-16)", False, "a rule code is jargon too"),
    ("(BT-2) nicht lesbar", False, "code without a German name before it"),
    ("Rechnungsdatum BT-2 nicht lesbar", False, "code not in parentheses"),
    ("Rechnungsdatum (BT-2) nicht lesbar: „2026-13-45“", True, "name, code in parentheses"),
    ("Zahlbetrag (BT-115) fehlt – aus Gesamtbetrag berechnet", True, "plain German"),
    ("XML entspricht nicht dem Schema (Zeile 42)", True, "the Bemerkung note"),
]


@pytest.mark.parametrize(("text", "plain", "reason"), DETECTOR)
def test_detector(text: str, plain: bool, reason: str) -> None:
    assert (not not_plain_german(text)) is plain, reason


def _without(xml: bytes, local: str) -> bytes:
    """The document with every element of this local name removed."""
    root = etree.fromstring(xml)
    for element in list(root.iter(f"{{*}}{local}")):
        element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


XR = PROFILES["XRECHNUNG"]
# (name, document, finding code it must raise, reason)
FIXTURES: list[tuple[str, bytes, str, str]] = [
    (
        "xsd-unexpected",
        cii(BASE).replace(b"<ram:TypeCode>380", b"<ram:Foo>x</ram:Foo><ram:TypeCode>380"),
        "xml.xsd_invalid",
        "unknown element: the tester's case",
    ),
    (
        "xsd-missing",
        _without(cii(BASE), "IssueDateTime"),
        "xml.xsd_invalid",
        "required last element missing (libxml2 reports a gap before others as unexpected)",
    ),
    (
        "xsd-value",
        ubl(BASE).replace(b">625.94</cbc:TaxInclusiveAmount>", b">625,94</cbc:TaxInclusiveAmount>"),
        "xml.value_unreadable",
        "decimal comma: unreadable amount and a schema value error",
    ),
    (
        "xsd-profile",
        cii(BASE.but(profile=PROFILES["BASIC"])).replace(
            b"<ram:Name>Montage</ram:Name>",
            b"<ram:Name>Montage</ram:Name><ram:Description>vor Ort</ram:Description>",
        ),
        "xml.xsd_profile",
        "EN 16931 element in a BASIC file",
    ),
    (
        "issue-date",
        cii(BASE).replace(b">20261201<", b">20261345<"),
        "xml.value_unreadable",
        "impossible issue date (BT-2)",
    ),
    (
        "due-date",
        ubl(BASE).replace(b"<cbc:DueDate>2026-12-31", b"<cbc:DueDate>31.12.2026"),
        "xml.value_unreadable",
        "German date in BT-9",
    ),
    (
        "line-total",
        cii(BASE).replace(b"<ram:LineTotalAmount>436.00", b"<ram:LineTotalAmount>436 EUR"),
        "xml.value_unreadable",
        "line amount (BT-131)",
    ),
    (
        "vat-part",
        cii(BASE).replace(b"<ram:CalculatedAmount>99.94", b"<ram:CalculatedAmount>n/a"),
        "xml.value_unreadable",
        "VAT breakdown amount (BT-117)",
    ),
    (
        "discount-percent",
        cii(BASE.but(profile=PROFILES["EXTENDED"], discounts=((10, Decimal(2)),))).replace(
            b"<ram:CalculationPercent>2.00", b"<ram:CalculationPercent>zwei"
        ),
        "xml.value_unreadable",
        "EXTENDED discount percent (BT-20)",
    ),
    (
        "skonto-no-date",
        cii(BASE.but(profile=XR, terms=("#SKONTO#TAGE=10#PROZENT=2.00#\n",))).replace(
            b">20261201<", b">morgen<"
        ),
        "skonto.no_date",
        "days but no readable issue date",
    ),
    (
        "skonto-syntax",
        ubl(BASE.but(profile=XR, terms=("#skonto#tage=10#prozent=2,00#",))),
        "skonto.code_syntax",
        "lower case and decimal comma",
    ),
    (
        "skonto-unreadable",
        ubl(BASE.but(profile=XR, terms=("#SKONTO#TAGE=x#\n",))),
        "skonto.code_unreadable",
        "no percent",
    ),
    ("sum-lines", cii(BASE.but(override={"net": Decimal("500.00")})), "sum.BR-CO-10", "BT-106"),
    (
        "sum-net",
        cii(BASE).replace(b"<ram:TaxBasisTotalAmount>526.00", b"<ram:TaxBasisTotalAmount>520.00"),
        "sum.BR-CO-13",
        "BT-109",
    ),
    (
        "sum-vat",
        cii(BASE).replace(b"<ram:CalculatedAmount>99.94", b"<ram:CalculatedAmount>90.00"),
        "sum.BR-CO-14",
        "BT-110",
    ),
    ("sum-gross", cii(BASE.but(override={"grand": Decimal("700.00")})), "sum.BR-CO-15", "BT-112"),
    ("sum-due", cii(BASE.but(override={"due": Decimal("600.00")})), "sum.BR-CO-16", "BT-115"),
    (
        "decimals",
        ubl(BASE).replace(b">625.94</cbc:PayableAmount>", b">625.945</cbc:PayableAmount>"),
        "amount.decimals",
        "fraction of a cent (BR-DEC-18)",
    ),
    (
        "negative",
        ubl(BASE.but(override={"due": Decimal("-10.00"), "grand": Decimal("-10.00")})),
        "amount.negative",
        "negative invoice",
    ),
    (
        "due-missing",
        _without(zugferd1(BASE), "DuePayableAmount"),
        "xml.amount_due_missing",
        "ZUGFeRD 1.0 BASIC without BT-115",
    ),
    (
        "currency-missing",
        _without(cii(BASE), "InvoiceCurrencyCode"),
        "xml.currency_missing",
        "no BT-5",
    ),
    (
        "booking-aid",
        cii(BASE.but(profile=PROFILES["MINIMUM"])),
        "profile.booking_aid",
        "MINIMUM",
    ),
    (
        "profile-unknown",
        cii(BASE.but(profile="urn:example:eigenes-profil")),
        "profile.unknown",
        "unknown guideline id",
    ),
    (
        "profile-missing",
        _without(cii(BASE), "GuidelineSpecifiedDocumentContextParameter"),
        "profile.unknown",
        "no BT-24 at all",
    ),
    (
        "encoding",
        cii(BASE).replace(b"encoding='UTF-8'", b"encoding='UTF-8-W/O-BOM'"),
        "xml.encoding",
        "unknown encoding name",
    ),
    (
        "camt",
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>',
        "xml.not_einvoice",
        "bank statement",
    ),
    (
        "pain",
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
        "xml.not_einvoice",
        "SEPA transfer file",
    ),
    ("other-xml", b"<note>Hallo</note>", "xml.not_einvoice", "any other XML"),
    (
        "doctype",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "a">]><r>&x;</r>',
        "xml.doctype",
        "entity",
    ),
    ("malformed", cii(BASE)[:-40], "xml.malformed", "cut off"),
    ("empty", b"", "xml.malformed", "no content"),
    (
        "too-large",
        b"<r>" + b"x" * (xmlsafe.MAX_XML_BYTES + 1) + b"</r>",
        "xml.too_large",
        "above the size limit",
    ),
]


def _texts(invoice: Invoice) -> list[str]:
    """Prüfhinweis and Bemerkung material: every finding text and every note."""
    return [f.text for f in invoice.findings] + list(invoice.notes)


def _reader_codes() -> set[str]:
    """Every finding code written in the reader's modules; ``sum.{rule}`` per rule."""
    codes: set[str] = set()
    for module in READER_MODULES:
        source = (SOURCE / module).read_text(encoding="utf-8")
        codes.update(re.findall(r'"((?:xml|skonto|profile|amount|sum)\.[\w{}]+)"', source))
    codes.discard("sum.{rule}")
    return codes | {f"sum.{rule}" for rule in texts.EINV_SUM_PARTS}


@pytest.mark.parametrize(("name", "xml", "code", "reason"), FIXTURES)
def test_fixture_findings_are_plain_german(name: str, xml: bytes, code: str, reason: str) -> None:
    invoice = einvoice.read_xml(xml)
    assert code in {f.code for f in invoice.findings}, reason
    for text in _texts(invoice):
        assert not not_plain_german(text), (name, text, not_plain_german(text))


def test_fixtures_raise_every_finding_the_reader_has() -> None:
    raised = {code for _, _, code, _ in FIXTURES}
    assert _reader_codes() - raised == set(), "a finding without a fixture"


def test_corpus_findings_are_plain_german(corpus: Path) -> None:
    checked, bad = 0, []
    for path in sorted(corpus.rglob("*")):
        data = path.read_bytes() if path.suffix.lower() in (".xml", ".pdf") else b""
        if not data or (path.suffix.lower() == ".pdf" and not einvoice.find_invoice_xml(data)):
            continue
        invoice = read_document(data, path.name).invoice
        checked += 1
        bad += [(path.name, t, not_plain_german(t)) for t in _texts(invoice) if not_plain_german(t)]
    print(f"\n{checked} e-invoices and other XML files, {len(bad)} texts not plain German")
    assert checked >= 200
    assert not bad, "\n".join(map(str, bad))


def test_schema_error_detail_goes_to_note_and_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="zahllauf.readers.einvoice_checks")
    invoice = einvoice.read_xml(FIXTURES[0][1])
    [finding] = [f for f in invoice.findings if f.code == "xml.xsd_invalid"]
    assert finding.needs_person
    assert texts.EINV_XSD_PROBLEMS["unexpected"] in finding.text
    assert "Zeile" not in finding.text, "the line is a detail for the notes"
    assert "XML entspricht nicht dem Schema (Zeile 10)" in invoice.notes
    assert "This element is not expected" in caplog.text, "lxml's message in the debug log"


@pytest.mark.parametrize(
    ("name", "problem", "reason"),
    [
        ("xsd-unexpected", "unexpected", "element not in the schema"),
        ("xsd-missing", "missing", "IssueDateTime is required"),
        ("xsd-value", "value", "625,94 is no xs:decimal"),
    ],
)
def test_schema_problem_kinds(name: str, problem: str, reason: str) -> None:
    xml = next(x for n, x, _, _ in FIXTURES if n == name)
    texts_ = [f.text for f in einvoice.read_xml(xml).findings if f.code == "xml.xsd_invalid"]
    assert texts_ and texts.EINV_XSD_PROBLEMS[problem] in texts_[0], reason


@pytest.mark.parametrize(
    ("name", "field", "reason"),
    [
        ("issue-date", "Rechnungsdatum (BT-2)", "the tester's example"),
        ("due-date", "Fälligkeitsdatum (BT-9)", "due date"),
        ("xsd-value", "Gesamtbetrag (BT-112)", "grand total"),
        ("line-total", "Positionsbetrag (BT-131)", "line amount"),
        ("discount-percent", "Skontobedingungen (BT-20)", "EXTENDED discount"),
    ],
)
def test_unreadable_value_names_the_field(name: str, field: str, reason: str) -> None:
    xml = next(x for n, x, _, _ in FIXTURES if n == name)
    found = [f.text for f in einvoice.read_xml(xml).findings if f.code == "xml.value_unreadable"]
    assert any(text.startswith(f"{field} nicht lesbar") for text in found), (reason, found)


def test_sum_mismatch_in_german_numbers() -> None:
    invoice = einvoice.read_xml(cii(BASE.but(override={"grand": Decimal("1700.00")})))
    [text] = [f.text for f in invoice.findings if f.code == "sum.BR-CO-15"]
    assert "Gesamtbetrag (BT-112) 1.700,00 EUR" in text
    assert "625,94 EUR" in text


# --- BR-DEC: more than two decimals -------------------------------------------------------


def _with_due(amount: bytes) -> bytes:
    return ubl(BASE).replace(
        b">625.94</cbc:PayableAmount>", b">" + amount + b"</cbc:PayableAmount>"
    )


def test_fraction_of_a_cent_is_kept_and_flagged() -> None:
    invoice = einvoice.read_xml(_with_due(b"625.945"))
    assert invoice.amount_due == Decimal("625.945"), "never rounded silently"
    [finding] = [f for f in invoice.findings if f.code == "amount.decimals"]
    assert finding.needs_person
    assert "Zahlbetrag (BT-115) 625,945 EUR" in finding.text
    page = einvoice.render_html(invoice, _with_due(b"625.945"))
    assert "625,945 EUR" in page, "the view shows the amount as written"


def test_trailing_zeros_are_the_same_amount() -> None:
    invoice = einvoice.read_xml(_with_due(b"625.9400"))
    assert invoice.amount_due == Decimal("625.94")
    assert "amount.decimals" not in {f.code for f in invoice.findings}


def test_several_odd_amounts_make_one_finding() -> None:
    xml = ubl(BASE).replace(b">625.94</cbc:", b">625.945</cbc:")
    found = [f.text for f in einvoice.read_xml(xml).findings if f.code == "amount.decimals"]
    assert len(found) == 1
    assert "Gesamtbetrag (BT-112)" in found[0] and "Zahlbetrag (BT-115)" in found[0]


# --- the HTML view --------------------------------------------------------------------------

#: English labels a view must not show (the syntax names and column heads of the standard).
VIEW_ENGLISH = ("Invoice", "CreditNote", "Credit Note", "Seller", "Buyer", "Total", "Amount")


def _view_problems(page: str) -> list[str]:
    """English in the view's own words: headings, labels and the format line.

    The other cells are the supplier's data (an English item name is theirs to write).
    """
    tree = html.fromstring(page)
    labels = [th.text_content() for th in tree.iter("th")] + tree.xpath("//h2/text()")
    labels += tree.xpath(f'//th[text()="{texts.VIEW_FORMAT}"]/following-sibling::td/text()')
    shown = " ".join(labels)
    return [word for word in VIEW_ENGLISH if word in shown] + [
        f"{label}: {not_plain_german(label)}" for label in labels if not_plain_german(label)
    ]


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (ubl(BASE.but(type_code="381"), credit_note=True), "UBL CreditNote syntax name"),
        (ubl(BASE), "UBL Invoice syntax name"),
        (cii(BASE), "CII"),
        (zugferd1(BASE), "ZUGFeRD 1.0"),
    ],
)
def test_view_has_no_english_labels(xml: bytes, reason: str) -> None:
    page = einvoice.render_html(einvoice.read_xml(xml), xml)
    assert _view_problems(page) == [], reason
    assert "C62" not in page, "unit codes are shown as German units"


def test_view_units_are_german() -> None:
    xml = cii(BASE).replace(b'unitCode="C62">1.5', b'unitCode="HUR">1.5')
    page = einvoice.render_html(einvoice.read_xml(xml), xml)
    assert "2 Stück" in page and "1,5 Std." in page


def test_corpus_views_have_no_english_labels(corpus: Path) -> None:
    bad = []
    for path in sorted(corpus.rglob("*.xml")):
        data = path.read_bytes()
        if xmlsafe.syntax_of(data) is None:
            continue
        problems = _view_problems(einvoice.render_html(einvoice.read_xml(data), data))
        bad += [(path.name, p) for p in problems]
    assert not bad, bad


def test_hybrid_pdf_reads_the_same_texts() -> None:
    """The XML inside a PDF gives the same plain texts as the XML alone."""
    xml = FIXTURES[0][1]
    invoice = read_document(hybrid_pdf(xml, "factur-x.xml"), "r.pdf").invoice
    assert _texts(invoice) == _texts(einvoice.read_xml(xml))
