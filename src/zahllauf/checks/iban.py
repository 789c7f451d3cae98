"""IBAN and BIC: syntax, checksum, German check-digit methods, BIC against the IBAN's bank.

Built on schwifty. The national check-digit methods of German banks (Bundesbank,
"Prüfzifferberechnungsmethoden") have had implementation bugs and are changed by the banks
now and then, so a failing method alone is only a warning: the ISO 13616 checksum already
catches typing errors.
"""

from __future__ import annotations

import logging
import re

from schwifty import BIC, IBAN
from schwifty.exceptions import (
    InvalidBBANChecksum,
    InvalidChecksumDigits,
    InvalidCountryCode,
    InvalidLength,
    SchwiftyException,
)

from zahllauf import texts
from zahllauf.model import Finding, Invoice, PaymentMeans, Severity

log = logging.getLogger(__name__)

_SPACES = re.compile(r"[\s\-.]+")


def normalise_iban(value: str | None) -> str | None:
    """An IBAN in electronic form (upper case, no spaces); None for an empty value.

    >>> normalise_iban(" de89 3704 0044 0532 0130 00 ")
    'DE89370400440532013000'
    """
    if value is None:
        return None
    text = _SPACES.sub("", str(value)).upper()
    return text or None


def masked(iban: str) -> str:
    """An IBAN for logs: country and last four digits only.

    >>> masked("DE89370400440532013000")
    'DE…3000'
    """
    return f"{iban[:2]}…{iban[-4:]}"


def check_iban(invoice: Invoice) -> list[Finding]:
    """Findings on the invoice's IBAN and BIC (none for a direct debit without IBAN)."""
    iban = normalise_iban(invoice.iban)
    if iban is None:
        if invoice.payment_means is PaymentMeans.DIRECT_DEBIT:
            return []
        return [Finding("iban.fehlt", texts.IBAN_MISSING, "iban")]
    parsed = IBAN(iban, allow_invalid=True)
    problem = _syntax_problem(parsed)
    if problem is not None:
        return [Finding("iban.ungueltig", texts.IBAN_INVALID.format(reason=problem), "iban")]
    findings = _sepa_zone(parsed) + _national_check_digits(parsed)
    return findings + check_bic(invoice.bic, parsed)


def _syntax_problem(parsed: IBAN) -> str | None:
    try:
        parsed.validate(validate_bban=False)
    except InvalidCountryCode:
        return texts.IBAN_REASON_COUNTRY
    except InvalidLength:
        return texts.IBAN_REASON_LENGTH
    except InvalidChecksumDigits:
        return texts.IBAN_REASON_CHECKSUM
    except SchwiftyException:
        return texts.IBAN_REASON_STRUCTURE
    return None


def _sepa_zone(parsed: IBAN) -> list[Finding]:
    if parsed.in_sepa_zone:
        return []
    text = texts.IBAN_NOT_SEPA.format(country=parsed.country_code)
    return [Finding("iban.nicht_sepa", text, "iban")]


def _national_check_digits(parsed: IBAN) -> list[Finding]:
    if parsed.country_code != "DE":
        return []
    bank = parsed.bank
    if bank is None:
        text = texts.IBAN_BANK_UNKNOWN.format(code=parsed.bank_code)
        return [Finding("iban.bank_unbekannt", text, "iban", Severity.INFO)]
    try:
        parsed.bban.validate_national_checksum()
    except InvalidBBANChecksum:
        method = bank.checksum_algo or "?"
        text = texts.IBAN_CHECK_DIGIT_METHOD.format(method=method)
        return [Finding("iban.pruefziffer", text, "iban", Severity.INFO)]
    return []


def check_bic(bic_text: str | None, parsed: IBAN) -> list[Finding]:
    """Findings on a BIC: valid syntax, and the same bank as the IBAN where that is known."""
    bic_value = normalise_iban(bic_text)
    if bic_value is None:
        return []
    bic = BIC(bic_value, allow_invalid=True)
    if not bic.is_valid:
        return [Finding("bic.ungueltig", texts.BIC_INVALID.format(bic=bic_value), "bic")]
    if str(bic)[4:6] != parsed.country_code:
        text = texts.BIC_OTHER_COUNTRY.format(bic=bic_value, country=parsed.country_code)
        return [Finding("bic.anderes_land", text, "bic")]
    expected = _bank_bics(parsed)
    if not expected or _same_bank(bic, expected):
        return []
    # Only a warning: bank directories lag behind mergers (an ex-Dresdner account with
    # Commerzbank's BIC is right), and for SEPA the IBAN alone decides where money goes.
    text = texts.BIC_MISMATCH.format(bic=bic_value, expected=", ".join(sorted(expected)))
    return [Finding("bic.andere_bank", text, "bic", Severity.INFO)]


def _bank_bics(parsed: IBAN) -> set[str]:
    """The BICs the bank directory knows for the IBAN's bank code (empty where unknown)."""
    try:
        candidates = BIC.candidates_from_bank_code(parsed.country_code, parsed.bank_code)
    except (SchwiftyException, KeyError, NotImplementedError):
        return set()
    return {str(c) for c in candidates}


def _same_bank(bic: BIC, expected: set[str]) -> bool:
    """Same institution and location; the branch part (last three) may differ or be XXX."""
    return any(str(bic)[:8] == other[:8] for other in expected)


__all__ = ["check_bic", "check_iban", "masked", "normalise_iban"]
