"""``zahllauf addin installieren/deinstallieren`` against a temporary home folder.

Both folder structures (Windows, Mac) are chosen by parameter, not by the real system.
"""

from __future__ import annotations

import csv
import importlib.metadata
import sys
from pathlib import Path

import pytest

from zahllauf.addin.install import (
    Layout,
    NoExcelError,
    System,
    install,
    read_conf,
    system_of,
    uninstall,
)
from zahllauf.addin.xlam import build_addin
from zahllauf.cli import main

XLWINGS_DIR = Path(importlib.metadata.distribution("xlwings").locate_file("xlwings"))
SCRIPT = f"xlwings-{importlib.metadata.version('xlwings')}.applescript"

# Relative to the home folder; each path is what Excel or xlwings' VBA reads.
LAYOUTS = [
    (
        System.WINDOWS,
        "AppData/Roaming/Microsoft/Excel/XLSTART/zahllauf.xlam",
        ".zahllauf/zahllauf.conf",  # %USERPROFILE%\.<PROJECT_NAME>\<PROJECT_NAME>.conf
        None,
        "INTERPRETER_WIN",
    ),
    (
        System.MAC,
        "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel/zahllauf.xlam",
        "Library/Containers/com.microsoft.Excel/Data/zahllauf.conf",  # Excel's sandbox $HOME
        f"Library/Application Scripts/com.microsoft.Excel/{SCRIPT}",  # AppleScriptTask
        "INTERPRETER_MAC",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("built") / "zahllauf.xlam").path


def _vba_input(path: Path) -> dict[str, str]:
    """Read the conf as VBA's ``Input #file, name, value`` does: quoted CSV fields."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[0]: row[1] for row in csv.reader(handle) if row}


@pytest.mark.parametrize(("system", "addin", "conf", "script", "key"), LAYOUTS)
def test_install_puts_every_file_where_excel_looks(
    tmp_path: Path, built: Path, system: System, addin: str, conf: str, script: str | None, key: str
) -> None:
    layout = Layout(system, tmp_path)
    result = install(layout, interpreter=Path("/opt/py/bin/python3"), addin=built)
    assert result.addin == tmp_path / addin
    assert (tmp_path / addin).read_bytes() == built.read_bytes()
    assert _vba_input(tmp_path / conf) == {key: "/opt/py/bin/python3"}
    if script is None:
        assert result.script is None
    else:
        assert (tmp_path / script).read_bytes() == (XLWINGS_DIR / SCRIPT).read_bytes()


@pytest.mark.parametrize(("system", "addin", "conf", "script", "key"), LAYOUTS)
def test_reinstall_keeps_other_settings_and_one_interpreter(
    tmp_path: Path, built: Path, system: System, addin: str, conf: str, script: str | None, key: str
) -> None:
    (tmp_path / conf).parent.mkdir(parents=True)
    (tmp_path / conf).write_text('"SHOW CONSOLE","True"\r\n', encoding="utf-8")
    layout = Layout(system, tmp_path)
    install(layout, interpreter=Path("/old/python"), addin=built)
    install(layout, addin=built)
    assert read_conf(tmp_path / conf) == {"SHOW CONSOLE": "True", key: sys.executable}
    uninstall(layout)
    assert read_conf(tmp_path / conf) == {"SHOW CONSOLE": "True"}, "a person's own key stays"
    assert not (tmp_path / addin).exists()


@pytest.mark.parametrize(("system", "addin", "conf", "script", "key"), LAYOUTS)
def test_uninstall_removes_addin_and_conf_keeps_xlwings_script(
    tmp_path: Path, built: Path, system: System, addin: str, conf: str, script: str | None, key: str
) -> None:
    layout = Layout(system, tmp_path)
    install(layout, addin=built)
    removed = uninstall(layout)
    assert set(removed) == {tmp_path / addin, tmp_path / conf}
    assert not (tmp_path / addin).exists()
    assert not (tmp_path / conf).exists()
    if system is System.WINDOWS:
        assert not (tmp_path / ".zahllauf").exists(), "empty conf folder removed"
    if script is not None:
        assert (tmp_path / script).exists(), "shared with other xlwings add-ins"
    assert uninstall(layout) == [], "second run finds nothing"


def test_windows_appdata_may_live_elsewhere(tmp_path: Path, built: Path) -> None:
    layout = Layout(System.WINDOWS, tmp_path / "user", appdata=tmp_path / "roaming")
    result = install(layout, addin=built)
    assert result.addin == tmp_path / "roaming/Microsoft/Excel/XLSTART/zahllauf.xlam"


@pytest.mark.parametrize(
    ("system", "phrases", "reason"),
    [
        ("windows", ["Inhalt aktivieren", "Zulassen", "Unblock-File"], "macro bar, MOTW"),
        ("mac", ["Makros aktivieren", "xattr -d com.apple.quarantine", "⌘Q"], "prompt, quarantine"),
    ],
)
def test_cli_installs_and_prints_german_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], system: str, phrases: list[str], reason: str
) -> None:
    args = ["addin", "installieren", "--system", system, "--heimordner", str(tmp_path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    for phrase in phrases:
        assert phrase in out, reason
    assert sorted(p.name for p in tmp_path.rglob("zahllauf.xlam")) == ["zahllauf.xlam"]
    assert main(["addin", "deinstallieren", "--system", system, "--heimordner", str(tmp_path)]) == 0
    assert "Entfernt:" in capsys.readouterr().out
    assert not list(tmp_path.rglob("zahllauf.xlam"))


PLATFORMS = [
    ("win32", System.WINDOWS, "Windows"),
    ("darwin", System.MAC, "macOS"),
]


@pytest.mark.parametrize(("platform", "system", "reason"), PLATFORMS, ids=[p[2] for p in PLATFORMS])
def test_excel_platforms_have_their_folder_structure(
    platform: str, system: System, reason: str
) -> None:
    assert system_of(platform) is system, reason


@pytest.mark.parametrize(
    ("platform", "name"), [("linux", "Linux"), ("freebsd14", "freebsd14")], ids=["Linux", "BSD"]
)
def test_a_system_without_excel_has_no_layout(platform: str, name: str) -> None:
    # Broke: on Linux, for_this_machine chose the Mac structure under ~/Library.
    with pytest.raises(NoExcelError, match=f"Excel gibt es unter {name} nicht") as caught:
        Layout.for_this_machine(platform)
    assert caught.value.exit_code == 2, "documented in the command's help"


LINUX_CALLS = [
    (["installieren"], "no options: this machine"),
    (["deinstallieren"], "no options: this machine"),
    (["installieren", "--heimordner", "{home}"], "a home folder but no structure"),
    (["installieren", "--system", "mac"], "a structure but the real home folder"),
]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="calls the real installer")
@pytest.mark.parametrize(("args", "reason"), LINUX_CALLS, ids=[c[1] for c in LINUX_CALLS])
def test_linux_refuses_to_install_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    reason: str,
) -> None:
    # Broke: `zahllauf addin installieren` on Linux wrote ~/Library/… and printed Mac steps.
    monkeypatch.setenv("HOME", str(tmp_path))
    call = [a.format(home=tmp_path) for a in args]
    assert main(["addin", *call]) == 2, reason
    captured = capsys.readouterr()
    assert "Excel gibt es unter Linux nicht" in captured.err, reason
    assert captured.out == "", reason
    assert list(tmp_path.iterdir()) == [], reason
