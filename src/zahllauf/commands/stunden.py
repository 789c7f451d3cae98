"""``zahllauf stunden``: log working hours in the Stunden sheet (the ribbon button's job)."""

from __future__ import annotations

import argparse
from datetime import date

from zahllauf import texts
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.commands._common import add_workbook_option
from zahllauf.jobs.stunden import HoursEntry, default_client, log_hours
from zahllauf.user_input import option_date, parse_hours

NAME = "stunden"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_STUNDEN, description=texts.HELP_STUNDEN)
    add_workbook_option(parser)
    parser.add_argument("dauer", metavar="STUNDEN", help=texts.HELP_STUNDEN_DAUER)
    parser.add_argument("taetigkeit", metavar="TÄTIGKEIT", help=texts.HELP_STUNDEN_TAETIGKEIT)
    parser.add_argument("--datum", metavar="TT.MM.JJJJ", help=texts.HELP_STUNDEN_DATUM)
    parser.add_argument("--mandant", metavar="NAME", help=texts.HELP_STUNDEN_MANDANT)


def run(args: argparse.Namespace) -> int:
    today = date.today()
    hours = parse_hours(args.dauer)
    day = option_date(args.datum, today)
    with open_workbook(args.mappe) as workbook:
        client = args.mandant if args.mandant is not None else default_client(workbook)
        entry = HoursEntry(day, client, args.taetigkeit, hours)
        week = log_hours(workbook, entry, today)
    print(entry.text())
    print(week.text())
    return 0
