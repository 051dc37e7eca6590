"""Words to avoid: whole words, their plural and -ed/-ing forms, phrases across line breaks, never in code.

A key written in capitals (`IT`, `LLM`) matches only in capitals, so `IT` is
never "it"; any other key matches in any case. Units hold the rendered text with
line breaks as spaces, so "end" / "user" on two lines is the phrase "end user".
"""

from __future__ import annotations

import functools
import re

from generator.check.issues import Issue, Rule, issue
from generator.check.prose import Unit
from generator.model import Audience

_VOWELS = "aeiou"


def forms(word: str) -> list[str]:
    """The forms of one word a reader would count as the same word."""
    found = {word, word + "s", word + "es", word + "'s", word + "’s"}
    lower = word.lower()
    if lower.endswith("y") and len(word) > 2 and lower[-2] not in _VOWELS:
        stem = word[:-1]
        found |= {stem + "ies", stem + "ied", word + "ing"}
    elif lower.endswith("e"):
        stem = word[:-1]
        found |= {word + "d", stem + "ing", word + "r", word + "rs"}
    else:
        found |= {word + "ed", word + "ing", word + "er", word + "ers"}
        if len(lower) >= 3 and lower[-1] not in _VOWELS + "wxy" and lower[-2] in _VOWELS and lower[-3] not in _VOWELS:
            found |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # stop: stopped, stopping
    if lower.endswith("is"):
        found.add(word[:-2] + "es")  # analysis: analyses
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        found.discard(word + "s")
    return sorted(found, key=len, reverse=True)


def _source(key: str) -> str:
    """Whole words; the last word in any of its forms; a phrase's words apart by spaces, a line break or a hyphen."""
    parts = key.split()
    head = [re.escape(p) for p in parts[:-1]]
    last = "(?:" + "|".join(re.escape(f) for f in forms(parts[-1])) + ")"
    body = r"(?:\s+|-)".join([*head, last])
    capitals = any(c.isalpha() for c in key) and key.upper() == key
    return body if capitals else f"(?i:{body})"


@functools.cache
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """Every key of an audience in one pattern, longest first, so a phrase wins over its own last word."""
    alternatives = [f"(?P<k{i}>{_source(key)})" for i, key in enumerate(keys)]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


@functools.lru_cache(maxsize=65536)
def _matches(text: str, keys: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """Cached by text: a sentence shared by audiences with the same list is searched once."""
    found = []
    for match in _pattern(keys).finditer(text):
        index = int((match.lastgroup or "k0")[1:])
        found.append((match.start(), match.end(), keys[index]))
    return tuple(found)


def avoid_issues(units: list[Unit], audience: Audience) -> list[Issue]:
    avoid = audience.spec.avoid
    keys = tuple(sorted((k for k in avoid if k.split()), key=lambda k: (-len(k), k)))
    if not keys:
        return []
    issues = []
    for unit in units:
        for start, end, key in _matches(unit.text, keys):
            if unit.in_code(start, end):
                continue
            line = unit.line_at(start)
            issues.append(
                issue(
                    Rule.AVOID_WORD,
                    line.path,
                    line.lineno,
                    audience.id,
                    f"'{unit.text[start:end]}' is a word to avoid for this audience; write '{avoid[key]}' instead",
                )
            )
    return issues
