"""The supplier master (sheet Lieferanten): matching, new-supplier proposals, the IBAN guard.

A supplier is found by VAT id, then IBAN, then sender address or mail domain, then
normalised name. The sender is the weakest key (a billing portal sends many firms'
invoices from one address): it never overrules the invoice's own VAT id, IBAN or name, and
an address several suppliers share is no key at all. A new supplier gets a proposed row;
its first IBAN is proposed, not trusted, until a person enters "IBAN bestätigt am". An
invoice IBAN that differs from the confirmed one is the classic invoice fraud (a forged
"new bank account" letter) and always needs a person.

A supplier found by VAT id, IBAN or an earlier match whose normalised name differs
from the invoice's is a name conflict, never silently the same supplier: the invoice is
Prüfen ("Name passt nicht zur USt-IdNr./IBAN von Lieferant X"), nothing is written into
that supplier's row, and other checks do not use its terms or its invoices. Money to an
IBAN confirmed for another name is not confirmed for this one.

Every finding that needs a person here depends only on the invoice and the master data as
they are, never on what happened earlier in the run: a re-check (``zahllauf pruefen``) of
the same row against the same master must raise the same finding, or a row would pass as
soon as its supplier's proposed row had been written.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from zahllauf import texts
from zahllauf.checks.dates import is_credit_note
from zahllauf.checks.iban import masked, normalise_iban
from zahllauf.model import Finding, Invoice, PaymentMeans, Severity
from zahllauf.port import ROW

log = logging.getLogger(__name__)


class L:
    """Header names of the Lieferanten sheet."""

    NAME = "Name"
    UST_ID = "USt-IdNr."
    IBAN = "IBAN"
    IBAN_BESTAETIGT = "IBAN bestätigt am"
    BIC = "BIC"
    ABSENDER = "Absender"
    ZIEL_TAGE = "Zahlungsziel Tage"
    SKONTO_PROZENT = "Skonto %"
    SKONTO_TAGE = "Skonto Tage"
    BAU = "Bauleistung"
    FREISTELLUNG = "Freistellung gültig bis"
    BEMERKUNG = "Bemerkung"


# Mail domains shared by many senders: a domain match there says nothing about the supplier.
FREEMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "web.de", "gmx.de", "gmx.net", "gmx.com", "t-online.de",
        "freenet.de", "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "live.com",
        "live.de", "yahoo.com", "yahoo.de", "icloud.com", "me.com", "aol.com", "aol.de",
        "mail.de", "posteo.de", "mailbox.org", "arcor.de", "online.de", "1und1.de", "email.de",
    }
)  # fmt: skip

# Legal forms dropped from a name before comparing, longest first ("GmbH & Co. KG" before
# "GmbH"); compared on the already simplified name (lower case, umlauts spelled out).
_LEGAL_FORMS = (
    "gmbh & co. kgaa", "gmbh & co. kg", "gmbh & co kg", "gmbh u. co. kg", "gmbh und co. kg",
    "ag & co. kg", "ug (haftungsbeschraenkt) & co. kg", "ug (haftungsbeschraenkt)",
    "ug haftungsbeschraenkt", "gmbh", "mbh", "kgaa", "ag", "kg", "ohg", "gbr", "e.k.", "e. k.",
    "ek", "e.kfm.", "e.kfr.", "ug", "e.v.", "ev", "se", "partg mbb", "partg", "inh.", "ltd.",
    "ltd", "b.v.", "bv", "s.a.r.l.", "sarl", "gesmbh",
)  # fmt: skip


def _remark_pattern(template: str) -> re.Pattern[str]:
    """A regex for remark lines written from ``template`` (the creation day as ``date``)."""
    day = r"\d{2}\.\d{2}\.\d{4}"
    pattern = re.escape(template).replace(r"\{date\}", f"(?P<date>{day})")
    return re.compile(pattern.replace(r"\{confirmed\}", day))


# The remark lines about the IBAN the checks write on a new Lieferanten row, and update.
_IBAN_REMARKS = tuple(
    _remark_pattern(t)
    for t in (
        texts.SUPPLIER_NEW_REMARK,
        texts.SUPPLIER_NEW_REMARK_NO_IBAN,
        texts.SUPPLIER_NEW_REMARK_CONFIRMED,
    )
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
_TRUE_WORDS = frozenset({"ja", "j", "x", "1", "wahr", "true", "yes", "bau", "bauleistung"})
_WS = re.compile(r"\s+")


def simplify(text: str) -> str:
    """Lower case, umlauts spelled out, accents dropped, single spaces.

    >>> simplify("  Müller   Gartenbau ")
    'mueller gartenbau'
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return _WS.sub(" ", text).strip()


