"""A readable German HTML rendering of an e-invoice, shown beside the archived XML.

Every value from the document is escaped: an e-invoice is untrusted input and the view
opens in a browser. The page has no scripts and loads nothing from outside. Labels, the
syntax's name and common units are German; amounts show every decimal the document has.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from html import escape

from zahllauf import texts
from zahllauf.model import Invoice
from zahllauf.readers.einvoice_checks import profile_level
from zahllauf.readers.raw import RawInvoice, RawParty
from zahllauf.readers.values import german_amount, german_number

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}"
    "td,th{border-bottom:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
    "td.num,th.num{text-align:right}.pruefen{color:#a00}h2{margin-top:1.5em}"
)


def render(invoice: Invoice, raw: RawInvoice | None = None) -> str:
    """The whole HTML page; ``raw`` adds addresses and lines when the XML is at hand."""
    parts = [
        _head(invoice),
        _overview(invoice),
        _parties(raw),
        _lines(raw, invoice.currency),
        _totals(invoice),
        _payment(invoice),
        _remarks(invoice, raw),
        _findings(invoice),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def _head(invoice: Invoice) -> str:
    title = f"{invoice.kind.value} {invoice.number or ''}".strip()
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
    )


def _overview(invoice: Invoice) -> str:
    level = profile_level(invoice.profile)
    return _table(
        [
            (texts.VIEW_SELLER, invoice.seller_name),
            (texts.VIEW_NUMBER, invoice.number),
            (texts.VIEW_ISSUE_DATE, _date(invoice.issue_date)),
            (texts.VIEW_DUE_DATE, _date(invoice.due_date)),
            (texts.VIEW_BUYER_REFERENCE, invoice.buyer_reference),
            (texts.VIEW_ORDER_REFERENCE, invoice.order_reference),
            (texts.VIEW_FORMAT, " · ".join(v for v in (_syntax(invoice.syntax), level) if v)),
            (texts.VIEW_VAT_ID, invoice.seller_vat_id),
            (texts.VIEW_EMAIL, invoice.seller_email),
        ]
    )


def _parties(raw: RawInvoice | None) -> str:
    if raw is None:
        return ""
    return f"<h2>{escape(texts.VIEW_PARTIES)}</h2>" + _table(
        [(texts.VIEW_SELLER, _address(raw.seller)), (texts.VIEW_BUYER, _address(raw.buyer))]
    )


def _address(party: RawParty) -> str:
    place = " ".join(v for v in (party.postcode, party.city) if v)
    return ", ".join(v for v in (party.name, party.street, place, party.country) if v)


def _lines(raw: RawInvoice | None, currency: str) -> str:
    if raw is None or not raw.lines:
        return ""
    head = "".join(
        f'<th class="{"num" if i else ""}">{escape(h)}</th>'
        for i, h in enumerate(texts.VIEW_LINE_HEADERS)
    )
    rows = []
    for line in raw.lines:
        quantity = f"{_number(line.quantity)} {_unit(line.unit)}".strip()
        cells = [line.name, quantity, _money(line.price, currency), _money(line.total, currency)]
        rows.append(
            "<tr>"
            + "".join(
                f'<td class="{"num" if i else ""}">{escape(c or "")}</td>'
                for i, c in enumerate(cells)
            )
            + "</tr>"
        )
    return f"<h2>{escape(texts.VIEW_LINES)}</h2><table><tr>{head}</tr>{''.join(rows)}</table>"


def _totals(invoice: Invoice) -> str:
    cur = invoice.currency
    return f"<h2>{escape(texts.VIEW_TOTALS)}</h2>" + _table(
        [
            (texts.VIEW_NET, _money(invoice.net_total, cur)),
            (texts.VIEW_VAT, _money(invoice.vat_total, cur)),
            (texts.VIEW_GROSS, _money(invoice.grand_total, cur)),
            (texts.VIEW_PREPAID, _money(invoice.prepaid, cur)),
            (texts.VIEW_DUE, _money(invoice.amount_due, cur)),
        ],
        numeric=True,
    )


def _payment(invoice: Invoice) -> str:
    skonto = None
    if invoice.skonto is not None:
        skonto = texts.VIEW_SKONTO_VALUE.format(
            percent=_number(invoice.skonto.percent),
            until=_date(invoice.skonto.until),
            amount=_money(invoice.skonto_amount(), invoice.currency),
        )
    return f"<h2>{escape(texts.VIEW_PAYMENT)}</h2>" + _table(
        [
            (texts.VIEW_MEANS, invoice.payment_means.value),
            (texts.VIEW_IBAN, invoice.iban),
            (texts.VIEW_BIC, invoice.bic),
            (texts.VIEW_REMITTANCE, invoice.remittance),
            (texts.VIEW_SKONTO, skonto),
            (texts.VIEW_TERMS, invoice.payment_terms),
        ]
    )


def _remarks(invoice: Invoice, raw: RawInvoice | None) -> str:
    items = list(invoice.notes) + (raw.notes if raw is not None else [])
    if not items:
        return ""
    return f"<h2>{escape(texts.VIEW_NOTES)}</h2>" + _list(items)


def _findings(invoice: Invoice) -> str:
    if not invoice.findings:
        return ""
    items = "".join(
        f'<li class="{"pruefen" if f.needs_person else ""}">{escape(f.text)}</li>'
        for f in invoice.findings
    )
    return f"<h2>{escape(texts.VIEW_FINDINGS)}</h2><ul>{items}</ul>"


def _table(rows: list[tuple[str, str | None]], numeric: bool = False) -> str:
    cls = ' class="num"' if numeric else ""
    body = "".join(
        f"<tr><th>{escape(label)}</th><td{cls}>{_multiline(value)}</td></tr>"
        for label, value in rows
        if value
    )
    return f"<table>{body}</table>"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_multiline(item)}</li>" for item in items) + "</ul>"


def _multiline(value: str) -> str:
    return "<br>".join(escape(line) for line in value.strip().splitlines())


def _syntax(syntax: str | None) -> str | None:
    return texts.VIEW_SYNTAX_NAMES.get(syntax, syntax) if syntax else None


def _unit(code: str | None) -> str:
    """A UN/ECE rec. 20 unit code in German; an uncommon code is shown as written."""
    if not code:
        return ""
    return texts.VIEW_UNITS.get(code.strip().upper(), code.strip())


def _date(value: date | None) -> str | None:
    return texts.german_date(value) if value else None


def _number(value: Decimal | str | None) -> str:
    """A German number: 1.234,5 (thousands dot, decimal comma), as precise as written."""
    if value is None:
        return ""
    try:
        return german_number(Decimal(str(value).strip()))
    except InvalidOperation:
        return str(value)


def _money(value: Decimal | str | None, currency: str) -> str | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return f"{german_amount(number)} {currency}"
