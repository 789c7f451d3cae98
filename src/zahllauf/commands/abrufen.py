"""``zahllauf abrufen``: new invoices from the inbox folder or the mailbox into the list."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from zahllauf import texts
from zahllauf.adapters.file_safety import backup_path
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.commands._common import add_workbook_option, table
from zahllauf.errors import NoSourceError
from zahllauf.jobs.abrufen import Summary, fetch
from zahllauf.port import WorkbookPort, settings
from zahllauf.schema import C
from zahllauf.sources.base import Source
from zahllauf.sources.folder import FolderSource

NAME = "abrufen"

TABLE_COLUMNS = (C.ID, C.LIEFERANT, C.NUMMER, C.BETRAG, C.ZAHLEN_BIS, C.STATUS, C.HINWEIS)
TABLE_WIDTHS = (4, 24, 14, 11, 10, 11, 44)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_ABRUFEN, description=texts.HELP_ABRUFEN)
    add_workbook_option(parser)
    parser.add_argument("--ordner", type=Path, metavar="ORDNER", help=texts.HELP_ORDNER)


def run(args: argparse.Namespace) -> int:
    with open_workbook(args.mappe) as workbook:
        today = date.today()
        own = (args.mappe.name, backup_path(args.mappe).name)
        source = choose_source(workbook, args.ordner, today, ignore=own)
        summary = fetch(workbook, source, today=today)
    if summary.documents or summary.source_error is None:
        print_summary(summary)
    if summary.source_error is not None:
        print(f"Fehler: {summary.source_error}", file=sys.stderr)
        return summary.source_error.exit_code
    return 0


def choose_source(
    workbook: WorkbookPort, folder: Path | None, today: date, ignore: tuple[str, ...] = ()
) -> Source:
    """--ordner wins; else the mailbox when configured; else the Eingangsordner setting.

    ``ignore`` names files of the workbook itself, for an inbox that is its own folder.
    """
    if folder is not None:
        return FolderSource(folder, ignore)
    values = settings(workbook)
    # A half-filled mailbox is an error to name, not a reason to fall back to the folder.
    if values.get("Postfach Server") or values.get("Postfach Benutzer"):
        from zahllauf.sources.imap import MailboxSource  # imported only when needed

        return MailboxSource.from_workbook(workbook, today)
    if values.get("Eingangsordner"):
        # "~/Scans" and relative paths (to the workbook's folder) are what people type.
        inbox = workbook.folder / Path(values["Eingangsordner"]).expanduser()
        return FolderSource(inbox, ignore)
    raise NoSourceError()


def print_summary(summary: Summary) -> None:
    print(summary.text())
    if summary.new_rows:
        print()
        print(table(summary.new_rows, TABLE_COLUMNS, TABLE_WIDTHS))
    for name in summary.not_invoices:
        print(texts.NOT_INVOICE_LINE.format(name=name))
    for reminder in summary.reminders:
        print(texts.REMINDER_LINE.format(reminder=reminder))
    for entry in summary.skipped:
        print(texts.FOLDER_SKIPPED_LINE.format(entry=entry))
    for line in summary.missing_rows:
        print(line)
