"""Find an invoice's fields in the lines of its text, by the labels German invoices use.

Each finder looks at the labels strongest first and, per label, at both views of the page
(stream order, then layout order); the first hit wins and says where it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta

from zahllauf.readers import labels as L
from zahllauf.readers.german import NumberStyle, find_dates

PageLines = list[tuple[int, list[str]]]


@dataclass
class Doc:
    """The text of one document: two views of the pages read and the number style."""

    stream: PageLines
    layout: PageLines
    style: NumberStyle = NumberStyle.GERMAN

    def views(self) -> Iterator[tuple[str, PageLines]]:
        yield "Text", self.stream
        if self.layout:
            yield "Layout", self.layout

    def full_text(self) -> str:
        return "\n".join(line for _, lines in self.stream for line in lines)


@dataclass(frozen=True)
class Hit:
    """A value found, the line it came from and a short description of the origin."""

    value: str
    origin: str


def _walk(pages: PageLines) -> Iterator[tuple[int, list[str], int, str]]:
    for page, lines in pages:
        for index, line in enumerate(lines):
            yield page, lines, index, line


def _origin(view: str, page: int, what: str) -> str:
    return f"{view} Seite {page}: {what}"


# Invoice number ---------------------------------------------------------------------------


def _number_after(text: str) -> str | None:
    match = L.NUMBER_VALUE.match(text)
    if match is None:
        return None
    value = match.group(1).rstrip(".,")
    dates = find_dates(value)
    whole_date = bool(dates) and dates[0].start == 0 and dates[0].end == len(value)
    if L.NOT_A_NUMBER.match(value) or not re.search(r"\d", value) or whole_date:
        return None
    return value


def _numbers_by_label(doc: Doc, label: re.Pattern[str]) -> Iterator[Hit]:
    for view, pages in doc.views():
        for page, lines, index, line in _walk(pages):
            for match in label.finditer(line):
                rest = line[match.end() :]
                if not rest.strip(" :#") and index + 1 < len(lines):
                    rest = lines[index + 1]
                value = _number_after(rest)
                if value:
                    yield Hit(value, _origin(view, page, match.group(0).strip()))


def _numbers_by_heading(doc: Doc) -> Iterator[Hit]:
    for view, pages in doc.views():
        for page, lines, index, line in _walk(pages):
            heading = L.NUMBER_HEADING.match(line)
            if heading:
                value = _number_after(line[heading.end() :])
                if value:
                    yield Hit(value, _origin(view, page, heading.group(0).strip()))
            if L.TITLE_DATE.match(line) and index + 1 < len(lines):
                below = L.NR_LINE.match(lines[index + 1])
                if below and re.search(r"\d", below.group(1)):
                    yield Hit(below.group(1), _origin(view, page, f"{line} / Nr."))


def find_numbers(doc: Doc) -> list[Hit]:
    """Invoice number candidates, strongest label first (order, delivery and customer
    numbers have labels of their own and never match)."""
    hits: list[Hit] = []
    for label in L.NUMBER_LABELS:
        hits.extend(_numbers_by_label(doc, label))
    hits.extend(_numbers_by_heading(doc))
    return hits


# Dates ------------------------------------------------------------------------------------


def _date_after(text: str, limit: int = 24) -> date | None:
    dates = find_dates(text[: limit + 20])
    if dates and dates[0].start <= limit:
        return dates[0].value
    return None


def find_issue_date(doc: Doc) -> tuple[date, str] | None:
    """The invoice date: labelled, after "Nr. … vom", or as "Ort, den <Datum>"."""
    for label in L.ISSUE_DATE_LABELS:
        for view, pages in doc.views():
            for page, lines, index, line in _walk(pages):
                found = _labelled_date(line, lines, index, label)
                if found is not None:
                    return found, _origin(view, page, line[:60])
    return _title_date(doc)


def _labelled_date(line: str, lines: list[str], index: int, label: re.Pattern[str]) -> date | None:
    joined = line + " " + lines[index + 1] if index + 1 < len(lines) else line
    for match in label.finditer(joined):
        if match.start() > len(line):
            break
        # A label that ends in the date's own prefix ("Ort, ") takes the date at once.
        limit = 1 if match.group(0).endswith((", ", ",", "den ")) else 24
        value = _date_after(joined[match.end() :], limit)
        if value is not None:
            return value
    return None


def _title_date(doc: Doc) -> tuple[date, str] | None:
    for view, pages in doc.views():
        for page, _lines, _index, line in _walk(pages[:1]):
            if L.TITLE_DATE.match(line):
                dates = find_dates(line)
                if dates:
                    return dates[0].value, _origin(view, page, line[:60])
    return None


@dataclass(frozen=True)
class Due:
    """The due date, how it was found and whether it was computed from a term."""

    value: date
    origin: str
    computed: bool
    after_receipt: bool = False


def find_due_date(doc: Doc, issue: date | None) -> Due | None:
    """Explicit date first (Fällig am, Zahlungsziel, zahlbar bis), then "sofort", then
    "innerhalb N Tagen" counted from the invoice date."""
    explicit = _explicit_due(doc)
    if explicit is not None or issue is None:
        return explicit
    return _term_due(doc, issue)


def _explicit_due(doc: Doc) -> Due | None:
    for view, pages in doc.views():
        for page, lines, index, line in _walk(pages):
            value = _due_on_line(line, lines, index)
            if value is not None:
                return Due(value, _origin(view, page, line[:60]), computed=False)
    return None


def _due_on_line(line: str, lines: list[str], index: int) -> date | None:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    for label in L.DUE_EXPLICIT:
        match = label.search(line)
        if match and not L.NOT_DUE_CONTEXT.search(line[: match.start()]):
            value = _date_after(line[match.end() :] or following)
            if value is not None:
                return value
    for match in L.DUE_UNTIL.finditer(line):
        value = _until_date(line, following, match)
        if value is not None:
            return value
    if L.DUE_TABLE_HEADER.search(line):
        return _date_in_due_column(lines[index + 1 : index + 4])
    return None


def _until_date(line: str, following: str, until: re.Match[str]) -> date | None:
    """The date after a "bis" that a payment word opens; a date in a clause about Skonto
    ("Bei Zahlung bis 07.12. gewähren wir 2 % Skonto") is the Skonto's, not the due date."""
    reach = line[max(0, until.start() - L.DUE_UNTIL_REACH - 16) : until.start()]
    openers = list(L.DUE_UNTIL_OPENER.finditer(reach))
    if not openers or L.OVERDUE_CONTEXT.search(reach[openers[-1].start() :]):
        return None
    text = line + " " + following if until.end() == len(line) else line
    dates = find_dates(text[until.end() : until.end() + 22])
    if not dates or dates[0].start > 2:
        return None
    if _skonto_clause(text, until.start(), until.end() + dates[0].end):
        return None
    return dates[0].value


