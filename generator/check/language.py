"""Plain language for one audience: reading grade, sentence length, words to avoid, acronyms."""

from __future__ import annotations

import functools
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from generator.check.issues import Issue, Rule, issue
from generator.check.prose import ABBREVIATION, Sentence, Unit, prose_lines, sentences, strip_code
from generator.check.syllables import pronunciations, syllables, textstat_lang, words
from generator.model import Audience
from generator.select import EditionPage

MIN_GRADED_WORDS = 100  # Flesch-Kincaid is unreliable on less text (issue 4)
QUOTED_WORDS = 8
_ACRONYM = re.compile(r"\b(?P<abbr>[A-Z][A-Z0-9]*[A-Z])(?P<plural>s|'s)?\b")
# All-caps words that are not acronyms anyone spells out.
_NOT_ACRONYMS = frozenset({"OK"})


@dataclass(frozen=True)
class Measure:
    """The size and reading grade of the prose one audience gets of a page."""

    words: int
    sentences: int
    grade: float | None  # None below MIN_GRADED_WORDS


def measure(found: list[Sentence], lang: str) -> Measure:
    """Flesch-Kincaid grade, 0.39 * words/sentences + 11.8 * syllables/words - 15.59.

    The formula is applied here rather than by `textstat.flesch_kincaid_grade` so that
    sentences are counted by FORMAT.md's rule (each list item, cell and heading is one);
    words and syllables are textstat's counts.
    """
    counted = [(s, words(s.text)) for s in found]
    counted = [(s, n) for s, n in counted if n]
    total = sum(n for _, n in counted)
    if total < MIN_GRADED_WORDS:
        return Measure(total, len(counted), None)
    syllable_total = sum(syllables(s.text, textstat_lang(lang)) for s, _ in counted)
    grade = 0.39 * total / len(counted) + 11.8 * syllable_total / total - 15.59
    return Measure(total, len(counted), round(grade, 1))


def median_grade(measures: Iterable[Measure]) -> float | None:
    grades = [m.grade for m in measures if m.grade is not None]
    return round(statistics.median(grades), 1) if grades else None


def language_issues(page: EditionPage, audience: Audience, units: list[Unit]) -> tuple[list[Issue], Measure]:
    reading = audience.spec.reading
    found = [s for unit in units for s in sentences(unit)]
    measured = measure(found, audience.lang)
    aid = audience.id
    issues: list[Issue] = []
    if measured.grade is not None and reading.max_grade is not None and measured.grade > reading.max_grade:
        issues.append(
            issue(
                Rule.READING_GRADE,
                page.page.path,
                1,
                aid,
                f"reading grade {measured.grade:.1f} is above this audience's limit of {reading.max_grade:g} "
                f"(page of {measured.words} words); use shorter sentences and plainer words",
            )
        )
    for sentence in found:
        count = words(sentence.text)
        if reading.max_sentence_words is not None and count > reading.max_sentence_words:
            issues.append(
                issue(
                    Rule.LONG_SENTENCE,
                    sentence.line.path,
                    sentence.line.lineno,
                    aid,
                    f"sentence of {count} words is longer than this audience's limit of "
                    f'{reading.max_sentence_words}: "{_start_of(sentence.text)}"; split it into shorter sentences',
                )
            )
    issues += _avoided(units, audience)
    issues += _acronyms(page, units, audience)
    return issues, measured


def _start_of(text: str) -> str:
    parts = text.split()
    return " ".join(parts[:QUOTED_WORDS]) + (" ..." if len(parts) > QUOTED_WORDS else "")


@functools.cache
def _avoid_pattern(word: str) -> re.Pattern[str]:
    """Whole word or phrase, any case, plural too; a hyphen or apostrophe ends a word."""
    parts = [re.escape(p) for p in word.split()]
    last = parts[-1]
    if re.search(r"[^aeiou]y$", word, re.IGNORECASE):
        parts[-1] = last[:-1] + "(?:y|ies)"
    else:
        parts[-1] = last + "(?:s|es)?"
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _avoided(units: list[Unit], audience: Audience) -> list[Issue]:
    issues = []
    for unit in units:
        for text, line in unit.pieces:
            for word, plain in audience.spec.avoid.items():
                for match in _avoid_pattern(word).finditer(text):
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


def _acronyms(page: EditionPage, units: list[Unit], audience: Audience) -> list[Issue]:
    """Each acronym's first use in the page (title, summary, then body) must spell it out."""
    known = set(audience.spec.reading.known_acronyms)
    # A word on the avoid list is reported as such; its spelling-out would not help.
    known |= {word.upper() for word in audience.spec.avoid}
    known |= {m.group("abbr") for line in prose_lines(page) if (m := ABBREVIATION.match(strip_code(line.text)))}
    seen: set[str] = set()
    issues = []
    for unit in units:
        for text, line in unit.pieces:
            tokens = list(_ACRONYM.finditer(text))
            for index, match in enumerate(tokens):
                abbr = match.group("abbr")
                if abbr in seen or abbr in known or abbr in _NOT_ACRONYMS or _is_shouting(tokens, index):
                    continue
                seen.add(abbr)
                if not _spelled_out(text, match):
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


def _is_shouting(tokens: list[re.Match[str]], index: int) -> bool:
    """An ordinary word in capitals ('STOP', 'DO NOT') is emphasis, not an acronym."""
    word = tokens[index].group("abbr").lower()
    if word not in pronunciations():
        return False
    if len(word) >= 4:
        return True
    pairs = [(tokens[i], tokens[i + 1]) for i in (index - 1, index) if i >= 0 and i + 1 < len(tokens)]
    return any(not first.string[first.end() : second.start()].strip() for first, second in pairs)


def _spelled_out(text: str, match: re.Match[str]) -> bool:
    before, after = text[: match.start()], text[match.end() :]
    # "full name (ABC)"
    if before.endswith("(") and after.startswith(")") and re.search(r"[A-Za-z]{2,}", before[:-1]):
        return True
    # "ABC (full name)"
    return bool(re.match(r"\s*\([^)]*[a-z]{2,}[^)]*\)", after))
