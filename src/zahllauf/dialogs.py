"""Small Tk dialogs for the ribbon buttons: hours, a masked password, an error box.

Excel's InputBox cannot hide what is typed and cannot show several fields, so input goes
through Tk, which ships with Python on Windows and macOS. tkinter is imported only inside
the functions that open a window; the validation behind the hours form is a pure function
(:func:`hours_entry`) that the tests call directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from zahllauf import texts
from zahllauf.jobs.stunden import HoursEntry
from zahllauf.user_input import InvalidInputError, parse_date, parse_hours

__all__ = ["HoursForm", "ask_hours", "ask_secret", "hours_entry", "show_error"]

log = logging.getLogger(__name__)

_ERROR_COLOUR = "#b00000"


@dataclass(frozen=True)
class HoursForm:
    """What the hours dialog's four fields hold, as typed."""

    date_text: str
    client: str
    hours_text: str
    activity: str


def hours_entry(form: HoursForm, today: date) -> HoursEntry:
    """The entry the form describes; raises ``InvalidInputError`` with a German message."""
    day = parse_date(form.date_text) if form.date_text.strip() else today
    entry = HoursEntry(
        day, form.client.strip(), form.activity.strip(), parse_hours(form.hours_text)
    )
    entry.check_day(today)
    return entry


def ask_hours(client: str, today: date) -> HoursEntry | None:
    """Show the hours dialog; the valid entry, or None when cancelled.

    A wrong field keeps the dialog open with the German reason shown under the fields.
    """
    import tkinter as tk
    from tkinter import ttk

    root, frame = _window(texts.DIALOG_HOURS_TITLE)
    initial = (texts.german_date(today), client, "", "")
    labels = (texts.DIALOG_DATE, texts.DIALOG_CLIENT, texts.DIALOG_HOURS, texts.DIALOG_ACTIVITY)
    fields = [tk.StringVar(root, value=v) for v in initial]
    for line, (label, field) in enumerate(zip(labels, fields, strict=True)):
        ttk.Label(frame, text=label).grid(row=line, column=0, sticky="w", padx=6, pady=4)
        ttk.Entry(frame, textvariable=field, width=40).grid(row=line, column=1, padx=6, pady=4)
    error = ttk.Label(frame, foreground=_ERROR_COLOUR, wraplength=420)
    error.grid(row=len(labels), column=0, columnspan=2, sticky="w", padx=6, pady=4)
    result: list[HoursEntry] = []

    def submit() -> None:
        form = HoursForm(*(f.get() for f in fields))
        try:
            result.append(hours_entry(form, today))
        except InvalidInputError as problem:
            error.configure(text=str(problem))
            return
        root.destroy()

    _buttons(root, frame, len(labels) + 1, texts.DIALOG_OK, submit)
    root.mainloop()
    return result[0] if result else None


def ask_secret(title: str, prompt: str) -> str | None:
    """Ask for a password with a masked entry (``show="*"``); None when cancelled."""
    import tkinter as tk
    from tkinter import ttk

    root, frame = _window(title)
    ttk.Label(frame, text=prompt.strip().rstrip(":")).grid(
        row=0, column=0, sticky="w", padx=6, pady=4
    )
    secret = tk.StringVar(root)
    entry = ttk.Entry(frame, textvariable=secret, show="*", width=40)
    entry.grid(row=1, column=0, padx=6, pady=4)
    ttk.Label(frame, text=texts.DIALOG_PASSWORD_HINT, wraplength=420).grid(
        row=2, column=0, sticky="w", padx=6, pady=4
    )
    result: list[str] = []

    def submit() -> None:
        result.append(secret.get())
        root.destroy()

    _buttons(root, frame, 3, texts.DIALOG_SAVE, submit)
    entry.focus_set()
    root.mainloop()
    return result[0] if result else None


def show_error(title: str, text: str) -> None:
    """A German error box, for when Excel itself cannot show one."""
    import tkinter as tk
    from tkinter import messagebox

    root = tk.Tk()
    root.withdraw()
    root.attributes("-topmost", True)
    messagebox.showerror(title, text, parent=root)
    root.destroy()


def _window(title: str) -> tuple[Any, Any]:
    """A small top-most window; Excel keeps its own window in front otherwise."""
    import tkinter as tk
    from tkinter import ttk

    root = tk.Tk()
    root.title(title)
    root.resizable(False, False)
    root.attributes("-topmost", True)
    frame = ttk.Frame(root, padding=10)
    frame.grid()
    root.after(50, root.focus_force)
    return root, frame


def _buttons(root: Any, frame: Any, line: int, label: str, submit: Callable[[], None]) -> None:
    from tkinter import ttk

    box = ttk.Frame(frame)
    box.grid(row=line, column=0, columnspan=2, sticky="e", padx=6, pady=4)
    ttk.Button(box, text=texts.DIALOG_CANCEL, command=root.destroy).grid(row=0, column=0, padx=4)
    ttk.Button(box, text=label, command=submit, default="active").grid(row=0, column=1, padx=4)
    root.bind("<Return>", lambda _event: submit())
    root.bind("<Escape>", lambda _event: root.destroy())
