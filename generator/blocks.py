"""Read the block structure of a page: `only`/`except` blocks, foreign blocks and code.

The structure does not depend on the audience, so a page is scanned once and
every structural error (unclosed block, wrong closing fence) is found once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.findings import Finding
from generator.model import Condition, Item, Kind, Line

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<name>[A-Za-z][\w-]*)(?P<rest>.*)$")
_CLOSE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*$")
_CODE_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===[ \t])")
CONDITIONS = ("only", "except")


@dataclass
class _Open:
    fence: str
    indent: str
    line: Line
    ours: bool


def indent_width(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def scan(lines: list[Line]) -> tuple[list[Item], list[Finding]]:
    """Classify every line; report unclosed and wrongly closed blocks."""
    items: list[Item] = []
    findings: list[Finding] = []
    stack: list[_Open] = []
    fence: tuple[str, int] | None = None  # open code fence: (char, length)
    quoted_fence = False  # the open fence sits in a blockquote
    container_indent = 0
    indented_code_at: int | None = None
    previous_blank = True
    for line in lines:
        text = line.text
        blank = not text.strip()
        width = indent_width(text)
        if fence is not None and quoted_fence and not _QUOTE.match(text):
            # A fence opened inside a blockquote ends with the quote: read this line afresh (fail closed).
            fence = None
        if fence is not None:
            items.append(Item(line, Kind.CODE))
            close = _CODE_FENCE.match(_unquoted(text))
            if (
                close
                and close["fence"][0] == fence[0]
                and len(close["fence"]) >= fence[1]
                and not close["info"].strip()
            ):
                fence = None
            continue
        if indented_code_at is not None:
            if blank or width >= indented_code_at:
                items.append(Item(line, Kind.CODE))
                previous_blank = blank
                continue
            indented_code_at = None
        if not blank and previous_blank and width >= container_indent + 4:
            indented_code_at = container_indent + 4
            items.append(Item(line, Kind.CODE))
            previous_blank = False
            continue
        previous_blank = blank
        if blank:
            items.append(Item(line, Kind.TEXT))
            continue
        container_indent = width + 4 if _CONTAINER.match(text) else width - width % 4
        # A fence inside a blockquote (`> ```) is code too: nothing in it is a block or a term.
        opening_fence = _CODE_FENCE.match(_unquoted(text))
        if opening_fence and (opening_fence["fence"][0] == "~" or "`" not in opening_fence["info"]):
            fence = (opening_fence["fence"][0], len(opening_fence["fence"]))
            quoted_fence = bool(_QUOTE.match(text))
            items.append(Item(line, Kind.CODE))
            continue
        items.append(_block_line(line, stack, findings))
    for still_open in reversed(stack):
        if still_open.ours:
            findings.append(_unclosed(still_open))
    return items, findings


_QUOTE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")  # blockquote markers, however nested


def _unquoted(text: str) -> str:
    return _QUOTE.sub("", text)


def _block_line(line: Line, stack: list[_Open], findings: list[Finding]) -> Item:
    opening = _OPEN.match(line.text)
    if opening:
        name = opening["name"]
        ours = name in CONDITIONS
        stack.append(_Open(opening["fence"], opening["indent"], line, ours))
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
    if not closing:
        return Item(line, Kind.TEXT)
    if not stack:
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
    elif top.ours and closing["indent"] != top.indent:
        findings.append(
            Finding(
                line.path,
                line.lineno,
                f"this '{top.fence}' is indented differently from the '{top.fence} {_label(top)}' "
                f"block opened at line {top.line.lineno}; indent both lines the same",
            )
        )
    stack.pop()
    return Item(line, Kind.CLOSE if top.ours else Kind.TEXT)


def _label(block: _Open) -> str:
    match = _OPEN.match(block.line.text)
    return (match["name"] + match["rest"]).strip() if match else ""


def _unclosed(block: _Open) -> Finding:
    return Finding(
        block.line.path,
        block.line.lineno,
        f"the '{block.fence} {_label(block)}' block is never closed; end it with a line '{block.indent}{block.fence}'",
    )
