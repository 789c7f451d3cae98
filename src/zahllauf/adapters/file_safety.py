"""File safety around a workbook: Excel's lock files, zahllauf's own run lock, backups.

No openpyxl here: these are the file operations the workbook adapters and the jobs share.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from zahllauf.errors import WorkbookBusyError, WorkbookLockedError

log = logging.getLogger(__name__)


def backup_path(path: Path) -> Path:
    """Where the previous version is kept: ``Zahlungsliste.sicherung.xlsx`` beside it."""
    return path.with_name(f"{path.stem}.sicherung{path.suffix}")


def lock_files(path: Path) -> list[Path]:
    """Lock files Excel and LibreOffice put beside an open workbook."""
    names = {f"~${path.name}", f".~lock.{path.name}#"}
    if len(path.stem) > 6:
        names.add(f"~${path.name[2:]}")  # Excel drops the first two characters of long names
    return [path.with_name(n) for n in sorted(names)]


def ensure_not_locked(path: Path) -> None:
    for lock in lock_files(path):
        if lock.exists():
            raise WorkbookLockedError(path, lock)


def run_lock_path(path: Path) -> Path:
    return path.with_name(f".~zahllauf-{path.name}.lock")


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold ``.~zahllauf-<name>.lock`` (created exclusively) for the time of one job.

    The lock names this process and host. A lock of a process of this host that no longer
    runs, or one older than :data:`STALE_LOCK_SECONDS` (a crashed run on another PC of a
    synced folder), is stale and taken over.
    """
    lock = run_lock_path(path)
    for attempt in (1, 2):
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError as error:
            if attempt == 1 and _stale(lock):
                log.warning("taking over stale run lock %s", lock.name)
                lock.unlink(missing_ok=True)
                continue
            raise WorkbookBusyError(path) from error
        break
    with os.fdopen(handle, "w") as stream:
        stream.write(f"{os.getpid()} {socket.gethostname()}\n")
    try:
        _remove_leftovers(path.parent)
        yield
    finally:
        lock.unlink(missing_ok=True)


STALE_LOCK_SECONDS = 3600


def _remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed run left beside the workbook (hidden, but a cloud
    folder would upload them). Only old ones: another workbook in the folder may be saving."""
    limit = time.time() - STALE_LOCK_SECONDS
    for leftover in folder.glob(".~zahllauf-*"):
        if leftover.name.endswith(".lock"):
            continue
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
                log.info("removed leftover %s", leftover.name)


def _stale(lock: Path) -> bool:
    try:
        owner = lock.read_text().split()
        age = time.time() - lock.stat().st_mtime
    except (OSError, UnicodeDecodeError):
        return True
    if len(owner) == 2 and owner[1] == socket.gethostname() and owner[0].isdigit():
        return not _alive(int(owner[0]))
    return age > STALE_LOCK_SECONDS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def keep_backup(path: Path) -> Path | None:
    """Copy the file as it is on disk to its backup, before Excel saves over it.

    The live adapter's jobs save through Excel; this keeps the same one-step undo that
    :func:`save_atomically` keeps for the file. Returns the backup, or None without a file.
    """
    path = Path(path)
    if not path.is_file():
        return None
    copy_atomically(path, backup_path(path))
    return backup_path(path)


def copy_atomically(source: Path, target: Path) -> None:
    if not source.exists():
        return
    handle, temp_name = tempfile.mkstemp(prefix=".~zahllauf-", dir=target.parent)
    os.close(handle)
    try:
        shutil.copy2(source, temp_name)
        fsync(Path(temp_name))
        os.replace(temp_name, target)
    finally:
        Path(temp_name).unlink(missing_ok=True)


def fsync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
