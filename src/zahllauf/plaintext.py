"""Foreign text made safe to show on one line: mail headers, file names, typed input.

The workbook's cell layer (:func:`zahllauf.adapters.cells.clean_text`) keeps line breaks
in multi-line cells; this is for what must stay one line and reaches a terminal.
"""

from __future__ import annotations

import unicodedata

__all__ = ["CONTROL_CATEGORIES", "one_line"]

#: Unicode control (Cc), format (Cf: bidi overrides, zero-width marks) and lone surrogates.
CONTROL_CATEGORIES = ("Cc", "Cf", "Cs")


def one_line(text: str) -> str:
    """Text as one clean line: control and format characters dropped, white space (tabs and
    line breaks too) run together into single spaces, none at the ends.

    An ESC would start an escape sequence on the terminal, a right-to-left override would
    turn a name around, and a cell refuses control characters.

    >>> one_line(" Zahllauf\\tvorbereitet\\x01 "), one_line("Lieferant\\x01\\x0bGmbH")
    ('Zahllauf vorbereitet', 'Lieferant GmbH')
    >>> one_line("Rechnung\\x07\\x1b[31m")
    'Rechnung[31m'
    """
    kept = "".join(
        char
        for char in text
        if char.isspace() or unicodedata.category(char) not in CONTROL_CATEGORIES
    )
    return " ".join(kept.split())
