"""Faults a new user found from the outside, each on the input that broke it.

Real workbook files, real documents made by :mod:`zahllauf.samples`, the fetch job and
``zahllauf pruefen`` as the command line runs them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import pruefen_world as world
from zahllauf import samples, schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.cli import main
from zahllauf.port import ROW
from zahllauf.schema import C

PAYMENTS = schema.PAYMENTS.name
SUPPLIERS = schema.SUPPLIERS.name
TODAY = date(2026, 12, 4)
SUPPLIER = "Baumschule Lang GmbH"
IBAN = "DE02100100109307118603"
UNCONFIRMED = (
    "IBAN noch nicht bestätigt – vor der ersten Zahlung telefonisch beim Lieferanten "
    "bestätigen und in Lieferanten „IBAN bestätigt am“ eintragen"
)
STATUSES = "Offen, Prüfen, Freigegeben, Bezahlt, Lastschrift, Storniert"


_rows = world.rows


def _check(path: Path) -> world.Rows:
    return world.check(path, TODAY)


def _fetch(path: Path, inbox: Path) -> world.Rows:
    return world.fetch_from(path, inbox, TODAY)


def _edit(path: Path, row_id: int, **cells: Any) -> None:
    """A person's hand edit of one row."""
    with open_workbook(path) as port:
        [row] = [r for r in port.read_rows(PAYMENTS) if r.get(C.ID) == row_id]
        port.update_rows(PAYMENTS, {row[ROW]: cells})


def _confirm(path: Path, name: str) -> None:
    """The owner phoned the supplier and enters the day in Lieferanten."""
    with open_workbook(path) as port:
        [row] = [r for r in port.read_rows(SUPPLIERS) if r.get("Name") == name]
        port.update_rows(SUPPLIERS, {row[ROW]: {"IBAN bestätigt am": TODAY}})


def _sample(number: str, **fields: Any) -> samples.Sample:
    base: dict[str, Any] = {
        "seller": SUPPLIER,
        "number": number,
        "issue_date": TODAY - timedelta(days=2),
        "lines": [("Hainbuchen", Decimal("400.00"))],
        "iban": IBAN,
        "bic": "PBNKDEFFXXX",
        "vat_id": "DE811122233",
    }
    base.update(fields)
    return samples.Sample(**base)


def _credit_note(sample: samples.Sample) -> bytes:
    """An XRechnung credit note (type 381): the reader makes its amount negative."""
    xml = samples.cii_xml(sample, samples.PROFILE_XRECHNUNG)
    return xml.replace(b"TypeCode>380<", b"TypeCode>381<")


# P1 ----------------------------------------------------------------------------------


def test_demo_rows_of_new_suppliers_stay_pruefen_after_pruefen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Broke: `zahllauf demo`, then `zahllauf pruefen` set new suppliers' rows Offen."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    workbook = tmp_path / "zahllauf-demo" / "Zahlungsliste.xlsx"
    before = _rows(workbook)
    assert main(["pruefen", "--mappe", str(workbook)]) == 0
    after = _rows(workbook)
    assert Counter(r[C.STATUS] for r in after.values()) == Counter(
        r[C.STATUS] for r in before.values()
    )
    new_supplier_rows = [i for i, r in after.items() if UNCONFIRMED in (r[C.HINWEIS] or "")]
    assert new_supplier_rows, "the demo has rows of new suppliers"
    for row_id in new_supplier_rows:
        assert after[row_id][C.STATUS] == "Prüfen"
        assert after[row_id][C.HINWEIS] == before[row_id][C.HINWEIS], "the hint stays"
    capsys.readouterr()
    assert main(["bezahlt", "--mappe", str(workbook), "--id", str(new_supplier_rows[0])]) == 2


# Broke: each of these made a row Prüfen at most once; the next run read the master as
# written by the first (IBAN now there, still unconfirmed) and let the row fall to Offen.
MASTER_STATES = [
    # Lieferanten row before the first run (None: none), the row's IBAN, reason
    (None, IBAN, "a new supplier: its row in Lieferanten is proposed by the first run"),
    ({"Name": SUPPLIER}, IBAN, "a known supplier without IBAN: the IBAN is proposed"),
    ({"Name": SUPPLIER, "IBAN": IBAN}, None, "the row's IBAN is filled from the master"),
    ({"Name": SUPPLIER, "IBAN": IBAN}, IBAN, "someone typed the IBAN but did not confirm it"),
]