def normalise_name(name: str | None) -> str:
    """A company name reduced for comparison: no legal form, umlauts, spacing or punctuation.

    >>> normalise_name("Grün & Söhne GmbH & Co. KG") == normalise_name("GRUEN & SOEHNE GMBH")
    True
    """
    if not name:
        return ""
    text = simplify(name).replace("+", "&").replace(" und ", " & ")
    for form in _LEGAL_FORMS:
        text = re.sub(rf"(?:^|(?<=[\s,]))({re.escape(form)})(?=$|[\s,])", " ", text)
    return re.sub(r"[^a-z0-9]", "", text)


def normalise_vat_id(value: str | None) -> str:
    """A VAT id without spaces and dots, upper case.

    >>> normalise_vat_id("de 123.456.789")
    'DE123456789'
    """
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def mail_parts(value: str | None) -> tuple[str, str]:
    """(address, domain) of a sender such as ``"Firma <rechnung@firma.de>"``, lower case."""
    if not value:
        return "", ""
    found = re.search(r"[\w.+\-]+@([\w\-]+\.)+[a-z]{2,}", value.lower())
    if found is None:
        return "", ""
    address = found.group(0)
    return address, address.rsplit("@", 1)[1]


@dataclass(eq=False)
class Supplier:
    """One row of the Lieferanten sheet, as the checks need it."""

    row: int | None
    name: str = ""
    vat_id: str = ""
    iban: str | None = None
    iban_confirmed: date | None = None
    bic: str | None = None
    senders: list[str] = field(default_factory=list)
    term_days: int | None = None
    skonto_percent: Decimal | None = None
    skonto_days: int | None = None
    construction: bool = False
    exemption_until: date | None = None
    debits: bool = False  # proposed from a direct-debit invoice (not a Lieferanten column)
    remark: str = ""

    @property
    def key(self) -> str:
        """A stable key for grouping invoices of this supplier."""
        if self.row is not None:
            return f"lieferant:{self.row}"
        return f"name:{self.match_name}"

    @property
    def match_name(self) -> str:
        return normalise_name(self.name)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Supplier:
        """Read a Lieferanten row leniently: odd cell values become None, never an error."""
        return cls(
            row=row.get(ROW),
            name=str(row.get(L.NAME) or "").strip(),
            vat_id=normalise_vat_id(_text(row.get(L.UST_ID))),
            iban=normalise_iban(_text(row.get(L.IBAN))),
            iban_confirmed=_as_date(row.get(L.IBAN_BESTAETIGT)),
            bic=normalise_iban(_text(row.get(L.BIC))),
            senders=_senders(_text(row.get(L.ABSENDER))),
            term_days=_as_int(row.get(L.ZIEL_TAGE)),
            skonto_percent=_as_decimal(row.get(L.SKONTO_PROZENT)),
            skonto_days=_as_int(row.get(L.SKONTO_TAGE)),
            construction=_as_bool(row.get(L.BAU)),
            exemption_until=_as_date(row.get(L.FREISTELLUNG)),
            remark=str(row.get(L.BEMERKUNG) or ""),
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _senders(value: str | None) -> list[str]:
    return [s.strip().lower() for s in re.split(r"[,;\s]+", value or "") if s.strip()]


def _as_date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _as_int(value: Any) -> int | None:
    try:
        return None if value in (None, "") else int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _as_decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUE_WORDS


@dataclass
class SupplierChanges:
    """What the checks want written to Lieferanten: new rows and cell changes by row."""

    new_rows: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)


