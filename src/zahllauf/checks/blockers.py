"""What must stop a payment: the last look before a row is marked paid.

The check job has usually said all this as a Prüfen finding already; but a person may
have set such a row to Offen or Freigegeben, so the payment step asks again, against the
Lieferanten sheet and the Zahlungsliste as they are now:

* the row's IBAN is not the supplier's IBAN with "IBAN bestätigt am" filled (the classic
  invoice fraud, or a new supplier nobody phoned yet);
* the same supplier's invoice with the same number is already Bezahlt in another row.

The supplier of a row is found by the row's own Lieferant name (normalised), else by the
master name an earlier check remembered for the row's ID; never by the row's IBAN, since
a forged invoice may well carry another supplier's confirmed IBAN.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from zahllauf import schema, texts
from zahllauf.adapters.cells import to_decimal
from zahllauf.checks.iban import normalise_iban
from zahllauf.checks.ledger import normalise_number
from zahllauf.checks.suppliers import Supplier, SupplierMaster, normalise_name
from zahllauf.model import Status
from zahllauf.port import ROW, Row, WorkbookPort
from zahllauf.schema import C

# State key of the supplier a row was matched to when its own name does not say it (matched
# by VAT id or sender, which the row does not keep): lieferant.<ID> -> the master's Name.
STATE_SUPPLIER_PREFIX = "lieferant."


def payment_blockers(port: WorkbookPort, rows: list[Row], today: date) -> dict[int, str]:
    """Sheet row (``port.ROW``) -> German reason, for each of ``rows`` that must not be paid.

    Args:
        port: the workbook; Lieferanten, Zahlungsliste and the state sheet are read.
        rows: the Zahlungsliste rows about to be paid (as ``port.read_rows`` gives them).
        today: the day of the run.
    """
    master = SupplierMaster.from_rows(port.read_rows(schema.SUPPLIERS.name), today)
    known = known_suppliers(port.read_state())
    all_rows = port.read_rows(schema.PAYMENTS.name)
    blockers: dict[int, str] = {}
    for row in rows:
        if _is_credit_note(row):
            continue  # netted against open invoices or refunded to us: no transfer
        row_id = row.get(C.ID)
        remembered = known.get(row_id) if isinstance(row_id, int) else None
        supplier = supplier_of_row(master, row, remembered)
        reasons = [iban_blocker(row, supplier), _paid_before(row, supplier, master, all_rows)]
        found = [r for r in reasons if r]
        if found:
            blockers[row[ROW]] = "; ".join(found)
    return blockers


def supplier_of_row(
    master: SupplierMaster, row: Mapping[str, Any], known: str | None = None
) -> Supplier | None:
    """The master row of a Zahlungsliste row: by its Lieferant name, else by ``known``."""
    for name in (_text(row.get(C.LIEFERANT)), known):
        wanted = normalise_name(name)
        if not wanted:
            continue
        for supplier in master.suppliers:
            if supplier.match_name == wanted:
                return supplier
    return None


def iban_blocker(row: Mapping[str, Any], supplier: Supplier | None) -> str | None:
    """Why money must not go to the row's IBAN yet; None when it is the confirmed one.

    A row without an IBAN, a direct debit and a credit note send no money by transfer.
    """
    iban = normalise_iban(_text(row.get(C.IBAN)))
    if iban is None or row.get(C.STATUS) == Status.LASTSCHRIFT.value or _is_credit_note(row):
        return None
    if supplier is None or supplier.iban is None or supplier.iban_confirmed is None:
        return texts.IBAN_UNCONFIRMED
    if supplier.iban != iban:
        return texts.IBAN_CHANGED
    return None


def _paid_before(
    row: Row, supplier: Supplier | None, master: SupplierMaster, rows: Iterable[Row]
) -> str | None:
    number = normalise_number(_text(row.get(C.NUMMER)))
    if not number:
        return None
    group = _group(master, row, supplier)
    for other in rows:
        if other.get(ROW) == row.get(ROW) or other.get(C.STATUS) != Status.BEZAHLT.value:
            continue
        if normalise_number(_text(other.get(C.NUMMER))) != number:
            continue
        if _group(master, other, supplier_of_row(master, other)) == group:
            return _paid_text(other)
    return None


def _group(master: SupplierMaster, row: Mapping[str, Any], supplier: Supplier | None) -> str:
    if supplier is not None:
        return f"lieferant:{id(supplier)}"
    return f"name:{normalise_name(_text(row.get(C.LIEFERANT)))}"


def _paid_text(row: Mapping[str, Any]) -> str:
    paid_on = row.get(C.BEZAHLT_AM)
    when = texts.german_date(paid_on) if isinstance(paid_on, date) else "?"
    ident = row.get(C.ID)
    label = texts.ROW_BY_ID.format(id=ident) if ident not in (None, "") else None
    label = label or texts.ROW_BY_LINE.format(line=row.get(ROW))
    return texts.PAID_ALREADY_AS.format(row=label, date=when)


def known_suppliers(state: Mapping[str, str]) -> dict[int, str]:
    """Row ID -> master name from the state sheet; odd keys are left out."""
    found = {}
    for key, value in state.items():
        number = key[len(STATE_SUPPLIER_PREFIX) :]
        if key.startswith(STATE_SUPPLIER_PREFIX) and number.isdigit() and value:
            found[int(number)] = value
    return found


def _is_credit_note(row: Mapping[str, Any]) -> bool:
    """A credit note row: its Betrag is negative (the readers write it so)."""
    amount = row.get(C.BETRAG)
    amount = None if isinstance(amount, bool) or amount is None else to_decimal(amount)
    return isinstance(amount, Decimal) and amount.is_finite() and amount < 0


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


__all__ = [
    "STATE_SUPPLIER_PREFIX",
    "iban_blocker",
    "known_suppliers",
    "payment_blockers",
    "supplier_of_row",
]
