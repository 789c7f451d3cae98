"""The add-in's VBA modules as text: zahllauf's own from ``addin/``, two from xlwings.

xlwings contributes its RunPython module (``xlwings_custom_addin.bas``, BSD-3) with this
add-in's ``PROJECT_NAME``, and the ``Dictionary`` class (MIT) that module uses on the Mac.
Both come from the installed xlwings package, so the VBA's ``XLWINGS_VERSION`` is always
the Python package's version; nothing from ``xlwings.pro`` is used.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from zahllauf import texts
from zahllauf.addin.vbaproject import ModuleKind, VbaModule
from zahllauf.errors import ZahllaufError

__all__ = [
    "ADDIN_DIR",
    "PROJECT_NAME",
    "SHEET_CODENAME",
    "XLWINGS_VERSION",
    "AddinSourceError",
    "class_module",
    "load_modules",
    "xlwings_module",
]

PROJECT_NAME = "zahllauf"
SHEET_CODENAME = "Sheet1"
#: The xlwings version the add-in is built for (pinned in pyproject.toml).
XLWINGS_VERSION = "0.37.8"
#: ``addin/`` at the top of the source tree.
ADDIN_DIR = Path(__file__).resolve().parents[3] / "addin"

# Attribute blocks Excel keeps for document and class modules (VB_Base names the type).
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
_PROJECT_NAME_LINE = re.compile(r'^(Public Const PROJECT_NAME As String = )"[^"]*"', re.M)
_VERSION_LINE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]*)"', re.M)
_NAME_LINE = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.M)


class AddinSourceError(ZahllaufError):
    """A source of the add-in is missing or does not fit."""

    exit_code = 2


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="cp1252").replace("\r\n", "\n")
    except FileNotFoundError as error:
        raise AddinSourceError(texts.ADDIN_SOURCES_MISSING.format(path=path)) from error


def _module_name(source: str, path: Path) -> str:
    match = _NAME_LINE.search(source)
    if match is None:
        raise AddinSourceError(texts.ADDIN_SOURCES_MISSING.format(path=path))
    return match.group(1)


def _document_module(name: str, base: str) -> VbaModule:
    attributes = (
        ("VB_Name", f'"{name}"'),
        ("VB_Base", f'"{base}"'),
        ("VB_GlobalNameSpace", "False"),
        ("VB_Creatable", "False"),
        ("VB_PredeclaredId", "True"),
        ("VB_Exposed", "True"),
        ("VB_TemplateDerived", "False"),
        ("VB_Customizable", "True"),
    )
    source = "".join(f"Attribute {key} = {value}\n" for key, value in attributes)
    return VbaModule(name, source, ModuleKind.DOCUMENT)


def class_module(exported: str) -> str:
    """Turn an exported ``.cls`` into the source VBA stores for a class module.

    The export's ``VERSION``/``BEGIN … END`` header is not part of the stored source;
    ``VB_Base`` (the class type) and two attributes Excel adds on import are.
    """
    lines = exported.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Attribute VB_Name"))
    body = lines[start + 1 :]
    exposed = next(i for i, line in enumerate(body) if line.startswith("Attribute VB_Exposed"))
    extra = ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    body[exposed + 1 : exposed + 1] = extra
    return "\n".join([lines[start], f'Attribute VB_Base = "{_CLASS_BASE}"', *body])


def _xlwings_dir() -> Path:
    found = importlib.metadata.version("xlwings")
    if found != XLWINGS_VERSION:
        raise AddinSourceError(
            texts.ADDIN_XLWINGS_MISMATCH.format(expected=XLWINGS_VERSION, found=found)
        )
    files = importlib.metadata.files("xlwings") or []
    bas = next(f for f in files if str(f).endswith("xlwings/xlwings_custom_addin.bas"))
    return Path(str(bas.locate())).parent


def xlwings_module(project_name: str = PROJECT_NAME) -> VbaModule:
    """xlwings' RunPython module with ``PROJECT_NAME`` set to ``project_name``."""
    path = _xlwings_dir() / "xlwings_custom_addin.bas"
    source, count = _PROJECT_NAME_LINE.subn(rf'\1"{project_name}"', _read(path))
    version = _VERSION_LINE.search(source)
    if count != 1 or version is None or version.group(1) != XLWINGS_VERSION:
        raise AddinSourceError(texts.ADDIN_SOURCES_MISSING.format(path=path))
    return VbaModule(_module_name(source, path), source)


def dictionary_module() -> VbaModule:
    """The ``Dictionary`` class xlwings uses on the Mac, as a class module."""
    path = _xlwings_dir() / "addin" / "Dictionary.cls"
    source = class_module(_read(path))
    return VbaModule(_module_name(source, path), source, ModuleKind.CLASS)


def own_modules(addin_dir: Path = ADDIN_DIR) -> list[VbaModule]:
    """zahllauf's standard modules: every ``*.bas`` in ``addin_dir``."""
    paths = sorted(addin_dir.glob("*.bas"))
    if not paths:
        raise AddinSourceError(texts.ADDIN_SOURCES_MISSING.format(path=addin_dir))
    return [VbaModule(_module_name(s, p), s) for p in paths for s in [_read(p)]]


def load_modules(addin_dir: Path = ADDIN_DIR) -> list[VbaModule]:
    """Every module of the add-in's VBA project, document modules first."""
    return [
        _document_module("ThisWorkbook", _WORKBOOK_BASE),
        _document_module(SHEET_CODENAME, _WORKSHEET_BASE),
        *own_modules(addin_dir),
        xlwings_module(),
        dictionary_module(),
    ]
