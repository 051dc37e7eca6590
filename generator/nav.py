"""Navigation: prune an explicit `nav:` to one audience's pages, and order pages as MkDocs does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.findings import Finding

if TYPE_CHECKING:
    from generator.select import EditionPage

Fill = Callable[[str], str]


def prune_nav(nav: list[Any] | None, keep: set[str], fill: Fill) -> list[Any] | None:
    """Drop pages the audience does not get and sections left empty; fill terms in titles.

    Plain MkDocs never prunes an explicit nav, so a hidden page would still show up there.
    """
    if nav is None:
        return None
    return _prune(nav, keep, fill)


def _prune(items: list[Any], keep: set[str], fill: Fill) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if _is_external(item) or item in keep:
                out.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            title, value = next(iter(item.items()))
            title = fill(str(title)) if title is not None else title
            if isinstance(value, list):
                children = _prune(value, keep, fill)
                if children:
                    out.append({title: children})
            elif isinstance(value, str) and (_is_external(value) or value in keep):
                out.append({title: value})
    return out


def _is_external(target: str) -> bool:
    return "://" in target or target.startswith(("mailto:", "/"))


def nav_problems(nav: list[Any] | None, pages: set[str], line_of: Callable[[str], int], docs: str) -> list[Finding]:
    """A nav entry naming a page that does not exist, or that is not a page or a section, is an error.

    MkDocs only warns and drops it; an editor who listed the page meant it to be there.
    """
    findings: list[Finding] = []
    for title, value in _entries(nav or []):
        if isinstance(value, str) and not _is_external(value):
            if value not in pages:
                where = "a page" if value.endswith(".md") else "a page (a .md file)"
                message = f"nav entry '{value}' is not {where} in {docs}/; fix the path or remove the entry"
                findings.append(Finding("mkdocs.yml", line_of(value), message))
        elif not isinstance(value, (str, list)):
            shown = f"'{title}: {value}'" if title is not None else repr(value)
            message = f"nav entry {shown} is neither a page nor a section; write 'Title: page.md' or a list"
            findings.append(Finding("mkdocs.yml", line_of(str(title if title is not None else value)), message))
    return findings


def _entries(items: list[Any]) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            title, value = next(iter(item.items()))
            found.append((title, value))
            if isinstance(value, list):
                found += _entries(value)
        else:
            found.append((None, item))
    return found


def nav_paths(nav: list[Any]) -> list[str]:
    """Page paths in the order the navigation lists them."""
    found: list[str] = []
    for item in nav:
        value = next(iter(item.values()), None) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += nav_paths(value)
        elif isinstance(value, str) and not _is_external(value):
            found.append(value)
    return found


def mkdocs_sort_key(src: str) -> tuple[tuple[str, ...], bool, str]:
    """MkDocs' own order without a nav (`file_sort_key`): by folder, files before subfolders, index first."""
    parts = tuple(src.split("/"))
    return (parts[:-1], parts[-1] != "index.md", parts[-1])


def order_pages(pages: list[EditionPage], nav: list[Any] | None) -> list[EditionPage]:
    """Pages in navigation order; pages the nav leaves out follow in MkDocs' order."""
    by_src = {p.src: p for p in pages}
    listed = [by_src[s] for s in dict.fromkeys(nav_paths(nav)) if s in by_src] if nav is not None else []
    rest = sorted((p for p in pages if p not in listed), key=lambda p: mkdocs_sort_key(p.src))
    return listed + rest
