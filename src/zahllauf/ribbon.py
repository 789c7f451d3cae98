"""The "Zahllauf" ribbon tab: its buttons, their actions, and the dispatch from Excel.

Every button of the tab calls the same VBA callback (``ZahllaufRibbon.OnButton``), which
runs ``zahllauf.ribbon.dispatch('<button id>')`` through xlwings' ``RunPython``. Python
decides what the button does, so a new button needs an entry in :data:`BUTTONS` (the ribbon
XML is generated from it by :func:`customui_xml`) and the function it names, never VBA.

Each press starts a fresh Python process, so actions are named as ``"module:function"``
paths and imported only when their button is pressed; importing this module imports
neither xlwings nor the jobs.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from zahllauf import texts
from zahllauf.errors import ZahllaufError

__all__ = [
    "BUTTONS",
    "CALLBACK",
    "ERROR_REPORTER",
    "GROUPS",
    "Button",
    "Group",
    "UnknownButtonError",
    "button",
    "customui_xml",
    "dispatch",
    "resolve",
]

logger = logging.getLogger(__name__)

#: The one VBA macro every button calls (module ``ZahllaufRibbon`` in ``addin/``); xlOil
#: binds the same name to :func:`dispatch` in ``pyxll_free_alt/``.
CALLBACK = "ZahllaufRibbon.OnButton"
TAB_ID = "zahllaufTab"
# customUI of Office 2007: every Excel since 2007 on Windows and 2016 on Mac reads it.
CUSTOMUI_NAMESPACE = "http://schemas.microsoft.com/office/2006/01/customui"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")

#: ``"module:function"`` called with ``(text)`` to show a German message in Excel when an
#: action fails; ``None`` lets the exception reach xlwings, which shows it as it is.
ERROR_REPORTER: str | None = "zahllauf.live:report_error"


class UnknownButtonError(ZahllaufError):
    """A ribbon control id that no button in :data:`BUTTONS` has."""

    def __init__(self, control_id: str) -> None:
        super().__init__(texts.RIBBON_UNKNOWN_BUTTON.format(control_id=control_id))
        self.control_id = control_id


@dataclass(frozen=True)
class Group:
    """A group of buttons on the tab, with its German label."""

    id: str
    label: str


@dataclass(frozen=True)
class Button:
    """One ribbon button.

    Attributes:
        id: Control id in the ribbon XML; lower-case ASCII, as it travels through VBA
            into a Python string literal.
        label: German label shown under the icon.
        image: Name of a built-in Office icon (``imageMso``).
        group: Id of the :class:`Group` the button sits in.
        action: ``"module:function"`` of the function the button runs; it is called
            without arguments in the Python process that ``RunPython`` starts.
        tip: German screen tip.
    """

    id: str
    label: str
    image: str
    group: str
    action: str
    tip: str

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"button id must be lower-case ASCII: {self.id!r}")
        if not _TARGET.match(self.action):
            raise ValueError(f"action must read 'module:function': {self.action!r}")


GROUPS: tuple[Group, ...] = (
    Group("rechnungen", "Rechnungen"),
    Group("zeit", "Zeit"),
    Group("mappe", "Mappe"),
)

BUTTONS: tuple[Button, ...] = (
    Button(
        "abrufen",
        "Rechnungen abrufen",
        "RefreshAll",
        "rechnungen",
        "zahllauf.live:abrufen",
        "Neue Rechnungen aus Posteingang und Ordner in die Zahlungsliste holen.",
    ),
    Button(
        "pruefen",
        "Prüfen",
        "DataValidation",
        "rechnungen",
        "zahllauf.live:pruefen",
        "Alle offenen Rechnungen erneut prüfen (IBAN, Fälligkeit, Beträge, Dubletten).",
    ),
    Button(
        "bezahlt",
        "Als bezahlt markieren",
        "AcceptInvitation",
        "rechnungen",
        "zahllauf.live:bezahlt",
        "Die markierten Zeilen mit heutigem Datum und Betrag als bezahlt eintragen.",
    ),
    Button(
        "stunden",
        "Stunden erfassen",
        "DateAndTimeInsert",
        "zeit",
        "zahllauf.live:stunden",
        "Datum, Mandant, Stunden und Tätigkeit ins Stundenprotokoll eintragen.",
    ),
    Button(
        "passwort",
        "Passwort",
        "AdpPrimaryKey",
        "mappe",
        "zahllauf.live:passwort",
        "Das Passwort des Postfachs sicher im Schlüsselbund des Systems speichern.",
    ),
    Button(
        "wiederherstellen",
        "Wiederherstellen",
        "Undo",
        "mappe",
        "zahllauf.live:wiederherstellen",
        "Die Zahlungsliste aus der letzten Sicherung zurückholen.",
    ),
)


def button(control_id: str) -> Button:
    """Return the button with ``control_id``; raise :class:`UnknownButtonError` if none."""
    for candidate in BUTTONS:
        if candidate.id == control_id:
            return candidate
    raise UnknownButtonError(control_id)


def _load(target: str) -> Callable[..., object]:
    """Import ``"module:function"`` and return the function."""
    module_name, _, attribute = target.partition(":")
    function = getattr(importlib.import_module(module_name), attribute)
    if not callable(function):
        raise TypeError(f"{target} is not callable")
    return function


def resolve(control_id: str) -> Callable[..., object]:
    """Return the action function of button ``control_id``, importing its module."""
    return _load(button(control_id).action)


def dispatch(control_id: str) -> None:
    """Run the action of the pressed button; the entry point ``RunPython`` calls.

    With :data:`ERROR_REPORTER` set, a failure is logged and shown as a German message
    (the error's own text for a :class:`ZahllaufError`), never as a traceback.
    """
    logger.info("ribbon button %s pressed", control_id)
    try:
        resolve(control_id)()
    except Exception as error:
        if ERROR_REPORTER is None:
            raise
        logger.exception("ribbon button %s failed", control_id)
        _load(ERROR_REPORTER)(_message_for(control_id, error))


def _message_for(control_id: str, error: Exception) -> str:
    if isinstance(error, ZahllaufError):
        return str(error)
    label = next((b.label for b in BUTTONS if b.id == control_id), control_id)
    return texts.RIBBON_UNEXPECTED_ERROR.format(label=label, error=error)


def _button_xml(item: Button) -> str:
    return (
        f"<button id={quoteattr(item.id)} label={quoteattr(item.label)}"
        f' imageMso={quoteattr(item.image)} size="large"'
        f" screentip={quoteattr(item.label)} supertip={quoteattr(item.tip)}"
        f" onAction={quoteattr(CALLBACK)}/>"
    )


def customui_xml() -> str:
    """The ribbon as customUI XML, generated from :data:`GROUPS` and :data:`BUTTONS`."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<customUI xmlns="{CUSTOMUI_NAMESPACE}">',
        "  <ribbon>",
        "    <tabs>",
        f'      <tab id="{TAB_ID}" label={quoteattr(texts.RIBBON_TAB)}>',
    ]
    for group in GROUPS:
        lines.append(f"        <group id={quoteattr(group.id)} label={quoteattr(group.label)}>")
        lines += [f"          {_button_xml(b)}" for b in BUTTONS if b.group == group.id]
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines)
