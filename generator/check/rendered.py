"""The prose of a page as the renderer reads it: units taken from the rendered element tree.

The edition text is rendered with the project's own Markdown extensions
(`generator.markdown_render.make_markdown`), so a table without outer pipes is a
table, `* #### Before` is a heading, a code span that wraps is code, and raw HTML
is HTML. Each paragraph, list item, table cell, heading, definition term, quote,
and label (admonition titles, details summaries, tab labels) becomes a unit.
Inline code becomes one placeholder word, so it counts as a word but is never
judged as prose; a code span whose text ends a sentence keeps its full stop.
"""

from __future__ import annotations

import contextlib
import html.parser
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from generator.markdown_render import make_markdown

CODE_WORD = "code"  # what a reader's eye takes an inline code span for: one word
_STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")
_OTHER_PLACEHOLDER = re.compile("\x02(?!wzxhzdk:)[^\x02\x03]*\x03")
_CODE_OPEN, _CODE_CLOSE = "\ue000", "\ue001"  # private-use marks around a code placeholder while text is joined
_CODE_MARK = re.compile(f"{_CODE_OPEN}{CODE_WORD}{_CODE_CLOSE}")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_UNIT_KIND = {
    "p": "paragraph",
    "li": "item",
    "dd": "item",
    "dt": "term",
    "td": "cell",
    "th": "cell",
    "summary": "label",
    "label": "label",
    "caption": "label",
    "figcaption": "paragraph",
    **{h: "heading" for h in _HEADINGS},
}
_BLOCKS = {
    *_UNIT_KIND,
    *("div", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "details", "pre", "hr"),
    *("section", "article", "aside", "nav", "header", "footer", "figure", "form", "fieldset", "main", "hgroup"),
}
_NEVER_PROSE = {"pre", "script", "style", "svg", "math", "input", "textarea", "select", "template"}
_NEVER_PROSE_CLASSES = {"headerlink", "footnote-backref", "footnote-ref"}
ADDRESS = re.compile(r"(?:\b[a-zA-Z][\w+.-]*://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?)\]]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SENTENCE_END = (".", "!", "?")


@dataclass(frozen=True)
class RawUnit:
    """A unit's text as a reader reads it; `code` holds the spans of code placeholders in it."""

    kind: str
    text: str
    code: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Rendered:
    units: tuple[RawUnit, ...]
    abbreviations: frozenset[str]  # words an `abbr` element explains (the abbr extension)


class _Grab(Treeprocessor):
    """Keeps the finished element tree (after inline patterns and toc) for us to read."""

    def run(self, root: ET.Element) -> None:
        self.md.fieldguide_tree = root  # type: ignore[attr-defined]


class _GrabExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_Grab(md), "fieldguide-grab", -1000)


class RenderCapture(Extension):
    """Added to MkDocs' own Markdown in a build: the prose units of each page as MkDocs rendered it.

    Keyed by the exact text the converter was given, so `check` in a build reads the render that
    made the published page instead of rendering every page a second time. A page whose text a
    plugin changed is simply not found by its edition text, and is rendered by `converter` as before.
    """

    def __init__(self, wanted: frozenset[str] | None = None) -> None:
        super().__init__()
        self.rendered: dict[str, Rendered] = {}
        self.wanted = wanted  # the texts to keep (stripped of blank lines at either end); None: all

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # First of all preprocessors, to see the text as given; last of all treeprocessors, as _Grab.
        md.preprocessors.register(_KeepSource(md), "fieldguide-source", 10_000)
        md.treeprocessors.register(_KeepUnits(md, self.rendered, self.wanted), "fieldguide-units", -1000)


