"""``zahllauf wiederherstellen``: bring back the previous version of the workbook."""

from __future__ import annotations

import argparse

from zahllauf import texts
from zahllauf.adapters.xlsx_file import restore
from zahllauf.commands._common import add_workbook_option

NAME = "wiederherstellen"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME, help=texts.HELP_WIEDERHERSTELLEN, description=texts.HELP_WIEDERHERSTELLEN
    )
    add_workbook_option(parser)


def run(args: argparse.Namespace) -> int:
    backup = restore(args.mappe)
    print(texts.RESTORED.format(path=args.mappe, backup=backup.name))
    return 0
