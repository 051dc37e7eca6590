"""Bounds on what Python-Markdown must do with one page, checked before MkDocs is asked to render it.

Python-Markdown's inline patterns rescan the rest of a paragraph for every `[` and `<` they meet, so a
paragraph's cost grows with the square of their number: measured here, 2,000 unclosed `[` take 2.7 s,
8,000 take 33 s, and a 200 KB line of them would take hours. Fieldguide's own patterns are linear; this
stops the renderer's before it starts, with an error at the paragraph instead of a build that never ends.
"""

from __future__ import annotations

import re

from generator.findings import Finding
from generator.model import Item, Kind, Line

# The sum over a page's paragraphs of (their `[` and `<`) squared: 2,000 in one paragraph, a few seconds.
MAX_WORK = 2000**2
# Lines the renderer reads as blocks of their own: list items, headings, quotes, table rows.
_OWN_BLOCK = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\|)|\|")


def markdown_work(items: list[Item]) -> list[Finding]:
    """An error at the costliest paragraph when the page as a whole is too costly to render."""
    blocks: list[tuple[Item, int]] = []
    start: Item | None = None
    count = 0
    for item in items:
        text = item.line.text
        ends = item.kind is not Kind.TEXT or not text.strip() or _OWN_BLOCK.match(text) is not None
        if ends and start is not None:
            blocks.append((start, count))
            start, count = None, 0
        if item.kind is Kind.TEXT and text.strip():
            start = start or item
            count += text.count("[") + text.count("<")
    if start is not None:
        blocks.append((start, count))
    if sum(n * n for _, n in blocks) <= MAX_WORK:
        return []
    worst, n = max(blocks, key=lambda block: block[1])
    message = (
        f"this paragraph holds {n} '[' and '<'; the Markdown renderer's time grows with the square of that "
        "number: split the paragraph, or write \\[ and &lt; for literal ones"
    )
    return [Finding(worst.line.path, worst.line.lineno, message)]


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def markdown_work_of_lines(lines: list[Line]) -> list[Finding]:
    """markdown_work on raw lines, before anything renders them: lines inside code fences count as code."""
    items: list[Item] = []
    fence: str | None = None
    for line in lines:
        opened = _FENCE.match(line.text)
        if fence is None and opened:
            fence = opened.group(1)[0] * 3
            items.append(Item(line, Kind.CODE))
        elif fence is not None:
            if line.text.strip().startswith(fence):
                fence = None
            items.append(Item(line, Kind.CODE))
        else:
            items.append(Item(line, Kind.TEXT))
    return markdown_work(items)
