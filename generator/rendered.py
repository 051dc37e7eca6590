"""Facts about a page taken from what it renders to with the project's own extensions.

MkDocs takes a page's title from the first element of the rendered page when it is an `h1`, and the
ids a link may point at from every element's `id` (and `<a name>`) plus the ids in raw HTML. Both are
read here from the same converter MkDocs would use, never from a second reading of the Markdown.
"""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from generator import structure
from generator.markdown_render import make_markdown, settings_key
from generator.structure import RenderTimeout, time_limit
from generator.textcache import TextCache, text_key

_UNESCAPE = re.compile(r"\x02(\d+)\x03")


# Where a rendered page points: (tag, attribute, address, from raw HTML). Raw HTML is not rewritten by
# MkDocs, so a browser resolves it from the page's address; Markdown links are resolved from the source file.
Target = tuple[str, str, str, bool]
FACTS = TextCache("page-facts")  # ids, link targets and title of a rendered text; saved by compile_project
_POINTING = {("a", "href"), ("img", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("link", "href")}
_POINTING |= {("script", "src"), ("iframe", "src"), ("embed", "src"), ("track", "src"), ("video", "poster")}


class _Collect(Treeprocessor):
    """Runs where MkDocs' own anchor and title extractors run: after toc, attr_list and tabs set ids."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()
        self.first: etree.Element | None = None
        self.targets: list[Target] = []

    def run(self, root: etree.Element) -> None:
        self.targets = []
        self.ids = set()
        for element in root.iter():
            for tag, attribute in _POINTING:
                if element.tag == tag and element.get(attribute):
                    self.targets.append((tag, attribute, element.get(attribute, ""), False))
            if element.get("id"):
                self.ids.add(element.get("id", ""))
            if element.tag == "a" and element.get("name"):
                self.ids.add(element.get("name", ""))
        first = next(iter(root), None)
        self.first = copy.deepcopy(first) if first is not None and first.tag == "h1" else None


class _RawIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.targets: list[Target] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)
            if value and (tag, key) in _POINTING:
                self.targets.append((tag, key, value, True))


class _RawHtml(Preprocessor):
    """MkDocs reads ids in raw HTML from the page text just before html_block (priority 21)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        parser = _RawIds()
        parser.feed("\n".join(lines))
        parser.close()
        self.ids = parser.ids
        return lines


class _FactsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.collect = _Collect(md)
        self.raw = _RawHtml(md)
        md.treeprocessors.register(self.collect, "fieldguide_facts", 5)
        md.preprocessors.register(self.raw, "fieldguide_raw_ids", 21)


class Renderer:
    """One converter per project, reused page after page; results cached by text."""

    def __init__(self, raw_config: dict[str, Any]) -> None:
        self._facts = _FactsExtension()
        self.config_failure: str | None = None  # why mkdocs.yml's extensions could not be loaded
        try:
            self._md = make_markdown(raw_config, [self._facts])
        except Exception as exc:  # noqa: BLE001 - a broken extension setting is the editor's to fix, located
            self.config_failure = f"{type(exc).__name__}: {exc}"
            self._facts = _FactsExtension()
            self._md = make_markdown({}, [self._facts])
        # Answers kept between runs (generator/textcache.py), by the extension settings and the text.
        self._settings = settings_key(raw_config if not self.config_failure else {})
        self._ids: dict[str, frozenset[str]] = {}
        self._targets: dict[str, tuple[Target, ...]] = {}
        self._titles: dict[str, str | None] = {}
        self.failures: dict[str, str] = {}  # text -> why the converter failed on it

    def ids(self, text: str) -> frozenset[str]:
        """Every id the rendered page has, as MkDocs collects them for its own anchor validation."""
        self._render(text)
        return self._ids[text]

    def targets(self, text: str) -> tuple[Target, ...]:
        """Every address the rendered page points at: links, images, and src/href in raw HTML."""
        if text not in self._ids and not may_link(text):
            # Nothing here can become a link (no brackets, tags, schemes, www. or @): skip the render,
            # which for a very large page costs as long as MkDocs' own.
            return ()
        self._render(text)
        return self._targets[text]

    def _render(self, text: str) -> None:
        if text in self._ids:
            return
        key = text_key(self._settings, text)
        if self._known(key, text):
            return
        self._md.reset()
        budget = _budget(text)
        try:
            with time_limit(budget):  # some inputs make the renderer loop forever
                self._md.convert(text)
        except (RenderTimeout, Exception) as exc:  # noqa: BLE001 - an extension's failure must not be a traceback
            if isinstance(exc, RenderTimeout):  # raised with no message of its own
                self.failures[text] = (
                    f"Markdown did not finish rendering it in {budget:.0f} s, so it would hang the build too"
                )
            else:
                self.failures[text] = f"{type(exc).__name__}: {exc}"
            self._ids[text], self._targets[text], self._titles[text] = frozenset(), (), None
            return
        raw = _RawIds()
        for block in self._md.htmlStash.rawHtmlBlocks:
            raw.feed(str(block))
        raw.close()
        # Stashed HTML holds what extensions write as HTML, such as superfences' `{ #example }` code blocks.
        self._ids[text] = frozenset(self._facts.collect.ids | self._facts.raw.ids | raw.ids)
        self._targets[text] = (*self._facts.collect.targets, *raw.targets)
        self._titles.setdefault(text, self._title_text())
        FACTS.put(key, {"ids": sorted(self._ids[text]), "targets": self._targets[text], "title": self._titles[text]})

    def _known(self, key: str, text: str) -> bool:
        """Fill in a page's facts from an earlier run, when they were kept there in the shape written."""
        entry = FACTS.get(key)
        try:
            ids, targets, title = entry["ids"], entry["targets"], entry["title"]
            if not all(isinstance(i, str) for i in ids) or not (title is None or isinstance(title, str)):
                return False
            found = tuple((str(a), str(b), str(c), bool(d)) for a, b, c, d in targets)
        except (TypeError, KeyError, ValueError):
            return False
        self._ids[text], self._targets[text] = frozenset(ids), found
        self._titles.setdefault(text, title)
        return True

    def title(self, text: str) -> str | None:
        """The page title MkDocs takes from `text`: its first element when that is an h1, as plain text."""
        if text in self._titles:
            return self._titles[text]
        # Kept between runs like the page's other facts, under a key of its own: `text` is a page's start.
        key = text_key(self._settings, "title", text)
        entry = FACTS.get(key)
        if isinstance(entry, dict) and "title" in entry and (entry["title"] is None or isinstance(entry["title"], str)):
            self._titles[text] = entry["title"]
            return entry["title"]
        self._md.reset()
        try:
            with time_limit(_budget(text)):
                self._md.convert(text)
        except (RenderTimeout, Exception):  # noqa: BLE001 - reported when the whole page is rendered for its links
            return None
        self._titles[text] = self._title_text()
        FACTS.put(key, {"title": self._titles[text]})
        return self._titles[text]

    def _title_text(self) -> str | None:
        first = self._facts.collect.first
        if first is None:
            return None
        return heading_text(first, self._md)


# Every way Markdown and its extensions (autolinks, magiclink, attr_list, snippets) write an address.
_LINK_MARKS = ("[", "<", "{", "@", "://")
_LINK_WORDS = ("www.", "mailto:", "data:", "file:", "javascript:")


def may_link(text: str) -> bool:
    """Whether anything in the text could become a link; when unsure, yes (the page is then rendered).

    Plain substring tests: a regular expression with word boundaries took 25 µs a page, 0.1 s a build.
    """
    if any(mark in text for mark in _LINK_MARKS):
        return True
    lowered = text.lower()
    return any(word in lowered for word in _LINK_WORDS)


def _budget(text: str) -> float:
    return structure.LIMIT_SECONDS + structure.LIMIT_SECONDS_PER_MB * len(text) / 1_000_000


def heading_text(element: etree.Element, md: markdown.Markdown) -> str:
    """MkDocs' get_heading_text, then entities decoded: the pilcrow, footnote marks and tags go."""
    element = copy.deepcopy(element)
    if len(element) and element[-1].tag == "a" and element[-1].get("class") == "headerlink":
        del element[-1]
    for parent in list(element.iter()):
        for child in list(parent):
            if child.tag == "sup" and child.get("id", "").startswith("fnref"):
                _drop_keep_tail(parent, child, "")
            elif child.tag == "img" and child.get("alt"):
                _drop_keep_tail(parent, child, child.get("alt", ""))
    text = md.serializer(element)
    text = _UNESCAPE.sub(lambda m: chr(int(m.group(1))), text)
    text = text[text.index(">") + 1 : text.rindex("<")].strip()
    for processor in md.postprocessors:
        text = processor.run(text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"<[^>]*>", "", text)
    return html.unescape(" ".join(text.split()))


def _drop_keep_tail(parent: etree.Element, child: etree.Element, replacement: str) -> None:
    index = list(parent).index(child)
    carried = replacement + (child.tail or "")
    parent.remove(child)
    if index == 0:
        parent.text = (parent.text or "") + carried
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + carried


def first_chunk(lines: Iterable[str]) -> str:
    """The page's first block of text: enough to see whether its first element is an h1."""
    chunk: list[str] = []
    for line in lines:
        if not line.strip():
            if chunk:
                break
            continue
        chunk.append(line)
    return "\n".join(chunk)
