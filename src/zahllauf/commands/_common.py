"""What the command modules share: the --mappe option and German output helpers."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from zahllauf import texts
from zahllauf.port import Row

DEFAULT_WORKBOOK = "Zahlungsliste.xlsx"


def add_workbook_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mappe", type=Path, default=Path(DEFAULT_WORKBOOK), metavar="PFAD", help=texts.HELP_MAPPE
    )


def german(value: Any) -> str:
    """A cell value as a German reader expects it (1.234,56; 04.12.2026)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return texts.money(value)
    if isinstance(value, date):
        return texts.german_date(value)
    return str(value)


def table(rows: Sequence[Row], headers: Sequence[str], widths: Sequence[int]) -> str:
    """A plain-text table of some columns, cut to the given widths."""
    lines = [" ".join(h[:w].ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append(" ".join("-" * w for w in widths))
    for row in rows:
        cells = [_cut(german(row.get(h)), w) for h, w in zip(headers, widths, strict=True)]
        lines.append(" ".join(cells).rstrip())
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
