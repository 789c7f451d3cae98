"""Put the add-in where Excel finds it, and tell xlwings which Python to run.

Everything happens below one :class:`Layout`: the Windows or Mac folder structure under a
home folder. :meth:`Layout.for_this_machine` reads the real one and refuses a system
without Excel (Linux): there is no start-up folder to install into, and a Mac structure
under a Linux home would only leave stray files. Tests, and anyone preparing the files for
another computer, pass a home folder and either structure explicitly, whatever the
operating system.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from zahllauf import texts
from zahllauf.addin.sources import ADDIN_DIR, PROJECT_NAME, XLWINGS_VERSION
from zahllauf.addin.xlam import build_addin
from zahllauf.errors import ZahllaufError

__all__ = [
    "ADDIN_FILE",
    "APPLESCRIPT",
    "InstallResult",
    "Layout",
    "NoExcelError",
    "System",
    "TargetBusyError",
    "install",
    "read_conf",
    "system_of",
    "uninstall",
]

logger = logging.getLogger(__name__)

ADDIN_FILE = f"{PROJECT_NAME}.xlam"
APPLESCRIPT = f"xlwings-{XLWINGS_VERSION}.applescript"
# Keys of the conf file this installer owns; other keys a person added are kept.
_INTERPRETER_KEY = {"windows": "INTERPRETER_WIN", "mac": "INTERPRETER_MAC"}


class System(enum.Enum):
    """The folder structure Excel uses."""

    WINDOWS = "windows"
    MAC = "mac"


class TargetBusyError(ZahllaufError):
    """A file in Excel's folders cannot be written, usually because Excel holds it."""

    exit_code = 4

    def __init__(self, path: Path) -> None:
        super().__init__(texts.ADDIN_TARGET_BUSY.format(path=path))
        self.path = path


class NoExcelError(ZahllaufError):
    """This operating system has no Excel (Linux): nothing to install into."""

    # 2 as for any call that cannot work as given (documented in the command's help).
    exit_code = 2

    def __init__(self, platform: str) -> None:
        super().__init__(texts.ADDIN_NO_EXCEL.format(system=_system_name(platform)))
        self.platform = platform


def _system_name(platform: str) -> str:
    return "Linux" if platform.startswith("linux") else platform


def system_of(platform: str) -> System:
    """The Excel folder structure of ``platform`` (``sys.platform``); Linux has none.

    >>> system_of("win32"), system_of("darwin")
    (<System.WINDOWS: 'windows'>, <System.MAC: 'mac'>)
    """
    if platform.startswith("win"):
        return System.WINDOWS
    if platform == "darwin":
        return System.MAC
    raise NoExcelError(platform)


