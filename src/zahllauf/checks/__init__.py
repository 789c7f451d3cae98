"""Checks on invoices: what a careful bookkeeper catches before paying.

The fetch job and ``zahllauf pruefen`` use one :class:`Checker` per run::

    checker = Checker.from_port(port, today)
    checker.check(invoice, sender="Firma <rechnung@firma.de>", new_id=7)  # findings, fills
    zahlen_bis = checker.pay_by(invoice)          # moved to a bank working day; None to net
    checker.finish(port)                                        # write Lieferanten proposals

No check raises: each runs behind a guard that turns a failure into a finding.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from zahllauf import texts
from zahllauf.checks.amounts import check_amounts
from zahllauf.checks.bau48 import check_bau48
from zahllauf.checks.blockers import STATE_SUPPLIER_PREFIX, known_suppliers, payment_blockers
from zahllauf.checks.dates import (
    check_dates,
    fill_due_from_terms,
    is_credit_note,
    normalise_land,
    pay_by_adjusted,
)
from zahllauf.checks.duplicates import check_duplicates
from zahllauf.checks.iban import check_iban
from zahllauf.checks.ledger import Entry, entry_from_row, normalise_number
from zahllauf.checks.suppliers import Supplier, SupplierMaster, name_conflict, normalise_name
from zahllauf.model import DocumentKind, Finding, Invoice
from zahllauf.port import WorkbookPort, settings
from zahllauf.schema import PAYMENTS, SUPPLIERS

log = logging.getLogger(__name__)

SETTING_LAND = "Bundesland"


CHECKED_KINDS = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)


class Checker:
    """All checks of one run, over the workbook's supplier master and earlier rows."""

    def __init__(
        self,
        suppliers: Sequence[Mapping[str, Any]],
        payments: Sequence[Mapping[str, Any]],
        today: date,
        bundesland: str | None = None,
        matched: Mapping[int, str] | None = None,
    ) -> None:
        self.today = today
        self.matched = dict(matched or {})  # row ID -> master name, from earlier runs
        self._matched_new: dict[int, str] = {}
        self.bundesland_setting = bundesland or ""
        self.bundesland = normalise_land(bundesland)
        self.bundesland_unknown = bool(bundesland) and self.bundesland is None
        self.master = SupplierMaster.from_rows(suppliers, today)
        self.entries: list[Entry] = [entry_from_row(r, self.master) for r in payments]

    @classmethod
    def from_port(cls, port: WorkbookPort, today: date) -> Checker:
        """Read Lieferanten, Zahlungsliste, the Bundesland setting and earlier matches once."""
        suppliers = port.read_rows(SUPPLIERS.name)
        payments = port.read_rows(PAYMENTS.name)
        land = settings(port).get(SETTING_LAND) or None
        return cls(suppliers, payments, today, land, known_suppliers(port.read_state()))

    def check(
        self,
        invoice: Invoice,
        sender: str | None = None,
        *,
        row_id: int | None = None,
        sheet_row: int | None = None,
        new_id: int | None = None,
    ) -> None:
        """Run every check on ``invoice``: add findings, fill IBAN/due date from master data.

        Args:
            invoice: the invoice; its ``findings`` grow, ``iban``/``bic``/``due_date`` may
                be filled from the supplier master (each said so in an info finding).
            sender: the mail sender ("Name <address>") where the invoice came by mail.
            row_id: the invoice's own ID when it is already a row (re-check), so it is not
                compared with itself; None for a new invoice, which is then remembered so
                later invoices of this run are compared with it.
            sheet_row: the row's line in the sheet on a re-check: the row itself is left
                out by its line, so a copied row with the same ID is compared with its
                original (without it, by ``row_id``).
            new_id: the ID the new invoice's row will get, so that findings on later
                invoices of this run name that row by its ID.
        """
        if invoice.kind not in CHECKED_KINDS:
            return  # an unreadable file or a reminder already says what a person must do
        holder: list[Supplier | None] = [None]
        known = self.matched.get(row_id) if row_id is not None else None
        self._guard("lieferant", invoice, lambda: self._supplier(invoice, sender, known, holder))
        supplier = holder[0]
        if new_id is not None and supplier is not None:
            self._remember(new_id, invoice, supplier)
        if supplier is not None and name_conflict(invoice, supplier):
            supplier = None  # another firm's terms, § 48 status and invoices do not apply
        keys = self._keys(invoice, supplier)
        others = self._others(row_id, sheet_row)
        land, today = self.bundesland, self.today
        if supplier is not None:
            term = supplier.term_days
            self._guard("faelligkeit", invoice, lambda: _filled(fill_due_from_terms, invoice, term))
        self._guard("iban", invoice, lambda: check_iban(invoice))
        self._guard("datum", invoice, lambda: check_dates(invoice, today, land))
        self._guard("betrag", invoice, lambda: check_amounts(invoice, keys, others))
        self._guard("doppelt", invoice, lambda: check_duplicates(invoice, keys, others))
        self._guard("bau48", invoice, lambda: check_bau48(invoice, supplier, today))
        if row_id is None and sheet_row is None:
            self.entries.append(_entry(invoice, keys, new_id))

    def _others(self, row_id: int | None, sheet_row: int | None) -> list[Entry]:
        """The entries to compare with: all but the row itself (by its line, else its ID).

        A row copied by hand carries its original's ID; it is named by its line, since
        "ID 5" on row ID 5 would point at itself.
        """
        if sheet_row is not None:
            others = [e for e in self.entries if e.sheet_row != sheet_row]
            return [_by_line(e) if e.row_id == row_id else e for e in others]
        return [e for e in self.entries if row_id is None or e.row_id != row_id]

    def _supplier(
        self,
        invoice: Invoice,
        sender: str | None,
        known: str | None,
        holder: list[Supplier | None],
    ) -> list[Finding]:
        holder[0] = self.master.check(invoice, sender, known)
        return []

    def _remember(self, new_id: int, invoice: Invoice, supplier: Supplier) -> None:
        """Keep a match the row's own name would not find again (a re-check has no VAT id)."""
        if supplier.name and supplier.match_name != normalise_name(invoice.seller_name):
            self._matched_new[new_id] = supplier.name

    @staticmethod
    def _keys(invoice: Invoice, supplier: Supplier | None) -> set[str]:
        keys = {f"name:{normalise_name(invoice.seller_name)}"} if invoice.seller_name else set()
        if supplier is not None:
            keys.add(supplier.key)
        return keys

    @staticmethod
    def _guard(name: str, invoice: Invoice, check: Callable[[], list[Finding]]) -> None:
        """Run one check; a failure becomes a finding, never an abort of the batch."""
        try:
            findings = check()
        except Exception as error:  # the edge of one check: the batch must go on
            log.warning("check %s failed: %s", name, type(error).__name__)
            log.debug("check failure", exc_info=True)
            text = texts.CHECK_FAILED.format(check=name, reason=type(error).__name__)
            findings = [Finding(f"pruefung.fehler.{name}", text, None)]
        for finding in findings:
            invoice.add(finding)

    def pay_by(self, invoice: Invoice) -> date | None:
        """Zahlen bis: Skonto deadline or due date, moved to the previous bank working day.

        None for a credit note: it is netted against open invoices, not paid.
        """
        if is_credit_note(invoice):
            return None
        pay_by = invoice.pay_by(self.today)
        return None if pay_by is None else pay_by_adjusted(pay_by, self.bundesland)

    def pending_supplier_changes(self) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
        """Rows to append to Lieferanten and {sheet row: {header: value}} to update there.

        Returns what was gathered since the last call; the caller writes it in the same save.
        """
        changes = self.master.pending_changes()
        return changes.new_rows, changes.updates

    def finish(self, port: WorkbookPort) -> int:
        """Write the pending Lieferanten proposals and new rows' matches to ``port``.

        Returns the count of new Lieferanten rows.
        """
        new_rows, updates = self.pending_supplier_changes()
        if new_rows:
            port.append_rows(SUPPLIERS.name, new_rows)
        if updates:
            port.update_rows(SUPPLIERS.name, updates)
        if self._matched_new:
            port.write_state(
                {f"{STATE_SUPPLIER_PREFIX}{i}": name for i, name in self._matched_new.items()}
            )
            self.matched.update(self._matched_new)
            self._matched_new = {}
        return len(new_rows)


def _filled(
    fill: Callable[[Invoice, int | None], None], invoice: Invoice, term: int | None
) -> list[Finding]:
    fill(invoice, term)
    return []


def _by_line(entry: Entry) -> Entry:
    return replace(entry, row_id=None) if entry.sheet_row is not None else entry


def _entry(invoice: Invoice, keys: set[str], new_id: int | None) -> Entry:
    primary = min(keys, key=lambda k: (not k.startswith("lieferant:"), k)) if keys else "name:"
    return Entry(
        supplier_key=primary,
        row_id=new_id,
        number=normalise_number(invoice.number),
        issue_date=invoice.issue_date,
        amount=invoice.amount_due,
    )


__all__ = [
    "CHECKED_KINDS",
    "STATE_SUPPLIER_PREFIX",
    "Checker",
    "is_credit_note",
    "pay_by_adjusted",
    "payment_blockers",
]
