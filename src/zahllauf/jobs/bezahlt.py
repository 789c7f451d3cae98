"""Als bezahlt markieren: record that chosen invoices were paid, row by row.

For each chosen ID the row gets Bezahlt am (the payment day), Bezahlt Betrag and Status
Bezahlt. The amount is Betrag mit Skonto while the Skonto deadline holds on the payment
day (the deadline day itself included, as "bis" means in German terms), else Betrag.

Only rows a person may still pay are marked: Status Offen, Freigegeben, or empty (a row
typed by hand). A row is refused, untouched, when

* its Status is Lastschrift: the supplier collects it; a transfer would pay twice;
* it is Storniert, or already Bezahlt (the first payment day is kept);
* it is Prüfen: a finding (a changed IBAN, a possible duplicate) is still open. Marking
  it paid would bury that finding; the person clears it first by setting the Status to
  Offen or Freigegeben, which is the acknowledgement the check job records;
* its amount cannot be read, its ID is unknown or stands on more than one row;
* the payment day lies before its Rechnungsdatum. A transfer made before the invoice was
  written is almost always a mistyped day; a real prepayment (Vorkasse) is rare in this
  routine and is typed into the sheet by hand;
* :func:`zahllauf.checks.payment_blockers` says it must not be paid: its IBAN is not the
  supplier's confirmed one, or the same invoice is already Bezahlt in another row. A person
  may have set a Prüfen row to Freigegeben without clearing that finding, so the payment
  step asks again, against the workbook as it is, including the rows paid earlier in the
  same call (two copies of one invoice chosen together: the first is paid, the second
  refused).

A credit note (negative Betrag) is never paid: it is netted against the supplier's open
invoices, or the supplier refunds it. Once that happened the person records it here like
a payment, so the row leaves the open items; Bezahlt Betrag is the (negative) Betrag, no
Skonto applies, and the summary says "Gutschrift … verrechnet" and keeps its amount out of
the total paid for invoices.

Refusals do not stop the other rows: each is a line in the German summary. A payment day
in the future or more than a year back is wrong for every row, so it refuses the whole
call before anything is read (:func:`zahllauf.user_input.check_day`, the rule the hours
log shares).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from zahllauf import schema, texts
from zahllauf.checks import payment_blockers
from zahllauf.model import Status
from zahllauf.port import ROW, Row, WorkbookPort
from zahllauf.schema import C
from zahllauf.user_input import check_day

__all__ = ["Paid", "Refusal", "Result", "mark_paid", "paid_amount"]

log = logging.getLogger(__name__)

PAYMENTS = schema.PAYMENTS.name
PAYABLE = (None, Status.OFFEN.value, Status.FREIGEGEBEN.value)
_REFUSED_STATUS = {
    Status.LASTSCHRIFT.value: texts.PAID_DEBIT,
    Status.STORNIERT.value: texts.PAID_CANCELLED,
    Status.PRUEFEN.value: texts.PAID_CHECK,
}


@dataclass(frozen=True)
class Paid:
    """A row marked paid."""

    row_id: int
    supplier: str
    amount: Decimal
    currency: str
    on: date
    with_skonto: bool

    @property
    def credit_note(self) -> bool:
        """A negative amount: a credit note netted (or refunded), not money paid out."""
        return self.amount < 0

    def text(self) -> str:
        line = texts.PAID_CREDIT_LINE if self.credit_note else texts.PAID_LINE
        return line.format(
            id=self.row_id,
            supplier=self.supplier,
            amount=texts.money(self.amount),
            currency=self.currency,
            date=texts.german_date(self.on),
            skonto=texts.PAID_WITH_SKONTO if self.with_skonto else "",
        )


@dataclass(frozen=True)
class Refusal:
    """A chosen row left untouched, with the German reason."""

    row_id: int
    reason: str


@dataclass
class Result:
    """What the job did, for the German summary."""

    paid: list[Paid] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def text(self) -> str:
        """Summary line, then one line per row."""
        lines = [self._headline()]
        lines += [p.text() for p in self.paid]
        lines += [r.reason for r in self.refused]
        return "\n".join(lines)

    def _headline(self) -> str:
        invoices = [p for p in self.paid if not p.credit_note]
        credits = [p for p in self.paid if p.credit_note]
        netted = ""
        if credits:
            netted = texts.PAID_CREDIT_SUMMARY.format(
                credits=texts.count(len(credits), "Gutschrift", "Gutschriften"),
                total=_total(credits),
            )
        return texts.PAID_SUMMARY.format(
            paid=texts.count(len(invoices), "Rechnung", "Rechnungen"),
            total=_total(invoices) if invoices else "",
            credits=netted,
            refused=len(self.refused),
        )


def _total(paid: list[Paid]) -> str:
    """ " (zusammen 198,00 EUR)"; empty when currencies differ (no sum across them)."""
    currencies = {p.currency for p in paid}
    if len(currencies) != 1:
        return ""
    amount = sum((p.amount for p in paid), Decimal("0.00"))
    return texts.PAID_TOTAL.format(amount=texts.money(amount), currency=currencies.pop())


def mark_paid(
    port: WorkbookPort, ids: Iterable[int], on: date, today: date | None = None
) -> Result:
    """Mark the rows with ``ids`` as paid on ``on``; refuse those that must not be.

    Raises:
        InvalidInputError: ``on`` is after ``today`` (default: the real one) or more than a
            year before it; nothing is read or written.
    """
    today = today or date.today()
    check_day(on, today, texts.PAID_FUTURE)
    planned = _Planned(port)
    rows_by_id: dict[int, list[Row]] = {}
    for row in planned.read_rows(PAYMENTS):
        if isinstance(row.get(C.ID), int):
            rows_by_id.setdefault(row[C.ID], []).append(row)
    result = Result()
    for row_id in dict.fromkeys(ids):
        found = rows_by_id.get(row_id, [])
        reason = _refusal(row_id, found, on) or _blocker(planned, found[0], today)
        if reason is not None:
            result.refused.append(Refusal(row_id, reason))
            continue
        paid, change = _pay(found[0], on)
        result.paid.append(paid)
        planned.update_rows(PAYMENTS, {found[0][ROW]: change})
    planned.write()
    log.info("%d rows marked paid, %d refused", len(result.paid), len(result.refused))
    return result


def _refusal(row_id: int, found: list[Row], on: date) -> str | None:
    if not found:
        return texts.PAID_UNKNOWN_ID.format(id=row_id)
    if len(found) > 1:
        return texts.PAID_DUPLICATE_ID.format(id=row_id)
    row = found[0]
    supplier = _supplier(row)
    status = _status(row)
    if status in _REFUSED_STATUS:
        return _REFUSED_STATUS[status].format(id=row_id, supplier=supplier)
    if status == Status.BEZAHLT.value:
        paid_on = row.get(C.BEZAHLT_AM)
        when = ""
        if isinstance(paid_on, date):
            when = texts.PAID_ALREADY_DATE.format(date=texts.german_date(paid_on))
        return texts.PAID_ALREADY.format(id=row_id, supplier=supplier, date=when)
    if status not in PAYABLE:
        return texts.PAID_OTHER_STATUS.format(id=row_id, supplier=supplier, status=status)
    if paid_amount(row, on) is None:
        return texts.PAID_NO_AMOUNT.format(id=row_id, supplier=supplier)
    return _before_invoice(row, on)


def _blocker(planned: _Planned, row: Row, today: date) -> str | None:
    """The checks' reason not to pay ``row``, seen with this call's earlier payments."""
    reason = payment_blockers(planned, [row], today).get(row[ROW])
    if reason is None:
        return None
    number = row.get(C.NUMMER)
    label = _supplier(row)
    if number not in (None, ""):
        label = f"{label}, {texts.ROW_BY_NUMBER.format(number=number)}"
    return texts.PAID_BLOCKED.format(id=row[C.ID], label=label, reason=reason)


def _before_invoice(row: Row, on: date) -> str | None:
    invoiced = row.get(C.DATUM)
    if isinstance(invoiced, date) and on < invoiced:
        return texts.PAID_BEFORE_INVOICE.format(
            id=row[C.ID],
            supplier=_supplier(row),
            date=texts.german_date(on),
            invoice_date=texts.german_date(invoiced),
        )
    return None


def paid_amount(row: Row, on: date) -> Decimal | None:
    """Betrag mit Skonto while Skonto bis holds on ``on``, else Betrag; None if unreadable.

    >>> row = {C.BETRAG: Decimal("100.00"), C.BETRAG_SKONTO: Decimal("98.00"),
    ...        C.SKONTO_BIS: date(2026, 12, 4)}
    >>> paid_amount(row, date(2026, 12, 4)), paid_amount(row, date(2026, 12, 5))
    (Decimal('98.00'), Decimal('100.00'))
    """
    if _skonto_holds(row, on):
        return row[C.BETRAG_SKONTO]
    amount = row.get(C.BETRAG)
    return amount if isinstance(amount, Decimal) else None


def _skonto_holds(row: Row, on: date) -> bool:
    """Skonto applies on ``on``; never to a credit note, which is netted as it stands."""
    until = row.get(C.SKONTO_BIS)
    reduced = row.get(C.BETRAG_SKONTO)
    amount = row.get(C.BETRAG)
    if isinstance(amount, Decimal) and amount < 0:
        return False
    return isinstance(until, date) and isinstance(reduced, Decimal) and on <= until


def _pay(row: Row, on: date) -> tuple[Paid, dict[str, Any]]:
    amount = paid_amount(row, on)
    assert amount is not None  # _refusal let only rows with a readable amount through
    paid = Paid(
        row_id=row[C.ID],
        supplier=_supplier(row),
        amount=amount,
        currency=str(row.get(C.WAEHRUNG) or "EUR"),
        on=on,
        with_skonto=_skonto_holds(row, on),
    )
    change = {C.BEZAHLT_AM: on, C.BEZAHLT_BETRAG: amount, C.STATUS: Status.BEZAHLT.value}
    return paid, change


def _status(row: Row) -> str | None:
    """The Status as its drop-down value, also when typed as " offen "."""
    value = row.get(C.STATUS)
    if value is None:
        return None
    text = str(value).strip()
    return next((s.value for s in Status if s.value.lower() == text.lower()), text)


def _supplier(row: Row) -> str:
    return str(row.get(C.LIEFERANT) or "ohne Lieferant")


class _Planned:
    """The workbook as it is plus this call's payments, which are written in one block.

    The checks read it like the workbook, so a row paid earlier in the call already counts
    as Bezahlt for the rows after it. Each sheet is read from the real workbook once.
    """

    def __init__(self, port: WorkbookPort) -> None:
        self._port = port
        self._sheets: dict[str, list[Row]] = {}
        self._state: dict[str, str] | None = None
        self.changes: dict[int, dict[str, Any]] = {}

    @property
    def folder(self) -> Path:
        return self._port.folder

    def read_rows(self, sheet: str) -> list[Row]:
        if sheet not in self._sheets:
            self._sheets[sheet] = self._port.read_rows(sheet)
        rows = [dict(r) for r in self._sheets[sheet]]
        if sheet == PAYMENTS:
            for row in rows:
                row.update(self.changes.get(row[ROW], {}))
        return rows

    def read_state(self) -> dict[str, str]:
        if self._state is None:
            self._state = self._port.read_state()
        return dict(self._state)

    def update_rows(self, sheet: str, changes: Mapping[int, Mapping[str, Any]]) -> None:
        if sheet != PAYMENTS:
            raise ValueError(f"mark paid changes only {PAYMENTS}, not {sheet}")
        for line, change in changes.items():
            self.changes.setdefault(line, {}).update(change)

    def append_rows(self, sheet: str, rows: Sequence[Mapping[str, Any]]) -> None:
        raise ValueError("mark paid appends no rows")

    def write_state(self, changes: Mapping[str, str | None]) -> None:
        raise ValueError("mark paid writes no state")

    def progress(self, message: str) -> None:
        self._port.progress(message)

    def write(self) -> None:
        """Write the payments into the real workbook, in one block."""
        if self.changes:
            self._port.update_rows(PAYMENTS, self.changes)
