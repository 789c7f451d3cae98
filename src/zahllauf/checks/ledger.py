"""The Zahlungsliste as history: the few fields of earlier rows that checks compare with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zahllauf import texts
from zahllauf.adapters.cells import to_decimal
from zahllauf.checks.suppliers import SupplierMaster, normalise_name
from zahllauf.model import Invoice, Status
from zahllauf.port import ROW
from zahllauf.schema import C


@dataclass(frozen=True)
class Entry:
    """One invoice already in the list (or checked earlier in this run)."""

    supplier_key: str
    row_id: int | None = None
    number: str = ""
    issue_date: date | None = None
    amount: Decimal | None = None
    status: str = ""
    sheet_row: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status in ("", Status.OFFEN.value, Status.PRUEFEN.value)

    @property
    def label(self) -> str:
        """How a person finds the row: its ID, else its line in the sheet, else its number.

        >>> Entry("k", row_id=7).label, Entry("k", sheet_row=12).label
        ('ID 7', 'Zeile 12')
        """
        if self.row_id is not None:
            return texts.ROW_BY_ID.format(id=self.row_id)
        if self.sheet_row is not None:
            return texts.ROW_BY_LINE.format(line=self.sheet_row)
        return texts.ROW_BY_NUMBER.format(number=self.number or "?")


def labels(entries: Iterable[Entry]) -> str:
    """Several rows for a person: ``"ID 3, 5, Zeile 9"`` (IDs once prefixed, then the rest).

    >>> labels([Entry("k", row_id=3), Entry("k", sheet_row=9), Entry("k", row_id=5)])
    'ID 3, 5, Zeile 9'
    """
    listed = list(entries)
    ids = [str(e.row_id) for e in listed if e.row_id is not None]
    parts = [texts.ROW_BY_ID.format(id=", ".join(ids))] if ids else []
    return ", ".join(parts + [e.label for e in listed if e.row_id is None])


def normalise_number(number: str | None) -> str:
    """An invoice number for comparison: letters and digits only, upper case.

    >>> normalise_number(" re-2026/0042 ") == normalise_number("RE 2026 0042")
    True
    """
    return "".join(c for c in (number or "").upper() if c.isalnum())


def supplier_key(master: SupplierMaster, name: str | None) -> str:
    """The grouping key of a supplier name: its master row where one matches, else the name."""
    supplier = master.match(Invoice(seller_name=name)) if name else None
    return supplier.key if supplier is not None else f"name:{normalise_name(name)}"


def entry_from_row(row: Mapping[str, Any], master: SupplierMaster) -> Entry:
    """An entry from a Zahlungsliste row; cells of the wrong type are left out."""
    amount = row.get(C.BETRAG)
    issued = row.get(C.DATUM)
    row_id = row.get(C.ID)
    return Entry(
        supplier_key=supplier_key(master, _text(row.get(C.LIEFERANT))),
        row_id=row_id if isinstance(row_id, int) else None,
        number=normalise_number(_text(row.get(C.NUMMER))),
        issue_date=issued if isinstance(issued, date) else None,
        amount=_money(amount),
        status=_text(row.get(C.STATUS)) or "",
        sheet_row=row.get(ROW),
    )


def _money(value: Any) -> Decimal | None:
    """An amount as :func:`zahllauf.jobs.rows.row_to_invoice` reads it (one rule for both)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return None
    amount = to_decimal(value)
    return amount if isinstance(amount, Decimal) and amount.is_finite() else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


__all__ = ["Entry", "entry_from_row", "labels", "normalise_number", "supplier_key"]
