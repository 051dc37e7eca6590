"""The prose of an edition page: what a reader reads, cut into units and sentences at source lines.

FORMAT.md's sentence rule: each list item, table cell and heading is a sentence
of its own. Code (fenced, indented, inline), URLs, HTML tags, front matter, block
fence lines and admonition markers are never prose; the titles of blocks,
admonitions and tabs are, each as a sentence of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import Line
from generator.select import EditionPage

HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
CLOSING_FENCE = re.compile(r"^\s*/{3,}\s*$")
_BLOCK = re.compile(r"^\s*/{3,}\s*[A-Za-z][\w-]*\s*(?:\|\s*(?P<title>.*?))?\s*$")
_BLOCK_OPTION = re.compile(r"^\s{4,}[\w-]+\s*:")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s*(?:\"(?P<title>.*)\")?\s*$")
_TAB = re.compile(r"^\s*===\+?!?\s*\"(?P<title>.*)\"\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])(?:\s+\[[ xX]\])?(?:\s+(?P<rest>.*))?$")
_DEFINITION = re.compile(r"^\s*:\s+(?P<rest>.*)$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*\S")
_FOOTNOTE = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
ABBREVIATION = re.compile(r"^\s*\*\[(?P<abbr>[^\]]+)\]:\s*(?P<full>.*)$")
_SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")

CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_INLINE_CLEANERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),  # images read as their alt text
    (re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),
    (re.compile(r"<(?:[a-zA-Z][\w+.-]*:|[^<>\s@]+@)[^<>\s]*>"), ""),  # autolinks
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),
    (re.compile(r"(?:\b[a-zA-Z][\w+.-]*://|\bwww\.)\S+?(?=[.,;:!?)\]'\"]*(?:\s|$))"), ""),
    (re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ""),  # e-mail addresses are addresses, not prose
    (re.compile(r"\{:?\s*[#.:][^{}]*\}|\{:[^{}]*\}"), ""),  # attribute lists
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"\*+|~~|==|\^\^|\+\+|(?<!\w)_+|_+(?!\w)"), ""),  # emphasis markers
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])"), r"\1"),
)


@dataclass(frozen=True)
class Unit:
    """Prose that is a sentence or a run of sentences: a paragraph, list item, cell, heading or title."""

    kind: str  # title | summary | heading | item | cell | paragraph | label
    pieces: tuple[tuple[str, Line], ...]  # cleaned text of each source line it spans

    @property
    def text(self) -> str:
        return " ".join(text for text, _ in self.pieces)


@dataclass(frozen=True)
class Sentence:
    text: str
    line: Line  # where it starts


def strip_code(text: str) -> str:
    """`text` with inline code spans removed."""
    return CODE_SPAN.sub("", text)


def clean_inline(text: str) -> str:
    """What a reader reads of one line: no code, URLs, tags or markup."""
    text = strip_code(text)
    for pattern, replacement in _INLINE_CLEANERS:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def prose_lines(page: EditionPage) -> Iterator[Line]:
    """The page's non-code lines, as the reader gets them."""
    for line, code in zip(page.lines, page.is_code, strict=True):
        if not code:
            yield line


def units(page: EditionPage, title_line: Line, summary_line: Line | None) -> list[Unit]:
    """The page's prose: title, summary, then the body, in reading order."""
    found = [Unit("title", ((clean_inline(page.title), title_line),))]
    if page.summary and summary_line is not None:
        found.append(Unit("summary", ((clean_inline(page.summary), summary_line),)))
    found += _body_units(page)
    return [u for u in found if u.text.strip()]


def _body_units(page: EditionPage) -> list[Unit]:
    found: list[Unit] = []
    open_kind: str | None = None
    pieces: list[tuple[str, Line]] = []
    in_options = False

    def flush() -> None:
        nonlocal open_kind, pieces
        if open_kind and pieces:
            found.append(Unit(open_kind, tuple(pieces)))
        open_kind, pieces = None, []

    def own(kind: str, text: str, line: Line) -> None:
        flush()
        cleaned = clean_inline(text)
        if cleaned:
            found.append(Unit(kind, ((cleaned, line),)))

    lines = page.lines
    for index, (line, code) in enumerate(zip(lines, page.is_code, strict=True)):
        if code:
            flush()
            continue
        if in_options and _BLOCK_OPTION.match(line.text):
            continue  # a block's YAML options, e.g. `    type: warning`
        in_options = False
        text = _QUOTE.sub("", line.text)
        if not text.strip() or _RULE.match(text) or _SNIPPET.match(text) or CLOSING_FENCE.match(text):
            flush()
            continue
        if _REFERENCE.match(text) or ABBREVIATION.match(text):
            continue
        heading = HEADING.match(text)
        block = _BLOCK.match(text)
        marker = _ADMONITION.match(text) or _TAB.match(text)
        if heading:
            own("heading", heading.group(2), line)
        elif block or marker:
            match = block or marker
            assert match is not None
            own("label", match.group("title") or "", line)
            in_options = bool(block)
        elif _is_table_row(text, lines, index):
            flush()
            if not _TABLE_SEPARATOR.match(text):
                for cell in _cells(text):
                    own("cell", cell, line)
        elif item := _ITEM.match(text):
            flush()
            open_kind, pieces = "item", [(clean_inline(item.group("rest") or ""), line)]
        elif definition := _DEFINITION.match(text):
            flush()
            open_kind, pieces = "item", [(clean_inline(definition.group("rest")), line)]
        else:
            footnote = _FOOTNOTE.match(text)
            cleaned = clean_inline(text[footnote.end() :] if footnote else text)
            if footnote:
                flush()
            if cleaned:
                open_kind = open_kind or "paragraph"
                pieces.append((cleaned, line))
    flush()
    return found


def _is_table_row(text: str, lines: tuple[Line, ...], index: int) -> bool:
    if "|" not in strip_code(text):
        return False
    if text.lstrip().startswith("|"):
        return True
    # A table without outer pipes is recognised by its separator row below the header.
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return bool(_TABLE_SEPARATOR.match(text) or ("|" in following and _TABLE_SEPARATOR.match(following)))


def _cells(row: str) -> list[str]:
    # Pipes inside code spans and escaped pipes do not split cells.
    guarded = CODE_SPAN.sub(lambda m: m.group(0).replace("|", "\0"), row).replace("\\|", "\1")
    cells = guarded.strip().strip("|").split("|")
    return [c.replace("\0", "|").replace("\1", "|").strip() for c in cells]


_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "no", "approx", "incl", "cf"})
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentences(unit: Unit) -> list[Sentence]:
    """Split a unit into sentences; headings, cells and labels are one sentence whatever they hold."""
    text = unit.text
    starts = [0]
    if unit.kind in ("paragraph", "item", "summary"):
        for end in _SENTENCE_END.finditer(text):
            before = text[: end.start()].rsplit(None, 1)
            last_word = before[-1].lower().rstrip(".") if before else ""
            if last_word not in _ABBREVIATIONS:
                starts.append(end.end())
    bounds = [*starts, len(text)]
    found = []
    for start, stop in zip(bounds, bounds[1:], strict=False):
        chunk = text[start:stop].strip()
        if chunk:
            found.append(Sentence(chunk, _line_at(unit, start)))
    return found


def _line_at(unit: Unit, offset: int) -> Line:
    position = 0
    for text, line in unit.pieces:
        position += len(text) + 1
        if offset < position:
            return line
    return unit.pieces[-1][1]
