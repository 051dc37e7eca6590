"""The handbook: every page an audience gets, in navigation order, as one PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def lay_out_handbook(
    engine: PrintEngine, project: Project, edition: Edition, build_label: str, fetcher: ProjectFetcher
) -> Handbook:
    markup = PrintMarkup(project, edition, "handbook")
    pages = []
    for p in handbook_order(edition):
        body, title, title_id = markup.convert_titled(p)
        pages.append(
            {"anchor": page_anchor(p), "title": title, "title_id": title_id, "summary": p.summary, "body": body}
        )
    html = engine.template("handbook.html").render(
        lang=edition.audience.lang,
        title=f"{project.config.site_name}: handbook for {edition.audience.name}",
        portal=project.config.site_name,
        audience=edition.audience.name,
        build_label=build_label,
        pages=pages,
    )
    document = engine.render(html, content_url(project), fetcher, engine.stylesheets(*STYLESHEETS))
    return Handbook(document, markup.embeds)
