"""``zahllauf neu``: a new, empty Zahlungsliste from the template."""

from __future__ import annotations

import argparse

from zahllauf import texts
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.commands._common import add_workbook_option

NAME = "neu"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_NEU, description=texts.HELP_NEU)
    add_workbook_option(parser)


def run(args: argparse.Namespace) -> int:
    path = args.mappe
    if path.exists():
        print(texts.NEU_EXISTS.format(path=path))
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    build_template(path)
    print(texts.NEU_DONE.format(path=path.resolve()))
    return 0