@dataclass(frozen=True)
class Layout:
    """Where Excel and xlwings look for the add-in, its settings and the Mac script."""

    system: System
    home: Path
    appdata: Path | None = None

    @classmethod
    def for_this_machine(cls, platform: str = sys.platform) -> Layout:
        """This user's folders; raises :class:`NoExcelError` where Excel does not run."""
        if system_of(platform) is System.WINDOWS:
            home = Path(os.environ.get("USERPROFILE", Path.home()))
            appdata = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
            return cls(System.WINDOWS, home, appdata)
        return cls(System.MAC, Path.home())

    @property
    def startup_dir(self) -> Path:
        """Excel's own start-up folder (XLSTART); add-ins in it open with Excel."""
        if self.system is System.WINDOWS:
            appdata = self.appdata or self.home / "AppData" / "Roaming"
            return appdata / "Microsoft" / "Excel" / "XLSTART"
        return (
            (self.home / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content")
            / "Startup"
            / "Excel"
        )

    @property
    def conf_file(self) -> Path:
        """The user conf file xlwings' ``GetConfigFilePath`` reads for ``PROJECT_NAME``."""
        if self.system is System.WINDOWS:
            return self.home / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"
        # Excel on the Mac is sandboxed: its $HOME is its container's Data folder.
        sandbox = self.home / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
        return sandbox / f"{PROJECT_NAME}.conf"

    @property
    def script_dir(self) -> Path | None:
        """Where ``AppleScriptTask`` finds scripts (Mac only)."""
        if self.system is System.WINDOWS:
            return None
        return self.home / "Library" / "Application Scripts" / "com.microsoft.Excel"


@dataclass(frozen=True)
class InstallResult:
    """What :func:`install` wrote."""

    addin: Path
    conf: Path
    script: Path | None


def read_conf(path: Path) -> dict[str, str]:
    """Read an xlwings conf file: one ``"KEY","value"`` per line, keys upper-cased."""
    settings: dict[str, str] = {}
    if not path.is_file():
        return settings
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition(",")
        if sep:
            settings[key.strip().strip('"').upper()] = value.strip().strip('"')
    return settings


def _write_conf(path: Path, settings: dict[str, str]) -> None:
    # VBA's ``Input #`` reads quoted CSV fields; a value holds no quote (paths cannot).
    lines = [f'"{key}","{value}"' for key, value in settings.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # copyfile copies content only: no "downloaded from the internet" mark travels along.
        shutil.copyfile(source, target)
    except PermissionError as error:
        raise TargetBusyError(target) from error


def _xlwings_file(name: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("xlwings")
    return Path(spec.origin).parent / name


def install(
    layout: Layout,
    interpreter: Path | None = None,
    addin: Path | None = None,
    addin_dir: Path = ADDIN_DIR,
) -> InstallResult:
    """Install the add-in for one user.

    Args:
        layout: The folders to install into.
        interpreter: The Python that runs the buttons (default: this one).
        addin: A built ``zahllauf.xlam`` to copy; built from ``addin_dir`` when None.
        addin_dir: Sources to build from.
    """
    interpreter = interpreter or Path(sys.executable)
    target = layout.startup_dir / ADDIN_FILE
    if addin is None:
        with tempfile.TemporaryDirectory() as scratch:
            built = build_addin(Path(scratch) / ADDIN_FILE, addin_dir)
            _copy(built.path, target)
    else:
        _copy(addin, target)
    settings = read_conf(layout.conf_file)
    settings[_INTERPRETER_KEY[layout.system.value]] = str(interpreter)
    _write_conf(layout.conf_file, settings)
    script = None
    if layout.script_dir is not None:
        script = layout.script_dir / APPLESCRIPT
        _copy(_xlwings_file(APPLESCRIPT), script)
    logger.info("add-in installed to %s, interpreter %s", target, interpreter)
    return InstallResult(target, layout.conf_file, script)


def uninstall(layout: Layout) -> list[Path]:
    """Remove the add-in and this installer's conf keys; return what was removed.

    The Mac's xlwings AppleScript stays: other xlwings add-ins may use it.
    """
    removed = []
    target = layout.startup_dir / ADDIN_FILE
    if target.exists():
        try:
            target.unlink()
        except PermissionError as error:
            raise TargetBusyError(target) from error
        removed.append(target)
    settings = read_conf(layout.conf_file)
    remaining = {k: v for k, v in settings.items() if k not in _INTERPRETER_KEY.values()}
    if layout.conf_file.exists():
        if remaining:
            _write_conf(layout.conf_file, remaining)
        else:
            layout.conf_file.unlink()
            removed.append(layout.conf_file)
            _remove_empty(layout.conf_file.parent, layout)
    logger.info("add-in uninstalled: %d files removed", len(removed))
    return removed


def _remove_empty(folder: Path, layout: Layout) -> None:
    """Remove zahllauf's own conf folder on Windows once it is empty."""
    if layout.system is System.WINDOWS and folder.name == f".{PROJECT_NAME}":
        try:
            folder.rmdir()
        except OSError:
            logger.debug("conf folder %s kept (not empty)", folder)
