"""Capability pages: the typed model, and its sections read from the renderer's own element tree.

A section is a top-level `## heading { .class }`; `attr_list` gives the heading its class, so the
heading's words stay the editor's own. Sections are read per audience, from the edition text that
audience gets (after filtering and terms), through the project's own Markdown converter.
"""

from __future__ import annotations

import difflib
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pydantic import BaseModel, ConfigDict, Field

from generator.capability_source import Locator
from generator.markdown_render import make_markdown
from generator.select import EditionPage

CapabilityClass = Literal["can", "gets-wrong", "never", "check", "decides", "if-down", "ask"]
CLASSES: tuple[str, ...] = ("can", "gets-wrong", "never", "check", "decides", "if-down", "ask")
REQUIRED: tuple[str, ...] = ("never", "check", "ask")  # also what a card puts on its front, in this order
OPTIONAL: tuple[str, ...] = ("can", "gets-wrong", "decides", "if-down")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
EXAMPLE_SENTENCE = re.compile(r"(?:^|[.!?:;]\s+)(?:for example|example)\b", re.IGNORECASE)
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
_TAG = re.compile(r"<[^>]*>")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class CapabilitySection(_Data):
    """One classed `##` section, as one audience gets it."""

    class_: CapabilityClass = Field(alias="class", description="What the section says: can, gets-wrong, never, ...")
    heading: str = Field(description="The heading in the editor's own words, as plain text")
    items: list[str] = Field(description="The section's list items (else its paragraphs), as plain text")
    examples: list[list[str]] = Field(
        description="For each item, in the same order: its nested items and quotes, as plain text"
    )


class CapabilityPage(_Data):
    """One capability page, as one audience gets it."""

    title: str = Field(description="The page title, with this audience's terms")
    address: str = Field(description="The page's address relative to this audience's site")
    url: str | None = Field(description="The page's absolute address, when mkdocs.yml has site_url")
    summary: str | None = Field(None, description="The page's one-sentence summary")
    owner: str | None = Field(None, description="Who keeps the page true")
    review_by: str | None = Field(None, description="ISO date after which the page is stale")
    sections: list[CapabilitySection] = Field(description="The classed sections, in page order")


class CapabilitiesFile(_Data):
    """`site/<id>/capabilities.json`: what one audience was told about its AI tools."""

    audience: str = Field(description="The audience id")
    name: str = Field(description="The audience's name")
    lang: str = Field(description="Language of the text")
    pages: list[CapabilityPage] = Field(description="Every capability page this audience gets, in navigation order")


@dataclass
class ParsedItem:
    text: str
    examples: list[str]
    line: int
    path: str  # the page, or the snippet file the item came from

    @property
    def has_example(self) -> bool:
        return bool(self.examples) or bool(EXAMPLE_SENTENCE.search(self.text))


@dataclass
class ParsedSection:
    cls: str
    heading: str
    line: int
    path: str  # the page, or the snippet file the heading came from
    items: list[ParsedItem] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """A structural problem: not tied to what one audience gets, so reported without one."""

    path: str
    line: int
    message: str


@dataclass
class Parsed:
    page: EditionPage
    sections: list[ParsedSection]
    problems: list[Problem]

    def of(self, cls: str) -> list[ParsedSection]:
        return [s for s in self.sections if s.cls == cls]


def is_capability(page: EditionPage) -> bool:
    return page.page.meta.type == "capability"


# --- reading the tree ---------------------------------------------------------------------------


@dataclass
class Block:
    """A top-level section of the tree: a classed `##` heading and what follows it up to the next h1/h2."""

    cls: str | None  # None: the text before the first section, or under an unclassed heading
    heading: etree.Element | None
    body: list[etree.Element]


def our_classes(element: etree.Element) -> list[str]:
    return [c for c in element.get("class", "").split() if c in CLASSES]


