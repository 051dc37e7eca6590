"""A deliberately generous test for lines that look like an `only`/`except` opener.

Fail closed: a line an editor may have meant as an opener is either read as one
(the strict form, where the renderer reads it as block content) or is an error.
So this matches far more than the strict form: any case, near misses of the
keyword (edit distance 2), two or more slashes (also look-alike slashes), any
Unicode space or invisible character, and container prefixes before it
(blockquote `>`, list markers, footnote `[^x]:`, definition `:`, heading `#`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that render as (or as nothing next to) a space, but are not the ASCII space or tab.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_WS = rf"[\s{_INVISIBLE}]"
_SLASHES = "/\u2044\u2215\u29f8\uff0f"
_PREFIX = re.compile(
    rf"(?:{_WS}|>|#{{1,6}}(?={_WS})|[-*+](?={_WS})|\d{{1,9}}[.)](?={_WS})|\[\^[^\]\n]{{0,200}}\]:|:(?={_WS}))*"
)
# Slashes may be separated by spaces or invisible characters, and the keyword may hold invisible ones.
_FENCE = rf"[{_SLASHES}](?:{_WS}*[{_SLASHES}])+"
_LIKE = re.compile(rf"(?P<fence>{_FENCE}){_WS}*(?P<name>[^\W_](?:[\w-]|[{_INVISIBLE}])*)(?P<rest>.*)$")
_BARE = re.compile(rf"{_FENCE}{_WS}*$")
_HEAD = 400  # an opener's prefix, slashes and keyword are near the start; long lines are not scanned whole
KEYWORDS = ("only", "except")
STRICT_OPEN = re.compile(r"^[ \t]*/{3,}[ \t]*(?:only|except)(?:[ \t]*\|.*)?$")
STRICT_CLOSE = re.compile(r"^[ \t]*/{3,}[ \t]*$")


@dataclass(frozen=True)
class Suspect:
    """A line that may have been meant as an opener: where its markup prefix ends, and its parts."""

    prefix: str  # what comes before the slashes: indentation and container markers
    fence: str
    name: str  # the word after the slashes, as written
    rest: str
    keyword: str  # the keyword it is closest to


def distance(a: str, b: str) -> int:
    """Levenshtein distance, with adjacent swaps counted as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def slash_count(fence: str) -> int:
    return sum(c in _SLASHES for c in fence)


def closest_keyword(name: str) -> str | None:
    folded = unicodedata.normalize("NFKC", re.sub(f"[{_INVISIBLE}]", "", name)).casefold()
    for keyword in KEYWORDS:
        if folded.startswith(keyword):
            return keyword
    scored = sorted((distance(folded, k), k) for k in KEYWORDS)
    best, keyword = scored[0]
    return keyword if best <= 2 else None


def suspect(text: str) -> Suspect | None:
    """The line's parts when it looks like an only/except opener, else None."""
    head = text[:_HEAD]
    if not any(c in head for c in _SLASHES):
        return None
    prefix = _PREFIX.match(head)
    start = prefix.end() if prefix else 0
    match = _LIKE.match(head, start)
    if not match:
        return None
    keyword = closest_keyword(match["name"])
    if keyword is None:
        return None
    return Suspect(text[:start], match["fence"], match["name"], match["rest"] + text[_HEAD:], keyword)


def bare_like(text: str) -> bool:
    """A closing-fence look-alike: slashes alone on the line, whatever spaces or prefix surround them."""
    head = text[:_HEAD]
    if not any(c in head for c in _SLASHES) or text[_HEAD:].strip():
        return False
    prefix = _PREFIX.match(head)
    return bool(_BARE.match(head, prefix.end() if prefix else 0))


def odd_character(text: str) -> str | None:
    """The first character in a block line that is neither printable ASCII nor a tab, named."""
    for char in text:
        if char != "\t" and not (" " <= char <= "~"):
            return f"U+{ord(char):04X} {unicodedata.name(char, 'character')}"
    return None
