"""The built zahllauf.xlam: valid OOXML, VBA modules equal to their text, opens in LibreOffice."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from oletools.olevba import VBA_Parser

from zahllauf import ribbon
from zahllauf.addin.sources import ADDIN_DIR, xlwings_module
from zahllauf.cli import main

PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
XLWINGS_DIR = Path(importlib.metadata.distribution("xlwings").locate_file("xlwings"))


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The add-in as ``zahllauf addin bauen --ziel …`` writes it."""
    target = tmp_path_factory.mktemp("addin") / "zahllauf.xlam"
    assert main(["addin", "bauen", "--ziel", str(target)]) == 0
    return target


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name))


def _relationships(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    return {r.get("Type"): r.get("Target") for r in _xml(archive, name).iter(PKG_REL)}


def test_package_is_a_macro_enabled_addin(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        types = _xml(archive, "[Content_Types].xml")
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
        for name in names - {"[Content_Types].xml"}:
            if name.endswith((".xml", ".rels")):
                _xml(archive, name)  # well-formed
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    for part in overrides:
        assert part.lstrip("/") in names, f"content type for a missing part {part}"


def test_relationships_reach_workbook_ribbon_and_vba_project(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as archive:
        root = _relationships(archive, "_rels/.rels")
        book = _relationships(archive, "xl/_rels/workbook.xml.rels")
        names = set(archive.namelist())
        customui = archive.read("customUI/customUI.xml").decode("utf-8")
    ui_type = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
    assert root[ui_type] == "customUI/customUI.xml"
    assert "xl/workbook.xml" in root.values()
    vba_type = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    assert "xl/" + book[vba_type] in names
    assert all(("xl/" + target) in names for target in book.values())
    assert customui == ribbon.customui_xml()


def test_committed_ribbon_xml_is_current() -> None:
    committed = (ADDIN_DIR / "customUI.xml").read_text(encoding="utf-8")
    assert committed == ribbon.customui_xml(), "regenerate addin/customUI.xml (see README)"


def _olevba_modules(xlam: Path) -> dict[str, tuple[str, str]]:
    """Module name -> (olevba's file name, decompressed source) for every VBA module."""
    parser = VBA_Parser(str(xlam))
    try:
        found = {}
        for _, stream, filename, code in parser.extract_macros():
            name = stream.split("/")[-1]
            found[name] = (filename, code if isinstance(code, str) else code.decode("cp1252"))
        return found
    finally:
        parser.close()


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


def test_olevba_extracts_own_module_equal_to_its_text(xlam: Path) -> None:
    modules = _olevba_modules(xlam)
    for path in sorted(ADDIN_DIR.glob("*.bas")):
        name = re.search(r'VB_Name = "([^"]+)"', path.read_text()).group(1)  # type: ignore[union-attr]
        filename, code = modules[name]
        assert filename == f"{name}.bas"
        assert _lines(code) == _lines(path.read_text(encoding="cp1252"))


def test_olevba_extracts_xlwings_module_with_project_name(xlam: Path) -> None:
    filename, code = _olevba_modules(xlam)["xlwings"]
    package_text = (XLWINGS_DIR / "xlwings_custom_addin.bas").read_text(encoding="cp1252")
    expected = package_text.replace(
        'PROJECT_NAME As String = "myaddin"', 'PROJECT_NAME As String = "zahllauf"'
    )
    assert expected != package_text, "xlwings' template no longer names PROJECT_NAME myaddin"
    assert filename == "xlwings.bas"
    assert _lines(code) == _lines(expected)
    version = importlib.metadata.version("xlwings")
    assert f'XLWINGS_VERSION As String = "{version}"' in code


def test_addin_never_takes_the_licensed_embedded_code_path(xlam: Path) -> None:
    # xlwings' VBA switches to xlwings.pro (licence key needed) only for sheets named *.py.
    with zipfile.ZipFile(xlam) as archive:
        sheets = re.findall(r'<sheet name="([^"]+)"', archive.read("xl/workbook.xml").decode())
    assert sheets == ["_zahllauf.conf"]


def test_olevba_extracts_dictionary_as_class_module(xlam: Path) -> None:
    filename, code = _olevba_modules(xlam)["Dictionary"]
    exported = _lines((XLWINGS_DIR / "addin" / "Dictionary.cls").read_text(encoding="cp1252"))
    stored = _lines(code)
    assert filename == "Dictionary.cls"
    body = [line for line in exported[4:] if not line.startswith("Attribute ")]
    assert [line for line in stored if not line.startswith("Attribute ")] == body
    assert 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"' in stored
    assert not any(line.startswith(("VERSION", "BEGIN")) for line in stored)


def test_document_modules_match_workbook_code_names(xlam: Path) -> None:
    modules = _olevba_modules(xlam)
    with zipfile.ZipFile(xlam) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    book_name = re.search(r'workbookPr codeName="([^"]+)"', workbook).group(1)  # type: ignore[union-attr]
    sheet_name = re.search(r'sheetPr codeName="([^"]+)"', sheet).group(1)  # type: ignore[union-attr]
    assert modules[book_name][0] == f"{book_name}.cls"
    assert modules[sheet_name][0] == f"{sheet_name}.cls"
    assert 'name="_zahllauf.conf"' in workbook, "leading _ keeps xlwings off the add-in sheet"


def test_build_is_reproducible(xlam: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlam"
    assert main(["addin", "bauen", "--ziel", str(again)]) == 0
    assert again.read_bytes() == xlam.read_bytes()


def test_xlwings_version_pin_matches_installed_package() -> None:
    assert xlwings_module().source.count('"zahllauf"') == 1


def _soffice(tmp_path: Path, xlam: Path, target: str) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) fehlt auf diesem Rechner")
    env = dict(os.environ, HOME=str(tmp_path / "home"))
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--infilter=Calc MS Excel 2007 XML",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(xlam),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=180,
    )
    return out / f"{xlam.stem}.{target}"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin(xlam: Path, tmp_path: Path) -> None:
    pdf = _soffice(tmp_path, xlam, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_libreoffice_imports_every_vba_module_with_its_kind(xlam: Path, tmp_path: Path) -> None:
    ods = _soffice(tmp_path, xlam, "ods")
    expected = {
        "ThisWorkbook": "document",
        "Sheet1": "document",
        "ZahllaufRibbon": "normal",
        "xlwings": "normal",
        "Dictionary": "class",
    }
    with zipfile.ZipFile(ods) as archive:
        for name, kind in expected.items():
            module = archive.read(f"Basic/zahllauf/{name}.xml").decode("utf-8")
            assert f'script:moduleType="{kind}"' in module, name
        ribbon_module = archive.read("Basic/zahllauf/ZahllaufRibbon.xml").decode("utf-8")
    assert "zahllauf.ribbon.dispatch" in ribbon_module