class _KeepSource(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.fieldguide_source = "\n".join(lines)  # type: ignore[attr-defined]
        return lines


class _KeepUnits(Treeprocessor):
    def __init__(self, md: markdown.Markdown, into: dict[str, Rendered], wanted: frozenset[str] | None) -> None:
        super().__init__(md)
        self.into = into
        self.wanted = wanted

    def run(self, root: ET.Element) -> None:
        source = getattr(self.md, "fieldguide_source", None)
        if source is None or (self.wanted is not None and source.strip("\n") not in self.wanted):
            return
        # Never break MkDocs' build: a page that cannot be read here is rendered again by check.
        with contextlib.suppress(Exception):
            self.into[source.strip("\n")] = read_tree(root, self.md.htmlStash.rawHtmlBlocks)


def converter(raw_config: dict[str, Any]) -> markdown.Markdown:
    """One converter per project and process: building it costs more than a page."""
    return make_markdown(raw_config, [_GrabExtension()])


def render_units(md: markdown.Markdown, text: str) -> Rendered:
    md.reset()
    md.fieldguide_tree = None  # type: ignore[attr-defined]
    md.convert(text)
    root: ET.Element | None = md.fieldguide_tree  # type: ignore[attr-defined]
    if root is None:  # blank text: Python-Markdown returns before building a tree
        return Rendered((), frozenset())
    return read_tree(root, md.htmlStash.rawHtmlBlocks)


def read_tree(root: ET.Element, stash: list[str | ET.Element]) -> Rendered:
    """The units of a finished element tree, without changing it."""
    reader = _Reader(stash)
    reader.block(root, "paragraph")
    return Rendered(tuple(reader.units), frozenset(reader.abbreviations))


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def add_code(self, code: str) -> None:
        stop = "." if code.rstrip().endswith(_SENTENCE_END) else ""
        self.parts.append(f" {_CODE_OPEN}{CODE_WORD}{_CODE_CLOSE}{stop}")


class _Reader:
    def __init__(self, stash: list[str | ET.Element]) -> None:
        self.stash = stash
        self.units: list[RawUnit] = []
        self.abbreviations: set[str] = set()

    def block(self, element: ET.Element, kind: str) -> None:
        """Text directly in `element` and in its inline children is one unit; block children are their own."""
        buffer = _Buffer()
        self._text(element.text, buffer, kind)
        for child in element:
            self._child(child, buffer, kind)
            self._text(child.tail, buffer, kind)
        self._flush(buffer, kind)

    def _child(self, child: ET.Element, buffer: _Buffer, kind: str) -> None:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = set((child.get("class") or "").split())
        if tag in _NEVER_PROSE or classes & _NEVER_PROSE_CLASSES:
            return
        if tag in _BLOCKS:
            self._flush(buffer, kind)
            self.block(child, self._kind_of(child, tag, kind))
        elif tag == "code":
            buffer.add_code("".join(child.itertext()))
        elif tag == "img":
            buffer.add(f" {child.get('alt') or ''} ")
        elif tag == "br":
            buffer.add(" ")
        else:
            if tag == "abbr" and child.get("title"):
                self.abbreviations.add("".join(child.itertext()).strip())
            self._text(child.text, buffer, kind)
            for grandchild in child:
                self._child(grandchild, buffer, kind)
                self._text(grandchild.tail, buffer, kind)

    @staticmethod
    def _kind_of(child: ET.Element, tag: str, parent: str) -> str:
        if tag == "p" and "admonition-title" in (child.get("class") or ""):
            return "label"
        if tag == "p" and parent in ("item", "cell", "term"):
            return parent
        return _UNIT_KIND.get(tag, "paragraph")

    def _text(self, text: str | None, buffer: _Buffer, kind: str) -> None:
        if not text:
            return
        position = 0
        text = _OTHER_PLACEHOLDER.sub("", text)  # an extension's own marks (footnotes' "qq…zz"), never text
        for match in _STASH.finditer(text):
            buffer.add(text[position : match.start()])
            position = match.end()
            index = int(match.group(1))
            chunks = _html_text(self._stashed(index))
            if len(chunks) == 1:
                buffer.add(f" {chunks[0]} ")
            elif chunks:  # block HTML: each block element is a unit of its own
                self._flush(buffer, kind)
                self.units += [RawUnit("paragraph", chunk) for chunk in chunks]
        buffer.add(text[position:])

    def _stashed(self, index: int, depth: int = 0) -> str:
        """Raw HTML as stashed, with the placeholders inside it (code blocks within HTML) filled in."""
        stashed = self.stash[index] if index < len(self.stash) else ""
        raw = stashed if isinstance(stashed, str) else ET.tostring(stashed, encoding="unicode")
        if depth > 8:
            return _STASH.sub("", raw)
        return _STASH.sub(lambda m: self._stashed(int(m.group(1)), depth + 1), raw)

    def _flush(self, buffer: _Buffer, kind: str) -> None:
        joined = " ".join("".join(buffer.parts).split())  # line breaks too, so phrases match across them
        if joined:
            self.units.append(_with_code_spans(kind, joined))
        buffer.parts.clear()


def _with_code_spans(kind: str, text: str) -> RawUnit:
    """Drop the code markers, keeping where each code placeholder stands."""
    spans = []
    out = []
    position = 0
    for match in _CODE_MARK.finditer(text):
        out.append(text[position : match.start()])
        start = sum(map(len, out))
        spans.append((start, start + len(CODE_WORD)))
        out.append(CODE_WORD)
        position = match.end()
    out.append(text[position:])
    joined = "".join(out)
    # Addresses are read as one word each and never judged as prose, like code.
    if "://" in joined or "www." in joined or "@" in joined:
        spans += [(m.start(), m.end()) for m in ADDRESS.finditer(joined)]
    return RawUnit(kind, joined, tuple(sorted(spans)))


class _HtmlText(html.parser.HTMLParser):
    """The text of raw HTML as a reader sees it: block elements split it, code and scripts are not prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = [""]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NEVER_PROSE or tag == "code":
            self.hidden += 1
        elif tag in _BLOCKS or tag == "br":
            self.chunks.append("")
        elif tag == "img":
            self.chunks[-1] += " " + (dict(attrs).get("alt") or "") + " "

    def handle_endtag(self, tag: str) -> None:
        if tag in _NEVER_PROSE or tag == "code":
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.chunks.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chunks[-1] += data


def _html_text(raw: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(raw)
    parser.close()
    return [" ".join(chunk.split()) for chunk in parser.chunks if chunk.strip()]


def iter_words(text: str) -> Iterator[re.Match[str]]:
    """Word-character runs: the tokens that tie rendered text back to its source lines."""
    return re.finditer(r"\w+", text)