def split_blocks(root: etree.Element) -> list[Block]:
    """The root's children cut at every h1 and h2; a block is classed when its h2 carries one of ours."""
    blocks = [Block(None, None, [])]
    for child in root:
        if child.tag in ("h1", "h2"):
            ours = our_classes(child) if child.tag == "h2" else []
            blocks.append(Block(ours[0] if ours else None, child, []))
        else:
            blocks[-1].body.append(child)
    return [b for b in blocks if b.heading is not None or b.body]


def plain(element: etree.Element, md: markdown.Markdown, skip: tuple[str, ...] = ()) -> str:
    """The element's text as a reader sees it: no permalink, no markup, stashed HTML and entities resolved."""
    parts: list[str] = []

    def walk(node: etree.Element) -> None:
        if "headerlink" in node.get("class", "").split():
            parts.append(node.tail or "")
            return
        parts.append(node.text or "")
        for child in node:
            if child.tag in skip:
                parts.append(child.tail or "")
                continue
            walk(child)
        if node is not element:
            parts.append(node.tail or "")

    walk(element)
    return _clean("".join(parts), md)


def _clean(text: str, md: markdown.Markdown) -> str:
    stash = md.htmlStash.rawHtmlBlocks

    def unstash(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return _TAG.sub("", str(stash[index])) if index < len(stash) else ""

    text = _STASHED.sub(unstash, text)
    return " ".join(html.unescape(text).split())


class _Reader(Treeprocessor):
    """Reads the sections after every other tree step (attr_list, toc) has run."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.result: tuple[list[tuple[Block, list[tuple[str, list[str]]]]], list[tuple[str, str]]] = ([], [])

    def run(self, root: etree.Element) -> None:
        sections = []
        for block in split_blocks(root):
            if block.cls is not None and block.heading is not None:
                sections.append((block, _items(block.body, self.md)))
        self.result = (sections, list(_misplaced(root, self.md)))


def _items(body: list[etree.Element], md: markdown.Markdown) -> list[tuple[str, list[str]]]:
    """List items with their nested items and quotes as examples; a section without a list: its paragraphs."""
    items: list[tuple[str, list[str]]] = []
    has_list = any(el.tag in ("ul", "ol") for el in body)
    for el in body:
        if has_list and el.tag in ("ul", "ol"):
            for li in el:
                if li.tag == "li":
                    items.append((plain(li, md, skip=("ul", "ol", "blockquote")), _examples(li, md)))
        elif not has_list and el.tag == "p":
            items.append((plain(el, md), []))
        elif el.tag == "blockquote" and items:
            items[-1][1].append(plain(el, md))  # a quote right under an item is its example
    return [(text, examples) for text, examples in items if text or examples]


def _examples(li: etree.Element, md: markdown.Markdown) -> list[str]:
    found = []
    for child in li.iter():
        if child is li:
            continue
        if child.tag == "blockquote":
            found.append(plain(child, md))
        elif child.tag in ("ul", "ol"):
            found += [plain(sub, md) for sub in child if sub.tag == "li"]
    # A quote inside a nested item is already part of that item's text.
    return [text for text in found if text]


def _misplaced(root: etree.Element, md: markdown.Markdown) -> Iterator[tuple[str, str]]:
    """(heading text, message) for every classed heading that is not a top-level `##`, and unread braces."""
    top = set(root)
    for el in root.iter():
        if el.tag not in HEADINGS:
            continue
        ours = our_classes(el)
        text = plain(el, md)
        if ours and el.tag != "h2":
            yield (
                text,
                (
                    f"the {ours[0]} class is on a level-{el.tag[1]} heading; "
                    f"a capability section is a '##' heading: '## {text} {{ .{ours[0]} }}'"
                ),
            )
        elif ours and el not in top:
            yield (
                text,
                (
                    f"the {ours[0]} section's heading is inside another block; "
                    "a capability section is a '##' heading at the start of a line, outside lists and boxes"
                ),
            )
        if len(ours) > 1:
            yield text, f"one heading has the classes {' and '.join(ours)}; give each section its own '##' heading"
        if el.tag == "h2" and el in top:
            for cls in el.get("class", "").split():
                if cls not in CLASSES and (guess := lookalike(cls)):
                    known = ", ".join(sorted(CLASSES))
                    yield text, (f"unknown capability class '.{cls}'; did you mean '.{guess}'? Known classes: {known}")
        if el.tag == "h2" and not ours:
            yield from _attribute_slips(el, text)
        if "{" in text and re.search(r"\{[^}]*\b(" + "|".join(CLASSES) + r")\b[^}]*\}", text, re.IGNORECASE):
            if "attr_list" not in md.treeprocessors:
                fix = "capability classes need attr_list: add '- attr_list' to markdown_extensions in mkdocs.yml"
            else:
                fix = "write the class last on the heading line, as in '## Never type in { .never }'"
            yield text, f"this heading's '{{ ... }}' was not read as a class; {fix}"


def _attribute_slips(heading: etree.Element, text: str) -> Iterator[tuple[str, str]]:
    """`{never}` and `{#never}` are read as an attribute and an id: almost surely a class meant."""
    for name, value in heading.attrib.items():
        guess = lookalike(value) if name == "id" else lookalike(name)
        if guess is None or name == "class" or (name == "id" and value != guess):
            continue
        written = f"#{value}" if name == "id" else name
        yield text, f"'{{ {written} }}' is not a class; write '{{ .{guess} }}' with a dot to mark the {guess} section"


def lookalike(cls: str) -> str | None:
    """One of our classes that `cls` was probably meant to be: another case, '_' for '-', or a typo."""
    squashed = re.sub(r"[-_\s]", "", cls.lower())
    for ours in CLASSES:
        if squashed == ours.replace("-", ""):
            return ours
    close = difflib.get_close_matches(cls.lower(), CLASSES, n=1, cutoff=0.75)
    return close[0] if close else None


class _ReaderExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.reader: _Reader | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.reader = _Reader(md)
        # Priority 0: after attr_list (8), toc (5) and any other step that shapes the tree.
        md.treeprocessors.register(self.reader, "fieldguide_capability", 0)


class CapabilityReader:
    """One converter per project, reused page after page."""

    def __init__(self, raw_config: dict[str, Any]) -> None:
        self._extension = _ReaderExtension()
        self._md = make_markdown(raw_config, [self._extension])

    def read(self, page: EditionPage) -> Parsed:
        self._md.reset()
        self._md.convert(page.text)
        assert self._extension.reader is not None
        blocks, misplaced = self._extension.reader.result
        locate = Locator(page)
        sections = []
        for block, items in blocks:
            assert block.cls is not None and block.heading is not None
            heading = plain(block.heading, self._md)
            where = locate.heading(heading)
            section = ParsedSection(block.cls, heading, where[1], where[0])
            for text, examples in items:
                path, line = locate.item(text, where)
                section.items.append(ParsedItem(text, examples, line, path))
            sections.append(section)
        problems = [Problem(*locate.anywhere(text), message) for text, message in misplaced]
        return Parsed(page, sections, problems)


# --- as data --------------------------------------------------------------------------------------


def capabilities_file(
    audience_id: str, name: str, lang: str, site_url: str | None, parsed: list[Parsed]
) -> CapabilitiesFile:
    """What `site/<id>/capabilities.json` holds: every capability page, as this audience gets it."""
    base = f"{site_url.rstrip('/')}/{audience_id}/" if site_url else None
    pages = []
    for one in parsed:
        page = one.page
        meta = page.page.meta
        sections = [
            CapabilitySection.model_validate(
                {
                    "class": s.cls,
                    "heading": s.heading,
                    "items": [i.text for i in s.items],
                    "examples": [i.examples for i in s.items],
                }
            )
            for s in one.sections
        ]
        pages.append(
            CapabilityPage(
                title=page.title,
                address=page.url,
                url=base + page.url if base else None,
                summary=page.summary,
                owner=meta.owner,
                review_by=meta.review_by.isoformat() if meta.review_by else None,
                sections=sections,
            )
        )
    return CapabilitiesFile(audience=audience_id, name=name, lang=lang, pages=pages)


def capabilities_json(data: CapabilitiesFile) -> str:
    return data.model_dump_json(by_alias=True, indent=2) + "\n"
