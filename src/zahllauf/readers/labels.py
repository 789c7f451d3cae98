"""The words German invoices use for their fields, as regular expressions.

Each group lists the label variants seen on German invoices in general (accounting
software, craft-trade templates, AWV/ZUGFeRD visualisations). Some generators print
words with kerning gaps (``Br uttosumme``); :func:`loose` allows one space between letters
for the labels that matter most.
"""

from __future__ import annotations

import re


def loose(word: str) -> str:
    """A pattern for ``word`` that allows a stray space between its letters.

    >>> bool(re.fullmatch(loose("Bruttosumme"), "Br uttosumme"))
    True
    """
    return " ?".join(re.escape(char) for char in word)


ICASE = re.IGNORECASE

# Invoice number: the label, then an optional "Nr."/"#"/":", then the value.
NUMBER_LABELS = [
    re.compile(
        r"(?<![\w-])(?:Rechnungs|Gutschrifts?)[- ]?(?:nummer|nr\.?|no\.?)(?:\s*\(.{0,30}?\))?",
        ICASE,
    ),
    re.compile(r"(?<![\w-])Re\.?-?\s?Nr\.?", ICASE),
    re.compile(
        rf"(?<![\w-])\w*(?:{loose('rechnung')}|gutschrift|{loose('rechnungskorrektur')})"
        r"(?:\s+des\s+\w+)?(?:\s*\([^)]{0,40}\))?\s*(?:Nr\.?|No\.?|Nummer|#)",
        ICASE,
    ),
    re.compile(r"(?<![\w-])Beleg[- ]?(?:nummer|nr\.?|no\.?)", ICASE),
]
# "Rechnung R0005532486" as a heading: the word, then a value holding a digit.
NUMBER_HEADING = re.compile(r"^(?:\w*rechnung|gutschrift)\s+(?=\S*\d)", ICASE)
NUMBER_VALUE = re.compile(r"[:#\s]*(?:Nr\.?\s*|No\.?\s*)?:?\s*([A-Za-z0-9][\w/.\-]*[A-Za-z0-9]|\d)")
NR_LINE = re.compile(r"^Nr\.?\s*:?\s*([A-Za-z0-9][\w/.\-]*[A-Za-z0-9])$", ICASE)
NOT_A_NUMBER = re.compile(r"^(?:Seite|Page|Datum|vom|von|Original|Kopie)$", ICASE)

CUSTOMER_LABELS = re.compile(
    r"(?<![\w-])(?:Kunden|Kd\.?|Debitoren)[- ]?(?:nummer|nr\.?|no\.?)\s*[:.]?\s*"
    r"([A-Za-z0-9][\w/.\-]*[A-Za-z0-9]|\d)",
    ICASE,
)
PAYMENT_REFERENCE = re.compile(
    r"(?:Verwendungszweck|Zahlungsreferenz|Referenz\s*\(bitte bei Zahlung angeben\))"
    r"\s*:?\s*([A-Za-z0-9][\w/.\- ]{2,60}[A-Za-z0-9])",
    ICASE,
)

# Issue date labels, strongest first; dates of delivery/order/service are not labels here.
ISSUE_DATE_LABELS = [
    re.compile(r"(?:Rechnungs|Gutschrifts|Beleg)[- ]?datum\s*:?", ICASE),
    re.compile(
        rf"(?:{loose('rechnung')}|Gutschrift|{loose('rechnungskorrektur')})\w*(?:\s+des\s+\w+)?"
        r"\s*(?:\([^)]{0,40}\)\s*)?(?:Nr\.?|#)\s*\S+\s+(?:vom|von)",
        ICASE,
    ),
    re.compile(r"(?:^|\s)[A-ZÄÖÜ][a-zäöüß-]+(?:\s[A-ZÄÖÜa-zäöüß.-]+){0,3},\s*(?:den\s+)?(?=\d)"),
    re.compile(r"(?<![\w-])Datum\s*:?", ICASE),
]
TITLE_DATE = re.compile(r"^\w*rechnung\b", ICASE)

