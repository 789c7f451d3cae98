"""Labels of German invoices: numbers, dates, due terms, payment means, Skonto, kinds.

Each row is one wording with the reason it is in the table; the text is fed to the same
finders the PDF reader uses (one page, stream view).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zahllauf.model import DocumentKind
from zahllauf.readers import labels as L
from zahllauf.readers.german import NumberStyle
from zahllauf.readers.kinds import detect_kind
from zahllauf.readers.skonto import parse_skonto_text
from zahllauf.readers.textfields import (
    Doc,
    find_accounts,
    find_due_date,
    find_issue_date,
    find_numbers,
    find_seller,
)
from zahllauf.readers.totals import Role, amount_lines, choose_totals, classify

ISSUE = date(2026, 12, 4)


def doc(text: str) -> Doc:
    return Doc([(1, [line.strip() for line in text.strip().splitlines() if line.strip()])], [])


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Rechnungsnummer: RE-2026-0042", "RE-2026-0042", "full label with colon"),
        ("Rechnungs-Nr. 4711", "4711", "hyphenated short label"),
        ("Rechnungsnr. 30064443 Kundennr. 47774", "30064443", "customer number beside it"),
        ("Re.-Nr.: 2026/17", "2026/17", "abbreviation Re.-Nr."),
        ("Beleg-Nr : R87654321012345", "R87654321012345", "Beleg-Nr of ERP systems"),
        ("Rechnung Nr. 17", "17", "Rechnung Nr."),
        ("Rechnung # RE-20170509/505 von 09.05.2017", "RE-20170509/505", "hash sign"),
        ("Rechnung #2023-001", "2023-001", "hash glued to the value"),
        ("Handelsrechnung (380) Nr. 471102 vom 05.03.2018", "471102", "AWV visualisation"),
        ("Rechnung R0005532486", "R0005532486", "heading with the number"),
        ("RECHNUNG\nNr. 2026-0724-001", "2026-0724-001", "Nr. on the line under the title"),
        ("Rechnungsnummer:\nYYYYMMDD-1", "YYYYMMDD-1", "value on the next line"),
        ("Rechnungsnummer: RE-2025-03-17", "RE-2025-03-17", "number that looks like a date"),
        (
            "Bestell-Nr : B123456789\nLieferschein-Nr : L876\nBeleg-Nr : R8765",
            "R8765",
            "order and delivery-note numbers are not the invoice number",
        ),
        (
            "Kundennummer: K-10023\nAuftragsnummer: A-77\nRechnungsnummer: 2026-5",
            "2026-5",
            "customer and order numbers first on the page",
        ),
    ],
)
def test_invoice_number(text: str, expected: str, reason: str) -> None:
    hits = find_numbers(doc(text))
    assert hits and hits[0].value == expected, reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Kundennummer: 12345", "customer number only"),
        ("Bestellnummer: 4711", "order number only"),
        ("Lieferschein-Nr. 9988", "delivery-note number only"),
        ("Rechnung Seite 1", "page counter after the title"),
    ],
)
def test_no_invoice_number(text: str, reason: str) -> None:
    assert find_numbers(doc(text)) == [], reason


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Rechnungsdatum: 17.03.2025", date(2025, 3, 17), "labelled"),
        ("Liefer- und Rechnungsdatum: 11. Juli 2014", date(2014, 7, 11), "combined label"),
        ("Beleg-Datum : 06.08.2013", date(2013, 8, 6), "ERP label"),
        ("Belegdatum: 26.10.22", date(2022, 10, 26), "two-digit year"),
        ("Handelsrechnung Nr. 471102 vom 05.03.2018", date(2018, 3, 5), "'vom' after number"),
        ("Potsdam, 24.05.2023", date(2023, 5, 24), "place and date of the letter"),
        ("München, den 01.11.2024", date(2024, 11, 1), "place, 'den', date"),
        ("Rechnungsdatum: 2020-10-07", date(2020, 10, 7), "ISO date"),
        (
            "Lieferdatum: 15.03.2025\nRechnungsdatum: 17.03.2025",
            date(2025, 3, 17),
            "delivery date is not the invoice date",
        ),
    ],
)
def test_issue_date(text: str, expected: date, reason: str) -> None:
    found = find_issue_date(doc(text))
    assert found is not None and found[0] == expected, reason


def test_placeholder_date_is_not_invented() -> None:
    assert find_issue_date(doc("Musterstadt, DD.MM.YYYY")) is None, "template placeholder"


@pytest.mark.parametrize(
    ("text", "expected", "computed", "reason"),
    [
        ("Fällig am 20.12.2026", date(2026, 12, 20), False, "explicit"),
        ("Fälligkeitsdatum: 22.01.2027", date(2027, 1, 22), False, "Fälligkeitsdatum"),
        ("Zahlungsziel 21.05.27", date(2027, 5, 21), False, "Zahlungsziel with 2-digit year"),
        ("Zahlung bis zum 23.12.2026 unter Angabe", date(2026, 12, 23), False, "bis zum"),
        (
            "Zahlbar innerhalb 30 Tagen netto bis 03.01.2027, 3% Skonto innerhalb 10 Tagen "
            "bis 14.12.2026",
            date(2027, 1, 3),
            False,
            "net date, not the Skonto date",
        ),
        ("Zahlbar innerhalb von 14 Tagen ohne Abzug", date(2026, 12, 18), True, "N days"),
        ("Zahlungsbedingungen 14 Tage netto", date(2026, 12, 18), True, "N Tage netto"),
        ("zahlbar binnen 2 Wochen", date(2026, 12, 18), True, "weeks"),
        ("Die Rechnung ist sofort fällig.", ISSUE, True, "sofort"),
        ("Zahlbar sofort rein netto", ISSUE, True, "zahlbar sofort"),
        (
            "Innerhalb von 30 Tagen 2% Skonto, 60 Tage ohne Abzug",
            date(2027, 2, 2),
            True,
            "Skonto clause is skipped, net term used",
        ),
        (
            "Der Betrag in Höhe von EUR 529,87 wird am 20.12.2026 von Ihrem Konto eingezogen.",
            date(2026, 12, 20),
            False,
            "debit date of a direct-debit notice",
        ),
    ],
)
def test_due_date(text: str, expected: date, computed: bool, reason: str) -> None:
    due = find_due_date(doc(text), ISSUE)
    assert due is not None and (due.value, due.computed) == (expected, computed), reason


ISSUE_NOV = date(2026, 11, 2)


# A Skonto tier beside the net term: the due date is the net term's, never the Skonto's.
@pytest.mark.parametrize(
    ("text", "expected", "computed", "reason"),
    [
        (
            "Zahlbar innerhalb 8 Tagen mit 2 % Skonto, innerhalb 30 Tagen ohne Abzug.",
            date(2026, 12, 2),
            True,
            "net term after the comma",
        ),
        (
            "Zahlbar innerhalb von 7 Tagen mit 2 % Skonto oder innerhalb von 30 Tagen netto.",
            date(2026, 12, 2),
            True,
            "Broke: Fällig am empty, the net term after 'oder' was part of the Skonto part",
        ),
        (
            "2 % Skonto bei Zahlung innerhalb von 8 Tagen, netto innerhalb von 30 Tagen.",
            date(2026, 12, 2),
            True,
            "Broke: Fällig am = 8 days, the cut at 'Zahlung' dropped '2 % Skonto'",
        ),
        (
            "Bei Zahlung bis 07.12.2026 gewähren wir 2 % Skonto. Zahlbar bis 31.12.2026 "
            "ohne Abzug.",
            date(2026, 12, 31),
            False,
            "Broke: Fällig am 07.12., the date of a sentence about Skonto was taken",
        ),
        (
            "Bei Zahlung bis 07.12.2026 gewähren wir 2 %\n"
            "Skonto. Zahlbar bis 31.12.2026 ohne Abzug.",
            date(2026, 12, 31),
            False,
            "the Skonto sentence broken over two lines",
        ),
        (
            "Zahlbar bis 16.11.2026 mit 3 % Skonto oder bis 02.12.2026 netto.",
            date(2026, 12, 2),
            False,
            "two dates in one sentence, the second after 'oder' is the net date",
        ),
        (
            "bis zum 14.12.2026 abzüglich 3 % Skonto, danach rein netto bis 31.12.2026",
            date(2026, 12, 31),
            False,
            "'danach rein netto bis' opens the net date",
        ),
        ("innerhalb 14 Tagen 3 % Skonto, 30 Tage netto", date(2026, 12, 2), True, "bare net"),
        ("10 Tage 2 % Skonto, 30 Tage netto", date(2026, 12, 2), True, "bare days both"),
        (
            "Zahlbar innerhalb 30 Tagen netto, innerhalb 10 Tagen 2 % Skonto.",
            date(2026, 12, 2),
            True,
            "net term first",
        ),
        (
            "Bei Zahlung innerhalb von 10 Tagen 3 % Skonto, ansonsten innerhalb von 30 Tagen "
            "ohne Abzug.",
            date(2026, 12, 2),
            True,
            "'ansonsten' opens the net term",
        ),
        (
            "zzgl. 19 % USt 190,00 € Gesamt 1.190,00 € Zahlbar innerhalb von 14 Tagen",
            date(2026, 11, 16),
            True,
            "a VAT rate before 'Zahlbar' on the same clause is no Skonto",
        ),
    ],
)
def test_due_date_beside_skonto(text: str, expected: date, computed: bool, reason: str) -> None:
    due = find_due_date(doc(text), ISSUE_NOV)
    assert due is not None and (due.value, due.computed) == (expected, computed), reason


@pytest.mark.parametrize(
    ("text", "quote", "reason"),
    [
        (
            "Zahlungsziel: 30 Tage netto\nBankverbindung: IBAN DE78 1234 5678 9012 3456 78",
            "Zahlungsziel: 30 Tage netto",
            "Broke: the note quoted the next line 'Bankverbindung: IBAN DE78 …'",
        ),
        (
            "Zahlbar innerhalb\n14 Tagen ohne Abzug\nVielen Dank für Ihren Auftrag",
            "Zahlbar innerhalb 14 Tagen ohne Abzug",
            "a term broken over two lines is quoted whole",
        ),
        (
            "Gesamt 1.190,00 €\nZahlbar sofort\nSteuernummer 12/345/67890",
            "Zahlbar sofort",
            "'sofort' quoted without the lines around it",
        ),
    ],
)
def test_computed_due_quotes_only_the_term(text: str, quote: str, reason: str) -> None:
    due = find_due_date(doc(text), ISSUE_NOV)
    assert due is not None and due.computed, reason
    assert due.origin.split(": ", 1)[-1] == quote, reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Einwände sind innerhalb 4 Wochen ab Rechnungsdatum anzuzeigen.", "objection period"),
        ("Verzug tritt ein, wenn nicht innerhalb von 30 Tagen gezahlt wird.", "§ 286 BGB"),
        ("bis zum DD.MM.YYYY auf das angegebene Konto", "placeholder"),
        ("Lieferung innerhalb 3 Tagen", "delivery time, no payment word"),
    ],
)
def test_no_due_date(text: str, reason: str) -> None:
    assert find_due_date(doc(text), ISSUE) is None, reason


@pytest.mark.parametrize(
    ("line", "debit", "reason"),
    [
        ("Der Betrag wird von Ihrem Konto abgebucht.", True, "abgebucht"),
        ("Zahlungsart: Bankeinzug", True, "Bankeinzug"),
        ("Mandatsreferenz: M-4711", True, "mandate reference"),
        ("Zahlung per SEPA-Lastschrift", True, "SEPA-Lastschrift"),
        ("Der Betrag wird am 20.03. per Lastschrift eingezogen.", True, "eingezogen"),
        ("Wenn Sie uns ein SEPA-Lastschriftmandat erteilen, würden wir abbuchen.", False, "offer"),
        ("Bitte überweisen Sie den Betrag.", False, "transfer"),
    ],
)
def test_payment_means(line: str, debit: bool, reason: str) -> None:
    found = bool(L.DIRECT_DEBIT.search(line)) and not L.CONDITIONAL.search(line)
    assert found is debit, reason


@pytest.mark.parametrize(
    ("text", "percent", "until", "reason"),
    [
        ("3% Skonto innerhalb 10 Tagen", "3", date(2026, 12, 14), "percent, then days"),
        ("Innerhalb von 14 Tagen 2% Skonto", "2", date(2026, 12, 18), "days, then percent"),
        ("bei Zahlung bis 14.12.2026 3 % Skonto", "3", date(2026, 12, 14), "until-date"),
        (
            "Zahlbar innerhalb 30 Tagen netto bis 03.01.2027, 3%\nSkonto innerhalb 10 Tagen",
            "3",
            date(2026, 12, 14),
            "term broken over two lines, read joined",
        ),
        (
            "Bei Zahlung innerhalb 14 Tagen gewähren wir 2,0% Skonto.",
            "2.0",
            date(2026, 12, 18),
            "ERP",
        ),
    ],
)
def test_skonto_wordings(text: str, percent: str, until: date, reason: str) -> None:
    terms = parse_skonto_text(text.replace("\n", " "), ISSUE)
    assert terms and (terms[0].percent, terms[0].until) == (Decimal(percent), until), reason


def test_skonto_refused() -> None:
    assert parse_skonto_text("Skontoabzüge werden nicht akzeptiert.", ISSUE) == []


@pytest.mark.parametrize(
    ("label", "role", "reason"),
    [
        ("Summe Netto", Role.NET, "net"),
        ("Rechnungssumme ohne USt.", Role.NET, "net without VAT"),
        ("zzgl. Umsatzsteuer 7% von 129,37", Role.VAT, "VAT with base"),
        ("USt. (19 %)", Role.VAT, "VAT rate"),
        ("Summe Umsatzsteuer", Role.VAT_TOTAL, "VAT total"),
        ("Rechnungssumme Brutto (inkl. USt.)", Role.GROSS, "brutto wins over USt"),
        ("Br uttosumme", Role.GROSS, "kerning gap"),
        ("Gesamtbetrag", Role.GROSS, "gross"),
        ("Erhaltene Anzahlungen", Role.PREPAID, "prepayment"),
        ("abzgl. Abschlagszahlung", Role.PREPAID, "Abschlag"),
        ("Sicherheitseinbehalt 5 %", Role.RETENTION, "retention"),
        ("Zu zahlen", Role.DUE, "zu zahlen"),
        ("Zahlbetrag", Role.DUE, "Zahlbetrag"),
        ("Gesamtbetrag der Zuschläge", None, "allowances are not totals"),
        ("USt-IdNr.", None, "VAT id"),
    ],
)
def test_amount_roles(label: str, role: Role | None, reason: str) -> None:
    assert classify(label) is role, reason


@pytest.mark.parametrize(
    ("text", "gross", "due", "checked", "reason"),
    [
        ("Netto 87,39 €\nUSt. (19 %) 16,61 €\nBrutto 104,00 €", "104.00", "104.00", True, "simple"),
        (
            "Zwischensumme 2 900,00 e\nSumme Netto 3 585,00 e\nUmsatzsteuer 19% 681,15 e\n"
            "Summe Brutto 4 266,15 e",
            "4266.15", "4266.15", True, "arithmetic picks the right net",
        ),
        (
            "Nettobetrag 100,00\nUSt 7% 3,50\nUSt 19% 9,50\nGesamtbetrag 113,00",
            "113.00", "113.00", True, "several VAT rates summed",
        ),
        (
            "Summe netto 1.000,00\nUSt 19% 190,00\nGesamtbetrag 1.190,00\n"
            "abzgl. Abschlagszahlung 500,00\nZu zahlen 690,00",
            "1190.00", "690.00", True, "Abschlag deducted",
        ),
        (
            "Summe netto 1.000,00\nUSt 19% 190,00\nGesamtbetrag 1.190,00\n"
            "Sicherheitseinbehalt 5 % 59,50",
            "1190.00", "1130.50", True, "retention deducted",
        ),
        (
            "Summe: 283,66€\n19% Mehrwertsteuer: 66,54€\nGesamt: 350,20€",
            "350.20", "350.20", True, "the sum adds up although the 19 % do not (erictapen)",
        ),
        (
            "Summe netto 100,00\nUSt 19% 19,00\nGesamtbetrag 129,00",
            "129.00", "129.00", False, "no combination adds up: taken as printed, flagged",
        ),
    ],
)  # fmt: skip
def test_totals(text: str, gross: str, due: str, checked: bool, reason: str) -> None:
    lines = amount_lines(doc(text).stream, NumberStyle.GERMAN)
    totals = choose_totals(lines, no_vat=False)
    assert (totals.gross, totals.due) == (Decimal(gross), Decimal(due)), reason
    assert totals.checked is checked, reason


@pytest.mark.parametrize(
    ("text", "expected", "payer", "reason"),
    [
        ("IBAN: DE89 3704 0044 0532 0130 00 BIC: COBA", "DE89370400440532013000", False, "groups"),
        ("IBAN DE75123456780000001234, BIC WELADED1MST", "DE75123456780000001234", False, "comma"),
        ("IBAN: DE 5463 2168 7213 2157 98", "DE546321687213215798", False, "odd grouping kept"),
        ("IBAN-Nr.: DE08 7009 0100 1234 5678 90", "DE08700901001234567890", False, "IBAN-Nr."),
        (
            "Der Betrag wird von nachfolgendem Konto abgebucht.\nIBAN: DE21 8600 0000 0086 0010 55",
            "DE21860000000086001055", True, "payer's account on a debit notice",
        ),
    ],
)  # fmt: skip
def test_accounts(text: str, expected: str, payer: bool, reason: str) -> None:
    accounts = find_accounts(doc(text))
    assert [(a.iban, a.payer) for a in accounts] == [(expected, payer)], reason


def test_masked_iban_is_skipped() -> None:
    assert find_accounts(doc("IBAN: DE54 5004 **** **** **** 00")) == [], "masked payer IBAN"


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Verkäufer:\nNummer : 549910\nLieferant GmbH\nStraße 1", "Lieferant GmbH", "label"),
        ("Rechnungssteller\nFriseur Schnitt\nHauptstraße 1", "Friseur Schnitt", "label above"),
        (
            "Muster GmbH • Industriestr. 25 • 91710 Gunzenhausen\nHerrn\nMax Muster\nStr. 1",
            "Muster GmbH", "sender line",
        ),
        ("MAX MUSTER GMBH\nMusterstraße 123\nRechnung", "MAX MUSTER GMBH", "letterhead"),
        (
            "Name:\nMVM Musterhafter\nVersicherungsverein Musterstadt a.G.\nAnschrift: Str. 1",
            "MVM Musterhafter Versicherungsverein Musterstadt a.G.", "name over two lines",
        ),
    ],
)  # fmt: skip
def test_seller(text: str, expected: str, reason: str) -> None:
    text = text if not text.startswith("Name:") else "Verkäufer\n" + text
    hit = find_seller(doc(text))
    assert hit is not None and hit.value == expected, reason


@pytest.mark.parametrize(
    ("lines", "kind", "reason"),
    [
        (["Muster GmbH", "Rechnung", "Rechnungsnummer: 1"], DocumentKind.INVOICE, "invoice"),
        (["Muster GmbH", "Gutschrift Nr. 12"], DocumentKind.CREDIT_NOTE, "credit note"),
        (["Muster GmbH", "STORNORECHNUNG"], DocumentKind.CREDIT_NOTE, "cancellation"),
        (["Muster GmbH", "2. Mahnung"], DocumentKind.REMINDER, "reminder"),
        (["Zahlungserinnerung"], DocumentKind.REMINDER, "friendly reminder"),
        (["Angebot Nr. 5"], DocumentKind.NOT_INVOICE, "offer"),
        (["Auftragsbestätigung"], DocumentKind.NOT_INVOICE, "order confirmation"),
        (["LIEFERSCHEIN"], DocumentKind.NOT_INVOICE, "delivery note"),
        (["Allgemeine Geschäftsbedingungen"], DocumentKind.NOT_INVOICE, "terms"),
        (["Technisches Datenblatt"], DocumentKind.NOT_INVOICE, "data sheet"),
        (["Rechnung", "Lieferschein-Nr.: 4711"], DocumentKind.INVOICE, "delivery-note number"),
        (["Rechnung", "Angebot vom 01.02.2026"], DocumentKind.INVOICE, "invoice quoting an offer"),
        (
            ["Gutschrift (Selbst ausgestellte Rechnung) Nr. 47"],
            DocumentKind.INVOICE, "self-billing is an invoice to pay",
        ),
        (["Beitragsgutschriften erstatten wir per Scheck."], DocumentKind.INVOICE, "running text"),
    ],
)  # fmt: skip
def test_kinds(lines: list[str], kind: DocumentKind, reason: str) -> None:
    assert detect_kind(lines).kind is kind, reason