@pytest.mark.parametrize(("master", "iban", "reason"), MASTER_STATES)
def test_an_unconfirmed_iban_keeps_the_row_pruefen_until_it_is_confirmed(
    book: Path, master: dict[str, Any] | None, iban: str | None, reason: str
) -> None:
    with open_workbook(book) as port:
        if master is not None:
            port.append_rows(SUPPLIERS, [master])
        row = {C.ID: 1, C.LIEFERANT: SUPPLIER, C.NUMMER: "BL-1", C.IBAN: iban}
        row |= {C.DATUM: TODAY, C.FAELLIG: TODAY + timedelta(days=14)}
        port.append_rows(PAYMENTS, [row | {C.BETRAG: Decimal("476.00"), C.STATUS: "Offen"}])
    for run in ("first run", "second run, nothing edited", "third run"):
        checked = _check(book)[1]
        assert checked[C.STATUS] == "Prüfen", f"{reason}: {run}"
        assert checked[C.HINWEIS] == UNCONFIRMED, f"{reason}: {run}"
    _confirm(book, SUPPLIER)
    checked = _check(book)[1]
    assert (checked[C.STATUS], checked[C.HINWEIS]) == ("Offen", None), reason
    assert checked[C.IBAN] == IBAN


def test_confirmation_counts_for_that_iban_only(book: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    (inbox / "a.xml").write_bytes(samples.ubl_xml(_sample("BL-1")))
    assert _fetch(book, inbox)[1][C.STATUS] == "Prüfen"
    _confirm(book, SUPPLIER)
    assert _check(book)[1][C.STATUS] == "Offen"
    _edit(book, 1, **{C.IBAN: "DE75100900005073321010"})  # a forged "new account" letter
    assert _check(book)[1][C.HINWEIS].startswith("IBAN weicht von der bestätigten IBAN ab")


def test_a_fraud_finding_survives_the_recheck_when_the_name_differs_from_the_master(
    book: Path, tmp_path: Path
) -> None:
    """Broke: matched by VAT id at fetch ("GS GaLaBau" is "Grün & Söhne"), a re-check of the
    row (name only) lost the fraud finding and proposed the forged IBAN as a new supplier."""
    with open_workbook(book) as port:
        confirmed = {"IBAN": "DE89370400440532013000", "IBAN bestätigt am": date(2026, 1, 5)}
        port.append_rows(
            SUPPLIERS,
            [{"Name": "Grün & Söhne GaLaBau GmbH", "USt-IdNr.": "DE811122233"} | confirmed],
        )
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    (inbox / "a.xml").write_bytes(samples.ubl_xml(_sample("X-1", seller="GS GaLaBau")))
    fetched = _fetch(book, inbox)[1]
    assert "IBAN weicht von der bestätigten IBAN ab" in fetched[C.HINWEIS]
    assert "Name passt nicht zur USt-IdNr./IBAN von Lieferant Grün" in fetched[C.HINWEIS]
    for run in ("first re-check", "second re-check"):
        checked = _check(book)[1]
        assert (checked[C.STATUS], checked[C.HINWEIS]) == ("Prüfen", fetched[C.HINWEIS]), run
    with open_workbook(book, save=False) as port:
        assert [r["Name"] for r in port.read_rows(SUPPLIERS)] == ["Grün & Söhne GaLaBau GmbH"]


# P8 ----------------------------------------------------------------------------------


def test_findings_within_one_fetch_name_the_row_id(book: Path, tmp_path: Path) -> None:
    """Broke: "wie ID BM20261187", "offen: ID DT1, IB1" – a normalised number, not an ID."""
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    first = _sample("BL-2026/1187")
    (inbox / "a.xml").write_bytes(samples.ubl_xml(first))
    again = dataclasses.replace(first, lines=[("Hainbuchen, Nachlieferung", Decimal("12.00"))])
    (inbox / "b.xml").write_bytes(samples.ubl_xml(again))
    same_amount = dataclasses.replace(first, number="BL-2026/1190")
    (inbox / "c.xml").write_bytes(samples.ubl_xml(same_amount))
    (inbox / "d.xml").write_bytes(_credit_note(_sample("GS-7")))
    rows = _fetch(book, inbox)
    assert "gleiche Rechnungsnr. wie ID 1" in rows[2][C.HINWEIS]
    assert "gleicher Betrag wie ID 1 vom" in rows[3][C.HINWEIS]
    assert "(offen: ID 1, 2, 3)" in rows[4][C.HINWEIS]
    after = _check(book)
    assert [after[i][C.HINWEIS] for i in (2, 3, 4)] == [rows[i][C.HINWEIS] for i in (2, 3, 4)]


def test_a_row_without_id_is_named_by_its_line(book: Path) -> None:
    with open_workbook(book) as port:
        port.append_rows(
            PAYMENTS,
            [
                {C.LIEFERANT: SUPPLIER, C.NUMMER: "BL-5", C.BETRAG: Decimal("10.00")},
                {C.ID: 1, C.LIEFERANT: SUPPLIER, C.NUMMER: "BL 5", C.BETRAG: Decimal("11.00")},
            ],
        )
    assert "gleiche Rechnungsnr. wie Zeile 2" in _check(book)[1][C.HINWEIS]


# P12 ---------------------------------------------------------------------------------


def test_an_unreadable_files_row_keeps_only_its_hint_until_values_are_typed(
    book: Path, tmp_path: Path
) -> None:
    """Broke: pruefen added five hints (Lieferant, IBAN, Datum, Fälligkeit, Betrag)."""
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    (inbox / "Scan_defekt.pdf").write_bytes(b"%PDF-1.4\n%broken beyond repair\n")
    fetched = _fetch(book, inbox)[1]
    assert fetched[C.HINWEIS].startswith("Datei nicht lesbar")
    checked = _check(book)[1]
    assert (checked[C.STATUS], checked[C.HINWEIS]) == ("Prüfen", fetched[C.HINWEIS])
    _edit(book, 1, **{C.LIEFERANT: "Baumschule Lang", C.BETRAG: Decimal("99.00")})
    hint = _check(book)[1][C.HINWEIS]
    assert hint.startswith(fetched[C.HINWEIS]), "the reader's line stays"
    assert "Keine IBAN – beim Lieferanten erfragen" in hint, "typed values are checked"


def test_an_unknown_status_is_said_and_left_as_typed(book: Path) -> None:
    """Broke: Status "Erledigt" typed by hand got no hint at all."""
    with open_workbook(book) as port:
        row = {C.ID: 1, C.LIEFERANT: SUPPLIER, C.BETRAG: Decimal("10"), C.STATUS: "Erledigt"}
        port.append_rows(PAYMENTS, [row | {C.HINWEIS: "Rückruf Herr Lang"}])
    checked = _check(book)[1]
    assert checked[C.STATUS] == "Erledigt"
    assert checked[C.HINWEIS] == (
        f"Status „Erledigt“ unbekannt – erlaubt sind: {STATUSES}; Rückruf Herr Lang"
    )
    assert _check(book)[1][C.HINWEIS] == checked[C.HINWEIS], "said once, not repeated"
    _edit(book, 1, **{C.STATUS: "Bezahlt"})
    checked = _check(book)[1]
    assert (checked[C.STATUS], checked[C.HINWEIS]) == ("Bezahlt", "Rückruf Herr Lang")


@pytest.mark.parametrize("corrected", ["Offen", "Freigegeben", "Bezahlt", "Storniert"])
def test_the_unknown_status_line_goes_once_the_status_is_valid(book: Path, corrected: str) -> None:
    with open_workbook(book) as port:
        row = {C.ID: 1, C.LIEFERANT: SUPPLIER, C.NUMMER: "BL-1", C.STATUS: "Erledigt"}
        port.append_rows(PAYMENTS, [row | {C.BETRAG: Decimal("10")}])
    assert _check(book)[1][C.HINWEIS].startswith("Status „Erledigt“ unbekannt")
    _edit(book, 1, **{C.STATUS: corrected})
    checked = _check(book)[1]
    assert "unbekannt" not in (checked[C.HINWEIS] or ""), corrected
    if corrected != "Offen":
        assert checked[C.STATUS] == corrected, "a person's status stays"


def test_the_command_lists_rows_with_an_unknown_status(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_workbook(book) as port:
        port.append_rows(PAYMENTS, [{C.ID: 1, C.LIEFERANT: SUPPLIER, C.STATUS: "erledigt!"}])
    assert main(["pruefen", "--mappe", str(book)]) == 0
    out = capsys.readouterr().out
    assert "1 Zeile mit unbekanntem Status" in out
    assert "Status „erledigt!“ unbekannt" in out


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1.380,40 €", "Broke: German amount with the euro sign after it"),
        ("EUR 1.380,40", "Broke: currency code before it"),
        ("1380,40", "no thousands separator"),
    ],
)
def test_an_amount_typed_as_text_is_checked_as_an_amount(
    book: Path, typed: str, reason: str
) -> None:
    with open_workbook(book) as port:
        port.append_rows(SUPPLIERS, [{"Name": SUPPLIER, "IBAN": IBAN, "IBAN bestätigt am": TODAY}])
        row = {C.ID: 1, C.LIEFERANT: SUPPLIER, C.NUMMER: "BL-1", C.DATUM: TODAY}
        port.append_rows(PAYMENTS, [row | {C.FAELLIG: TODAY + timedelta(days=9)}])
    _edit(book, 1, **{C.BETRAG: typed, C.STATUS: "Offen"})
    checked = _check(book)[1]
    assert checked[C.BETRAG] == Decimal("1380.40"), reason
    assert (checked[C.STATUS], checked[C.HINWEIS]) == ("Offen", None), reason


