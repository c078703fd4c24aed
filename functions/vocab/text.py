"""Text a person typed: one line, or lines, but never control characters.

A name, a title or a label is one line: a line break in it ends up in an
e-mail's subject (which refuses it), a CSV cell or a page heading. Long text
(a description, notes, a bio) may hold line breaks. Neither may hold any
other control character (Unicode category Cc: NUL, tab, escape, …) nor a
Unicode line or paragraph separator. Pure: ``functions.api.schemas`` wraps
``check`` for request bodies, ``roster_csv`` calls it for imports.
"""
from __future__ import annotations

import re

#: Category Cc (U+0000–U+001F, U+007F–U+009F), and U+2028/U+2029 (Zl, Zp).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")

ONE_LINE = "must be one line, without line breaks, tabs or other control characters"
LINES = "line breaks are fine, but no tabs or other control characters"


def check(text: str, *, lines: bool = False) -> str:
    """``text`` as it may be stored, or ValueError in words for the form.

    ``lines``: long text, where ``\\n`` is allowed (``\\r\\n`` and a lone
    ``\\r`` count as ``\\n``)."""
    if lines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if _CONTROL_BUT_NEWLINE.search(text):
            raise ValueError(LINES)
    elif _CONTROL.search(text):
        raise ValueError(ONE_LINE)
    return text
