"""Every address an HTML or CSS file makes the browser load, read by html.parser and tinycss2.

Ordinary links (`<a href>`, `<area href>`) are not loads and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain

import tinycss2
import tinycss2.ast

# Attributes whose value the browser fetches, on whatever element they stand.
_LOADS = frozenset({"src", "poster", "background", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "longdesc"})
_SRCSETS = frozenset({"srcset", "imagesrcset"})
# Elements whose href is fetched (links of <a> and <area> are followed, not fetched).
_HREF_LOADS = frozenset({"link", "base", "image", "use", "feimage", "script"})
_CSS_FUNCTIONS = frozenset({"url", "src", "image-set", "-webkit-image-set", "image", "cross-fade", "element"})


@dataclass(frozen=True)
class Reference:
    address: str
    what: str  # e.g. 'img src', 'style attribute', '<style> element'
    classes: str = ""  # the element's class attribute, to tell emoji images


def css_addresses(css: str) -> Iterator[str]:
    """url() tokens, strings inside url-like functions, and @import targets, at any depth."""
    if not _MAY_LOAD.search(css):
        return  # no url(, no @import, no image function and no escape that could spell one
    yield from _walk(tinycss2.parse_component_value_list(css, skip_comments=True))


# A quick, safe first look: CSS can only load through these (escapes could spell them, so a
# backslash sends the text to the full parser too). Most style attributes hold none of them.
_MAY_LOAD = re.compile(r"url|import|image|src|\\", re.IGNORECASE)


def _walk(nodes: list[tinycss2.ast.Node] | None) -> Iterator[str]:
    previous_import = False
    for node in nodes or []:
        if isinstance(node, tinycss2.ast.URLToken) or (isinstance(node, tinycss2.ast.StringToken) and previous_import):
            yield node.value
        elif isinstance(node, tinycss2.ast.FunctionBlock):
            if node.lower_name in _CSS_FUNCTIONS:
                yield from (n.value for n in node.arguments if isinstance(n, tinycss2.ast.StringToken))
            yield from _walk(node.arguments)
        elif isinstance(
            node, tinycss2.ast.ParenthesesBlock | tinycss2.ast.SquareBracketsBlock | tinycss2.ast.CurlyBracketsBlock
        ):
            yield from _walk(node.content)
        if isinstance(node, tinycss2.ast.AtKeywordToken):
            previous_import = node.lower_value == "import"
        elif not isinstance(node, tinycss2.ast.WhitespaceToken):
            previous_import = False


def srcset_addresses(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            yield parts[0]


class _Parser(HTMLParser):
    """Collects the loads of start tags, and <style> text.

    A line that takes the parser from its resting state back to it is cached with its loads, and a
    run of cached lines is replayed without parsing: Material repeats its header and navigation on
    every page, so a big site is parsed about once, and each page's own lines are parsed as usual.
    """

    def __init__(self, cache: dict[str, list[Reference]], seen: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.cache = cache
        self.seen = seen
        self.found: list[Reference] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += tag_references(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += tag_references(tag, attrs)

    def handle_data(self, data: str) -> None:
        if getattr(self, "cdata_elem", None) == "style":
            self.styles.append(data)

    def _resting(self) -> bool:
        return not self.rawdata and getattr(self, "cdata_elem", "?") is None

    def _replay(self, cached: list[list[Reference] | None], index: int, end: int) -> int:
        """At rest, take the loads of the run of already-parsed pieces from `index`; return where that run ends."""
        if not self._resting():
            return index
        try:
            miss = cached.index(None, index)
        except ValueError:
            miss = end
        self.found.extend(chain.from_iterable(cached[index:miss]))  # type: ignore[arg-type]
        return miss

    def read(self, units: list[str]) -> None:
        """Whole units from the cache where possible, else line by line."""
        cached = list(map(self.cache.get, units))
        index, end = 0, len(units)
        while index < end:
            replayed = self._replay(cached, index, end)
            if replayed > index:
                index = replayed
                continue
            resting, mark = self._resting(), len(self.found)
            self._read_lines(units[index].splitlines(keepends=True))
            if resting and self._resting():
                self.cache[units[index]] = self.found[mark:]
            index += 1
        self.close()

    def _read_lines(self, lines: list[str]) -> None:
        if self.seen.isdisjoint(lines):  # all the page's own: parse it in one call
            self.feed("".join(lines))
            self.seen.update(lines)
            return
        cached = list(map(self.cache.get, lines))
        index, end = 0, len(lines)
        while index < end:
            replayed = self._replay(cached, index, end)
            if replayed > index:
                index = replayed
                continue
            if lines[index] not in self.seen:
                # Lines no earlier file had (the page's own) are parsed together, in one call.
                stop = index + 1
                while stop < end and cached[stop] is None and lines[stop] not in self.seen:
                    stop += 1
                self.feed("".join(lines[index:stop]))
                index = stop
                continue
            resting, mark = self._resting(), len(self.found)
            self.feed(lines[index])
            if resting and self._resting():
                self.cache[lines[index]] = self.found[mark:]
            index += 1
        self.seen.update(lines)


def tag_references(tag: str, attrs: list[tuple[str, str | None]]) -> list[Reference]:
    found: list[Reference] = []
    classes = next((v or "" for k, v in attrs if k == "class"), "")
    for name, value in attrs:
        if value is None:
            continue
        what = f"{tag} {name}"
        if name in _LOADS or (name == "data" and tag == "object") or (name.endswith("href") and tag in _HREF_LOADS):
            found.append(Reference(value, what, classes))
        elif name in _SRCSETS:
            found += [Reference(a, what, classes) for a in srcset_addresses(value)]
        elif name == "srcdoc":  # an inline document: its own loads count
            found += html_references(value.splitlines(keepends=True), {})
        elif name == "style":
            found += [Reference(a, "style attribute", classes) for a in css_addresses(value)]
    return found


def html_references(
    lines: list[str], cache: dict[str, list[Reference]], seen: set[str] | None = None
) -> list[Reference]:
    """The loads of one HTML file (given as lines that keep their ends), <style> elements included.

    `cache` and `seen` carry what earlier files of the same site taught: pass the same ones each time.
    """
    parser = _Parser(cache, set() if seen is None else seen)
    parser.read(lines)
    found = parser.found
    for style in parser.styles:
        found += [Reference(a, "<style> element") for a in css_addresses(style)]
    return found
