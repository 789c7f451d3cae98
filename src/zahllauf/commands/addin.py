"""``zahllauf addin bauen|installieren|deinstallieren``: the Excel add-in without Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from zahllauf import texts
from zahllauf.addin.install import ADDIN_FILE, APPLESCRIPT, Layout, System, install, uninstall
from zahllauf.addin.xlam import build_addin

NAME = "addin"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_ADDIN, description=texts.HELP_ADDIN)
    actions = parser.add_subparsers(dest="aktion", metavar="AKTION", required=True)
    bauen = actions.add_parser(
        "bauen", help=texts.HELP_ADDIN_BAUEN, description=texts.HELP_ADDIN_BAUEN
    )
    bauen.add_argument(
        "--ziel", type=Path, default=Path(ADDIN_FILE), metavar="PFAD", help=texts.HELP_ADDIN_ZIEL
    )
    for name, help_text in (
        ("installieren", texts.HELP_ADDIN_INSTALLIEREN),
        ("deinstallieren", texts.HELP_ADDIN_DEINSTALLIEREN),
    ):
        action = actions.add_parser(name, help=help_text, description=help_text)
        _add_layout_options(action)
        if name == "installieren":
            action.add_argument("--datei", type=Path, metavar="PFAD", help=texts.HELP_ADDIN_DATEI)


def _add_layout_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--system", choices=[s.value for s in System], help=texts.HELP_ADDIN_SYSTEM)
    parser.add_argument("--heimordner", type=Path, metavar="PFAD", help=texts.HELP_ADDIN_HEIMORDNER)


def _layout(args: argparse.Namespace) -> Layout:
    """This user's Excel folders, or the structure and home folder the call names.

    Where Excel does not run (Linux) only an explicit structure with a home folder is
    accepted; otherwise :class:`~zahllauf.addin.install.NoExcelError` (exit code 2).
    """
    if args.system and args.heimordner:
        return Layout(System(args.system), args.heimordner)
    here = Layout.for_this_machine()
    system = System(args.system) if args.system else here.system
    if args.heimordner is None and system is here.system:
        return here
    return Layout(system, args.heimordner or here.home)


def run(args: argparse.Namespace) -> int:
    if args.aktion == "bauen":
        result = build_addin(args.ziel)
        print(
            texts.ADDIN_BUILT.format(
                path=result.path, modules=len(result.modules), buttons=result.buttons
            )
        )
        return 0
    layout = _layout(args)
    if args.aktion == "installieren":
        installed = install(layout, addin=args.datei)
        print(texts.ADDIN_INSTALLED.format(addin=installed.addin, conf=installed.conf))
        if installed.script is not None:
            print(texts.ADDIN_SCRIPT_INSTALLED.format(script=installed.script))
        steps = (
            texts.ADDIN_STEPS_WINDOWS if layout.system is System.WINDOWS else texts.ADDIN_STEPS_MAC
        )
        print(steps.format(addin=installed.addin))
        return 0
    removed = uninstall(layout)
    for path in removed:
        print(texts.ADDIN_UNINSTALLED.format(path=path))
    if not removed:
        print(texts.ADDIN_NOTHING_TO_REMOVE.format(path=layout.startup_dir))
    if layout.script_dir is not None:
        print(texts.ADDIN_SCRIPT_KEPT.format(script=layout.script_dir / APPLESCRIPT))
    return 0
