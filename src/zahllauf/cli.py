"""The command line: ``zahllauf <befehl> [--mappe PATH] …`` (German, thin over the jobs).

Every module in :mod:`zahllauf.commands` is a command: it has ``NAME``, ``register`` and
``run``; this module finds them, so a new command needs no change here.

Exit codes (also in the README): 0 the job ran (Prüfen rows included); 1 unexpected error;
2 wrong call; 3 workbook or backup missing; 4 workbook open in Excel; 5 workbook not
usable by file; 6 inbox (folder) unreachable; 7–12 mailbox errors (see ``errors``);
13 no permission to read or write a file.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

from zahllauf import __version__, cli_german, commands, texts
from zahllauf.errors import ZahllaufError

log = logging.getLogger(__name__)

EXIT_PERMISSION = 13

# The order commands are listed in the help; others follow alphabetically.
ORDER = ("neu", "abrufen", "pruefen", "bezahlt", "stunden", "passwort", "demo", "wiederherstellen")


def command_modules() -> list[ModuleType]:
    """Every command module, in help order."""
    names = [m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    modules = [importlib.import_module(f"zahllauf.commands.{name}") for name in names]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(modules, key=lambda m: (rank.get(m.NAME, len(ORDER)), m.NAME))


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="zahllauf",
        description=texts.CLI_DESCRIPTION,
        epilog=texts.CLI_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"zahllauf {__version__}", help=texts.CLI_VERSION
    )
    parser.add_argument("-v", "--ausfuehrlich", action="store_true", help=texts.CLI_VERBOSE)
    subparsers = parser.add_subparsers(dest="befehl", metavar="BEFEHL", title="Befehle")
    by_name: dict[str, ModuleType] = {}
    for module in command_modules():
        module.register(subparsers)
        by_name[module.NAME] = module
    for command in subparsers.choices.values():
        # People type it after the command too: "zahllauf pruefen --ausfuehrlich".
        command.add_argument(
            "-v",
            "--ausfuehrlich",
            dest="ausfuehrlich_befehl",
            action="store_true",
            help=texts.CLI_VERBOSE,
        )
    return parser, by_name


def main(argv: Sequence[str] | None = None) -> int:
    cli_german.install()
    parser, by_name = build_parser()
    args = parser.parse_args(argv)
    args.ausfuehrlich = args.ausfuehrlich or getattr(args, "ausfuehrlich_befehl", False)
    _configure_logging(args.ausfuehrlich)
    if not args.befehl:
        parser.print_help()
        return 2
    try:
        return int(by_name[args.befehl].run(args))
    except ZahllaufError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(texts.CLI_INTERRUPTED, file=sys.stderr)
        return 130
    except PermissionError as error:
        log.debug("permission denied", exc_info=True)
        print(texts.CLI_PERMISSION.format(path=error.filename or "?"), file=sys.stderr)
        return EXIT_PERMISSION
    except BrokenPipeError:
        # The reader of our output went away (``| head``); the job itself has finished.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        log.debug("unexpected error", exc_info=True)
        print(texts.CLI_UNEXPECTED, file=sys.stderr)
        if args.ausfuehrlich:
            raise
        return 1


def _configure_logging(verbose: bool) -> None:
    # Library warnings (e.g. openpyxl on a print area LibreOffice wrote) are English and no
    # business of the person; --ausfuehrlich shows them with the logs.
    if not verbose:
        warnings.filterwarnings("ignore", category=UserWarning)
    # Without --ausfuehrlich the console stays quiet: everything a person must know is in
    # the German summary and the Prüfen rows; logs are for the developers.
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if verbose:
        for noisy in ("pdfminer", "PIL", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.INFO)


if __name__ == "__main__":
    sys.exit(main())