# P13 ---------------------------------------------------------------------------------


def test_a_credit_note_has_no_pay_by_and_no_skonto(book: Path, tmp_path: Path) -> None:
    """Broke: a credit note (type 381) got Zahlen bis and "Skontofrist abgelaufen"."""
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    note = _sample("GS-8", issue_date=TODAY - timedelta(days=40), skonto_percent=Decimal("2"))
    note = dataclasses.replace(note, skonto_days=10)
    (inbox / "gutschrift.xml").write_bytes(_credit_note(note))
    fetched = _fetch(book, inbox)[1]
    assert fetched[C.BETRAG] < 0
    assert fetched[C.ZAHLEN_BIS] is None
    remarks = f"{fetched[C.HINWEIS]} {fetched[C.BEMERKUNG]}"
    assert "Skonto" not in remarks and "Überfällig" not in remarks, remarks
    _edit(book, 1, **{C.ZAHLEN_BIS: TODAY})  # as an earlier version wrote it
    checked = _check(book)[1]
    assert checked[C.ZAHLEN_BIS] is None
    assert "Skonto" not in (checked[C.HINWEIS] or "")


# Supplier by portal sender -------------------------------------------------------------


def _portal_mail(sample: samples.Sample) -> bytes:
    """A mail from a billing portal's one address, the firm's XRechnung attached."""
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"] = "Rechnungsportal <noreply@rechnungsportal.example>"
    mail["Subject"] = f"Rechnung {sample.number}"
    mail["Date"] = "Wed, 02 Dec 2026 09:00:00 +0100"
    mail.set_content("Im Auftrag Ihres Lieferanten erhalten Sie die Rechnung.")
    xml = samples.ubl_xml(sample)
    mail.add_attachment(xml, maintype="application", subtype="xml", filename="rechnung.xml")
    return mail.as_bytes()


