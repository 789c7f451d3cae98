"""IBAN and BIC checks, table-driven.

German accounts below are the Bundesbank's published test account numbers for the named
check-digit method ("Prüfzifferberechnungsmethoden", Testkontonummern), put into IBAN form
with a bank code whose method it is, and the widely published Commerzbank example IBAN.
"""

from __future__ import annotations

import pytest
from schwifty import IBAN
from schwifty.checksum import algorithms

from zahllauf.checks.iban import check_iban, masked, normalise_iban
from zahllauf.model import Invoice, PaymentMeans, Severity

VALID_BY_METHOD = [
    ("DE39100909008840019000", "91", "method 91 accepts only in its fourth variant"),
    ("DE40100909002974118000", "91", "method 91, first variant"),
    ("DE48100100100000138301", "24", "method 24 (Postbank) skips leading zeros"),
    ("DE02100100109307118603", "24", "method 24, account starting with 9 (special rule)"),
    ("DE45200300008889654328", "68", "method 68 (HypoVereinsbank), 10-digit rule"),
    ("DE67700901000090013000", "88", "method 88, account with 9 in the third place"),
    ("DE29100208900396000000", "99", "method 99 exempts the range 0396000000..0499999999"),
    ("DE66100800000006543200", "76", "method 76 (ex Dresdner), sub-account digits"),
    ("DE75100900005073321010", "06", "method 06 (Berliner Volksbank), weights 2..7"),
]


@pytest.mark.parametrize(("iban", "method", "reason"), VALID_BY_METHOD)
def test_german_iban_accepted_only_by_its_bank_method(iban: str, method: str, reason: str) -> None:
    parsed = IBAN(iban)
    assert parsed.bank is not None and parsed.bank.checksum_algo == method, reason
    # The naive Sparkassen method 00 rejects these accounts: only the bank's own method
    # accepts them, so an empty result shows the right method was applied.
    assert not algorithms["DE:00"].validate([parsed.account_code], ""), reason
    assert check_iban(Invoice(iban=iban)) == [], reason


CASES = [
    # iban, bic, payment means, expected (code, severity) pairs, reason
    ("DE89370400440532013000", None, None, [], "the Commerzbank example IBAN is valid"),
    (" de89 3704 0044 0532 0130 00 ", None, None, [], "printed form, lower case and spaces"),
    ("DE69120300000539290858", None, None, [], "method 00, Bundesbank test account"),
    ("DE89370400440532013001", None, None, [("iban.ungueltig", "C")], "last digit mistyped"),
    ("DE8937040044053201300", None, None, [("iban.ungueltig", "C")], "one digit missing"),
    ("DE89370400440532O13000", None, None, [("iban.ungueltig", "C")], "letter O for zero"),
    ("XX89370400440532013000", None, None, [("iban.ungueltig", "C")], "no such country"),
    ("n/a", None, None, [("iban.ungueltig", "C")], "text typed into the IBAN cell"),
    (
        "DE10100909008840017000",
        None,
        None,
        [("iban.pruefziffer", "I")],
        "Bundesbank's invalid test account for method 91: checksum fine, method fails: warn",
    ),
    (
        "DE42120300000539290859",
        None,
        None,
        [("iban.pruefziffer", "I")],
        "method 00 account with a wrong check digit but a recomputed IBAN checksum",
    ),
    ("DE97999999990000012345", None, None, [("iban.bank_unbekannt", "I")], "no such bank"),
    ("GB82WEST12345698765432", None, None, [], "a UK IBAN is in the SEPA zone"),
    ("SA0380000000608010167519", None, None, [("iban.nicht_sepa", "C")], "Saudi IBAN"),
    (None, None, None, [("iban.fehlt", "C")], "transfer without IBAN"),
    (None, None, PaymentMeans.DIRECT_DEBIT, [], "a direct debit needs no IBAN"),
    ("DE89370400440532013000", "COBADEFFXXX", None, [], "BIC of the IBAN's bank"),
    ("DE89370400440532013000", "COBADEFF", None, [], "8-character form of the same BIC"),
    ("DE89370400440532013000", "cobadeff xxx", None, [], "BIC typed with space, lower case"),
    (
        "DE89370400440532013000",
        "DEUTDEFFXXX",
        None,
        [("bic.andere_bank", "I")],
        "Deutsche Bank BIC with a Commerzbank IBAN: warn, the IBAN decides",
    ),
    (
        "DE88200800000970375700",
        "COBADEFFXXX",
        None,
        [("iban.pruefziffer", "I"), ("bic.andere_bank", "I")],
        "ex-Dresdner bank code with Commerzbank's BIC, as in a Mustang test invoice: warnings",
    ),
    (
        "DE89370400440532013000",
        "BNPAFRPPXXX",
        None,
        [("bic.anderes_land", "C")],
        "a French BIC with a German IBAN",
    ),
    ("DE89370400440532013000", "COBADE", None, [("bic.ungueltig", "C")], "BIC too short"),
    ("DE97999999990000012345", "ABCDDEFF", None, [("iban.bank_unbekannt", "I")], "no bank"),
]


@pytest.mark.parametrize(("iban", "bic", "means", "expected", "reason"), CASES)
def test_check_iban(
    iban: str | None,
    bic: str | None,
    means: PaymentMeans | None,
    expected: list[tuple[str, str]],
    reason: str,
) -> None:
    invoice = Invoice(iban=iban, bic=bic, payment_means=means or PaymentMeans.TRANSFER)
    found = [(f.code, "C" if f.severity is Severity.CHECK else "I") for f in check_iban(invoice)]
    assert found == expected, reason


def test_texts_of_iban_findings_are_german_and_name_the_method() -> None:
    [finding] = check_iban(Invoice(iban="DE10100909008840017000"))
    assert "Prüfziffernmethode 91" in finding.text


@pytest.mark.parametrize(
    ("value", "expected", "reason"),
    [
        (None, None, "no value"),
        ("  ", None, "blank cell"),
        ("de89-3704-0044", "DE8937040044", "hyphens as some print it"),
    ],
)
def test_normalise_iban(value: str | None, expected: str | None, reason: str) -> None:
    assert normalise_iban(value) == expected, reason


def test_masked_shows_last_four_only() -> None:
    assert masked("DE89370400440532013000") == "DE…3000"
