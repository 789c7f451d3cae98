"""Benchmark: incremental mailbox fetch from a real Dovecot with a large INBOX.

A mailbox of 10,000 mails (most without attachment) is read once; then 10 invoice mails
arrive. Measured: the incremental fetch (MailboxSource.documents), the same with nothing
new, and beside it the whole ``zahllauf abrufen`` command (workbook open, read, save).
Targets: ≤ 3 s with 10 new mails, ≤ 1 s with nothing new; the time grows with new mail,
not with mailbox size.

    python bench/bench_imap.py            # 10,000 mails
    python bench/bench_imap.py --klein    # 300 mails, for CI (so it cannot rot)

The big mailbox is written as maildir files before Dovecot first opens it (APPEND of
10,000 mails would only measure the filling); the 10 new mails arrive by APPEND.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

import mailfactory as mf  # noqa: E402
from imap_server import PASSWORD, Dovecot, dovecot_available  # noqa: E402
from zahllauf import cli  # noqa: E402
from zahllauf.adapters.xlsx_file import open_workbook  # noqa: E402
from zahllauf.adapters.xlsx_template import build_template  # noqa: E402
from zahllauf.port import ROW  # noqa: E402
from zahllauf.sources.imap import MailboxSource  # noqa: E402

NEW_INVOICES = 10
TARGET_NEW = 3.0
TARGET_NOTHING = 1.0


class BenchKeyring(KeyringBackend):
    """Keyring double for the benchmark: a dict in memory (no OS keyring here)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def fill_maildir(server: Dovecot, count: int) -> None:
    """``count`` mails as maildir files; every 100th carries a PDF invoice."""
    folder = server.root / "mail" / "anna" / "new"
    for sub in ("new", "cur", "tmp"):
        (folder.parent / sub).mkdir(parents=True, exist_ok=True)
    now = time.time()
    pdf = mf.pdf_bytes("Alte Rechnung")
    for number in range(count):
        if number % 100 == 0:
            raw = mf.mail(
                [mf.pdf_part(f'attachment; filename="alt-{number}.pdf"', data=pdf)],
                subject=f"Rechnung alt {number}",
            )
        else:
            raw = mf.plain_mail(f"Besprechung {number}", f"Text der Nachricht {number}.\n" * 20)
        path = folder / f"{int(now)}.M{number}P1.bench"
        path.write_bytes(raw)
        stamp = now - (count - number) * 60
        os.utime(path, (stamp, stamp))
    for path in [server.root / "mail", *(server.root / "mail").rglob("*")]:
        shutil.chown(path, "nobody", "nogroup")


def workbook(folder: Path, values: dict[str, str]) -> Path:
    path = folder / "Zahlungsliste.xlsx"
    build_template(path)
    with open_workbook(path) as port:
        rows = {r["Schlüssel"]: r[ROW] for r in port.read_rows("Einstellungen")}
        port.update_rows("Einstellungen", {rows[k]: {"Wert": v} for k, v in values.items()})
    return path


def timed_fetch(path: Path) -> tuple[float, int]:
    """Seconds and documents of the mailbox fetch alone, with the workbook's state."""
    with open_workbook(path, save=False) as port:
        source = MailboxSource.from_workbook(port, date.today())
    started = time.perf_counter()
    found = list(source.documents())
    return time.perf_counter() - started, len(found)


def timed_command(path: Path) -> tuple[float, str]:
    """Seconds of ``zahllauf abrufen`` and the first line of its summary."""
    output = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(output):  # the summary table is not the point
        code = cli.main(["abrufen", "--mappe", str(path)])
    seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"zahllauf abrufen failed with exit code {code}")
    return seconds, output.getvalue().split("\n", 1)[0]


def run(count: int) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="zahllauf-bench-imap-"))
    root.chmod(0o755)
    server = Dovecot.create(root / "dovecot")
    (root / "dovecot").chmod(0o755)
    fill_maildir(server, count)
    server.start()
    backend = BenchKeyring()
    keyring.set_keyring(backend)
    try:
        values = server.settings(**{"Postfach Startdatum": "2000-01-01"})
        path = workbook(root, values)
        backend.set_password("zahllauf", f"{values['Postfach Benutzer']}@127.0.0.1", PASSWORD)
        first, first_summary = timed_command(path)  # the first run reads the whole mailbox once
        server.append(
            [
                mf.mail(
                    [
                        mf.pdf_part(
                            f'attachment; filename="neu-{n}.pdf"',
                            data=mf.pdf_bytes(f"Rechnung NEU-{n}"),
                        )
                    ],
                    subject=f"Rechnung NEU-{n}",
                )
                for n in range(NEW_INVOICES)
            ]
        )
        fetch_new, documents = timed_fetch(path)
        command_new, _ = timed_command(path)
        fetch_nothing, nothing = timed_fetch(path)
        command_nothing, _ = timed_command(path)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return {
        "mails": count,
        "first_command": first,
        "first_summary": first_summary,
        "fetch_new": fetch_new,
        "documents_new": documents,
        "command_new": command_new,
        "fetch_nothing": fetch_nothing,
        "documents_nothing": nothing,
        "command_nothing": command_nothing,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--klein", action="store_true", help="300 mails instead of 10,000 (CI)")
    args = parser.parse_args()
    if not dovecot_available():
        print("bench_imap: Dovecot fehlt (dovecot-imapd) – übersprungen")
        return 0
    result = run(300 if args.klein else 10_000)
    print(f"Postfach mit {result['mails']} Mails (Dovecot auf 127.0.0.1, TLS):")
    lines = [
        ("erster Abruf, ganzer Befehl", result["first_command"], result["first_summary"]),
        (
            f"{NEW_INVOICES} neue Rechnungen, Abruf",
            result["fetch_new"],
            f"{result['documents_new']} Dokumente, Ziel ≤ {TARGET_NEW:g} s",
        ),
        (f"{NEW_INVOICES} neue Rechnungen, ganzer Befehl", result["command_new"], ""),
        ("nichts Neues, Abruf", result["fetch_nothing"], f"Ziel ≤ {TARGET_NOTHING:g} s"),
        ("nichts Neues, ganzer Befehl", result["command_nothing"], ""),
    ]
    for label, seconds, note in lines:
        print(f"  {label:<34} {seconds:6.2f} s  {note}".rstrip())
    ok = (
        result["documents_new"] == NEW_INVOICES
        and result["documents_nothing"] == 0
        and result["fetch_new"] <= TARGET_NEW
        and result["fetch_nothing"] <= TARGET_NOTHING
    )
    if not ok:
        print("bench_imap: Ziel verfehlt", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