def test_two_firms_from_one_portal_address_are_two_suppliers(book: Path, tmp_path: Path) -> None:
    """Broke: the second firm's row got "Name passt nicht zur USt-IdNr./IBAN von Lieferant
    Baustoffe Müller GmbH – prüfen; IBAN weicht von der (noch unbestätigten) IBAN in
    Lieferanten ab" – matched by the portal's sender address – and Werkzeug Schmidt was
    never created in Lieferanten."""
    inbox = tmp_path / "Eingang"
    inbox.mkdir()
    firms = [
        ("Baustoffe Müller GmbH", "DE811193231", "DE02120300000000202051", "BM-1"),
        ("Werkzeug Schmidt GmbH & Co. KG", "DE136695976", "DE02100100100006820101", "WS-1"),
    ]
    for index, (seller, vat_id, iban, number) in enumerate(firms):
        sample = _sample(number, seller=seller, vat_id=vat_id, iban=iban, bic="")
        (inbox / f"{index}.eml").write_bytes(_portal_mail(sample))
    rows = _fetch(book, inbox)
    by_name = {r[C.LIEFERANT]: r for r in rows.values()}
    assert set(by_name) == {seller for seller, *_ in firms}
    for row in by_name.values():
        assert row[C.HINWEIS] == UNCONFIRMED, row[C.LIEFERANT]
    with open_workbook(book, save=False) as port:
        master = {r["Name"]: r for r in port.read_rows(SUPPLIERS)}
    assert set(master) == set(by_name)
    assert [r["Absender"] for r in master.values()] == [None, None], "a portal is no supplier"
    assert {r["IBAN"] for r in master.values()} == {iban for *_, iban, _ in firms}
