"""The check job: re-run every check on every unpaid row (Offen, Prüfen, Freigegeben, empty).

People edit the Zahlungsliste by hand (a corrected IBAN, a typed due date, a row of their
own), so the checks run again on what the row holds now. A status a person set
(Freigegeben, Bezahlt, Lastschrift, Storniert) is never changed; a status no one knows
(a typo such as "Erledigt") is not changed either, but said in Prüfhinweis. A row of a file
nothing could be read from keeps only its hint until a person types values into it. A
Prüfen row a person set to Offen or Freigegeben has its findings acknowledged (state
``quittiert.<ID>``): only a new or changed finding makes it Prüfen again, and an IBAN
finding only clears with a confirmed IBAN (see :mod:`zahllauf.checks.acknowledge`). A
Freigegeben row is checked too: its Prüfhinweis and derived cells are updated, its status
never. Writes Status,
Prüfhinweis, Zahlen bis, Betrag mit Skonto (recomputed from Betrag as it stands) and any
IBAN, BIC or due date taken from the supplier master.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from zahllauf import schema, texts
from zahllauf.checks import Checker, is_credit_note
from zahllauf.checks.acknowledge import (
    AckState,
    KeyFunction,
    finding_key,
    parse_hint,
    review,
    written_by,
    written_by_checks,
)
from zahllauf.jobs import rows as rowmap
from zahllauf.model import DocumentKind, Finding, Invoice, Severity, Status
from zahllauf.port import ROW, Row, WorkbookPort
from zahllauf.schema import C

log = logging.getLogger(__name__)

PAYMENTS = schema.PAYMENTS.name
OPEN = (Status.OFFEN, Status.PRUEFEN)
# The cells a reader fills; a row with none of them has had nothing read (or typed) yet.
READ_COLUMNS = (C.LIEFERANT, C.NUMMER, C.DATUM, C.FAELLIG, C.BETRAG, C.IBAN)


@dataclass
class Summary:
    """What a check run did."""

    checked: int = 0
    to_check: int = 0
    open: int = 0
    changed: int = 0
    new_suppliers: int = 0
    unknown_status: int = 0
    released: int = 0
    released_hints: int = 0
    land_note: str | None = None
    seconds: float = 0.0

    def text(self) -> str:
        line = texts.PRUEFEN_SUMMARY.format(
            checked=texts.count(self.checked, "offene Zeile", "offene Zeilen"),
            pruefen=self.to_check,
            offen=self.open,
            changed=texts.count(self.changed, "Zeile", "Zeilen"),
            suppliers=texts.count(self.new_suppliers, "neuer Lieferant", "neue Lieferanten"),
        )
        lines = [line]
        if self.released:
            lines.append(
                texts.PRUEFEN_RELEASED.format(
                    count=texts.count(self.released, "freigegebene Zeile", "freigegebene Zeilen"),
                    hints=self.released_hints,
                )
            )
        if self.unknown_status:
            rows = texts.count(self.unknown_status, "Zeile", "Zeilen")
            lines.append(texts.PRUEFEN_STATUS_UNKNOWN.format(count=rows))
        if self.land_note:
            lines.append(self.land_note)
        return "\n".join(lines)


@dataclass(frozen=True)
class Outcome:
    """The result for one row: the cells to change and the acknowledged fingerprints."""

    status: Status
    changes: dict[str, Any]
    state: AckState
    needs_person: bool = False


def pruefen(port: WorkbookPort, today: date) -> Summary:
    """Re-check all open rows of the Zahlungsliste on ``port`` and write the results."""
    started = time.monotonic()
    port.progress("Prüfe offene Zeilen …")
    checker = Checker.from_port(port, today)
    state = port.read_state()
    summary = Summary(land_note=_land_note(checker))
    updates: dict[int, dict[str, Any]] = {}
    state_changes: dict[str, str | None] = {}
    for row in port.read_rows(PAYMENTS):
        _review_row(checker, row, state, updates, state_changes, summary)
    summary.new_suppliers = checker.finish(port)
    if updates:
        port.update_rows(PAYMENTS, updates)
    if state_changes:
        port.write_state(state_changes)
    summary.changed = len(updates)
    summary.seconds = time.monotonic() - started
    log.info(
        "%d open rows checked, %d to check, %d changed in %.1f s",
        summary.checked,
        summary.to_check,
        summary.changed,
        summary.seconds,
    )
    return summary


def _review_row(
    checker: Checker,
    row: Row,
    state: dict[str, str],
    updates: dict[int, dict[str, Any]],
    state_changes: dict[str, str | None],
    summary: Summary,
) -> None:
    status = row_status(row)
    if status is None:
        summary.unknown_status += 1
        _put(updates, row, _status_hint(row, unknown=True))
        return
    if status not in OPEN:
        _put(updates, row, _status_hint(row, unknown=False))
    if status not in (*OPEN, Status.FREIGEGEBEN):
        return
    key = _ack_key(row)
    before = AckState.load(state.get(key)) if key else AckState()
    base = state.get(f"{schema.STATE_SKONTO_BASE_PREFIX}{row.get(C.ID)}")
    outcome = recheck(checker, row, status, before, Decimal(base) if base else None)
    if outcome.changes:
        updates[row[ROW]] = outcome.changes
    if key and outcome.state != before:
        state_changes[key] = outcome.state.dump()
    if status in OPEN:
        summary.checked += 1
        summary.to_check += outcome.status is Status.PRUEFEN
        summary.open += outcome.status is Status.OFFEN
    else:
        summary.released += 1
        summary.released_hints += outcome.needs_person


def _put(updates: dict[int, dict[str, Any]], row: Row, hint: str | None) -> None:
    """Record ``hint`` as the row's new Prüfhinweis where it differs from the cell."""
    if _differs(row.get(C.HINWEIS), hint):
        updates[row[ROW]] = {C.HINWEIS: hint}


