"""A second, deliberately simple reading of `only`/`except` blocks, independent of the block scanner.

It ignores code, lists, quotes and every other context on purpose: any line that looks like an
opener opens a block, any bare slash line closes the innermost one. What it calls hidden is checked
against the output; where it disagrees with the scanner, the output decides (see isolation.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Line

# Whatever may stand before a block line in a container: quotes, list markers, footnote and
# definition markers, any whitespace (tabs, no-break spaces).
_PREFIX = r"^(?:[\s>]|[-*+](?=\s)|\d+[.)](?=\s)|:(?=\s)|\[\^[^\]]*\]:)*"
_OPENER = re.compile(_PREFIX + r"(/{3,})\s*([^\W\d_][\w-]*)(.*)$")
_CLOSER = re.compile(_PREFIX + r"/{3,}\s*$")
CONDITIONS = ("only", "except")
# pymdownx.blocks' own block names: never taken for a misspelt condition.
_OTHER_BLOCKS = frozenset({"details", "tab", "admonition", "html", "define", "caption", "figure-caption", "note"})


@dataclass(frozen=True)
class Cond:
    keyword: str  # only | except | '?' for a near miss, which hides from everyone
    ids: tuple[str, ...]


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def opener(text: str) -> Cond | None | bool:
    """A condition for an only/except-like opener; True for another block's opener; None otherwise."""
    match = _OPENER.match(text)
    if not match:
        return None
    name = match[2].casefold()
    rest = match[3].strip()
    ids = tuple(i.strip() for i in rest.lstrip("|").split(",") if i.strip()) if rest.startswith("|") else ()
    if name in CONDITIONS:
        return Cond(name, ids) if ids else Cond("?", ())
    if name not in _OTHER_BLOCKS and min(_distance(name, c) for c in CONDITIONS) <= 2:
        return Cond("?", ())
    return True


def enclosing(lines: Sequence[Line]) -> tuple[list[tuple[Cond, ...]], set[int]]:
    """For each line, the conditions of the blocks around it; and the indexes of block lines themselves."""
    stack: list[Cond | None] = []
    current: tuple[Cond, ...] = ()  # the conditions on the stack, kept in step with it
    conditions: list[tuple[Cond, ...]] = []
    markup: set[int] = set()
    for index, line in enumerate(lines):
        conditions.append(current)
        if "///" not in line.text:  # most lines: no block syntax at all
            continue
        found = opener(line.text)
        if found is not None:
            if isinstance(found, Cond):
                markup.add(index)  # another block's opener keeps its text (a summary, a tab title)
            stack.append(found if isinstance(found, Cond) else None)
        elif _CLOSER.match(line.text):
            markup.add(index)
            if stack:
                stack.pop()
        else:
            continue
        current = tuple(c for c in stack if c)
    return conditions, markup
