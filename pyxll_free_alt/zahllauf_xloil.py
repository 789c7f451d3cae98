"""The "Zahllauf" ribbon through xlOil (Windows only): same XML, same dispatch as the .xlam.

xlOil loads this module when Excel opens ``zahllauf.xll`` (``LoadModules`` in
``zahllauf.ini``). The ribbon XML comes from :func:`zahllauf.ribbon.customui_xml`, the very
XML the VBA add-in carries; its one callback name (``ZahllaufRibbon.OnButton``) is bound to
:func:`zahllauf.ribbon.dispatch` with the pressed control's id. No VBA is involved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import xloil

from zahllauf import ribbon

logger = logging.getLogger(__name__)


def on_button(control: object) -> None:
    """Ribbon callback: run the action of the pressed button (``control.id``)."""
    ribbon.dispatch(str(control.id))


def callback_for(name: str) -> Callable[[object], None]:
    """xlOil's ``funcmap``: every callback name in the XML resolves to :func:`on_button`."""
    if name != ribbon.CALLBACK:
        raise KeyError(name)
    return on_button


_gui = xloil.ExcelGUI(ribbon=ribbon.customui_xml(), funcmap=callback_for)
logger.info("zahllauf ribbon registered through xlOil (%d buttons)", len(ribbon.BUTTONS))
