"""Rechnungen abrufen: new documents from an inbox into the Zahlungsliste.

Each new document (by SHA-256) is archived byte-identical, read, checked and becomes one
row; documents that are clearly no invoice are archived without a row; a reminder
(Mahnung) marks the invoice it reminds of. All rows and state go into the workbook in one
block, so the workbook is either saved whole or not at all.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zahllauf import schema, texts
from zahllauf.checks import Checker
from zahllauf.checks.ledger import normalise_number
from zahllauf.errors import SourceUnreachableError, ZahllaufError
from zahllauf.jobs import rows as rowmap
from zahllauf.jobs.archive import Archive
from zahllauf.model import DocumentKind, Finding, Invoice, Status
from zahllauf.port import ROW, Link, Row, WorkbookPort, settings
from zahllauf.readers import Reading, read_document
from zahllauf.readers.dispatch import unreadable
from zahllauf.schema import C
from zahllauf.sources.base import Document, Source

log = logging.getLogger(__name__)

PAYMENTS = schema.PAYMENTS.name


@dataclass
class Summary:
    """What a run did, for the German summary and the table of new rows."""

    documents: int = 0
    new_rows: list[Row] = field(default_factory=list)
    duplicates: int = 0
    not_invoices: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing_rows: list[str] = field(default_factory=list)
    source_error: ZahllaufError | None = None
    seconds: float = 0.0

    @property
    def to_check(self) -> int:
        return sum(1 for r in self.new_rows if r.get(C.STATUS) == Status.PRUEFEN.value)

    def text(self) -> str:
        """The one-line German summary."""
        parts = [
            texts.count(self.documents, "Dokument", "Dokumente"),
            texts.count(len(self.new_rows), "neue Rechnung", "neue Rechnungen"),
            f"{self.to_check} zum Prüfen",
            f"{self.duplicates} doppelt übersprungen",
            f"{len(self.not_invoices)} keine Rechnung",
        ]
        if self.reminders:
            parts.append(texts.count(len(self.reminders), "Mahnung", "Mahnungen"))
        if self.skipped:
            parts.append(f"{len(self.skipped)} nicht gelesen")
        return ", ".join(parts)


def fetch(
    port: WorkbookPort,
    source: Source,
    *,
    today: date,
    checker: Checker | None = None,
) -> Summary:
    """Run the fetch job; a source failing part-way keeps what came before."""
    started = time.monotonic()
    run = _Run(port, today, checker)
    try:
        for document in source.documents():
            run.take(document)
    except SourceUnreachableError as error:
        log.warning("source failed after %d documents", run.summary.documents)
        run.summary.source_error = error
    # Files a folder source could not take (other formats, subfolders) are named, never lost.
    run.summary.skipped = list(getattr(source, "skipped", []))
    run.finish(source.state_changes())
    run.summary.seconds = time.monotonic() - started
    log.info(
        "%d documents, %d new rows in %.1f s",
        run.summary.documents,
        len(run.summary.new_rows),
        run.summary.seconds,
    )
    return run.summary


class _Run:
    """The state of one fetch run: what is known, what is new."""

    def __init__(self, port: WorkbookPort, today: date, checker: Checker | None) -> None:
        self.port = port
        self.today = today
        self.checker = checker or Checker.from_port(port, today)
        self.summary = Summary()
        state = port.read_state()
        prefix = schema.STATE_DOCUMENT_PREFIX
        # sha256 → "<ID or - or M>|<archive path>" of every document taken before
        self.known = {k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)}
        self.next_id = int(state.get(schema.STATE_NEXT_ID) or 1)
        self.state: dict[str, str | None] = {}
        self.archive = Archive(port.folder)
        self.existing = port.read_rows(PAYMENTS)
        # The firm's own name is never the seller (it stands in the recipient block).
        values = settings(port)
        self.own_names = [v for v in (values.get("Eigene Firma"), values.get("Mandant")) if v]
        self.updates: dict[int, dict[str, Any]] = {}

    def take(self, document: Document) -> None:
        self.summary.documents += 1
        key = _document_key(document)
        if key in self.known:
            self._skip_known(document, self.known[key])
            return
        self.known[key] = ""
        self.port.progress(texts.PROGRESS_DOCUMENT.format(name=document.name))
        reading, stored = self._read_and_archive(document)
        invoice = reading.invoice
        if invoice.kind is DocumentKind.NOT_INVOICE:
            reason = invoice.not_invoice_reason or texts.NOT_AN_INVOICE
            self.summary.not_invoices.append(f"{document.name} ({reason})")
            self.state[schema.STATE_DOCUMENT_PREFIX + key] = f"-|{stored or ''}"
            return
        if invoice.kind is DocumentKind.REMINDER and self._mark_reminded(invoice, document, stored):
            self.state[schema.STATE_DOCUMENT_PREFIX + key] = f"M|{stored or ''}"
            return
        row_id = self._add_row(invoice, document, stored, reading.view_html)
        self.state[schema.STATE_DOCUMENT_PREFIX + key] = f"{row_id}|{stored or ''}"

    def _skip_known(self, document: Document, taken: str) -> None:
        """Count a document taken before; name it when its row is gone from the list."""
        self.summary.duplicates += 1
        log.info("skipped known document %s", document.name)
        row_id, _, stored = taken.partition("|")
        ids = {str(r.get(C.ID)) for r in self.existing} | {
            str(r[C.ID]) for r in self.summary.new_rows
        }
        if row_id.isdigit() and row_id not in ids:
            self.summary.missing_rows.append(
                texts.KNOWN_ROW_MISSING.format(name=document.name, id=row_id, file=stored)
            )

    def _read_and_archive(self, document: Document) -> tuple[Reading, str | None]:
        stored = None
        if document.data:
            stored = self.archive.store(document.name, document.data, document.received)
            for name, data in document.companions:
                self.archive.store(name, data, document.received)
        if document.problem:
            return Reading(unreadable(document.problem)), stored
        return read_document(document.data, document.name, self.own_names), stored

    def _add_row(
        self, invoice: Invoice, document: Document, stored: str | None, view: str | None
    ) -> int:
        self.checker.check(invoice, document.sender, new_id=self.next_id)
        if document.related:
            invoice.notes.append(texts.RELATED_FILES.format(names=", ".join(document.related)))
        invoice.choose_skonto(self.today)
        link = None
        if stored is not None:
            target = stored
            if view is not None:
                target = self.archive.store_beside(stored, ".html", view.encode("utf-8"))
            link = Link(target=target, text=target.rsplit("/", 1)[-1])
        pay_by = self.checker.pay_by(invoice)
        row = rowmap.invoice_to_row(
            invoice,
            row_id=self.next_id,
            received=document.received,
            pay_by=pay_by,
            document=link,
            source=document.source,
        )
        self.summary.new_rows.append(row)
        if invoice.skonto is not None and invoice.skonto.base is not None:
            # The row has no column for the document's Skonto base; pruefen needs it to
            # recompute Betrag mit Skonto the way the document does (XRechnung BASISBETRAG).
            key = f"{schema.STATE_SKONTO_BASE_PREFIX}{self.next_id}"
            self.state[key] = str(invoice.skonto.base)
        self.next_id += 1
        return int(row[C.ID])

    def _mark_reminded(self, reminder: Invoice, document: Document, stored: str | None) -> bool:
        """Note a Mahnung on the invoice it reminds of; False when that row is unknown."""
        target = _find_invoice(self.existing, reminder)
        if target is None:
            reminder.add(
                Finding(
                    "reminder.unknown",
                    texts.REMINDER_UNKNOWN.format(number=reminder.reminder_for or "?"),
                )
            )
            return False
        note = texts.REMINDER_NOTE.format(
            date=texts.german_date(document.received), file=stored or ""
        )
        changes = self.updates.setdefault(target[ROW], {})
        changes[C.BEMERKUNG] = _append_text(target.get(C.BEMERKUNG), note)
        changes[C.HINWEIS] = _append_text(target.get(C.HINWEIS), _reminder_check(target))
        if target.get(C.STATUS) in (None, "", Status.OFFEN.value):
            changes[C.STATUS] = Status.PRUEFEN.value
        target.update(changes)
        self.summary.reminders.append(f"{reminder.reminder_for} ({document.name})")
        return True

    def finish(self, source_state: dict[str, str]) -> None:
        self.port.append_rows(PAYMENTS, self.summary.new_rows)
        if self.updates:
            self.port.update_rows(PAYMENTS, self.updates)
        self.checker.finish(self.port)
        self.state[schema.STATE_NEXT_ID] = str(self.next_id)
        self.state.update(source_state)
        self.port.write_state(self.state)


def _document_key(document: Document) -> str:
    """SHA-256 of the content; a problem without content is keyed by where it came from."""
    if document.data:
        return document.sha256
    text = f"{document.source}|{document.name}|{document.problem}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _reminder_check(target: Row) -> str:
    """What a person must do about a reminder; for a paid invoice, ask after the payment."""
    paid_on = target.get(C.BEZAHLT_AM)
    if target.get(C.STATUS) == Status.BEZAHLT.value and isinstance(paid_on, date):
        amount = target.get(C.BEZAHLT_BETRAG)
        return texts.REMINDER_PAID_CHECK.format(
            date=texts.german_date(paid_on),
            amount=texts.money(amount) if amount is not None else "?",
            currency=target.get(C.WAEHRUNG) or "EUR",
        )
    return texts.REMINDER_CHECK


def _find_invoice(rows: list[Row], reminder: Invoice) -> Row | None:
    wanted = normalise_number(reminder.reminder_for)
    if not wanted:
        return None
    for row in rows:
        if normalise_number(row.get(C.NUMMER)) == wanted:
            return row
    return None


def _append_text(old: object, new: str) -> str:
    old_text = str(old or "").strip()
    if new in old_text:
        return old_text
    return f"{old_text}{rowmap.SEPARATOR}{new}" if old_text else new