DUE_EXPLICIT = [
    re.compile(
        r"(?:Fälligkeitsdatum|Zahlungsziel|fällig\s+(?:am|zum|bis)|Fälligkeit)\s*:?\s*", ICASE
    ),
    re.compile(r"(?:am\s+)?fällig(?:\s+am)?\s*:?\s*$", ICASE),
    re.compile(
        r"Betrag\b[^.\n]{0,60}?\bwird\s+am\s+"
        r"(?=\d{1,2}\.\d{1,2}\.\d{2,4}\s+(?:von|vom|abgebucht|eingezogen|Ihrem))",
        ICASE,
    ),
]
# "bis <Datum>" is a due date when a payment word (or the net term's "netto") stands within
# 80 characters before it and its clause says nothing of Skonto.
DUE_UNTIL = re.compile(r"\bbis\s+(?:zum\s+|spätestens\s+)?", ICASE)
DUE_UNTIL_OPENER = re.compile(
    r"(?:zahlbar|zahlung|überweisen|zahlen|begleichen|Betrag|netto|ohne\s+Abzug)\b", ICASE
)
DUE_UNTIL_REACH = 80
# Where one payment clause ends and the next begins: a sentence end, a semicolon, a comma that
# is no decimal comma, or a word that opens the other term ("oder", "sonst", "danach").
TERM_BREAK = re.compile(
    r";|\.\s+(?=[A-ZÄÖÜ])|(?<!\d),|,(?!\d)|\b(?:oder|(?:an)?sonsten|sonst|danach|andernfalls)\b",
    ICASE,
)
SKONTO_WORD = re.compile(r"Skonto", ICASE)
SKONTO_CONTEXT = re.compile(r"Skonto|\d\s*(?:%|Prozent\b)", ICASE)
DUE_TABLE_HEADER = re.compile(r"Beschreibung\s+Fälligkeit", ICASE)
PAYMENT_WORDS = re.compile(
    r"zahlbar|zahlen|zahlung|überweisen|begleichen|begleichung|fällig|netto|ohne\s+Abzug", ICASE
)
DUE_DAYS = re.compile(
    rf"(?:{loose('innerhalb')}\s+(?:von\s+)?|binnen\s+|zahlbar\s+in\s+)(\d{{1,3}})\s*(Tag|Woche)"
    r"|(\d{1,3})\s*Tage?n?\s+(?:netto|ohne\s+Abzug|rein\s+netto)",
    ICASE,
)
DUE_NOW = re.compile(
    r"\bsofort\b|zahlbar\s+(?:nach|bei)\s+(?:Erhalt|Zugang)|sofort\s+fällig|ohne\s+Abzug\s+sofort",
    ICASE,
)
NOT_DUE_CONTEXT = re.compile(r"Verzug|Einwände|Kündigung|Skonto|Mahn", ICASE)
OVERDUE_CONTEXT = re.compile(r"Verzug|Einwände|Kündigung|Mahn", ICASE)
AFTER_RECEIPT = re.compile(r"nach\s+(?:Erhalt|Zugang|Eingang)", ICASE)

IBAN_LABEL = re.compile(r"IBAN(?:[- ]?(?:Nr|Nummer)\.?)?\s*:?\s*", ICASE)
IBAN_START = re.compile(r"([A-Z]{2})\s?(\d{2})")
BIC_LABEL = re.compile(r"(?:BIC|SWIFT)(?:[- ]?Code)?\s*:?\s*([A-Z0-9]{8,11})\b")
# The payer's own account on a direct-debit notice: never the payee.
PAYER_ACCOUNT = re.compile(
    r"von\s+(?:Ihrem|nachfolgendem|folgendem|dem\s+uns\s+bekannten)\s+Konto"
    r"|Ihre\s+(?:IBAN|Bankverbindung)|abgebucht|eingezogen|Lastschrift|Kontoinhaber\s+Kunde",
    ICASE,
)

