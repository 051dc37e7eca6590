"""Edition pages to print HTML: the project's own Markdown extensions, links and Material constructs for paper."""

from __future__ import annotations

import html as htmllib
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.links import is_external, resolve, resolve_address, url_map
from generator.markdown_render import make_markdown
from generator.model import Project
from generator.rendered import heading_text
from generator.select import Edition, EditionPage

Mode = Literal["handbook", "card"]


def page_anchor(page: EditionPage) -> str:
    """The handbook id of a page's section; ids inside it are prefixed with it so pages never collide."""
    return "pg-" + page.card_name.replace(".", "-")


def web_base(project: Project, edition: Edition) -> str:
    """The audience's site address, ending in '/'; a placeholder when site_url is missing (the build reports it)."""
    site_url = project.config.site_url or "https://site-url.invalid/"
    return f"{site_url.rstrip('/')}/{edition.audience.id}/"


def content_url(project: Project) -> str:
    """The base URL of print HTML: the content folder, so relative addresses in raw HTML resolve as on the site."""
    return (Path(project.root) / project.config.docs_dir).resolve().as_uri() + "/"


@dataclass
class PageContext:
    """What the tree processor needs to know about the page being converted."""

    page: EditionPage
    mode: Mode
    # The page's own leading '# heading', printed once as its title instead of twice (title, then heading).
    heading: str | None = None
    heading_id: str | None = None
    # Resolved file URL of each embedded resource -> the address as the editor wrote it.
    embeds: dict[str, str] = field(default_factory=dict)


class PrintMarkup:
    """One Markdown converter per document kind, reused page after page (parsing extensions is not free)."""

    def __init__(self, project: Project, edition: Edition, mode: Mode, extra: Sequence[Extension] = ()) -> None:
        self.project = project
        self.edition = edition
        self.mode = mode
        self.content = Path(project.root) / project.config.docs_dir
        self.base = web_base(project, edition)
        self._rewriter = _Rewriter(self)
        self._md = make_markdown(project.config.raw, [_PrintExtension(self._rewriter), *extra])
        self._rewriter.md = self._md
        self.embeds: dict[str, tuple[EditionPage, str]] = {}
        self._url_to_src: dict[str, str] | None = None

    def convert(self, page: EditionPage) -> str:
        return self.convert_titled(page)[0]

    def convert_titled(self, page: EditionPage) -> tuple[str, str, str | None]:
        """(body HTML, title, title id): a leading '# heading' leaves the body and becomes the title, once."""
        context = PageContext(page, self.mode)
        self._rewriter.context = context
        self._md.reset()
        html = self._md.convert(page.text)
        for url, address in context.embeds.items():
            self.embeds.setdefault(url, (page, address))
        return html, context.heading or page.title, context.heading_id

    def page_address(self, page: EditionPage, anchor: str = "") -> str:
        return self.base + page.url + (f"#{anchor}" if anchor else "")

    def href(self, page: EditionPage, target: str, raw_html: bool = False) -> str | None:
        """Where a link points on paper; None makes it plain text. Raw HTML is relative to the page's address."""
        if is_external(target):
            return target
        path, anchor = self._resolve(page, target, raw_html)
        if path and not path.endswith(".md"):
            return self.base + path if self.project.config.site_url else None
        linked = self.edition.page(path or page.src)
        if linked is None:
            return None
        if self.mode == "card":
            return self.page_address(linked, anchor)
        prefix = page_anchor(linked)
        return f"#{prefix}--{anchor}" if anchor else f"#{prefix}"

    def src(self, page: EditionPage, target: str, context: PageContext, raw_html: bool = False) -> str:
        """An embedded file as an absolute URL, so one base URL serves every page; the fetcher judges it."""
        if is_external(target):
            context.embeds[target] = target
            return target
        path, _ = self._resolve(page, target, raw_html)
        url = (self.content / path).resolve().as_uri() if path else target
        context.embeds[url] = target
        return url

    def _resolve(self, page: EditionPage, target: str, raw_html: bool) -> tuple[str, str]:
        if not raw_html:
            return resolve(page.src, target)
        if self._url_to_src is None:
            directory_urls = bool(self.project.config.raw.get("use_directory_urls", True))
            self._url_to_src = url_map({p.src for p in self.project.pages}, directory_urls)
        return resolve_address(page.url, target, self._url_to_src)

    def rewrite_raw_html(self, html: str, page: EditionPage, context: PageContext) -> str:
        """Addresses in raw HTML, which MkDocs leaves as written: resolved from the page's address, as on the site."""

        def one(match: re.Match[str]) -> str:
            attribute, quote, target = match.group(2).lower(), match.group(3), htmllib.unescape(match.group(4))
            if attribute == "src":
                value: str | None = self.src(page, target, context, raw_html=True)
            else:
                value = self.href(page, target, raw_html=True)
            if value is None:
                return match.group(1) + "data-fieldguide-href=" + quote + htmllib.escape(target) + quote
            return match.group(1) + match.group(2) + "=" + quote + htmllib.escape(value) + quote

        return _RAW_ATTRIBUTE.sub(one, html)


