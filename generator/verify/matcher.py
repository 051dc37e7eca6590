"""Find word strings inside many texts without scanning each text once per needle.

A text is a list of normalised lines. Every distinct line's words and word pairs, and the pair
across each distinct boundary between two lines, go into sets; a needle is looked for in the texts
only when all its words and pairs are in the sets. Material repeats its navigation on every page,
so a big site has few distinct lines, and almost every hidden line is ruled out by set lookups.
"""

from __future__ import annotations


class Haystack:
    def __init__(self, joiner: str = " ") -> None:
        """`joiner`: what stands between two lines of a text; ' \\n ' keeps needles from spanning them."""
        self.joiner = joiner
        self.texts: list[tuple[str, list[str]]] = []
        self._joined: dict[int, str] = {}
        self._words: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()
        self._lines: set[str] = set()
        self._bounds: set[tuple[str, str]] = set()

    def add(self, name: str, lines: list[str]) -> None:
        """`lines`: non-empty normalised strings (see normalize.words)."""
        self.texts.append((name, lines))
        new = set(lines).difference(self._lines)
        for line in new:
            w = line.split()
            self._words.update(w)
            self._pairs.update(zip(w, w[1:], strict=False))
        self._lines |= new
        if self.joiner == " ":
            bounds = set(zip(lines, lines[1:], strict=False)).difference(self._bounds)
            self._pairs.update((a.rsplit(" ", 1)[-1], b.split(" ", 1)[0]) for a, b in bounds)
            self._bounds |= bounds

    def _may_hold(self, needle: str) -> bool:
        w = needle.split()
        return all(x in self._words for x in w) and all(p in self._pairs for p in zip(w, w[1:], strict=False))

    def find(self, needle: str) -> str | None:
        """The name of the first text that holds the needle as whole words, else None."""
        if not self._may_hold(needle):
            return None
        padded = f" {needle} "
        for index, (name, lines) in enumerate(self.texts):
            text = self._joined.get(index)
            if text is None:
                text = self._joined[index] = f" {self.joiner.join(lines)} "
            if padded in text:
                return name
        return None
