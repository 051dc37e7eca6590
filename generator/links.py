"""Links, anchors and referenced files in an audience's edition."""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from generator.findings import Finding, Severity
from generator.model import Line, Project
from generator.rendered import Renderer
from generator.select import Edition, EditionPage, page_url


@dataclass(frozen=True)
class Reference:
    """A link or embed the page really renders to; `line_of` finds the source line that writes it."""

    target: str
    text: str
    is_image: bool
    raw_html: bool = False  # from raw HTML: MkDocs leaves it as written, so it is relative to the page's address


_RENDERERS: dict[int, tuple[dict[str, Any], Renderer]] = {}


def renderer_for(raw_config: dict[str, Any]) -> Renderer:
    """One converter per project configuration, kept for the process (pages are rendered once per text)."""
    key = id(raw_config)
    if key not in _RENDERERS:
        if len(_RENDERERS) >= 4:
            # `serve` loads the project again on every change: keep only recent projects' caches.
            del _RENDERERS[next(iter(_RENDERERS))]
        _RENDERERS[key] = (raw_config, Renderer(raw_config))  # the config is kept so its id stays its own
    return _RENDERERS[key][1]


def references(page: EditionPage, raw_config: dict[str, Any] | None = None) -> Iterator[Reference]:
    """What the page points at once rendered with the project's extensions; an unused definition is nothing."""
    renderer = renderer_for(raw_config if raw_config is not None else _NO_CONFIG)
    for tag, attribute, target, raw in renderer.targets(page.text):
        is_image = attribute == "src" or (tag, attribute) == ("video", "poster")
        yield Reference(target, "", is_image, raw)


_NO_CONFIG: dict[str, Any] = {}


def line_of(page: EditionPage, target: str) -> Line:
    """The first visible line outside code that writes `target` (or its HTML-escaped spelling).

    Found only for a reference that is reported: a target no line spells out (a heading's permalink,
    `#step-1`) is looked for in every line twice, which for every link of every page of every audience
    took 1 s of a 300-page, 8-audience build.
    """
    spellings = {target, html.escape(target), target.replace("&", "&amp;"), unquote(target)}
    for line, code in zip(page.lines, page.is_code, strict=True):
        if not code and any(s in line.text for s in spellings):
            return line
    for line in page.lines:
        if any(s in line.text for s in spellings):
            return line
    return Line("", page.page.path, 1)


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


def resolve_address(page_url: str, target: str, url_to_src: dict[str, str]) -> tuple[str, str]:
    """(path under content/, anchor) for raw HTML, resolved as a browser does from the page's address.

    A page's own address (`sub/page/`, `sub/page.html`) maps back to its source file.
    """
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return "", anchor
    base = "" if path.startswith("/") else posixpath.dirname(page_url)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    joined = "" if joined == "." else joined
    candidates = [joined, joined + "/"]
    if joined == "index.html" or joined.endswith("/index.html"):
        candidates.append(joined.removesuffix("index.html"))
    for candidate in candidates:
        if candidate in url_to_src:
            return url_to_src[candidate], anchor
    return joined, anchor


def check_links(edition: Edition, project: Project) -> list[Finding]:
    """A link to a page or anchor this audience does not get is an error; so is an embed from elsewhere."""
    checker = _LinkChecker(edition, project)
    findings: list[Finding] = []
    renderer = renderer_for(project.config.raw)
    for page in edition.pages:
        refs = list(references(page, project.config.raw))
        failure = renderer.failures.get(page.text)
        if failure:
            message = f"the Markdown extensions in mkdocs.yml fail on this page ({failure}); simplify the page"
            findings.append(Finding(page.page.path, 1, message, edition.audience.id))
        for ref in refs:
            problem = checker.problem(page, ref)
            if problem:
                severity = Severity.WARNING if problem.startswith(_UNVERIFIED) else Severity.ERROR
                line = line_of(page, ref.target)
                findings.append(Finding(line.path, line.lineno, problem, edition.audience.id, severity))
    return findings


_UNVERIFIED = "could not verify"


class _LinkChecker:
    def __init__(self, edition: Edition, project: Project):
        self.edition = edition
        self.project = project
        self.all_pages = {p.src for p in project.pages}
        self.content = project.config.docs_dir
        directory_urls = bool(project.config.raw.get("use_directory_urls", True))
        self.url_to_src = url_map(self.all_pages, directory_urls)
        # A hook may add ids after rendering that no reading before the build can know.
        self.hooks = bool(project.config.raw.get("hooks"))

    def problem(self, page: EditionPage, ref: Reference) -> str | None:
        """What is wrong with one reference, or None."""
        audience, content = self.edition.audience.id, self.content
        machine = _build_machine_path(ref)
        if machine:
            return machine
        if ref.is_image and re.match(r"^(https?:)?//", ref.target, re.IGNORECASE):
            return _remote_embed(ref.target, content)
        if is_external(ref.target):
            return None
        path, anchor = self.resolve(page, ref)
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
        if anchor and anchor not in renderer_for(self.project.config.raw).ids(target.text):
            if self.hooks:
                return (
                    f"{_UNVERIFIED} the link to '{ref.target}': {content}/{target_src} has no anchor "
                    f"'#{anchor}' before the build, and a hook in mkdocs.yml may add it"
                )
            return (
                f"link to '{ref.target}', but what {audience} gets of {content}/{target_src} "
                f"has no heading or anchor '#{anchor}'"
            )
        return None

    def resolve(self, page: EditionPage, ref: Reference) -> tuple[str, str]:
        if ref.raw_html:
            return resolve_address(page.url, ref.target, self.url_to_src)
        return resolve(page.src, ref.target)


def url_map(sources: set[str], directory_urls: bool) -> dict[str, str]:
    """Each page's address relative to the site root -> its path under content/."""
    return {page_url(src, directory_urls): src for src in sources}


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


def referenced_files(edition: Edition, project: Project) -> set[str]:
    """Non-page files (images, downloads) the edition's pages point at, as paths under content/."""
    checker = _LinkChecker(edition, project)
    files: set[str] = set()
    for page in edition.pages:
        for ref in references(page, project.config.raw):
            if is_external(ref.target):
                continue
            path, _ = checker.resolve(page, ref)
            if path and not path.endswith(".md") and not path.startswith(".."):
                files.add(path)
    return files
