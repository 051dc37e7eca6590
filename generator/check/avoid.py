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


@functools.cache
def avoid_pattern(key: str) -> re.Pattern[str]:
    """Whole words; the last word in any of its forms; words of a phrase apart by spaces, a line break or a hyphen."""
    parts = key.split()
    if not parts:
        return re.compile(r"(?!)")
    head = [re.escape(p) for p in parts[:-1]]
    last = "(?:" + "|".join(re.escape(f) for f in forms(parts[-1])) + ")"
    body = r"(?:\s+|-)".join([*head, last])
    capitals = any(c.isalpha() for c in key) and key.upper() == key
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", 0 if capitals else re.IGNORECASE)


def avoid_issues(units: list[Unit], audience: Audience) -> list[Issue]:
    issues = []
    for word, plain in audience.spec.avoid.items():
        pattern = avoid_pattern(word)
        for unit in units:
            for match in pattern.finditer(unit.text):
                if unit.in_code(match.start(), match.end()):
                    continue
                line = unit.line_at(match.start())
                issues.append(
                    issue(
                        Rule.AVOID_WORD,
                        line.path,
                        line.lineno,
                        audience.id,
                        f"'{match.group(0)}' is a word to avoid for this audience; write '{plain}' instead",
                    )
                )
    return issues
