"""Select what one audience gets: pages, blocks and terms. Pure: no MkDocs, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from generator.findings import Finding, suggest
from generator.model import Audience, Item, Kind, Line, Page, Project
from generator.nav import order_pages, prune_nav
from generator.terms import substitute, unknown_message

# libyaml's emitter where PyYAML has it, in a quarter of safe_dump's time (a few thousand pages a build):
# byte for byte the same front matter on 1,304 pages compared; it escapes characters beyond the Basic
# Multilingual Plane (emoji), which MkDocs reads back the same (tests/test_selection.py).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class EditionPage:
    """A page as one audience gets it: hidden blocks gone, terms filled in."""

    page: Page
    title: str
    summary: str | None
    lines: tuple[Line, ...]
    is_code: tuple[bool, ...]
    url: str  # the page's address relative to its site root, as MkDocs writes it
    passthrough: dict[str, Any] = field(default_factory=dict)

    @property
    def src(self) -> str:
        return self.page.src

    @cached_property
    def text(self) -> str:
        # Read for every link and anchor on the page, by each check: joined once.
        return "\n".join(line.text for line in self.lines)

    @property
    def card_name(self) -> str:
        """`<page>` in print/cards/<page>.pdf: the path with '/' as '-', index taking its folder's name."""
        stem = self.src[: -len(".md")]
        folder, _, name = stem.rpartition("/")
        if folder and _is_index(name):
            stem = folder
        return stem.replace("/", "-")

    def markdown(self, extra: dict[str, Any] | None = None) -> str:
        """The page as a plain MkDocs source file; `extra` adds front-matter keys of Fieldguide's templates."""
        # A title taken from the page's '# heading' is left for MkDocs to take again, exactly as it does.
        meta: dict[str, Any] = {} if self.page.heading_title else {"title": self.title}
        meta.update(self.passthrough)
        meta.update(extra or {})
        if self.summary:
            meta.setdefault("description", self.summary)
        if not meta:
            return f"{self.text}\n"
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.text}\n"


@dataclass(frozen=True)
class Edition:
    """Everything one audience gets."""

    audience: Audience
    pages: tuple[EditionPage, ...]  # in navigation order
    nav: list[Any] | None
    site_name: str
    _by_src: dict[str, EditionPage] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Link checks look pages up once per link; keep that constant-time on large editions.
        object.__setattr__(self, "_by_src", {p.src: p for p in self.pages})

    def page(self, src: str) -> EditionPage | None:
        return self._by_src.get(src)


def matches(ids: list[str] | tuple[str, ...] | str, audience: Audience) -> bool:
    """True when the audience matches any id in the list; the word `all` matches everyone."""
    return ids == "all" or "all" in ids or bool(audience.matches.intersection(ids))


def _is_index(name: str) -> bool:
    return name in ("index", "README")


def page_url(src: str, directory_urls: bool) -> str:
    """The address MkDocs gives a page, relative to the site root."""
    stem = src[: -len(".md")]
    folder, _, name = stem.rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if _is_index(name):
        return prefix if directory_urls else f"{prefix}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def shows(ids: list[str] | str | None, excluded: list[str], audience: Audience) -> bool:
    """FORMAT.md's rule for a page: `audiences` (absent means all) minus `except`."""
    return (ids is None or matches(ids, audience)) and not (excluded and matches(excluded, audience))


def block_shows(keyword: str, ids: tuple[str, ...], audience: Audience) -> bool:
    return matches(ids, audience) if keyword == "only" else not matches(ids, audience)


def select(project: Project, audience: Audience) -> tuple[Edition, list[Finding]]:
    findings: list[Finding] = []
    terms = dict(audience.spec.terms)
    chosen = [p for p in project.pages if shows(p.meta.audiences, p.meta.except_, audience)]
    directory_urls = bool(project.config.raw.get("use_directory_urls", True))
    edition_pages = [_select_page(p, audience, terms, directory_urls, findings) for p in chosen]
    titles = {p.src: p.title for p in edition_pages}

    config = project.config

    def fill_nav_title(text: str) -> str:
        line = config.line_of(text)
        return substitute(
            text, terms, lambda key: findings.append(_unknown_term(key, config.config_file, line, audience))
        )

    nav = prune_nav(config.nav, set(titles), fill_nav_title)
    ordered = order_pages(edition_pages, nav)
    site_name = f"{project.config.site_name} for {audience.name}"
    return Edition(audience, tuple(ordered), nav, site_name), findings


def _select_page(
    page: Page, audience: Audience, terms: dict[str, str], directory_urls: bool, findings: list[Finding]
) -> EditionPage:
    def fill(text: str, line: Line) -> str:
        return substitute(
            text, terms, lambda key: findings.append(_unknown_term(key, line.path, line.lineno, audience))
        )

    lines, is_code = _visible_lines(page.items, audience, fill)
    meta = page.meta
    title = fill(meta.title, Line("", page.path, page.line_of("title")))
    summary = fill(meta.summary, Line("", page.path, page.line_of("summary"))) if meta.summary else None
    passthrough = {
        key: fill(value, Line("", page.path, page.line_of(key))) if isinstance(value, str) else value
        for key, value in page.passthrough.items()
    }
    url = page_url(page.src, directory_urls)
    return EditionPage(page, title, summary, tuple(lines), tuple(is_code), url, passthrough)


def _visible_lines(items: tuple[Item, ...], audience: Audience, fill: Any) -> tuple[list[Line], list[bool]]:
    visible_stack: list[bool] = []
    hidden = 0  # blocks on the stack that hide what they hold: a line shows only when there are none
    lines: list[Line] = []
    is_code: list[bool] = []
    for item in items:
        kind = item.kind
        if kind is Kind.OPEN:
            assert item.condition is not None
            shown = not hidden and block_shows(item.condition.keyword, item.condition.ids, audience)
            visible_stack.append(shown)
            hidden += not shown
        elif kind is Kind.CLOSE:
            if visible_stack:
                hidden -= not visible_stack.pop()
        elif hidden:
            continue
        elif kind is Kind.CODE:
            lines.append(item.line)
            is_code.append(True)
        else:
            line = item.line
            if "{{" in line.text:  # a term, or what may be one: fill() reports it if it is not known
                filled = fill(line.text, line)
                # The project's own line when no term changed it: editions share it, in memory and in each
                # audience's job (generator/job_transfer.py).
                line = line if filled == line.text else Line(filled, line.path, line.lineno)
            lines.append(line)
            is_code.append(False)
    return lines, is_code


def _unknown_term(key: str, path: str, line: int, audience: Audience) -> Finding:
    return Finding(path, line, unknown_message(key, suggest(key, audience.spec.terms, " terms")), audience.id)
