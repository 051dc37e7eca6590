"""Acronyms spelled out on first use, as FORMAT.md defines them.

An acronym is a word of two or more capitals, whether or not it is also in a
dictionary (NASA, OSHA, HTML). Not acronyms: Roman numerals (II, IV), words in a
run of three or more words in capitals ("STOP THE LINE"), and ordinary words in
capitals for emphasis: a common word (NEVER, STOP, NOT; textstat's Dale–Chall
list of easy words), or a long word (WARNING, MERCHANTABILITY) that acronyms
almost never are. A two-letter common word (IT, US) is emphasis only next to
another word in capitals ("DO NOT"), as an acronym it is too common to skip.

Spelled out means "full name (ABC)" or "ABC (full name)" in the same unit, line
breaks included, where the full name plausibly stands for the letters: the
Schwartz–Hearst test (each letter found in order, from the end, the first at the
start of a word), so "the agency (SSA)" does not count.
"""

from __future__ import annotations

import functools
import re

from generator.check.issues import Issue, Rule, issue
from generator.check.prose import Unit
from generator.check.syllables import common_words, dictionary
from generator.model import Audience, Line

_ACRONYM = re.compile(r"(?<![\w&.-])(?P<abbr>[A-Z][A-Z0-9&]*[A-Z0-9])(?P<plural>s|'s|’s)?(?![\w&]|\.\w|['’]\w)")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_WORD = re.compile(r"\S+")
_CAPITALS_WORD = re.compile(r"[^\w]*[A-Z][A-Z0-9&'’-]*[^\w]*(?:s)?")
_NOT_ACRONYMS = frozenset({"OK"})
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", "e"), ("ing", "e"), ("ers", "e"), ("er", "e"))
LONG_WORD = 9  # no acronym in common use is this long
DICTIONARY_WORD = 7  # a word this long that the pronouncing dictionary knows is a word


def _is_word(lower: str) -> bool:
    """An ordinary English word, or one of its inflections."""
    common = common_words()
    stems = {lower}
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[: -len(suffix)]
            stems |= {stem, stem + replacement, stem[:-1] if stem[-1:] == stem[-2:-1] else stem}
    if stems & common:
        return True
    return len(lower) >= DICTIONARY_WORD and lower in dictionary() or len(lower) >= LONG_WORD


def _emphasis_spans(text: str) -> list[tuple[int, int]]:
    """Spans of runs of three or more words in capitals, and the pairs around a short word in capitals."""
    words = list(_WORD.finditer(text))
    capital = [bool(_CAPITALS_WORD.fullmatch(w.group(0))) and any(c.isalpha() for c in w.group(0)) for w in words]
    spans = []
    index = 0
    while index < len(words):
        end = index
        while end < len(words) and capital[end]:
            end += 1
            if words[end - 1].group(0).endswith((".", ",", ";", ":", "!", "?")):
                break  # a run of capitals is one phrase: punctuation ends it ("NIST. NATO, HTML")
        if end - index >= 2:
            spans.append((words[index].start(), words[end - 1].end(), end - index))
        index = max(end, index + 1)
    return [(a, b) for a, b, n in spans if n >= 3] + [(a, -b) for a, b, n in spans if n == 2]


def is_acronym(abbr: str, text: str, start: int, runs: list[tuple[int, int]]) -> bool:
    if sum(c.isalpha() for c in abbr) < 2 or abbr in _NOT_ACRONYMS or _ROMAN.fullmatch(abbr):
        return False
    pair = False
    for a, b in runs:
        if b > 0 and a <= start < b:
            return False  # in a run of three or more words in capitals
        pair = pair or (b < 0 and a <= start < -b)
    lower = abbr.lower()
    if not lower.isalpha() or not _is_word(lower):
        return True
    return len(lower) <= 2 and not pair


def long_form_start(short: str, long: str) -> int:
    """Schwartz–Hearst: where in `long` a full name for `short` starts, or -1 when the letters do not fit."""
    s, position = len(short) - 1, len(long) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while position >= 0 and (
            long[position].lower() != char or (s == 0 and position > 0 and long[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return -1
        position -= 1
        s -= 1
    return long.rfind(" ", 0, position + 1) + 1


def spelled_out(abbr: str, text: str, start: int, end: int) -> bool:
    """'full name (ABC)' or 'ABC (full name)', the full name fitting the letters."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    most = min(len(abbr) + 5, len(abbr) * 2)
    if before.endswith("(") and after.startswith(")"):
        words = before[:-1].split()[-most:]
        candidate = " ".join(words)
        found = long_form_start(abbr, candidate)
        if found >= 0 and any(c.isalpha() for c in candidate[found:]) and candidate[found:].lower() != abbr.lower():
            return True
    inside = re.match(r"\(([^()]*)\)", after)
    if inside:
        words = inside.group(1).split()
        candidate = " ".join(words[:most])
        found = long_form_start(abbr, candidate)
        # The full name starts the parenthesis, give or take one small word ("the", "a").
        return 0 <= found <= len(words[0]) + 1 if words and found >= 0 else False
    return False


def acronym_issues(units: list[Unit], audience: Audience, explained: frozenset[str]) -> list[Issue]:
    """Each acronym's first use in the page (title, summary, then body) must spell it out."""
    known = set(audience.spec.reading.known_acronyms) | explained
    known |= {word.upper() for word in audience.spec.avoid}  # reported as a word to avoid instead
    issues = []
    for abbr, line, ok in first_uses(tuple(units)):
        if not ok and abbr not in known:
            issues.append(
                issue(
                    Rule.ACRONYM,
                    line.path,
                    line.lineno,
                    audience.id,
                    f"acronym '{abbr}' is not spelled out on first use; write 'full name ({abbr})' "
                    f"or '{abbr} (full name)', or add it to reading.known_acronyms",
                )
            )
    return issues


@functools.lru_cache(maxsize=4096)
def first_uses(units: tuple[Unit, ...]) -> tuple[tuple[str, Line, bool], ...]:
    """Every acronym's first use and whether it is spelled out there; shared by audiences with the same text."""
    seen: set[str] = set()
    found = []
    for unit in units:
        runs: list[tuple[int, int]] | None = None  # found only for a unit that has a candidate
        for match in _ACRONYM.finditer(unit.text):
            abbr = match.group("abbr")
            if abbr in seen or unit.in_code(match.start(), match.end()):
                continue
            runs = _emphasis_spans(unit.text) if runs is None else runs
            if not is_acronym(abbr, unit.text, match.start(), runs):
                continue
            seen.add(abbr)
            found.append((abbr, unit.line_at(match.start()), spelled_out(abbr, unit.text, match.start(), match.end())))
    return tuple(found)