def _skonto_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause of ``text`` around ``start``..``end`` speaks of Skonto."""
    head = 0
    for found in L.TERM_BREAK.finditer(text, 0, start):
        head = found.end()
    tail = L.TERM_BREAK.search(text, end)
    return bool(L.SKONTO_CONTEXT.search(text[head : tail.start() if tail else len(text)]))


def _date_in_due_column(lines: list[str]) -> date | None:
    """AWV visualisations print a table "Beschreibung | Fälligkeit | Teilzahlung"."""
    for line in lines:
        dates = find_dates(line)
        if dates and dates[-1].end >= len(line.rstrip(" .")) - 1:
            return dates[-1].value
    return None


def _clauses(doc: Doc) -> Iterator[tuple[int, str]]:
    """Sentences of each page; line breaks are kept so a quote can stop at the term's line."""
    for page, lines in doc.stream:
        text = "\n".join(lines)
        for clause in re.split(r"(?<=[.;])\s+", text):
            yield page, clause


# The parts of a payment sentence: a comma that is no decimal comma ("225,51 €"), "und", or a
# word that opens the other term ("… mit 2 % Skonto oder innerhalb von 30 Tagen netto").
_PART_BREAK = re.compile(
    r"(?<!\d),\s*|,(?!\d)\s*|\s+(?:und|oder|(?:an)?sonsten|sonst|danach|andernfalls)\s+", re.I
)


