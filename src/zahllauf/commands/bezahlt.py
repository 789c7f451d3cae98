"""``zahllauf bezahlt``: mark invoices as paid by ID (the ribbon button's job, on the file)."""

from __future__ import annotations

import argparse
from datetime import date

from zahllauf import texts
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.commands._common import add_workbook_option
from zahllauf.jobs.bezahlt import mark_paid
from zahllauf.user_input import option_date

NAME = "bezahlt"

# Some chosen rows were refused: the call asked for something that was not done.
EXIT_REFUSED = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_BEZAHLT, description=texts.HELP_BEZAHLT)
    add_workbook_option(parser)
    parser.add_argument(
        "--id", dest="ids", type=int, action="append", required=True, metavar="ID",
        help=texts.HELP_BEZAHLT_ID,
    )  # fmt: skip
    parser.add_argument("--datum", metavar="TT.MM.JJJJ", help=texts.HELP_BEZAHLT_DATUM)


def run(args: argparse.Namespace) -> int:
    today = date.today()
    on = option_date(args.datum, today)
    with open_workbook(args.mappe) as workbook:
        result = mark_paid(workbook, args.ids, on, today)
    print(result.text())
    return EXIT_REFUSED if result.refused else 0