DIRECT_DEBIT = re.compile(
    r"Mandatsreferenz|Bankeinzug|Lastschriftverfahren|per\s+(?:SEPA[- ])?Lastschrift"
    r"|SEPA[- ]Lastschrift(?!mandat)|SEPA[- ]Basis-?Lastschrift"
    r"|wird\b[^.\n]{0,80}\b(?:abgebucht|eingezogen)|Einzug\s+von\s+Ihrem\s+Konto"
    r"|(?:abgebucht|eingezogen)\s+wird",
    ICASE,
)
CONDITIONAL = re.compile(r"\b(?:würden|wenn|falls|sollten|können\s+Sie|Mandat\s+erteilen)\b", ICASE)
TRANSFER = re.compile(r"überweis|Überweisung|Zahlungsart\s*:?\s*Überweisung", ICASE)
ALREADY_PAID = re.compile(
    r"(?:bereits|schon)\s+(?:beglichen|bezahlt|gezahlt|erhalten)(?!\s*[:\d-])"
    r"|Betrag\s+(?:dankend\s+)?erhalten",
    ICASE,
)

SMALL_BUSINESS = re.compile(r"§\s*19\s*(?:Abs\.?\s*\d\s*)?UStG|Kleinunternehmer", ICASE)
REVERSE_CHARGE = re.compile(
    r"§\s*13\s*b\s*UStG|Steuerschuldnerschaft\s+des\s+Leistungsempfängers|reverse\s+charge"
    r"|Umkehrung\s+der\s+Steuerschuld",
    ICASE,
)
TAX_EXEMPT = re.compile(
    r"steuerfrei|Umsatzsteuerbefreit|§\s*4\s*Nr\.?\s*\d+\s*\w?\s*UStG|innergemeinschaftliche\s+Lieferung",
    ICASE,
)

# Seller: a label above the seller block, then a name line.
SELLER_LABELS = re.compile(
    rf"^(?:{loose('Verkäufer')}|Rechnungs(?:er)?steller|Lieferant|Leistungserbringer"
    r"|Auftragnehmer)\s*:?\s*$",
    ICASE,
)
# The recipient block (the buyer's name and address): never the seller, even with a legal
# form. A bare label ("Rechnungsempfänger:") heads the block on the lines below it.
RECIPIENT_LABEL = re.compile(
    r"^\s*(?:(?:An|Kunde|Käufer|Auftraggeber)\s*:"
    r"|(?:z\.\s?H(?:d|än)?\.?|zu\s+Händen|(?:Rechnungs|Waren|Leistungs)?empfänger(?:in)?"
    r"|Rechnungs(?:adresse|anschrift)|Liefer(?:adresse|anschrift)|Bill\s+to|Ship\s+to)"
    r"(?![\w-])\s*:?)",
    ICASE,
)
RECIPIENT_BLOCK_LINES = 3
NAME_FIELD = re.compile(r"^Name\s*:\s*(.*)$", ICASE)
NOT_A_NAME = re.compile(
    r"^(?:GLN|Globale|Nummer|Lief-|Lief\.|Handelsname|Tel|Fax|E-?Mail|USt|Steuer|Anschrift|www\.)"
    r"|:\s*\S|^\d",
    ICASE,
)
LEGAL_FORM = re.compile(
    r"\b(?:GmbH|AG|KG|OHG|UG|GbR|SE|mbH|e\.\s?K\.|e\.\s?V\.|a\.\s?G\.|KGaA|Ltd\.?|Inc\.?|S\.?A\.?R\.?L\.?)"
    r"(?:\s*&\s*Co\.?\s*(?:KG|OHG)?)?(?![\w])",
)
SENDER_NOT_NAME = re.compile(r"Registergericht|Amtsgericht|Geschäftsführ|Sitz|Bank|HRB", ICASE)
SENDER_BULLETS = re.compile(
    r"^(.{2,60}?)\s*[•·●|]\s*.*\b(?:D-?\s?|A-?\s?)?\d{4,5}\s+[A-ZÄÖÜ][a-zäöüß]"
)
SENDER_LINE = re.compile(
    r"^(.{2,60}?)\s*(?:[•·●|]|\s-\s|,)\s*.*\b(?:D-?\s?|A-?\s?)?\d{4,5}\s+[A-ZÄÖÜ][a-zäöüß]"
)
VAT_ID = re.compile(r"\b(?:DE|AT)\s?\d{3}\s?\d{3}\s?\d{3}\b")

# Currency words next to totals.
CURRENCY = re.compile(r"(?<![A-Z])(EUR|GBP|CHF|USD)(?![A-Z])|([€£$])")
CURRENCY_LABEL = re.compile(r"(?:Rechnungs)?[Ww]ährung\s*:?\s*([A-Z]{3})\b")
SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD"}