def _status_hint(row: Row, *, unknown: bool) -> str | None:
    """The Prüfhinweis of a row whose status this job leaves alone.

    An unknown status is said in the first line (the status itself is not changed: only a
    person knows whether "Erledigt" meant paid); once the status is valid again, that line
    goes. Otherwise the cell stays as it is.
    """
    cell = row.get(C.HINWEIS)
    lines = [f.text for f in parse_hint(cell)]
    kept = [line for line in lines if not written_by(line, texts.STATUS_UNKNOWN)]
    if unknown:
        allowed = ", ".join(s.value for s in Status)
        status = str(row.get(C.STATUS)).strip()
        kept.insert(0, texts.STATUS_UNKNOWN.format(status=status, allowed=allowed))
    elif kept == lines:
        return cell if isinstance(cell, str) or cell is None else str(cell)
    return rowmap.SEPARATOR.join(kept) or None


def row_status(row: Row) -> Status | None:
    """The row's status; an empty cell counts as Offen, an unknown text as None."""
    text = str(row.get(C.STATUS) or "").strip()
    if not text:
        return Status.OFFEN
    for status in Status:
        if status.value.lower() == text.lower():
            return status
    return None


def recheck(
    checker: Checker,
    row: Row,
    status: Status,
    before: AckState,
    skonto_base: Decimal | None = None,
) -> Outcome:
    """Run the checks on one row and decide its status; a Freigegeben row only acknowledges.

    ``skonto_base`` is the document's own Skonto base (XRechnung BASISBETRAG), kept in the
    state at fetch time, so Betrag mit Skonto is recomputed as the document computes it.
    """
    shown = parse_hint(row.get(C.HINWEIS))
    invoice = rowmap.row_to_invoice(row)
    if invoice.skonto is not None and skonto_base is not None:
        invoice.skonto = replace(invoice.skonto, base=skonto_base)
    kept = [f for f in shown if not written_by_checks(f.text)]
    for finding in kept:
        invoice.add(finding)  # a reader's finding, a reminder or a person's note stays
    if kept and _nothing_read(row):
        # An unreadable file's row: its hint says what to do; the checks would only add
        # that each field is missing. They run once a person has typed a value.
        invoice.kind = DocumentKind.UNREADABLE
    row_id = row.get(C.ID)
    checker.check(
        invoice, row_id=row_id if isinstance(row_id, int) else None, sheet_row=row.get(ROW)
    )
    decided = review(status, shown, invoice.findings, before, _key_for(invoice))
    values = _values(checker, invoice, decided.status)
    values[C.BEMERKUNG] = _remark(row.get(C.BEMERKUNG), invoice)
    if status is Status.FREIGEGEBEN:
        del values[C.STATUS]  # a person's release is never overridden; the hint is updated
    changes = {h: v for h, v in values.items() if _differs(row.get(h), v)}
    return Outcome(decided.status, changes, decided.state, invoice.needs_person)


