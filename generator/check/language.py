"""Plain language for one audience: reading grade, sentence length, words to avoid, acronyms."""

from __future__ import annotations

import functools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from generator.check.acronyms import acronym_issues
from generator.check.avoid import avoid_issues
from generator.check.issues import Issue, Rule, issue
from generator.check.prose import Sentence, Unit, sentences
from generator.check.syllables import split_words, textstat_lang, word_count, word_syllables
from generator.model import Audience
from generator.select import EditionPage

MIN_GRADED_WORDS = 100  # Flesch-Kincaid is unreliable on less text (FORMAT.md)
MIN_PROSE_WORDS = 5  # paragraphs and list items shorter than this do not count sentences
PROSE_KINDS = frozenset({"paragraph", "item", "summary"})
QUOTED_WORDS = 8


@dataclass(frozen=True)
class Measure:
    """The size and reading grade of the prose one audience gets of a page."""

    words: int
    sentences: int  # the sentences the grade's words per sentence came from
    grade: float | None  # None below MIN_GRADED_WORDS


@functools.lru_cache(maxsize=65536)
def _syllables(text: str, lang: str) -> int:
    return sum(word_syllables(word, lang) for word in split_words(text))


def measure(units: list[Unit], found: list[Sentence], lang: str) -> Measure:
    """Flesch-Kincaid, 0.39 × words/sentences + 11.8 × syllables/words − 15.59, by FORMAT.md's rule.

    Words per sentence come from paragraphs and list items of five words or more,
    so headings, cells and short items cannot pull the grade down; syllables per
    word come from every word. Below 100 such words, every sentence counts.
    """
    total = sum(s.words for s in found)
    if total < MIN_GRADED_WORDS:
        return Measure(total, len(found), None)
    long_units = {id(u) for u in units if u.kind in PROSE_KINDS and word_count(u.text) >= MIN_PROSE_WORDS}
    prose = [s for s in found if id(s.unit) in long_units and s.words]
    prose_words = sum(s.words for s in prose)
    counted = prose if prose_words >= MIN_GRADED_WORDS else [s for s in found if s.words]
    words_per_sentence = sum(s.words for s in counted) / len(counted)
    syllable_total = sum(_syllables(u.text, textstat_lang(lang)) for u in units)
    word_total = sum(word_count(u.text) for u in units)
    grade = 0.39 * words_per_sentence + 11.8 * syllable_total / word_total - 15.59
    return Measure(total, len(counted), round(grade, 1))


def median_grade(measures: Iterable[Measure]) -> float | None:
    grades = [m.grade for m in measures if m.grade is not None]
    return round(statistics.median(grades), 1) if grades else None


def language_issues(
    page: EditionPage, audience: Audience, units: list[Unit], explained: frozenset[str] = frozenset()
) -> tuple[list[Issue], Measure]:
    """Every plain-language finding of one page for one audience, and the page's measure."""
    reading = audience.spec.reading
    found = [s for unit in units for s in sentences(unit, audience.lang)]
    measured = measure(units, found, audience.lang)
    aid = audience.id
    issues: list[Issue] = []
    if reading.max_grade is not None and measured.grade is not None and measured.grade > reading.max_grade:
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
    limit = reading.max_sentence_words
    for sentence in found:
        if limit is not None and sentence.words > limit:
            issues.append(
                issue(
                    Rule.LONG_SENTENCE,
                    sentence.line.path,
                    sentence.line.lineno,
                    aid,
                    f"sentence of {sentence.words} words is longer than this audience's limit of "
                    f'{limit}: "{_start_of(sentence.text)}"; split it into shorter sentences',
                )
            )
    issues += avoid_issues(units, audience)
    issues += acronym_issues(units, audience, explained)
    return issues, measured


def _start_of(text: str) -> str:
    parts = text.split()
    return " ".join(parts[:QUOTED_WORDS]) + (" ..." if len(parts) > QUOTED_WORDS else "")
