"""The Prüfhinweis cell and acknowledged findings.

The Prüfhinweis lists a row's findings, one per line; information (not needing a person)
is prefixed with ``Info:``. When a person has looked at a Prüfen row and set it to Offen or
Freigegeben, the findings shown at that moment count as acknowledged: their fingerprints are
kept in the state sheet (``quittiert.<ID>``), and only a new or changed finding makes the
row Prüfen again.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from zahllauf import texts
from zahllauf.model import Finding, Severity, Status

HAND_CODE = "hinweis"  # a Prüfhinweis line no check of this package wrote


def render_hint(findings: Iterable[Finding]) -> str:
    """The Prüfhinweis text: findings needing a person first, then information.

    >>> render_hint([Finding("a", "x", None, Severity.INFO), Finding("b", "y")])
    'y\\nInfo: x'
    """
    findings = list(findings)
    lines = [f.text for f in findings if f.needs_person]
    lines += [texts.HINT_INFO_PREFIX + f.text for f in findings if not f.needs_person]
    return "\n".join(dict.fromkeys(lines))


def parse_hint(text: str | None) -> list[Finding]:
    """The findings of a Prüfhinweis text, as far as text tells them (code ``hinweis``)."""
    findings = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith(texts.HINT_INFO_PREFIX.strip()):
            info = line[len(texts.HINT_INFO_PREFIX.strip()) :].strip()
            findings.append(Finding(HAND_CODE, info, None, Severity.INFO))
        elif line:
            findings.append(Finding(HAND_CODE, line, None))
    return findings


def written_by_checks(text: str) -> bool:
    """Whether a Prüfhinweis line is one the checks write (and so re-create on a re-check).

    >>> written_by_checks("Überfällig seit 01.12.2026"), written_by_checks("Rückruf Herr M.")
    (True, False)
    """
    return any(p.fullmatch(text.strip()) for p in _check_patterns())


@lru_cache(maxsize=1)
def _check_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(_pattern(t) for t in texts.CHECK_TEXTS)


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


def finding_key(finding: Finding) -> str:
    """A short fingerprint of what a finding says (its text, which names the detail)."""
    return hashlib.sha256(finding.text.strip().encode("utf-8")).hexdigest()[:10]


def keys(findings: Iterable[Finding]) -> set[str]:
    """Fingerprints of the findings that need a person."""
    return {finding_key(f) for f in findings if f.needs_person}


def dump_keys(values: set[str]) -> str:
    return ",".join(sorted(values))


def load_keys(value: str | None) -> set[str]:
    return {v for v in (value or "").split(",") if v}


@dataclass(frozen=True)
class Review:
    """The outcome for one open row: its status and the acknowledged fingerprints."""

    status: Status
    acknowledged: set[str]


def review(
    status: Status, shown: list[Finding], current: list[Finding], acknowledged: set[str]
) -> Review:
    """Decide a row's status from its current findings and what a person acknowledged.

    Args:
        status: the status in the row now (a person may have changed it).
        shown: the findings the Prüfhinweis showed before this run.
        current: the findings of this run.
        acknowledged: fingerprints acknowledged earlier.
    """
    if status in (Status.OFFEN, Status.FREIGEGEBEN):
        # This job never leaves a row Offen with unacknowledged findings, so findings shown
        # on an Offen or Freigegeben row are ones a person has seen and let pass.
        acknowledged = acknowledged | keys(shown)
    if status not in (Status.OFFEN, Status.PRUEFEN):
        return Review(status, acknowledged)
    raised = keys(current) - acknowledged
    return Review(Status.PRUEFEN if raised else Status.OFFEN, acknowledged)


__all__ = [
    "HAND_CODE",
    "Review",
    "dump_keys",
    "finding_key",
    "keys",
    "load_keys",
    "parse_hint",
    "render_hint",
    "review",
    "written_by_checks",
]