def _nothing_read(row: Row) -> bool:
    return all(row.get(h) in (None, "") for h in READ_COLUMNS)


def _key_for(invoice: Invoice) -> KeyFunction:
    """Fingerprints that include the value a finding is about (e.g. the IBAN)."""

    def key(finding: Finding) -> str:
        detail = getattr(invoice, finding.field, None) if finding.field else None
        if isinstance(detail, str):
            detail = "".join(detail.split()).upper()  # "DE89 3704 …" is "DE893704…"
        return finding_key(finding, detail)

    return key


def _values(checker: Checker, invoice: Invoice, status: Status) -> dict[str, Any]:
    values: dict[str, Any] = {
        C.STATUS: status.value,
        C.HINWEIS: rowmap.check_text(invoice.findings),
    }
    # Derived or filled from the supplier master (each fill said so in a finding). Where
    # nothing could be computed, what a person typed stays.
    filled = {
        C.ZAHLEN_BIS: checker.pay_by(invoice),
        # Recomputed from Betrag as it stands now, so a hand-changed amount never leaves a
        # stale figure for the payment step (half-up to the cent, SkontoTerm.discounted).
        C.BETRAG_SKONTO: invoice.skonto_amount(),
        C.IBAN: invoice.iban,
        C.BIC: invoice.bic,
        C.FAELLIG: invoice.due_date,
    }
    values.update({h: v for h, v in filled.items() if v is not None})
    if is_credit_note(invoice):
        values[C.ZAHLEN_BIS] = None  # netted against open invoices, never paid by a date
        values.pop(C.BETRAG_SKONTO, None)  # netted as it stands, without Skonto
    return values


def _remark(cell: Any, invoice: Invoice) -> Any:
    """Bemerkung: the lines no check wrote, then this run's informational findings.

    Notes a check wrote ("Neuer Lieferant …", "… bald zahlen", "Zahlen bis auf …
    vorgezogen") are replaced on each re-check, like Prüfhinweis lines, so that none stays
    after it stopped being true; a person's own text and a reader's notes stay. A cell
    whose lines do not change is left as it is (its line breaks too).
    """
    if cell is None or cell == "":
        lines: list[str] = []
    else:
        lines = [f.text for f in parse_hint(str(cell))]
    kept = [line for line in lines if not written_by_checks(line)]
    info = [f.text for f in invoice.findings if f.severity is Severity.INFO]
    remark = list(dict.fromkeys(kept + info))
    if remark == lines:
        return cell
    return rowmap.SEPARATOR.join(remark) or None


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() != new.strip()
    return (old if old != "" else None) != new


def _ack_key(row: Row) -> str | None:
    row_id = row.get(C.ID)
    return f"{schema.STATE_ACK_PREFIX}{row_id}" if isinstance(row_id, int) else None


def _land_note(checker: Checker) -> str | None:
    if checker.bundesland_unknown:
        return texts.PRUEFEN_LAND_UNKNOWN.format(value=checker.bundesland_setting)
    if checker.bundesland is None:
        return texts.PRUEFEN_LAND_MISSING
    return None


__all__ = ["Outcome", "Summary", "pruefen", "recheck", "row_status"]
