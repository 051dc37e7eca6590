"""The prose of an edition page: units from the rendered page, tied back to source lines, cut into sentences.

FORMAT.md's sentence rule: each list item, table cell and heading is a sentence
of its own or several, never part of its neighbour's. Inside a unit, sentences
are found by sentencex (see the README for why that segmenter), corrected where
FORMAT.md is more exact: never a break after `e.g.`, `Sec.`, `Fig.`, `ext.`,
`Jan.`, `et al.`, `U.S.` and the like.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import markdown
import sentencex

from generator.check.rendered import RawUnit, Rendered, render_units
from generator.check.syllables import common_words, word_count
from generator.model import Line
from generator.select import EditionPage

HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
CLOSING_FENCE = re.compile(r"^\s*/{3,}\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
# Full stops after which a reader reads on, whatever follows (FORMAT.md "Sentences").
_NEVER_SPLIT = re.compile(
    r"(?:^|[\s(\[])(?:e\.\s?g|i\.\s?e|et\s+al|u\.\s?s|u\.\s?k|e\.\s?u|a\.\s?m|p\.\s?m|sec|secs|fig|figs|ext|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|vol|vols|approx|pp|art|arts|para|paras|ch|chap|"
    r"dr|mr|mrs|ms|prof|vs|cf|incl|dept|ref|refs|eq|tel|ca|viz|resp)\.$",
    re.IGNORECASE,
)
_MISSED_BREAK = re.compile(r"[.!?](?P<close>[\"'”’)\]]*)\s+(?P<open>[\"'“‘(\[]?)(?P<word>[A-Z][a-z]+|I)\b")
# Abbreviations that take a number: "No. 5", "p. 12"; "... is no. Then" still ends.
_BEFORE_NUMBER = re.compile(r"(?:^|[\s(\[])(?:no|nos|p|nr|op)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A paragraph, list item, cell, heading, term, label, title or summary, as a reader reads it."""

    kind: str  # title | summary | heading | item | cell | term | label | paragraph
    text: str
    marks: tuple[tuple[int, Line], ...]  # (offset, the source line from that offset on), ascending
    code: tuple[tuple[int, int], ...] = ()  # spans of inline code placeholders: never judged as words

    def line_at(self, offset: int) -> Line:
        index = bisect.bisect_right([m[0] for m in self.marks], offset) - 1
        return self.marks[max(index, 0)][1]

    def in_code(self, start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in self.code)


@dataclass(frozen=True)
class Sentence:
    text: str
    line: Line  # where it starts
    words: int
    unit: Unit


def strip_code(text: str) -> str:
    """`text` with inline code spans removed (for the source-line checks of markup and structure)."""
    return CODE_SPAN.sub("", text)