def _term_due(doc: Doc, issue: date) -> Due | None:
    for page, clause in _clauses(doc):
        if not L.PAYMENT_WORDS.search(clause) or re.search(r"Verzug|Einwände", clause, re.I):
            continue
        for part in _PART_BREAK.split(clause):
            due = _term_in_part(part, issue, page)
            if due is not None:
                return due
    return None


_TERM_START = re.compile(r"zahlbar|zahlung|zahlen|überweisen|begleichen|fällig", re.I)


def _from_term_start(part: str) -> str:
    """The part from the last word that opens a payment term, so that amounts and VAT
    rates printed before it on the page ("19 % USt … Zahlbar innerhalb …") are not
    taken for the term."""
    for start in reversed(list(_TERM_START.finditer(part))):
        rest = part[start.start() :]
        if L.DUE_DAYS.search(rest) or L.DUE_NOW.search(rest):
            return rest
    return part


def _quote(part: str, term: re.Match[str]) -> str:
    """The term as the note quotes it: the lines it stands on, not the invoice's next line
    ("30 Tage netto", not "30 Tage netto Bankverbindung: IBAN …")."""
    head = part.rfind("\n", 0, term.start()) + 1
    tail = part.find("\n", term.end())
    return part[head : tail if tail >= 0 else len(part)].replace("\n", " ").strip()[:60]


def _term_in_part(part: str, issue: date, page: int) -> Due | None:
    # A part that speaks of Skonto anywhere is the Skonto tier, never the net term, even
    # when the cut below leaves "2 % Skonto" out ("2 % Skonto bei Zahlung innerhalb …").
    if L.SKONTO_WORD.search(part):
        return None
    part = _from_term_start(part)
    if "%" in part:
        return None
    days = L.DUE_DAYS.search(part)
    if days:
        count = int(days.group(1) or days.group(3))
        if days.group(2) and days.group(2).lower().startswith("woche"):
            count *= 7
        after = bool(L.AFTER_RECEIPT.search(part))
        origin = _origin("Text", page, _quote(part, days))
        return Due(issue + timedelta(days=count), origin, True, after)
    now = L.DUE_NOW.search(part)
    if now:
        return Due(issue, _origin("Text", page, _quote(part, now)), computed=True)
    return None


# Bank details -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """An IBAN as printed (spaces removed), its place and whether it is the payer's own."""

    iban: str
    page: int
    index: int
    payer: bool
    origin: str


def _iban_after(text: str) -> str | None:
    start = L.IBAN_START.match(text)
    if start is None:
        return None
    value = start.group(1) + start.group(2)
    for group in text[start.end() :].split(" "):
        if not group:
            continue
        word = group.rstrip(",;.)")
        if not re.fullmatch(r"[A-Z0-9]{1,30}", word) or word in ("BIC", "SWIFT"):
            break
        if len(value) + len(word) > 34:
            break
        value += word
        if word != group:
            break
    tail = text[start.end() :].lstrip()
    if tail.startswith("*") or len(value) < 12:
        return None  # masked ("DE54 5004 **** …") or cut off
    return value


def find_accounts(doc: Doc) -> list[Account]:
    """Every IBAN printed after an IBAN label, in stream order, payer accounts marked."""
    accounts: list[Account] = []
    for page, lines, index, line in _walk(doc.stream):
        for match in L.IBAN_LABEL.finditer(line):
            rest = line[match.end() :] or (lines[index + 1] if index + 1 < len(lines) else "")
            value = _iban_after(rest.replace("\t", " "))
            if value is None:
                continue
            context = " ".join(lines[max(index - 1, 0) : index]) + " " + line[: match.start()]
            payer = bool(L.PAYER_ACCOUNT.search(context))
            accounts.append(Account(value, page, index, payer, _origin("Text", page, "IBAN")))
    return accounts


