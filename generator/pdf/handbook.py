"""The handbook: every page an audience gets, in navigation order, as one PDF."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from weasyprint import Document

from generator.capability import is_capability
from generator.model import Project
from generator.pdf.engine import PrintEngine
from generator.pdf.fetcher import ProjectFetcher
from generator.pdf.markup import PrintMarkup, content_url, page_anchor
from generator.select import Edition, EditionPage

STYLESHEETS = ("print.css", "handbook.css", "capability.css")


@dataclass
class Handbook:
    document: Document
    embeds: dict[str, tuple[EditionPage, str]] = field(default_factory=dict)


def handbook_order(edition: Edition) -> list[EditionPage]:
    """FORMAT.md: capability pages come first, right after the contents; each group keeps navigation order."""
    first = [p for p in edition.pages if is_capability(p)]
    return first + [p for p in edition.pages if not is_capability(p)]


def handbook_source(
    engine: PrintEngine, project: Project, edition: Edition, build_label: str
) -> tuple[str, dict[str, tuple[EditionPage, str]]]:
    """The handbook's HTML, and the images its pages embed."""
    markup = PrintMarkup(project, edition, "handbook")
    ordered = handbook_order(edition)
    pages = []
    for p in ordered:
        body, title, title_id = markup.convert_titled(p)
        pages.append(
            {"anchor": page_anchor(p), "title": title, "title_id": title_id, "summary": p.summary, "body": body}
        )
    # The contents: capability pages first under a heading of their own, then each section's pages.
    sections = contents_sections(edition)
    group_of = [("capability", None) if is_capability(p) else ("section", sections.get(p.src)) for p in ordered]
    contents = [
        {"kind": kind, "title": title, "pages": [pages[i] for i, _ in group]}
        for (kind, title), group in itertools.groupby(enumerate(group_of), key=lambda item: item[1])
    ]
    html = engine.template("handbook.html").render(
        contents=contents,
        lang=edition.audience.lang,
        title=f"{project.config.site_name}: handbook for {edition.audience.name}",
        portal=project.config.site_name,
        audience=edition.audience.name,
        build_label=build_label,
        pages=pages,
    )
    return html, markup.embeds


def lay_out_handbook(
    engine: PrintEngine,
    project: Project,
    edition: Edition,
    build_label: str,
    fetcher: ProjectFetcher,
    source: tuple[str, dict[str, tuple[EditionPage, str]]] | None = None,
) -> Handbook:
    html, embeds = source or handbook_source(engine, project, edition, build_label)
    document = engine.render(html, content_url(project), fetcher, engine.stylesheets(*STYLESHEETS))
    return Handbook(document, embeds)


def contents_sections(edition: Edition) -> dict[str, str]:
    """Each page's section, as the site's navigation shows it: the top-level `nav:` section, or else
    its top folder, titled by the folder's index page or, as MkDocs does, by the folder's name.
    Pages at the top level have no section."""
    if edition.nav is not None:
        found: dict[str, str] = {}
        for item in edition.nav:
            if isinstance(item, dict) and len(item) == 1:
                title, value = next(iter(item.items()))
                if isinstance(value, list):
                    found.update(dict.fromkeys(_nav_pages(value), str(title)))
        return found
    titles = {
        p.src.split("/")[0]: p.title for p in edition.pages if p.src.count("/") == 1 and p.src.endswith("/index.md")
    }
    return {
        p.src: titles.get(p.src.split("/")[0]) or _folder_title(p.src.split("/")[0])
        for p in edition.pages
        if "/" in p.src
    }


def _nav_pages(items: list[Any]) -> list[str]:
    found: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, list):
            found += _nav_pages(value)
        elif isinstance(value, str):
            found.append(value)
    return found


def _folder_title(name: str) -> str:
    """MkDocs' own title for a folder without an index page (`dirname_to_title`)."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title