class SupplierMaster:
    """The Lieferanten sheet in memory; proposals are gathered, not written."""

    def __init__(self, suppliers: list[Supplier], today: date) -> None:
        self.suppliers = suppliers
        self.today = today
        self._new: list[Supplier] = []
        self._updates: dict[int, dict[str, Any]] = {}

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]], today: date) -> SupplierMaster:
        suppliers = [Supplier.from_row(r) for r in rows if r.get(L.NAME) or r.get(L.IBAN)]
        master = cls(suppliers, today)
        for supplier in suppliers:
            master._refresh_remark(supplier)
        return master

    def _refresh_remark(self, supplier: Supplier) -> None:
        """Rewrite a remark line the checks wrote once it no longer holds (a person's stay).

        "IBAN noch nicht bestätigt" must go when "IBAN bestätigt am" is filled, "noch keine
        IBAN" when an IBAN is entered: a stale remark misleads whoever reads the sheet.
        """
        if supplier.row is None or not supplier.remark:
            return
        lines = supplier.remark.splitlines()
        fresh = [self._fresh_line(line, supplier) for line in lines]
        if fresh != lines:
            supplier.remark = "\n".join(fresh)
            self._updates.setdefault(supplier.row, {})[L.BEMERKUNG] = supplier.remark

    @staticmethod
    def _fresh_line(line: str, supplier: Supplier) -> str:
        found = [m for m in (p.fullmatch(line.strip()) for p in _IBAN_REMARKS) if m]
        if not found:
            return line
        created = found[0].group("date")
        if supplier.iban is None:
            return texts.SUPPLIER_NEW_REMARK_NO_IBAN.format(date=created)
        if supplier.iban_confirmed is None:
            return texts.SUPPLIER_NEW_REMARK.format(date=created)
        confirmed = texts.german_date(supplier.iban_confirmed)
        return texts.SUPPLIER_NEW_REMARK_CONFIRMED.format(date=created, confirmed=confirmed)

    def match(
        self, invoice: Invoice, sender: str | None = None, known: str | None = None
    ) -> Supplier | None:
        """The supplier of an invoice, by VAT id, IBAN, sender, domain, name, then ``known``.

        The invoice's own identifiers come first. The mail sender is the weakest key: one
        address of a billing portal, a scanner mailbox or the owner forwarding carries many
        firms' invoices. It picks a supplier only when VAT id and IBAN point to no supplier,
        the address (or domain) belongs to this supplier alone, and the invoice's name, if
        any, is this supplier's. A VAT id or IBAN nobody holds under another name is a new
        supplier, not the sender's.

        ``known`` is the master name an earlier run matched the invoice to (by VAT id or
        sender, which a Zahlungsliste row does not keep); it counts only when nothing else
        matches, so a supplier a person typed into the row wins.
        """
        vat_id = normalise_vat_id(invoice.seller_vat_id)
        iban = normalise_iban(invoice.iban)
        name = normalise_name(invoice.seller_name)
        strong = (
            lambda s: bool(vat_id) and s.vat_id == vat_id,
            lambda s: iban is not None and s.iban == iban,
        )
        for supplier in self.suppliers:
            if name and supplier.match_name == name and any(t(supplier) for t in strong):
                return supplier  # name and VAT id/IBAN agree (shared VAT ids exist)
        for test in strong:
            for supplier in self.suppliers:
                if test(supplier):
                    return supplier  # another name: a conflict the check raises
        found = self._by_sender(sender or invoice.seller_email, name)
        if found is not None:
            return found
        earlier = normalise_name(known)
        for wanted in (name, earlier):
            for supplier in self.suppliers:
                if wanted and supplier.match_name == wanted:
                    return supplier
        return None

    def _by_sender(self, sender: str | None, name: str) -> Supplier | None:
        """The one supplier holding the sender's address (or domain) whose name agrees."""
        address, domain = mail_parts(sender)
        keys = [address] if domain in FREEMAIL_DOMAINS else [address, domain]
        for key in keys:
            holders = [s for s in self.suppliers if key and key in s.senders]
            if len(holders) != 1:
                continue  # a portal address several suppliers use names none of them
            supplier = holders[0]
            if not name or not supplier.match_name or supplier.match_name == name:
                return supplier
        return None

    def check(
        self, invoice: Invoice, sender: str | None = None, known: str | None = None
    ) -> Supplier | None:
        """Match the supplier, fill a missing IBAN, propose master changes, guard the IBAN.

        Returns the matched (or newly proposed) supplier, so other checks can use its terms.
        ``known``: the master name an earlier run matched this invoice to (see :meth:`match`).
        """
        supplier = self.match(invoice, sender, known)
        if supplier is None:
            supplier = self._propose_new(invoice, sender)
        if supplier is None:
            return None
        if name_conflict(invoice, supplier):
            text = texts.SUPPLIER_NAME_CONFLICT.format(name=supplier.name)
            invoice.add(Finding(CONFLICT_CODE, text, "seller_name"))
            for finding in self._conflict_iban_guard(invoice, supplier):
                invoice.add(finding)
            return supplier
        self._fill_from_master(invoice, supplier)
        self._complete_master(invoice, supplier, sender)
        for finding in self._iban_guard(invoice, supplier):
            invoice.add(finding)
        return supplier

    @staticmethod
    def _sends_money(invoice: Invoice) -> bool:
        """Whether the invoice is paid by transfer to its IBAN, so the IBAN must be safe.

        A direct debit is drawn by the supplier; a credit note is netted against open
        invoices or refunded to us: neither sends money to the invoice's IBAN.
        """
        if invoice.payment_means is PaymentMeans.DIRECT_DEBIT:
            return False
        return not is_credit_note(invoice)

    def _conflict_iban_guard(self, invoice: Invoice, supplier: Supplier) -> list[Finding]:
        """The IBAN of an invoice whose name is not the matched supplier's.

        It differs from that supplier's IBAN: as usual. It is that supplier's IBAN: it is
        confirmed for the other name only, so not confirmed for this invoice.
        """
        iban = normalise_iban(invoice.iban)
        if iban is not None and supplier.iban is not None and iban != supplier.iban:
            return self._iban_guard(invoice, supplier)
        if iban is None or not self._sends_money(invoice):
            return []
        return [Finding("iban.unbestaetigt", texts.IBAN_UNCONFIRMED, "iban")]

    def _propose_new(self, invoice: Invoice, sender: str | None) -> Supplier | None:
        if not invoice.seller_name:
            invoice.add(Finding("lieferant.unbekannt", texts.SUPPLIER_UNKNOWN, "seller_name"))
            return None
        supplier = Supplier(
            row=None,
            name=invoice.seller_name.strip(),
            vat_id=normalise_vat_id(invoice.seller_vat_id),
            iban=normalise_iban(invoice.iban),
            bic=normalise_iban(invoice.bic),
            debits=invoice.payment_means is PaymentMeans.DIRECT_DEBIT,
        )
        address, _ = mail_parts(sender or invoice.seller_email)
        if self._own_sender(supplier, address):
            supplier.senders = [address]
        self.suppliers.append(supplier)
        self._new.append(supplier)
        log.info("new supplier proposed (IBAN %s)", masked(supplier.iban or "----"))
        invoice.add(Finding("lieferant.neu", texts.SUPPLIER_NEW, "seller_name", Severity.INFO))
        return supplier

    @staticmethod
    def _fill_from_master(invoice: Invoice, supplier: Supplier) -> None:
        """Take a missing IBAN from the master, and say so (the guard then judges it).

        Only from a Lieferanten row a person can see: a supplier proposed earlier in this
        run holds what one other document said, which is no master data yet.
        """
        if normalise_iban(invoice.iban) is not None or supplier.iban is None:
            return
        if supplier.row is None:
            return
        if invoice.payment_means is PaymentMeans.DIRECT_DEBIT:
            return
        invoice.iban = supplier.iban
        invoice.bic = invoice.bic or supplier.bic
        invoice.add(Finding("iban.aus_stammdaten", texts.IBAN_FROM_MASTER, "iban", Severity.INFO))

    @classmethod
    def _iban_guard(cls, invoice: Invoice, supplier: Supplier) -> list[Finding]:
        """The IBAN against the master: changed, or not yet confirmed by a person.

        A supplier without an IBAN in the master (one proposed from a direct-debit invoice
        earlier in the same run, or whose IBAN belongs to another supplier) has nothing
        confirmed either: a transfer to the invoice's IBAN needs a person. A credit note
        sends no money, so its IBAN is not judged.
        """
        iban = normalise_iban(invoice.iban)
        if iban is None or is_credit_note(invoice):
            return []
        if supplier.iban is None:
            if not cls._sends_money(invoice):
                return []
            return [Finding("iban.unbestaetigt", texts.IBAN_UNCONFIRMED, "iban")]
        if iban != supplier.iban and supplier.iban_confirmed is not None:
            log.warning("IBAN differs from confirmed one (%s)", masked(iban))
            return [Finding("iban.abweichend", texts.IBAN_CHANGED, "iban")]
        if iban != supplier.iban:
            return [Finding("iban.abweichend", texts.IBAN_DIFFERS_UNCONFIRMED, "iban")]
        if supplier.iban_confirmed is None and cls._sends_money(invoice):
            # Money goes to an IBAN nobody has confirmed: a new supplier's, or one proposed
            # to the master from an invoice. "IBAN bestätigt am" is the only way out.
            return [Finding("iban.unbestaetigt", texts.IBAN_UNCONFIRMED, "iban")]
        return []

    def _complete_master(self, invoice: Invoice, supplier: Supplier, sender: str | None) -> None:
        """Fill empty master cells from the invoice; never overwrite what a person entered.

        A supplier proposed earlier in this run (no sheet row yet) takes the IBAN into its
        proposal. An IBAN or VAT id some other supplier holds is never copied.
        """
        iban = normalise_iban(invoice.iban)
        if supplier.iban is None and iban is not None and not self._held_by_other(supplier, iban):
            supplier.iban = iban
            supplier.bic = supplier.bic or normalise_iban(invoice.bic)
            if supplier.row is not None:
                self._updates.setdefault(supplier.row, {})[L.IBAN] = iban
                self._refresh_remark(supplier)
                code, text = "iban.vorgeschlagen", texts.IBAN_PROPOSED
                invoice.add(Finding(code, text, "iban", Severity.INFO))
        if supplier.row is None:
            return
        changes: dict[str, Any] = {}
        vat_id = normalise_vat_id(invoice.seller_vat_id)
        if not supplier.vat_id and vat_id and not self._held_by_other(supplier, vat_id):
            supplier.vat_id = changes[L.UST_ID] = vat_id
        address, _ = mail_parts(sender or invoice.seller_email)
        if not supplier.senders and self._own_sender(supplier, address):
            supplier.senders = [address]
            changes[L.ABSENDER] = address
        if changes:
            self._updates.setdefault(supplier.row, {}).update(changes)

    def _own_sender(self, supplier: Supplier, address: str) -> bool:
        """Whether ``address`` may go into the supplier's row: no other supplier sends from it.

        An address another supplier holds is a portal's or a forwarder's. It goes into no
        row, and is taken back from what this run proposed for the other supplier, so the
        master never ties a shared address to one firm.
        """
        if not address:
            return False
        others = [s for s in self.suppliers if s is not supplier and address in s.senders]
        for other in others:
            self._withdraw_sender(other, address)
        return not others

    def _withdraw_sender(self, supplier: Supplier, address: str) -> None:
        """Take back an address this run proposed for ``supplier`` (a person's entry stays)."""
        if supplier.row is None:
            if supplier in self._new:
                supplier.senders.remove(address)
            return
        pending = self._updates.get(supplier.row, {})
        if pending.get(L.ABSENDER) == address:
            del pending[L.ABSENDER]
            supplier.senders.remove(address)
            if not pending:
                del self._updates[supplier.row]

    def _held_by_other(self, supplier: Supplier, value: str) -> bool:
        """Whether another supplier holds ``value`` as its IBAN or VAT id."""
        return any(
            other is not supplier and value in (other.iban, other.vat_id)
            for other in self.suppliers
        )

    def pending_changes(self) -> SupplierChanges:
        """The proposals gathered since the last call (new rows, cell changes by row)."""
        result = SupplierChanges([self._new_row(s) for s in self._new], self._updates)
        self._new = []
        self._updates = {}
        return result

    def _new_row(self, supplier: Supplier) -> dict[str, Any]:
        if supplier.iban is not None:
            remark = texts.SUPPLIER_NEW_REMARK
        elif supplier.debits:
            remark = texts.SUPPLIER_NEW_REMARK_DEBIT
        else:
            remark = texts.SUPPLIER_NEW_REMARK_NO_IBAN
        return {
            L.NAME: supplier.name,
            L.UST_ID: supplier.vat_id or None,
            L.IBAN: supplier.iban,
            L.IBAN_BESTAETIGT: None,
            L.BIC: supplier.bic,
            L.ABSENDER: ", ".join(supplier.senders) or None,
            L.BEMERKUNG: remark.format(date=texts.german_date(self.today)),
        }


CONFLICT_CODE = "lieferant.name"


def name_conflict(invoice: Invoice, supplier: Supplier) -> bool:
    """Whether the invoice names another firm than the supplier it was matched to."""
    name = normalise_name(invoice.seller_name)
    return bool(name) and bool(supplier.match_name) and name != supplier.match_name


__all__ = [
    "CONFLICT_CODE",
    "FREEMAIL_DOMAINS",
    "L",
    "Supplier",
    "SupplierChanges",
    "SupplierMaster",
    "mail_parts",
    "name_conflict",
    "normalise_name",
    "normalise_vat_id",
    "simplify",
]
