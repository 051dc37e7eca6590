"""What every audience's site gets besides its pages: capabilities.json, the capability styles, a cards page.

All three are written into the edition's docs folder before MkDocs runs, so MkDocs publishes them
like any other file (it empties the site folder first, so nothing can be added before it runs).
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.capability import CapabilityReader, capabilities_file, capabilities_json, is_capability
from generator.model import Project
from generator.select import Edition, page_url, select
from generator.theme import theme_file

DATA_FILE = "capabilities.json"
STYLESHEET = "assets/fieldguide/capability.css"
CARDS_PAGE = "print/index.md"  # next to the PDFs it links: site/<id>/print/


@dataclass(frozen=True)
class CardLink:
    title: str  # in this audience's own words: another audience's wording never enters this site
    href: str  # relative to the cards page


@dataclass(frozen=True)
class IncludedCards:
    audience_id: str
    name: str
    cards: list[CardLink]


def write_capabilities(project: Project, edition: Edition, docs: Path) -> None:
    """site/<id>/capabilities.json: every capability page of this audience, as it gets it."""
    pages = [p for p in edition.pages if is_capability(p)]
    reader = CapabilityReader(project.config.raw) if pages else None
    parsed = [reader.read(p) for p in pages] if reader else []
    audience = edition.audience
    data = capabilities_file(audience.id, audience.name, audience.lang, project.config.site_url, parsed)
    (docs / DATA_FILE).write_text(capabilities_json(data), encoding="utf-8")


def write_stylesheet(project: Project, docs: Path) -> str:
    """The capability icons and colours, the same file the print stage uses; returns its extra_css entry."""
    target = docs / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(theme_file(Path(project.root), "print/capability.css"), target)
    return STYLESHEET


def included_cards(project: Project, edition: Edition) -> list[IncludedCards]:
    """The cards of every audience this one includes, as those audiences get them, in their own sites.

    Only pages this audience also gets are offered, under this audience's own title for them,
    so neither a hidden page's existence nor another audience's wording reaches this site.
    """
    found = []
    own_id = edition.audience.id
    for aid in sorted(edition.audience.matches - {own_id}):
        other = project.audiences.get(aid)
        if other is None:
            continue
        theirs, _ = select(project, other)
        links = []
        for page in theirs.pages:
            mine = edition.page(page.src)
            if page.page.card is not None and mine is not None:
                links.append(CardLink(mine.title, f"../../{aid}/print/cards/{page.card_name}.pdf"))
        if links:
            links.append(
                CardLink("All their cards on one sheet, with crop marks", f"../../{aid}/print/cards-sheet.pdf")
            )
            found.append(IncludedCards(aid, other.name, links))
    return found


def write_cards_page(project: Project, edition: Edition, docs: Path) -> str | None:
    """A page that links this site's handbook, cards and cards sheet, and the included audiences' cards.

    Returns its address for the header link, or None when there is nothing to link or a page of the
    project already sits at that address.
    """
    target = docs / CARDS_PAGE
    if target.exists() or (docs / "print.md").exists():
        return None
    own = [CardLink(p.title, f"cards/{p.card_name}.pdf") for p in edition.pages if p.page.card is not None]
    included = included_cards(project, edition)
    if not own and not included:
        return None  # the bar at the top already links the handbook
    # fieldguide_generated: no "Did this help?" here, since only the editors' pages have answer pages.
    parts = ["---", "title: Handbook and cards to print", "fieldguide_generated: true", "---", ""]
    # Raw HTML: MkDocs would warn about Markdown links to PDFs that are printed after it runs.
    parts += ["<p>", _link(CardLink("The handbook: every page for you, as one PDF", "handbook.pdf")), "</p>", ""]
    if own:
        parts += [
            "## Your cards",
            "",
            _list([*own, CardLink("All your cards on one sheet, with crop marks", "cards-sheet.pdf")]),
        ]
    for group in included:
        parts += [
            "",
            f"## Cards for {html.escape(group.name)}",
            "",
            "<p>These are their cards as they get them, in their own words, from their own site.</p>",
            "",
            _list(group.cards),
        ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return page_url(CARDS_PAGE, bool(project.config.raw.get("use_directory_urls", True)))


def _link(link: CardLink) -> str:
    return f'<a href="{html.escape(link.href)}">{html.escape(link.title)}</a>'


def _list(links: list[CardLink]) -> str:
    items = "".join(f"<li>{_link(link)} (PDF)</li>" for link in links)
    return f"<ul>{items}</ul>"
