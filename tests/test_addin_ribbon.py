"""Ribbon buttons, their actions and the dispatch: the VBA side, Python side and xlOil agree."""

from __future__ import annotations

import ast
import importlib
import re
import sys
import types
from pathlib import Path

import pytest
from lxml import etree

from zahllauf import ribbon
from zahllauf.addin.sources import ADDIN_DIR
from zahllauf.errors import ZahllaufError

NS = {"ui": ribbon.CUSTOMUI_NAMESPACE}
ROOT = Path(__file__).resolve().parent.parent
CALLS: list[tuple[str, ...]] = []


def _xml_buttons() -> list[etree._Element]:
    tree = etree.fromstring(ribbon.customui_xml().encode("utf-8"))
    return tree.findall(".//ui:button", NS)


@pytest.mark.parametrize(
    ("button_id", "label", "reason"),
    [
        ("abrufen", "Rechnungen abrufen", "fetch new invoices"),
        ("pruefen", "Prüfen", "re-run the checks"),
        ("bezahlt", "Als bezahlt markieren", "mark selected rows paid"),
        ("stunden", "Stunden erfassen", "hours log"),
        ("passwort", "Passwort", "store the mailbox password"),
        ("wiederherstellen", "Wiederherstellen", "restore the backup"),
    ],
)
def test_issue_buttons_are_on_the_ribbon(button_id: str, label: str, reason: str) -> None:
    labels = {b.get("id"): b.get("label") for b in _xml_buttons()}
    assert labels[button_id] == label, reason


def test_every_xml_button_maps_to_one_action_and_back() -> None:
    xml_ids = [b.get("id") for b in _xml_buttons()]
    registry_ids = [b.id for b in ribbon.BUTTONS]
    assert sorted(xml_ids) == sorted(registry_ids)
    assert len(set(xml_ids)) == len(xml_ids)
    actions = [b.action for b in ribbon.BUTTONS]
    assert len(set(actions)) == len(actions), "two buttons share one action"


def test_every_callback_in_the_xml_is_the_generic_vba_sub() -> None:
    callbacks = set()
    for element in etree.fromstring(ribbon.customui_xml().encode()).iter():
        callbacks |= {v for k, v in element.attrib.items() if k.startswith("on")}
    assert callbacks == {ribbon.CALLBACK}
    module, sub = ribbon.CALLBACK.split(".")
    source = (ADDIN_DIR / f"{module}.bas").read_text(encoding="cp1252")
    assert f'Attribute VB_Name = "{module}"' in source
    assert re.search(rf"^Public Sub {sub}\(control As IRibbonControl\)", source, re.M)


def test_all_ids_in_the_xml_are_unique() -> None:
    ids = [e.get("id") for e in etree.fromstring(ribbon.customui_xml().encode()).iter()]
    ids = [i for i in ids if i]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("button_id", [b.id for b in ribbon.BUTTONS])
def test_vba_command_is_python_that_dispatches_the_id(button_id: str) -> None:
    source = (ADDIN_DIR / "ZahllaufRibbon.bas").read_text(encoding="cp1252")
    literal = re.search(r'RunPython (".*")$', source, re.M).group(1)  # type: ignore[union-attr]
    # Evaluate the VBA string expression: "…" & control.Id & "…"
    command = "".join(
        button_id if part.strip() == "control.Id" else part.strip()[1:-1]
        for part in literal.split("&")
    )
    tree = ast.parse(command)
    call = tree.body[-1].value  # type: ignore[attr-defined]
    assert ast.unparse(call.func) == "zahllauf.ribbon.dispatch"
    assert [a.value for a in call.args] == [button_id]


@pytest.mark.parametrize("item", ribbon.BUTTONS, ids=lambda b: b.id)
def test_every_action_resolves_to_a_function(item: ribbon.Button) -> None:
    module_name = item.action.partition(":")[0]
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        pytest.skip(f"Job-Modul {module_name} für '{item.id}' ist noch nicht gebaut")
    assert callable(ribbon.resolve(item.id))


