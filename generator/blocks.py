"""Read the block structure of a page: `only`/`except` blocks, foreign blocks and code.

The structure does not depend on the audience, so a page is scanned once and
every structural error (unclosed block, wrong closing fence, unclosed code fence)
is found once. This scanner only proposes a structure: generator/structure.py
checks every block line against where Python-Markdown itself puts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.findings import Finding
from generator.model import Condition, Item, Kind, Line

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<name>[A-Za-z][\w-]*)(?P<rest>.*)$")
_CLOSE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*$")
_CODE_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A fence may sit in a blockquote (superfences reads it there); the quote markers come off first.
_QUOTE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===[ \t])")
CONDITIONS = ("only", "except")


@dataclass
class _Open:
    fence: str
    indent: str
    index: int
    line: Line
    ours: bool


@dataclass
class Scan:
    """The scanner's reading of a page, by line index."""

    items: list[Item]
    findings: list[Finding]
    fenced: set[int] = field(default_factory=set)  # lines inside (or opening/closing) a code fence
    opener_of: dict[int, int] = field(default_factory=dict)  # closing line -> its opening line
    unclosed_fence_from: int | None = None  # index of a code fence that never closes


def indent_width(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def _fence_of(text: str) -> re.Match[str] | None:
    return _CODE_FENCE.match(_QUOTE.sub("", text, count=1))


def is_block_line(text: str) -> bool:
    """An opening line of any `///` block."""
    return text.lstrip(" \t").startswith("///") and bool(_OPEN.match(text))


def _closes(match: re.Match[str] | None, fence: tuple[str, int, int]) -> bool:
    if match is None or match["info"].strip():
        return False
    return match["fence"][0] == fence[0] and len(match["fence"]) >= fence[1]


def scan(lines: list[Line]) -> tuple[list[Item], list[Finding]]:
    result = scan_lines(lines)
    return result.items, result.findings


def scan_lines(lines: list[Line]) -> Scan:
    """Classify every line; report unclosed and wrongly closed blocks and unclosed code fences.

    Every `///` line outside a code fence is read as a block line, even where the
    indentation suggests indented code: whether it really is code is the renderer's
    call (structure.py), and an only/except line there is an error, not an example.
    """
    result = Scan([], [])
    stack: list[_Open] = []
    fence: tuple[str, int, int] | None = None  # open code fence: (char, length, line index)
    quoted_fence = False  # the open fence sits in a blockquote
    container_indent = 0
    indented_code_at: int | None = None
    previous_blank = True
    for index, line in enumerate(lines):
        text = line.text
        blank = not text.strip()
        width = indent_width(text)
        if fence is not None and quoted_fence and not _QUOTE.match(text):
            # A fence opened inside a blockquote ends with the quote, as Markdown reads it: read this line afresh.
            fence = None
        if fence is not None:
            result.items.append(Item(line, Kind.CODE))
            result.fenced.add(index)
            if _closes(_fence_of(text), fence):
                fence = None
            continue
        block_line = _OPEN.match(text) or _CLOSE.match(text)
        if indented_code_at is not None and not block_line:
            if blank or width >= indented_code_at:
                result.items.append(Item(line, Kind.CODE))
                previous_blank = blank
                continue
            indented_code_at = None
        if not blank and not block_line and previous_blank and width >= container_indent + 4:
            indented_code_at = container_indent + 4
            result.items.append(Item(line, Kind.CODE))
            previous_blank = False
            continue
        previous_blank = blank
        if blank:
            result.items.append(Item(line, Kind.TEXT))
            continue
        opening = None if block_line else _fence_of(text)
        if opening and (opening["fence"][0] == "~" or "`" not in opening["info"]):
            fence = (opening["fence"][0], len(opening["fence"]), index)
            quoted_fence = bool(_QUOTE.match(text))
            result.items.append(Item(line, Kind.CODE))
            result.fenced.add(index)
            continue
        item = _block_line(index, line, stack, result)
        if item.kind in (Kind.OPEN, Kind.CLOSE):
            # Our own block line ends any indented code the indentation suggested: the
            # renderer confirms it is text, or the page fails (structure.py).
            indented_code_at = None
            container_indent = width
        else:
            container_indent = width + 4 if _CONTAINER.match(text) else width - width % 4
        result.items.append(item)
    if fence is not None and not quoted_fence:
        result.unclosed_fence_from = fence[2]
        result.findings.append(_unclosed_fence(lines[fence[2]]))
    for still_open in reversed(stack):
        if still_open.ours:
            result.findings.append(_unclosed(still_open))
    return result


def _block_line(index: int, line: Line, stack: list[_Open], result: Scan) -> Item:
    findings = result.findings
    opening = _OPEN.match(line.text)
    if opening:
        name = opening["name"]
        ours = name in CONDITIONS
        stack.append(_Open(opening["fence"], opening["indent"], index, line, ours))
        if not ours:
            return Item(line, Kind.TEXT)
        rest = opening["rest"].strip()
        ids = tuple(i.strip() for i in rest[1:].split(",")) if rest.startswith("|") else ()
        ids = tuple(i for i in ids if i)
        if not ids:
            findings.append(
                Finding(
                    line.path,
                    line.lineno,
                    f"'{opening['fence']} {name}' needs audience ids: '{opening['fence']} {name} | id, id'",
                )
            )
        return Item(line, Kind.OPEN, Condition(name, ids))
    closing = _CLOSE.match(line.text)
    if not closing or not stack:
        return Item(line, Kind.TEXT)
    top = stack[-1]
    if top.ours and closing["fence"] != top.fence:
        findings.append(
            Finding(
                line.path,
                line.lineno,
                f"'{closing['fence']}' cannot close the '{top.fence} {_label(top)}' block opened at line "
                f"{top.line.lineno}; close it with exactly '{top.fence}'",
            )
        )
    elif top.ours and closing["indent"].expandtabs(4) != top.indent.expandtabs(4):
        findings.append(
            Finding(
                line.path,
                line.lineno,
                f"this '{top.fence}' is indented differently from the '{top.fence} {_label(top)}' "
                f"block opened at line {top.line.lineno}; indent both lines the same",
            )
        )
    stack.pop()
    if not top.ours:
        return Item(line, Kind.TEXT)
    result.opener_of[index] = top.index
    return Item(line, Kind.CLOSE)


def _label(block: _Open) -> str:
    match = _OPEN.match(block.line.text)
    return (match["name"] + match["rest"]).strip() if match else ""


def _unclosed(block: _Open) -> Finding:
    return Finding(
        block.line.path,
        block.line.lineno,
        f"the '{block.fence} {_label(block)}' block is never closed; end it with a line '{block.indent}{block.fence}'",
    )


def _unclosed_fence(line: Line) -> Finding:
    match = _fence_of(line.text)
    fence = match["fence"] if match else "```"
    prefix = line.text[: len(line.text) - len(line.text.lstrip(" \t>"))]
    return Finding(
        line.path,
        line.lineno,
        f"this code fence '{fence}' is never closed, so the rest of the page would be code; "
        f"end the code with a line '{prefix}{fence}'",
    )
