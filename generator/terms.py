"""`{{ key }}` substitution, outside inline code, with `\\{{` as a literal `{{`."""

from __future__ import annotations

import re
from collections.abc import Callable

TERM = re.compile(r"\\\{\{|\{\{([^{}]*+)\}\}")
KEY = re.compile(r"\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*")


class NotAKey(str):
    """What stands between `{{` and `}}` when it is not a key: an error, never literal text."""


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
        inner = match.group(1)
        if inner is None:
            return "{{"
        key_match = KEY.fullmatch(inner)
        if key_match is None:
            on_missing(NotAKey(inner))
            return match.group(0)
        key = key_match.group(1)
        if key in terms:
            return terms[key]
        on_missing(key)
        return match.group(0)

    return TERM.sub(one, text)


def unknown_message(key: str, known: str) -> str:
    """The message for `{{ key }}` with no wording; `known` is the listing of known terms."""
    if isinstance(key, NotAKey):
        return (
            f"'{{{{{key}}}}}' is not a term: a key is letters, digits, '_', '.' or '-', such as {{{{ assistant }}}}; "
            "write \\{{ for a literal {{"
        )
    return f"unknown term '{key}'; {known}"


def used_keys(text: str) -> set[str]:
    """Term keys written in `text` (outside inline code)."""
    found: set[str] = set()
    substitute(text, {}, found.add)
    return found
