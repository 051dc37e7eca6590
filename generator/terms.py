"""`{{ key }}` substitution, outside inline code, with `\\{{` as a literal `{{`."""

from __future__ import annotations

import re
from collections.abc import Callable

TERM = re.compile(r"\\\{\{|\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}\}")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


def substitute(text: str, terms: dict[str, str], on_missing: Callable[[str], None]) -> str:
    """Replace terms in `text`, leaving inline code spans as they are."""
    if "{{" not in text:
        return text
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_replace(text[last : span.start()], terms, on_missing))
        out.append(span.group(0))
        last = span.end()
    out.append(_replace(text[last:], terms, on_missing))
    return "".join(out)


def _replace(text: str, terms: dict[str, str], on_missing: Callable[[str], None]) -> str:
    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key is None:
            return "{{"
        if key in terms:
            return terms[key]
        on_missing(key)
        return match.group(0)

    return TERM.sub(one, text)


def used_keys(text: str) -> set[str]:
    """Term keys written in `text` (outside inline code)."""
    found: set[str] = set()
    substitute(text, {}, found.add)
    return found
