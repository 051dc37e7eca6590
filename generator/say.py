"""What `build` says on standard error: a word of its own coloured on a terminal, no text read as markup.

This replaced rich's console, which read each whole line as markup: a MkDocs warning, a note or a folder
name holding `[note]` lost those words, and one holding `[/]` ended the build in a traceback. Importing
rich also took 15–20 ms of every build.

Control characters in the text (a file name or a warning can hold any) are shown as `\x1b` and the
like, never sent to the terminal: an escape sequence could recolour or rewrite what the editor sees,
a carriage return could print over the start of the line (rich removed that one; it passed escapes).
"""

from __future__ import annotations

import os
import sys
from typing import Literal, TextIO

Colour = Literal["green", "red", "yellow", "cyan"]
_CODES: dict[Colour, str] = {"green": "32", "red": "31", "yellow": "33", "cyan": "36"}
# C0 and C1 control characters and DEL, but not the line feed and tab that multi-line warnings hold;
# and the line separators and bidirectional overrides, which can make a line read as something else.
_SHOWN = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t"}
_SHOWN |= {c: f"\\u{c:04x}" for c in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def printable(text: str) -> str:
    """`text` with its control characters written out, for a terminal (error lines use it too)."""
    return text.translate(_SHOWN)


def wants_colour(stream: TextIO) -> bool:
    """As most tools decide: FORCE_COLOR forces it, NO_COLOR and TERM=dumb turn it off, else a terminal has it."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Say:
    """Prints lines: `first`, coloured when a colour is given and the stream wants it, then `rest` (both printable)."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._quiet = quiet
        self._colour = wants_colour(self._stream)

    def __call__(self, first: str, colour: Colour | None = None, rest: str = "") -> None:
        if self._quiet:
            return
        first, rest = printable(first), printable(rest)
        if colour and self._colour:
            first = f"\x1b[{_CODES[colour]}m{first}\x1b[0m"
        self._stream.write(f"{first}{rest}\n")
        self._stream.flush()
