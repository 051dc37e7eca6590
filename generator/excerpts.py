"""An excerpt of a snippet file keeps the conditions of the `only`/`except` blocks that enclose it there.

A section or line range cut from inside `/// only | managers` must stay hidden from everyone else, so
the excerpt is wrapped in copies of the enclosing opening and closing lines (located at the real opening
line; they are never output). An excerpt that holds one half of a block, its opening or its closing line
without the other, is an error: the rest of the page would be hidden or shown by accident.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator import blocks
from generator.findings import Finding
from generator.model import Condition, Kind, Line

_INDENT = re.compile(r"^[ \t]*")


class Src(str):
    """A line of text that remembers the file and line it came from."""

    path: str
    lineno: int

    def __new__(cls, text: str, path: str, lineno: int) -> Src:
        made = super().__new__(cls, text)
        made.path = path
        made.lineno = lineno
        return made


@dataclass(frozen=True)
class _Opener:
    lineno: int
    fence: str
    condition: Condition


@dataclass
class _Shape:
    """Per line of a snippet file: its kind, and the conditional blocks around it."""

    kinds: dict[int, Kind]
    around: dict[int, tuple[_Opener, ...]]
    openers: dict[int, _Opener]


@dataclass
class _Open:
    opener: _Opener
    synthetic: bool
    indent: str
    at: Any  # the excerpt line that opened it, for messages


class ExcerptGuard:
    def __init__(self, rel: Callable[[str], str]) -> None:
        self.rel = rel
        self.shapes: dict[str, _Shape] = {}

    def wrap(self, whole: list[Any], chosen: list[Any], findings: list[Finding]) -> list[Any]:
        """`chosen` (lines of `whole`) with the enclosing conditions restored; halves of blocks are errors."""
        if not whole:
            return chosen
        shape = self._shape(whole)
        path = getattr(whole[0], "path", "")
        out: list[Any] = []
        stack: list[_Open] = []
        last: tuple[_Opener, ...] = ()

        def close_to(depth: int) -> None:
            while len(stack) > depth:
                top = stack.pop()
                if top.synthetic:
                    out.append(Src(top.indent + top.opener.fence, path, top.opener.lineno))
                else:
                    findings.append(_half(top.at, "opens", top.opener))

        def open_to(wanted: tuple[_Opener, ...], indent: str) -> None:
            common = 0
            while common < min(len(stack), len(wanted)) and stack[common].opener == wanted[common]:
                common += 1
            close_to(common)
            for opener in wanted[common:]:
                c = opener.condition
                text = f"{indent}{opener.fence} {c.keyword} | {', '.join(c.ids)}"
                out.append(Src(text, path, opener.lineno))
                stack.append(_Open(opener, True, indent, None))

        for line in chosen:
            lineno = getattr(line, "lineno", 0) if getattr(line, "path", None) == path else 0
            around = shape.around.get(lineno, last)
            kind = shape.kinds.get(lineno, Kind.TEXT)
            indent = _INDENT.match(str(line))[0]  # type: ignore[index]
            if kind is Kind.CLOSE:
                block = around[-1]
                if not any(o.opener == block and not o.synthetic for o in stack):
                    findings.append(_half(line, "closes", block))
                    open_to(around[:-1], indent)
                    continue  # the half line is dropped: an error stops the build anyway
                open_to(around, indent)
                out.append(line)
                stack.pop()
                last = around[:-1]
                continue
            open_to(around, indent)
            out.append(line)
            if kind is Kind.OPEN:
                opener = shape.openers[lineno]
                stack.append(_Open(opener, False, indent, line))
                last = (*around, opener)
            else:
                last = around
        close_to(0)
        return out

    def _shape(self, whole: list[Any]) -> _Shape:
        path = getattr(whole[0], "path", "")
        if path not in self.shapes:
            items, _ = blocks.scan([Line(str(t), path, getattr(t, "lineno", 0)) for t in whole])
            kinds: dict[int, Kind] = {}
            around: dict[int, tuple[_Opener, ...]] = {}
            stack: list[_Opener] = []
            openers: dict[int, _Opener] = {}
            for item in items:
                lineno = item.line.lineno
                kinds[lineno] = item.kind
                around[lineno] = tuple(stack)
                if item.kind is Kind.OPEN and item.condition is not None:
                    fence = item.line.text.strip().split()[0].rstrip("|")
                    fence = fence[: len(fence) - len(fence.lstrip("/"))] or "///"
                    opener = _Opener(lineno, fence, item.condition)
                    stack.append(opener)
                    openers[lineno] = opener
                elif item.kind is Kind.CLOSE and stack:
                    stack.pop()
            self.shapes[path] = _Shape(kinds, around, openers)
        return self.shapes[path]


def _half(line: Any, verb: str, opener: _Opener) -> Finding:
    c = opener.condition
    label = f"{opener.fence} {c.keyword} | {', '.join(c.ids)}"
    message = (
        f"this excerpt {verb} the '{label}' block of line {opener.lineno} without its other half; "
        "choose lines or a section that hold the whole block, or none of it"
    )
    return Finding(getattr(line, "path", ""), getattr(line, "lineno", 0), message)
