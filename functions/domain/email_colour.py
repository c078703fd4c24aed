"""A program's colour: the band that heads its e-mails' HTML part, with the
program's name in white on it.

White text must stay readable on it, so a colour is accepted only when its
contrast with white is at least 4.5:1 (WCAG 2.2, success criterion 1.4.3,
for normal text). Contrast and relative luminance are WCAG's own formulas,
a few lines: the one package that computes them (``wcag-contrast-ratio``)
has not been updated since 2015.
"""
from __future__ import annotations

import re

#: Tandem's own blue: e-mails of a program without a colour of its own.
DEFAULT = "#1f4e8c"
MINIMUM = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb``: 0 for black, 1 for white."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def darker(colour: str) -> str:
    """The same hue darkened just enough for white text (a suggestion)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    for step in range(100, -1, -1):
        shade = "#" + "".join(f"{int(v * step / 100):02x}" for v in (r, g, b))
        if contrast_with_white(shade) >= MINIMUM:
            return shade
    return "#000000"


def check(colour: str) -> str:
    """``colour`` as stored (``#rrggbb``, lower case), or ValueError saying
    what to pick."""
    if not HEX.match(colour or ""):
        raise ValueError("a colour as # and six hexadecimal digits, such as #1f4e8c")
    colour = colour.lower()
    ratio = contrast_with_white(colour)
    if ratio < MINIMUM:
        raise ValueError(f"white text on {colour} has a contrast of {ratio:.2f}:1, under "
                         f"the {MINIMUM}:1 people need to read it; pick a darker colour, "
                         f"such as {darker(colour)}")
    return colour


def usable(colour: str | None) -> str:
    """The colour to draw with: the program's if it is (still) valid, else Tandem's."""
    try:
        return check(colour) if colour else DEFAULT
    except ValueError:
        return DEFAULT
