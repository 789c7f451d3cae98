"""``zahllauf pruefen``: re-run all checks on the open rows of the Zahlungsliste."""

from __future__ import annotations

import argparse
from datetime import date

from zahllauf import texts
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.commands._common import add_workbook_option, table
from zahllauf.jobs.pruefen import PAYMENTS, pruefen, row_status
from zahllauf.model import Status
from zahllauf.schema import C

NAME = "pruefen"

TABLE_COLUMNS = (C.ID, C.LIEFERANT, C.NUMMER, C.BETRAG, C.ZAHLEN_BIS, C.HINWEIS)
TABLE_WIDTHS = (4, 24, 14, 11, 10, 56)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.PRUEFEN_HELP, description=texts.PRUEFEN_HELP)
    add_workbook_option(parser)


def run(args: argparse.Namespace) -> int:
    with open_workbook(args.mappe) as workbook:
        summary = pruefen(workbook, date.today())
        to_check = [
            r for r in workbook.read_rows(PAYMENTS) if row_status(r) in (Status.PRUEFEN, None)
        ]
    print(summary.text())
    if to_check:
        print()
        print(table(to_check, TABLE_COLUMNS, TABLE_WIDTHS))
    return 0
