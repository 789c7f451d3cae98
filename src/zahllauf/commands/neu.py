"""``zahllauf neu``: a new, empty Zahlungsliste from the template."""

from __future__ import annotations

import argparse
import sys

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
    if path.suffix.lower() != ".xlsx":
        print(texts.NEU_SUFFIX.format(path=path), file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(texts.NEU_NO_FOLDER.format(folder=path.parent), file=sys.stderr)
        return 3
    build_template(path)
    print(texts.NEU_DONE.format(path=path.resolve()))
    return 0
