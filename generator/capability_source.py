"""Where a capability section or item came from: rendered text matched back to the edition's source lines.

Python-Markdown keeps no line numbers; messages need them. The renderer decides what a section is;
this only finds the line to point at, moving forward through the page as sections are met.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.model import Line
from generator.select import EditionPage

Where = tuple[str, int]  # (path relative to the project, line)


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


_ATX2 = re.compile(r"^ {0,3}##(?!#)")
_SETEXT2 = re.compile(r"^ {0,3}-+\s*$")


class Locator:
    """Maps rendered text back to the edition's source lines, moving forward as sections are met."""

    def __init__(self, page: EditionPage) -> None:
        self.lines: list[Line] = list(page.lines)
        self.code = list(page.is_code)
        self.norms = [_norm(line.text) for line in self.lines]  # once: a page may have thousands of items
        self.cursor = 0
        self.first = (page.page.path, 1)

    def _find(self, text: str, start: int, want: Callable[[int], bool]) -> int | None:
        key = _norm(text)
        for length in (24, 8, 0):
            probe = key[:length] if length else ""
            for i in range(start, len(self.lines)):
                if not self.code[i] and want(i) and probe in self.norms[i]:
                    return i
        return None

    def _at(self, i: int) -> Where:
        # A line from a snippet keeps its own file: the message points there.
        return self.lines[i].path, self.lines[i].lineno

    def heading(self, text: str) -> Where:
        def is_h2(i: int) -> bool:
            following = self.lines[i + 1].text if i + 1 < len(self.lines) else ""
            return bool(_ATX2.match(self.lines[i].text)) or bool(
                self.lines[i].text.strip() and _SETEXT2.match(following)
            )

        found = self._find(text, self.cursor, is_h2)
        if found is None:
            return self._at(self.cursor) if self.cursor < len(self.lines) else self.first
        self.cursor = found + 1
        return self._at(found)

    def item(self, text: str, fallback: Where) -> Where:
        found = self._find(text, self.cursor, lambda i: bool(self.lines[i].text.strip()))
        if found is None:
            return fallback
        self.cursor = found + 1
        return self._at(found)

    def anywhere(self, text: str) -> Where:
        found = self._find(text, 0, lambda i: bool(self.lines[i].text.strip()))
        return self._at(found) if found is not None else self.first