def find_bic(doc: Doc, near: Account | None) -> str | None:
    """The BIC printed closest to the chosen IBAN (same line or the lines around it)."""
    best: tuple[int, str] | None = None
    for page, _lines, index, line in _walk(doc.stream):
        for match in L.BIC_LABEL.finditer(line):
            value = match.group(1).replace(" ", "")
            if near is None:
                return value
            distance = abs(index - near.index) + (0 if page == near.page else 1000)
            if best is None or distance < best[0]:
                best = (distance, value)
    return best[1] if best is not None and best[0] <= 6 else None


# Seller -----------------------------------------------------------------------------------


def _name_below(lines: list[str], index: int) -> str | None:
    parts: list[str] = []
    for line in lines[index + 1 : index + 6]:
        name = L.NAME_FIELD.match(line)
        if name:
            if name.group(1).strip():
                return name.group(1).strip()
            continue
        if parts and (L.NOT_A_NAME.search(line) or re.search(r"\d", line)):
            break
        if L.NOT_A_NAME.search(line):
            continue
        parts.append(line)
        if L.LEGAL_FORM.search(line) or len(parts) == 2 or not _continues(line, lines):
            break
    return " ".join(parts) or None


def _continues(line: str, lines: list[str]) -> bool:
    """A name broken over two lines: the next line ends in a legal form (``… a.G.``)."""
    index = lines.index(line)
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return bool(L.LEGAL_FORM.search(following)) and not re.search(r"\d", following)


def find_seller(doc: Doc, own_names: Iterable[str] = ()) -> Hit | None:
    """The seller: under a Verkäufer/Rechnungssteller label, the sender line above the
    address, or the letterhead's first line.

    The recipient block (``An:``, ``z. Hd.``, ``Rechnungsempfänger`` …) is never the
    seller, and neither is a name equal to one of ``own_names`` (the buyer's own company,
    compared by :func:`name_key`): the next candidate is taken instead.
    """
    own = {key for key in map(name_key, own_names) if key}
    for hit in _seller_candidates(doc, own):
        name = _expand_name(hit.value, doc)
        if any(key in name_key(name) for key in own):
            name = hit.value  # grown into our own name on the next line: keep it short
        if own & {name_key(hit.value), name_key(name)}:
            continue
        return Hit(name, hit.origin)
    return None


def name_key(name: str) -> str:
    """A company name reduced for comparison: case, punctuation, "&"/"und" and the legal
    form do not count.

    >>> name_key("Grün & Garten GaLaBau GmbH") == name_key("GRÜN UND GARTEN GALABAU")
    True
    """
    text = _ANY_CASE_LEGAL_FORM.sub(" ", unicodedata.normalize("NFKC", name))
    text = re.sub(r"&|\bund\b", " ", text.casefold())
    return re.sub(r"[\W_]+", "", text)


_ANY_CASE_LEGAL_FORM = re.compile(L.LEGAL_FORM.pattern, re.IGNORECASE)


def _seller_candidates(doc: Doc, own: AbstractSet[str] = frozenset()) -> Iterator[Hit]:
    yield from _seller_by_label(doc)
    yield from _seller_by_sender_line(doc)
    yield from _seller_by_letterhead(doc, own)


def _recipient_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines that belong to the recipient block."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        label = L.RECIPIENT_LABEL.match(line)
        if label is None:
            continue
        found.add(index)
        if not line[label.end() :].strip():
            found.update(range(index + 1, index + 1 + L.RECIPIENT_BLOCK_LINES))
    return found


def _seller_by_label(doc: Doc) -> Iterator[Hit]:
    for view, pages in doc.views():
        for page, lines, index, line in _walk(pages[:1]):
            if L.SELLER_LABELS.match(line):
                name = _name_below(lines, index)
                if name and not L.RECIPIENT_LABEL.match(name):
                    yield Hit(name, _origin(view, page, line))


