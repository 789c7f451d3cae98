"""Build ``zahllauf.xlam``: a macro-enabled add-in workbook with the ribbon and VBA project.

The package holds the fewest parts Excel needs: one hidden sheet ``_zahllauf.conf`` (its
leading underscore keeps xlwings from reading settings from it, so the user's conf file
applies), styles, the ribbon (``customUI/customUI.xml``) and ``xl/vbaProject.bin``. Zip
entries carry a fixed date, so the same sources give the same bytes.
"""

from __future__ import annotations

import logging
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from zahllauf import ribbon
from zahllauf.addin.sources import ADDIN_DIR, PROJECT_NAME, SHEET_CODENAME, load_modules
from zahllauf.addin.vbaproject import VbaModule, build_vba_project

__all__ = ["ADDIN_CONTENT_TYPE", "BuildResult", "build_addin", "package_parts"]

logger = logging.getLogger(__name__)

ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
# The Office 2007 relationship type goes with the 2006/01 customUI namespace.
CUSTOMUI_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CONF_SHEET = f"_{PROJECT_NAME}.conf"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONF_NOTE = (
    "Einstellungen des Add-ins stehen nicht hier, sondern in der Datei, die "
    "'zahllauf addin installieren' schreibt (Windows: %USERPROFILE%\\.zahllauf\\zahllauf.conf)."
)


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_addin` wrote."""

    path: Path
    modules: tuple[str, ...]
    buttons: int


def _content_types() -> str:
    overrides = (
        ("/xl/workbook.xml", ADDIN_CONTENT_TYPE),
        (
            "/xl/worksheets/sheet1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        ),
        (
            "/xl/styles.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
        ),
        ("/xl/vbaProject.bin", VBA_CONTENT_TYPE),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    )
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        f"{_DECLARATION}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{items}</Types>"
    )


def _relationships(items: tuple[tuple[str, str, str], ...]) -> str:
    rels = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
    return f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'


def _root_relationships() -> str:
    return _relationships(
        (
            ("rId1", f"{_REL}/officeDocument", "xl/workbook.xml"),
            ("rId2", f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{_REL}/extended-properties", "docProps/app.xml"),
            ("rId4", CUSTOMUI_RELATIONSHIP, "customUI/customUI.xml"),
        )
    )


def _workbook_relationships() -> str:
    return _relationships(
        (
            ("rId1", f"{_REL}/worksheet", "worksheets/sheet1.xml"),
            ("rId2", f"{_REL}/styles", "styles.xml"),
            ("rId3", VBA_RELATIONSHIP, "vbaProject.bin"),
        )
    )


def _workbook() -> str:
    # codeName ties the workbook and the sheet to their VBA document modules.
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<workbookPr codeName="ThisWorkbook"/>'
        '<bookViews><workbookView visibility="hidden"/></bookViews>'
        f'<sheets><sheet name="{CONF_SHEET}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def _sheet() -> str:
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<sheetPr codeName="{SHEET_CODENAME}"/>'
        '<sheetData><row r="1"><c r="A1" t="inlineStr">'
        f"<is><t>{escape(_CONF_NOTE)}</t></is></c></row></sheetData>"
        "</worksheet>"
    )


def _styles() -> str:
    return (
        f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _core() -> str:
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>Zahllauf</dc:title><dc:creator>zahllauf</dc:creator>"
        "</cp:coreProperties>"
    )


def _app() -> str:
    return (
        f"{_DECLARATION}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Microsoft Excel</Application></Properties>"
    )


def package_parts(modules: list[VbaModule]) -> dict[str, bytes]:
    """Every part of the add-in package by its name in the zip."""
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _root_relationships(),
        "docProps/core.xml": _core(),
        "docProps/app.xml": _app(),
        "xl/workbook.xml": _workbook(),
        "xl/_rels/workbook.xml.rels": _workbook_relationships(),
        "xl/worksheets/sheet1.xml": _sheet(),
        "xl/styles.xml": _styles(),
        "customUI/customUI.xml": ribbon.customui_xml(),
    }
    encoded = {name: text.encode("utf-8") for name, text in parts.items()}
    encoded["xl/vbaProject.bin"] = build_vba_project(PROJECT_NAME, modules)
    return encoded


def build_addin(target: Path, addin_dir: Path = ADDIN_DIR) -> BuildResult:
    """Write the add-in to ``target`` (the folder must exist) and say what it holds."""
    started = time.perf_counter()
    modules = load_modules(addin_dir)
    parts = package_parts(modules)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    logger.info(
        "add-in %s: %d modules, %d buttons in %.2f s",
        target,
        len(modules),
        len(ribbon.BUTTONS),
        time.perf_counter() - started,
    )
    return BuildResult(target, tuple(m.name for m in modules), len(ribbon.BUTTONS))
