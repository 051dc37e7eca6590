"""Quick-reference cards: laid out as one document, split into one PDF per card, checked for fit."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weasyprint import Document, Page

from generator.capability import is_capability
from generator.findings import Finding
from generator.model import CardSize, Project
from generator.pdf.capability_card import CardArrangement, FrontSection
from generator.pdf.engine import PDF_OPTIONS, PrintEngine, engine_for
from generator.pdf.fetcher import ProjectFetcher
from generator.pdf.markup import PrintMarkup, content_url
from generator.pdf.qr import qr_code
from generator.select import Edition, EditionPage

STYLESHEETS = ("print.css", "card.css", "capability.css")


@dataclass(frozen=True)
class LaidCard:
    """One card and the pages it took in the shared layout."""

    page: EditionPage
    size: CardSize
    sides: int
    pages: tuple[Page, ...]
    # A capability card's never, check and ask sections, as (class, heading), that did not fit on the front.
    off_front: tuple[tuple[str, str], ...] = ()
    front: tuple[str, ...] = ()  # the classes on the front, in order

    @property
    def fits(self) -> bool:
        return len(self.pages) <= self.sides and not self.off_front


@dataclass
class CardSet:
    document: Document | None
    cards: list[LaidCard]
    embeds: dict[str, tuple[EditionPage, str]] = field(default_factory=dict)


def card_pages(edition: Edition) -> list[EditionPage]:
    return [p for p in edition.pages if p.page.card is not None]


def card_size(page: EditionPage, edition: Edition) -> CardSize:
    """FORMAT.md: a page's own `card: {size: ...}` beats the audience's print.card_size."""
    assert page.page.card is not None
    return page.page.card.size or edition.audience.spec.print.card_size


@dataclass
class CardsSource:
    """What the cards are laid out from: their HTML, and what is needed to read the layout back."""

    html: str
    pages: list[EditionPage]
    fronts: list[list[FrontSection]]
    embeds: dict[str, tuple[EditionPage, str]]


def cards_source(engine: PrintEngine, project: Project, edition: Edition, build_label: str) -> CardsSource | None:
    """The HTML of every card of the edition as one document; None when the edition has no card."""
    pages = card_pages(edition)
    if not pages:
        return None
    arrangement = CardArrangement()
    markup = PrintMarkup(project, edition, "card", [arrangement])
    cards = []
    fronts: list[list[FrontSection]] = []
    for i, page in enumerate(pages):
        # A capability card puts never, check and ask first, on the front (FORMAT.md "Capability pages").
        arrangement.target.card_id = f"card-{i}"
        arrangement.target.active = is_capability(page)
        cards.append(_card_context(markup, page, edition, build_label, i))
        fronts.append(list(arrangement.target.front))
    html = engine.template("cards.html").render(
        lang=edition.audience.lang,
        title=f"{project.config.site_name}: cards for {edition.audience.name}",
        base_font_pt=edition.audience.spec.print.base_font_pt,
        cards=cards,
    )
    return CardsSource(html, pages, fronts, markup.embeds)


def lay_out_cards(
    engine: PrintEngine,
    project: Project,
    edition: Edition,
    build_label: str,
    fetcher: ProjectFetcher,
    source: CardsSource | None = None,
) -> CardSet:
    """Every card of the edition in one WeasyPrint document: one layout pass is far cheaper than one per card."""
    source = source or cards_source(engine, project, edition, build_label)
    if source is None:
        return CardSet(None, [])
    document = engine.render(source.html, content_url(project), fetcher, engine.stylesheets(*STYLESHEETS))
    laid = []
    for i, page in enumerate(source.pages):
        # The article's id is an anchor on every page its box reaches, so this counts the card's pages.
        own = tuple(p for p in document.pages if f"card-{i}" in p.anchors)
        assert page.page.card is not None
        first = own[0].anchors if own else {}
        off = tuple((f.cls, f.heading) for f in source.fronts[i] if f.marker not in first)
        front = tuple(f.cls for f in source.fronts[i])
        laid.append(LaidCard(page, card_size(page, edition), page.page.card.sides, own, off, front))
    return CardSet(document, laid, source.embeds)


def _card_context(markup: PrintMarkup, page: EditionPage, edition: Edition, label: str, index: int) -> dict[str, Any]:
    url = markup.page_address(page)
    short_address = url.split("://", 1)[-1]
    qr = qr_code(url + "?src=card", f"QR code: {page.title}")
    meta = page.page.meta
    footer = [
        meta.owner or "",
        f"review by\u00a0{meta.review_by.isoformat()}" if meta.review_by else "",
        f"printed\u00a0{label}",
    ]
    body, title, title_id = markup.convert_titled(page)
    return {
        "id": f"card-{index}",
        "size": card_size(page, edition),
        "sides": page.page.card.sides if page.page.card else 1,
        "back": page.page.card.back if page.page.card else False,
        "title": title,
        "title_id": title_id,
        "summary": page.summary,
        "body": body,
        "qr": qr.html,
        "qr_mm": qr.width_mm,
        "short_address": short_address,
        # Unused by the default cards.html since it prints printed_address: kept for a project's own
        # theme/print/cards.html written against the pieces, as the template keeps .card-foot.
        "address_pieces": address_pieces(short_address),
        "printed_address": printed_address(short_address),
        "footer": " · ".join(part for part in footer if part),
    }


def fit_findings(cards: CardSet, edition: Edition) -> list[Finding]:
    """FORMAT.md: a card needing more pages than its sides allow is an error; text is never shrunk."""
    findings = []
    for card in cards.cards:
        if card.fits:
            continue
        page = card.page.page
        if card.off_front:
            message = front_message(card)
            line = page.line_of("card") if "card" in page.meta_lines else 1
            findings.append(Finding(page.path, line, message, edition.audience.id))
            continue
        # Two sides is the most a card can have: beyond that, only a shorter text or another card helps.
        if card.sides == 1 and len(card.pages) == 2:
            advice = "shorten it or allow card: {sides: 2}"
        else:
            advice = "shorten it or split it into two pages, each with its own card; a card has at most 2 sides"
        message = (
            f"card does not fit on {card.sides} side(s) of {card.size}: it needs {len(card.pages)} pages; {advice}"
        )
        line = page.line_of("card") if "card" in page.meta_lines else page.line_of("title")
        findings.append(Finding(page.path, line, message, edition.audience.id))
    return findings


def front_message(card: LaidCard) -> str:
    """Names every front section that runs past the front, by class and by the editor's heading."""
    names = _and_list(list(card.front))
    missing = _and_list([f"{cls} ('{heading}')" for cls, heading in card.off_front])
    verb = "does" if len(card.off_front) == 1 else "do"
    what = f"the {names} section does" if len(card.front) == 1 else f"the {names} sections do"
    return (
        f"{what} not fit on the front of the {card.size} card ({missing} {verb} not); "
        "shorten them: text is never shrunk, and they must be on the front"
    )


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def check_card_fit(project: Project, edition: Edition) -> list[Finding]:
    """For `fieldguide check`: lay out every card of the edition, write nothing, report the ones that overflow."""
    if not card_pages(edition):
        return []
    # The footer sits in the page margin, so the label's text cannot change the fit.
    cards = lay_out_cards(engine_for(project.root), project, edition, "0000-00-00", ProjectFetcher([project.root]))
    return fit_findings(cards, edition)


def write_cards(cards: CardSet, folder: Path) -> None:
    """One PDF per card, cut from the shared layout, each titled with its task."""
    if cards.document is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for card in cards.cards:
        single = cards.document.copy(list(card.pages))
        single.metadata = copy.copy(cards.document.metadata)
        single.metadata.title = card.page.title
        single.write_pdf(folder / f"{card.page.card_name}.pdf", **PDF_OPTIONS)


def address_pieces(address: str) -> list[str]:
    """The printed address in unbreakable pieces: a line may end after '/' or '.', or before '-'.

    A break after a hyphen ("ai-" / "guide") reads as hyphenation, and a reader would type the address
    without it; a line that starts with the hyphen cannot be misread.
    """
    return [piece for piece in re.split(r"(?<=[/.])|(?=-)", address) if piece]


def printed_address(address: str) -> str:
    """The address as one text that breaks only between address_pieces: a zero-width space between pieces,
    a word joiner after each hyphen (Pango would otherwise break after it).

    One text rather than a no-break span per piece: the spans cost about 5 ms of the 30 ms a card took.
    Neither character is drawn, and neither reaches the PDF's text, so a copied address is the address.
    """
    return "\u200b".join(address_pieces(address)).replace("-", "-\u2060")