@pytest.mark.parametrize(
    ("button_id", "message"),
    [
        ("bad-id", "lower-case ASCII"),
        ("Abrufen", "lower-case ASCII"),
        ("x'", "lower-case ASCII"),
    ],
)
def test_button_ids_must_be_safe_in_the_vba_literal(button_id: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ribbon.Button(button_id, "L", "Undo", "mappe", "m:f", "t")


def test_button_action_must_name_module_and_function() -> None:
    with pytest.raises(ValueError, match="module:function"):
        ribbon.Button("neu", "Neu", "Undo", "mappe", "zahllauf.live.neu", "t")


def record_call() -> None:
    CALLS.append(("called",))


def fail_plain() -> None:
    raise RuntimeError("kaputt")


def fail_domain() -> None:
    raise ZahllaufError("Die Mappe ist gesperrt.")


def report_double(text: str) -> None:
    """Stands in for Excel's message box (cannot run here)."""
    CALLS.append(("report", text))


@pytest.fixture
def test_buttons(monkeypatch: pytest.MonkeyPatch) -> None:
    here = __name__
    monkeypatch.setattr(
        ribbon,
        "BUTTONS",
        (
            ribbon.Button("ok", "Läuft", "Undo", "mappe", f"{here}:record_call", "t"),
            ribbon.Button("kaputt", "Kaputt", "Undo", "mappe", f"{here}:fail_plain", "t"),
            ribbon.Button("gesperrt", "Gesperrt", "Undo", "mappe", f"{here}:fail_domain", "t"),
        ),
    )
    # Without a reporter errors surface; the shipped one (a message box) is tested below.
    monkeypatch.setattr(ribbon, "ERROR_REPORTER", None)
    CALLS.clear()


def test_shipped_error_reporter_is_a_german_message_box_function() -> None:
    assert ribbon.ERROR_REPORTER == "zahllauf.live:report_error"
    module, _, name = ribbon.ERROR_REPORTER.partition(":")
    assert callable(getattr(importlib.import_module(module), name))


@pytest.mark.usefixtures("test_buttons")
def test_dispatch_runs_the_action_of_the_pressed_button() -> None:
    ribbon.dispatch("ok")
    assert CALLS == [("called",)]


@pytest.mark.usefixtures("test_buttons")
def test_dispatch_of_unknown_id_says_so_in_german() -> None:
    with pytest.raises(ribbon.UnknownButtonError, match="Schaltfläche „weg“"):
        ribbon.dispatch("weg")


@pytest.mark.usefixtures("test_buttons")
def test_dispatch_without_reporter_lets_the_error_through() -> None:
    with pytest.raises(RuntimeError, match="kaputt"):
        ribbon.dispatch("kaputt")


@pytest.mark.usefixtures("test_buttons")
@pytest.mark.parametrize(
    ("button_id", "expected", "reason"),
    [
        ("kaputt", "„Kaputt“ ist mit einem unerwarteten Fehler abgebrochen: kaputt", "generic"),
        ("gesperrt", "Die Mappe ist gesperrt.", "a zahllauf error keeps its German text"),
    ],
)
def test_dispatch_reports_failures_in_german(
    monkeypatch: pytest.MonkeyPatch, button_id: str, expected: str, reason: str
) -> None:
    monkeypatch.setattr(ribbon, "ERROR_REPORTER", f"{__name__}:report_double")
    ribbon.dispatch(button_id)
    assert CALLS[0][0] == "report"
    assert CALLS[0][1].startswith(expected), reason


def test_importing_ribbon_imports_no_xlwings() -> None:
    import subprocess

    code = "import sys, zahllauf.ribbon; print('xlwings' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


class XloilDouble(types.ModuleType):
    """Stands in for xlOil (Windows-only): records what ExcelGUI is given."""

    def __init__(self) -> None:
        super().__init__("xloil")
        self.guis: list[dict[str, object]] = []

    def ExcelGUI(self, **kwargs: object) -> object:
        self.guis.append(kwargs)
        return object()


class ControlDouble:
    """Stands in for the IRibbonControl xlOil passes: only ``id`` is read."""

    def __init__(self, control_id: str) -> None:
        self.id = control_id


@pytest.mark.usefixtures("test_buttons")
def test_xloil_alternative_uses_same_xml_and_dispatch(monkeypatch: pytest.MonkeyPatch) -> None:
    double = XloilDouble()
    monkeypatch.setitem(sys.modules, "xloil", double)
    monkeypatch.syspath_prepend(str(ROOT / "pyxll_free_alt"))
    monkeypatch.delitem(sys.modules, "zahllauf_xloil", raising=False)
    importlib.import_module("zahllauf_xloil")
    (gui,) = double.guis
    assert gui["ribbon"] == ribbon.customui_xml()
    funcmap = gui["funcmap"]
    assert callable(funcmap)
    funcmap(ribbon.CALLBACK)(ControlDouble("ok"))
    assert CALLS == [("called",)]
    with pytest.raises(KeyError):
        funcmap("SomethingElse")


def test_xloil_ini_loads_the_ribbon_module() -> None:
    ini = (ROOT / "pyxll_free_alt" / "zahllauf.ini").read_text(encoding="utf-8")
    assert re.search(r'^LoadModules=\["zahllauf_xloil"\]$', ini, re.M)
    assert (ROOT / "pyxll_free_alt" / "zahllauf_xloil.py").is_file()
