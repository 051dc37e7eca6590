"""Links, anchors and referenced files in an audience's edition."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from markdown.extensions.toc import slugify, unique

from generator.findings import Finding
from generator.model import Line, Project
from generator.select import Edition, EditionPage

# After `](`: the address, an optional title, `)`. Every quantifier is possessive or bounded, and the address
# ends at the first `)`, space or `>`, so one attempt never re-reads what an earlier one read.
_BRACKET = re.compile(r"[\[\]]")
_TARGET_STOP = re.compile(r"[)\s>]")
_TAIL = re.compile(r""">?(?:\s++["'][^"']{0,2000}+["'])?\s*+\)""")
_REFDEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HTML_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_CODE_SPAN = re.compile(r"`+[^`]*`+")


@dataclass(frozen=True)
class Reference:
    """A link or embed in the text, at its source line."""

    target: str
    text: str
    is_image: bool
    line: Line


def references(page: EditionPage) -> Iterator[Reference]:
    for line, code in zip(page.lines, page.is_code, strict=True):
        if code or ("[" not in line.text and "=" not in line.text):
            continue  # no link, reference or src= can be on this line: most lines, on a big page
        text = _CODE_SPAN.sub("", line.text)
        for bang, label, target in _inline_links(text):
            yield Reference(target, label, bang, line)
        ref = _REFDEF.match(text)
        if ref:
            yield Reference(ref.group(2), ref.group(1), False, line)
        for m in _HTML_ATTR.finditer(text):
            yield Reference(m.group(1), "", "src" in m.group(0)[:4], line)


def _inline_links(text: str) -> Iterator[tuple[bool, str, str]]:
    """(is image, text, address) of each `[text](address)` and `![text](address)`, in linear time.

    A regular expression with nested brackets took minutes on a 200 KB line of `[`: brackets are paired
    here with a stack, and the address is read once up to its first stop character.
    """
    if "](" not in text:
        return
    opens: list[int] = []
    stop = -1
    for bracket in _BRACKET.finditer(text):
        i, char = bracket.start(), bracket.group()
        if char == "[":
            opens.append(i)
        elif opens:
            start = opens.pop()
            if text.startswith("(", i + 1):
                begin = i + 2
                while begin < len(text) and text[begin] in " \t":
                    begin += 1
                if text.startswith("<", begin):
                    begin += 1
                if stop < begin:
                    found = _TARGET_STOP.search(text, begin)
                    stop = found.start() if found else len(text)
                if stop > begin and _TAIL.match(text, stop):
                    yield start > 0 and text[start - 1] == "!", text[start + 1 : i], text[begin:stop]


def is_external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target)) or target.startswith("//")


def resolve(page_src: str, target: str) -> tuple[str, str]:
    """(path under content/, anchor) for a relative target; path '' means this page."""
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return "", anchor
    base = "" if path.startswith("/") else posixpath.dirname(page_src)
    return posixpath.normpath(posixpath.join(base, path.lstrip("/"))), anchor


Slugify = Callable[[str, str], str]


def toc_settings(project: Project) -> tuple[Slugify, str]:
    """The heading-id function and separator the project's `toc` extension is configured with."""
    for ext in project.config.raw.get("markdown_extensions") or []:
        if isinstance(ext, dict) and isinstance(ext.get("toc"), dict):
            options = ext["toc"]
            chosen = options.get("slugify")
            return (chosen if callable(chosen) else slugify), str(options.get("separator", "-"))
    return slugify, "-"


def anchors(page: EditionPage, slug: Slugify = slugify, separator: str = "-") -> set[str]:
    """Every id a link can point at in what this audience gets of the page."""
    found: set[str] = set()
    used: set[str] = set()
    for line, code in zip(page.lines, page.is_code, strict=True):
        if code:
            continue
        heading = _HEADING.match(line.text)
        if heading:
            explicit = _ATTR_ID.search(heading.group(2))
            if explicit:
                found.add(explicit.group(1))
            else:
                found.add(unique(slug(_plain(heading.group(2)), separator), used))
        found.update(_HTML_ID.findall(line.text))
        attr = _ATTR_ID.search(line.text)
        if attr and not heading:
            found.add(attr.group(1))
    return found


def _plain(heading: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_`]", "", text)


def check_links(edition: Edition, project: Project) -> list[Finding]:
    """A link to a page or anchor this audience does not get is an error; so is an embed from elsewhere."""
    checker = _LinkChecker(edition, project)
    findings: list[Finding] = []
    for page in edition.pages:
        for ref in references(page):
            problem = checker.problem(page, ref)
            if problem:
                findings.append(Finding(ref.line.path, ref.line.lineno, problem, edition.audience.id))
    return findings


class _LinkChecker:
    def __init__(self, edition: Edition, project: Project):
        self.edition = edition
        self.all_pages = {p.src for p in project.pages}
        self.content = project.config.docs_dir
        self.slug, self.separator = toc_settings(project)
        self.anchors: dict[str, set[str]] = {}

    def problem(self, page: EditionPage, ref: Reference) -> str | None:
        """What is wrong with one reference, or None."""
        audience, content = self.edition.audience.id, self.content
        machine = _build_machine_path(ref)
        if machine:
            return machine
        if ref.is_image and re.match(r"^(https?:)?//", ref.target):
            return _remote_embed(ref.target, content)
        if is_external(ref.target):
            return None
        path, anchor = resolve(page.src, ref.target)
        if path.startswith("../") or path == "..":
            return f"'{ref.target}' points outside {content}/; only files inside {content}/ are published"
        if ref.is_image or (path and not path.endswith(".md")):
            return None
        target_src = path or page.src
        target = self.edition.page(target_src)
        if target is None and target_src in self.all_pages:
            return (
                f"link to '{ref.target}', a page {audience} does not get; "
                f"remove the link or wrap it in a block for the audiences that get {content}/{target_src}"
            )
        if target is None:
            return f"link to '{ref.target}', but there is no page {content}/{target_src}; fix the path"
        if anchor and anchor not in self._anchors_of(target):
            return (
                f"link to '{ref.target}', but what {audience} gets of {content}/{target_src} "
                f"has no heading or anchor '#{anchor}'"
            )
        return None

    def _anchors_of(self, target: EditionPage) -> set[str]:
        if target.src not in self.anchors:
            self.anchors[target.src] = anchors(target, self.slug, self.separator)
        return self.anchors[target.src]


def _build_machine_path(ref: Reference) -> str | None:
    """`file:` addresses and absolute paths name files on the build machine: the print stage would read them."""
    target = ref.target.strip()
    if target.lower().startswith("file:"):
        return f"'{target}' is a file: address, a file on the build machine; link to a file in the project instead"
    if target.startswith("/") and not target.startswith("//"):
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if ref.is_image or (not path.endswith(".md") and os.path.lexists(path) and path != "/"):
            return f"'{target}' is an absolute path; write the path relative to this page, to a file in the project"
    return None


def _remote_embed(target: str, content: str) -> str:
    # Readers' browsers would fetch it from that host, which then learns who reads the portal.
    return (
        f"'{target}' is embedded from another host; readers' browsers would fetch it from there. "
        f"Copy the file into {content}/ and point to that copy"
    )


def referenced_files(edition: Edition) -> set[str]:
    """Non-page files (images, downloads) the edition's pages point at, as paths under content/."""
    files: set[str] = set()
    for page in edition.pages:
        for ref in references(page):
            if is_external(ref.target):
                continue
            path, _ = resolve(page.src, ref.target)
            if path and not path.endswith(".md") and not path.startswith(".."):
                files.add(path)
    return files
