"""The Prüfhinweis cell and acknowledged findings.

The Prüfhinweis lists a row's findings that need a person (see
:func:`zahllauf.jobs.rows.check_text`); a re-check keeps the lines no check wrote (a
reader's finding, a reminder, a person's note). When a person has looked at a Prüfen row
and set it to Offen or Freigegeben, the findings shown at that moment count as
acknowledged: their fingerprints are kept in the state sheet (``quittiert.<ID>``), and only
a new or changed finding makes the row Prüfen again.

Exception, decided for payment safety: an IBAN that differs from the confirmed one, or one
nobody confirmed (:data:`UNACKNOWLEDGEABLE`), is never acknowledged by a status change
alone. It clears only when Lieferanten holds that IBAN with "IBAN bestätigt am" filled,
i.e. after a person phoned the supplier; until then the row is Prüfen on every run. A
status click is too easy a way to send money to a fraudster's account.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from zahllauf import texts
from zahllauf.model import Finding, Status

KeyFunction = Callable[[Finding], str]

HAND_CODE = "hinweis"  # findings read back from the Prüfhinweis text
# Findings a status change does not acknowledge (see the module docstring).
UNACKNOWLEDGEABLE = frozenset({"iban.abweichend", "iban.unbestaetigt"})


def parse_hint(text: str | None) -> list[Finding]:
    """The findings a Prüfhinweis shows, as far as text tells them (all need a person).

    Lines are separated by ``"; "`` (as :mod:`zahllauf.jobs.rows` writes them) or newlines.

    >>> [f.text for f in parse_hint("Keine IBAN – beim Lieferanten erfragen; Rückruf!")]
    ['Keine IBAN – beim Lieferanten erfragen', 'Rückruf!']
    """
    parts = re.split(r";\s+|\n", text or "")
    lines = [p.strip() for p in parts if p.strip()]
    return [Finding(f"{HAND_CODE}.{_text_key(line)}", line) for line in dict.fromkeys(lines)]


def written_by_checks(text: str) -> bool:
    """Whether a Prüfhinweis line is one the checks write (and so re-create on a re-check).

    >>> written_by_checks("Überfällig seit 01.12.2026"), written_by_checks("Rückruf Herr M.")
    (True, False)
    """
    return any(p.fullmatch(text.strip()) for p in _check_patterns())


def written_by(text: str, template: str) -> bool:
    """Whether a Prüfhinweis line is ``template`` filled in.

    >>> written_by("Überfällig seit 01.12.2026", "Überfällig seit {date}")
    True
    """
    return _pattern(template).fullmatch(text.strip()) is not None


@lru_cache(maxsize=1)
def _check_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(_pattern(t) for t in texts.CHECK_TEXTS)


@lru_cache(maxsize=256)
def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


def finding_key(finding: Finding, detail: object = None) -> str:
    """A short fingerprint of a finding: its text and the value it is about.

    The value matters where the text stays the same for another value: an IBAN that
    differs from the confirmed one, acknowledged, and then changed again must raise again.
    """
    return _text_key(f"{finding.text.strip()}|{'' if detail is None else detail}")


def _text_key(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]


def keys(findings: Iterable[Finding], key: KeyFunction = finding_key) -> set[str]:
    """Fingerprints of the findings that need a person."""
    return {key(f) for f in findings if f.needs_person}


@dataclass(frozen=True)
class AckState:
    """What the state sheet keeps per row: acknowledged fingerprints and those last shown.

    ``shown`` is None for a row this job has not yet written (fresh from the fetch job).
    """

    acknowledged: frozenset[str] = frozenset()
    shown: frozenset[str] | None = None

    def dump(self) -> str:
        """``"<acknowledged>|<shown>"``, each a comma-separated list.

        >>> AckState(frozenset({"b", "a"}), frozenset({"c"})).dump()
        'a,b|c'
        """
        shown = "" if self.shown is None else ",".join(sorted(self.shown))
        return f"{','.join(sorted(self.acknowledged))}|{shown}"

    @classmethod
    def load(cls, value: str | None) -> AckState:
        """Read a state value; an older value without ``|`` is acknowledged keys only."""
        acknowledged, _, shown = (value or "").partition("|")
        return cls(_split(acknowledged), _split(shown) if "|" in (value or "") else None)


def _split(text: str) -> frozenset[str]:
    return frozenset(v for v in text.split(",") if v)


@dataclass(frozen=True)
class Review:
    """The outcome for one row: its status and the new state of its acknowledgements."""

    status: Status
    state: AckState


def review(
    status: Status,
    shown: list[Finding],
    current: list[Finding],
    before: AckState,
    key: KeyFunction = finding_key,
) -> Review:
    """Decide a row's status from its current findings and what a person acknowledged.

    Args:
        status: the status in the row now (a person may have changed it).
        shown: the findings the Prüfhinweis showed before this run.
        current: the findings of this run.
        before: the acknowledgement state from the last run.
        key: the fingerprint of a current finding (text and the value it is about).
    """
    acknowledged = set(before.acknowledged)
    if status in (Status.OFFEN, Status.FREIGEGEBEN):
        # This job never leaves a row Offen with unacknowledged findings: what it showed
        # last time on a row that is now Offen or Freigegeben, a person has seen and let pass.
        acknowledged |= _last_shown(before, shown, current, key)
    if status not in (Status.OFFEN, Status.PRUEFEN):
        return Review(status, AckState(frozenset(acknowledged), before.shown))
    now = keys(current, key)
    sticky = any(f.needs_person and f.code in UNACKNOWLEDGEABLE for f in current)
    decided = Status.PRUEFEN if sticky or now - acknowledged else Status.OFFEN
    return Review(decided, AckState(frozenset(acknowledged), frozenset(now)))


def _last_shown(
    before: AckState, shown: list[Finding], current: list[Finding], key: KeyFunction
) -> set[str]:
    if before.shown is not None:
        return set(before.shown)
    # A row fresh from the fetch job: its Prüfhinweis is what the person saw.
    seen = {f.text.strip() for f in shown}
    return keys((f for f in current if f.text.strip() in seen), key)


__all__ = [
    "HAND_CODE",
    "UNACKNOWLEDGEABLE",
    "AckState",
    "KeyFunction",
    "Review",
    "finding_key",
    "keys",
    "parse_hint",
    "review",
    "written_by",
    "written_by_checks",
]