def clean_inline(text: str) -> str:
    """A heading's text for a message: no code, emphasis or links."""
    text = strip_code(text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[:#.][^{}]*\}|[*_~=^]{1,2}(?=\S)|(?<=\S)[*_~=^]{1,2}", "", text)
    return " ".join(text.split())


def prose_lines(page: EditionPage) -> Iterator[Line]:
    """The page's non-code lines, as the reader gets them."""
    for line, code in zip(page.lines, page.is_code, strict=True):
        if not code:
            yield line


def page_units(
    md: markdown.Markdown,
    page: EditionPage,
    title: Line,
    summary: Line | None,
    known: Mapping[str, Rendered] | None = None,
) -> tuple[list[Unit], frozenset[str]]:
    """Title, summary, then the body as rendered, in reading order; and the words `abbr` explains.

    `known`: renders already made of edition texts (a build's own MkDocs render, see RenderCapture).
    """
    text = "\n".join(line.text for line in page.lines)
    rendered = known.get(text.strip("\n")) if known else None
    if rendered is None:
        rendered = _render(md, text)
    body = _aligned(page.lines, rendered)
    found = []
    first_heading = next((u for u in body if u.kind == "heading"), None)
    if page.title.strip() and not (first_heading and first_heading.text == " ".join(page.title.split())):
        found.append(Unit("title", " ".join(page.title.split()), ((0, title),)))
    if page.summary and summary is not None and page.summary.strip():
        found.append(Unit("summary", " ".join(page.summary.split()), ((0, summary),)))
    return found + list(body), rendered.abbreviations


@functools.lru_cache(maxsize=8192)
def _aligned(lines: tuple[Line, ...], rendered: Rendered) -> tuple[Unit, ...]:
    """Cached by the page's lines: an audience that gets the same text as another costs nothing more."""
    # Every line, code too: the renderer, not the block scanner's guess, decides what is prose.
    source = _Source(list(lines))
    return tuple(source.align(raw) for raw in rendered.units)


@functools.lru_cache(maxsize=8192)
def _render(md: markdown.Markdown, text: str) -> Rendered:
    return render_units(md, text)


class _Source:
    """The word tokens of the source lines, to find where each rendered unit was written.

    Units come in reading order, so each is looked for after the previous one
    (footnotes and the like, rendered elsewhere, are looked for from the top).
    Inside a unit, each word is the next equal source token within a short window:
    markup, link addresses and code in the source are skipped over.
    """

    WINDOW = 40  # source tokens searched ahead for the next word of a unit
    TRIES = 64  # places a unit's first word is tried before settling on the first

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.keys: list[str] = []
        self.line_of: list[int] = []
        for index, line in enumerate(lines):
            found = _TOKEN.findall(line.text.lower())
            self.keys += found
            self.line_of += [index] * len(found)
        self.cursor = 0

    def align(self, raw: RawUnit) -> Unit:
        words = [(m.start(), m.group(0)) for m in _TOKEN.finditer(raw.text.lower())]
        if raw.code:
            words = [(o, w) for o, w in words if not any(a <= o < b for a, b in raw.code)]
        start = self._start([w for _, w in words[:4]]) if words else None
        if start is None:
            index = self.line_of[min(self.cursor, len(self.keys) - 1)] if self.keys else 0
            return Unit(raw.kind, raw.text, ((0, self.lines[index]),), raw.code)
        keys, line_of, size = self.keys, self.line_of, len(self.keys)
        marks: list[tuple[int, Line]] = []
        last = -1
        position = start
        for offset, word in words:
            probe, limit = position, min(size, position + self.WINDOW)
            while probe < limit and keys[probe] != word:
                probe += 1
            if probe < limit:
                position = probe + 1
            line = line_of[max(position - 1, 0)]
            if line != last:
                marks.append((offset if marks else 0, self.lines[line]))
                last = line
        if start >= self.cursor:
            self.cursor = position
        return Unit(raw.kind, raw.text, tuple(marks), raw.code)

    def _start(self, first: list[str]) -> int | None:
        """Where the unit begins: its first words in order, after the cursor if they are there at all."""
        fallback = None
        for begin, end in ((self.cursor, len(self.keys)), (0, self.cursor)):
            position = begin
            for _ in range(self.TRIES):
                try:
                    candidate = self.keys.index(first[0], position, end)
                except ValueError:
                    break
                fallback = candidate if fallback is None else fallback
                if self._follows(first[1:], candidate + 1):
                    return candidate
                position = candidate + 1
        return fallback

    def _follows(self, words: list[str], position: int) -> bool:
        for word in words:
            window = self.keys[position : position + 8]
            if word not in window:
                return False
            position += window.index(word) + 1
        return True


_TOKEN = re.compile(r"\w+")


def sentences(unit: Unit, lang: str) -> list[Sentence]:
    """The unit's sentences, each located at the line where it starts."""
    found = []
    for start, end, count in _spans(unit.text, lang):
        first_word = _TOKEN.search(unit.text, start, end)  # a sentence starts where its first word is written
        found.append(
            Sentence(unit.text[start:end], unit.line_at(first_word.start() if first_word else start), count, unit)
        )
    return found


@functools.lru_cache(maxsize=65536)
def _spans(text: str, lang: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, words) of each sentence; cached by text, so shared text is cut once."""
    spans: list[list[int]] = []
    position = 0
    for piece in _segment(text, lang):
        stripped = piece.strip()
        if not stripped:
            continue
        start = text.find(stripped, position)
        start = position if start < 0 else start
        end = start + len(stripped)
        previous = text[spans[-1][0] : spans[-1][1]] if spans else ""
        if spans and (_NEVER_SPLIT.search(previous) or (_BEFORE_NUMBER.search(previous) and stripped[:1].isdigit())):
            spans[-1][1] = end
        else:
            spans.append([start, end])
        position = end
    return tuple((a, b, word_count(text[a:b])) for a, b in _join_labels(text, _split_missed(text, spans)))


def _join_labels(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece with no letters ("1.1.", "2.") numbers what follows; it is no sentence of its own."""
    joined: list[tuple[int, int]] = []
    carry: int | None = None
    for start, end in spans:
        if not any(c.isalpha() for c in text[start:end]):
            carry = start if carry is None else carry
            continue
        joined.append((start if carry is None else carry, end))
        carry = None
    if carry is not None:
        if joined:
            joined[-1] = (joined[-1][0], spans[-1][1])
        else:
            joined.append((carry, spans[-1][1]))
    return joined


def _split_missed(text: str, spans: list[list[int]]) -> list[tuple[int, int]]:
    """Breaks the segmenter missed: inside quotations, and after words it takes for titles ("a near miss.").

    Only before a capitalised common word ("Make", "We", "Then"), which a name after
    a title ("St. Paul", "Dr. Patel") is not, and never after an abbreviation above.
    """
    found = []
    for start, end in spans:
        for match in _MISSED_BREAK.finditer(text, start, end):
            before = text[start : match.start() + 1]
            if _NEVER_SPLIT.search(before) or re.search(r"(?:^|\s)\w\.$", before):
                continue
            if match.group("word").lower() in common_words() or match.group("word") == "I":
                found.append((start, match.start() + 1 + len(match.group("close"))))
                start = match.end() - len(match.group("word")) - len(match.group("open"))
        found.append((start, end))
    return found


def _segment(text: str, lang: str) -> list[str]:
    try:
        return list(sentencex.segment(lang.split("-")[0].split("_")[0].lower() or "en", text))
    except Exception:  # an unknown language code: English rules are better than none
        return list(sentencex.segment("en", text))