# src= and href= in raw HTML (inside a tag, quoted), as the browser would read them.
_RAW_ATTRIBUTE = re.compile(r"""(<[A-Za-z][^<>]*?\s)(src|href|SRC|HREF)\s*=\s*(["'])([^"'<>]*)\3""")


class _Rewriter(Treeprocessor):
    def __init__(self, markup: PrintMarkup) -> None:
        super().__init__()
        self.markup = markup
        self.context: PageContext | None = None

    def run(self, root: etree.Element) -> None:
        assert self.context is not None
        page = self.context.page
        prefix = page_anchor(page)
        if self.md is not None:
            # Raw HTML waits in the stash until the postprocessors put it back: rewrite its addresses there.
            stash = self.md.htmlStash.rawHtmlBlocks
            for index, block in enumerate(stash):
                if isinstance(block, str):
                    stash[index] = self.markup.rewrite_raw_html(block, page, self.context)
        first = next(iter(root), None)
        if first is not None and first.tag == "h1" and self.md is not None:
            self.context.heading = heading_text(first, self.md)
            self.context.heading_id = f"{prefix}--{first.get('id')}" if first.get("id") else None
            root.remove(first)
        # Innermost first, so an outer set never collects a nested set's labels.
        for element in reversed(list(root.iter())):
            if "tabbed-set" in element.get("class", "").split():
                _expand_tabs(element)
        for element in root.iter():
            # Prefixed in cards too: many cards share one layout, and ids must stay unique in it.
            if element.get("id"):
                element.set("id", f"{prefix}--{element.get('id')}")
            if element.tag == "a" and element.get("href") is not None:
                self._link(element, page)
            elif element.tag == "img" and element.get("src"):
                element.set("src", self.markup.src(page, element.get("src", ""), self.context))
            elif element.tag == "details":
                element.set("open", "open")
            if "headerlink" in element.get("class", ""):
                element.set("class", "headerlink")  # hidden by the print CSS; the pilcrow means nothing on paper

    def _link(self, element: etree.Element, page: EditionPage) -> None:
        href = self.markup.href(page, element.get("href", ""))
        if href is None:
            del element.attrib["href"]
        else:
            element.set("href", href)


def _expand_tabs(tabbed: etree.Element) -> None:
    """Paper cannot switch tabs: print every tab, each under its own label."""
    children = list(tabbed)
    labels = [c for c in children if c.tag == "label"]
    blocks = [c for c in children if "tabbed-content" in c.get("class", "")]
    for holder in children:  # the alternate style keeps labels and blocks in two wrappers
        if "tabbed-labels" in holder.get("class", ""):
            labels = [c for c in holder if c.tag == "label"]
        elif "tabbed-content" in holder.get("class", "") and any("tabbed-block" in c.get("class", "") for c in holder):
            blocks = [c for c in holder if "tabbed-block" in c.get("class", "")]
    for child in children:
        tabbed.remove(child)
    tabbed.attrib.pop("data-tabs", None)
    tabbed.set("class", "tabbed-set print-tabs")
    for label, block in zip(labels, blocks, strict=False):
        title = etree.SubElement(tabbed, "p", {"class": "tab-label"})
        # The label's own children move along, so an icon keeps its `.twemoji` wrapper and its size.
        title.text = label.text
        title.extend(list(label))
        block.set("class", "tab-body")
        tabbed.append(block)


class _PrintExtension(Extension):
    def __init__(self, rewriter: _Rewriter) -> None:
        super().__init__()
        self.rewriter = rewriter

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Priority 0.5: after toc (5) and attr_list (8) have set the ids we prefix.
        md.treeprocessors.register(self.rewriter, "fieldguide_print", 0.5)