def _seller_by_sender_line(doc: Doc) -> Iterator[Hit]:
    """The return address above the recipient ("Muster GmbH • Str. 1 • 12345 Ort");
    bullet-separated lines first, comma- or dash-separated ones after."""
    recipient = _recipient_lines(doc.stream[0][1]) if doc.stream else set()
    for pattern in (L.SENDER_BULLETS, L.SENDER_LINE):
        for page, _lines, index, line in _walk(doc.stream[:1]):
            match = pattern.match(line)
            if match is None or index in recipient:
                continue
            if L.SENDER_NOT_NAME.search(line[: match.end(1)]):
                continue
            name = match.group(1).strip(" ,")
            if len(name) >= 3 and not re.search(r"\d", name) and not L.NOT_A_NAME.search(name):
                yield Hit(name, _origin("Text", page, "Absenderzeile"))


def _seller_by_letterhead(doc: Doc, own: AbstractSet[str] = frozenset()) -> Iterator[Hit]:
    if not doc.stream:
        return
    page, lines = doc.stream[0]
    recipient = _recipient_lines(lines)
    for index, line in enumerate(lines[:7]):
        if index in recipient:
            continue
        if L.LEGAL_FORM.search(line) and not re.search(r"\d{4,}", line):
            yield Hit(line, _origin("Text", page, "Briefkopf"))
    if not lines or 0 in recipient or re.search(r"\d|Rechnung|Seite|Anschrift", lines[0], re.I):
        return
    joins = _continues(lines[0], lines) and name_key(lines[1]) not in own
    name = lines[0] + (" " + lines[1] if joins else "")
    yield Hit(name, _origin("Text", page, "Briefkopf"))


def _expand_name(name: str, doc: Doc) -> str:
    """A short sender-line name ("Alphabet") grown to the legal name printed elsewhere."""
    if L.LEGAL_FORM.search(name):
        return name
    pattern = re.compile(rf"^{re.escape(name)}\b[^,:|•·\d]{{1,50}}?{L.LEGAL_FORM.pattern}")
    recipient = _recipient_lines(doc.stream[0][1]) if doc.stream else set()
    for _page, _lines, index, line in _walk(doc.stream[:1]):
        match = pattern.match(line)
        if match and index not in recipient:
            return match.group(0).strip()
    return name


# References -------------------------------------------------------------------------------


def find_customer_number(doc: Doc) -> str | None:
    """The customer number the supplier knows us by (Kundennummer, Kd.-Nr., Debitor)."""
    for _view, pages in doc.views():
        for _page, lines, index, line in _walk(pages):
            match = L.CUSTOMER_LABELS.search(line)
            if match:
                return match.group(1)
            bare = re.search(r"(?:Kunden|Kd\.?)[- ]?(?:nummer|nr\.?)\s*:?\s*$", line, re.I)
            if bare and index + 1 < len(lines):
                value = _number_after(lines[index + 1])
                if value:
                    return value
    return None


def find_payment_reference(doc: Doc) -> str | None:
    """A reference the supplier asks to quote with the payment."""
    for _page, _lines, _index, line in _walk(doc.stream):
        match = L.PAYMENT_REFERENCE.search(line)
        if match:
            return match.group(1).strip()
    return None


def find_vat_id(doc: Doc) -> str | None:
    """The first VAT id that is not marked as the customer's ("Ihre USt-IdNr")."""
    for _page, _lines, _index, line in _walk(doc.stream):
        for match in L.VAT_ID.finditer(line):
            if not re.search(r"Ihre|Kunde", line[: match.start()], re.I):
                return match.group(0).replace(" ", "")
    return None


__all__ = [
    "Account",
    "Doc",
    "Due",
    "Hit",
    "find_accounts",
    "find_bic",
    "find_customer_number",
    "find_due_date",
    "find_issue_date",
    "find_numbers",
    "find_payment_reference",
    "find_seller",
    "find_vat_id",
    "name_key",
]
