"""The print shop's sheet: every card side at its exact size, several to a sheet, with crop marks.

The marks and labels are an ordinary WeasyPrint page; the card pages already laid out are painted
onto it at their places, so each card looks exactly like its own PDF and nothing is laid out twice.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weasyprint import Page

from generator.pdf.cards import CardSet
from generator.pdf.engine import PrintEngine
from generator.pdf.fetcher import ProjectFetcher

STYLESHEETS = ("sheet.css",)
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_MM = 10.0  # the edge most printers cannot reach
GAP_MM = 12.0  # room for two cards' crop marks and a label between them
MARK_OFFSET_MM = 2.0  # marks stop short of the trim so a cut never shows them
MARK_LENGTH_MM = 4.0
MARK_WEIGHT_MM = 0.1
PX_PER_MM = 96 / 25.4


@dataclass
class Placed:
    page: Page
    x: float  # mm from the sheet's top left
    y: float
    label: str
    turned: bool = False  # a quarter turn clockwise, when that fits more cards on a sheet

    @property
    def w(self) -> float:
        """The footprint's width on the sheet, in mm."""
        return float(self.page.height if self.turned else self.page.width) / PX_PER_MM

    @property
    def h(self) -> float:
        return float(self.page.width if self.turned else self.page.height) / PX_PER_MM


def _per_sheet(w: float, h: float, paper: tuple[float, float]) -> int:
    columns = int((paper[0] - 2 * MARGIN_MM + GAP_MM) // (w + GAP_MM))
    rows = int((paper[1] - 2 * MARGIN_MM + GAP_MM) // (h + GAP_MM))
    return columns * rows


def _turn(page: Page, paper: tuple[float, float]) -> bool:
    """Turn a card when more fit that way: two A6 cards fit an A4 sheet with marks only side by side, turned."""
    w, h = float(page.width) / PX_PER_MM, float(page.height) / PX_PER_MM
    return _per_sheet(h, w, paper) > _per_sheet(w, h, paper)


@dataclass
class Sheet:
    placed: list[Placed] = field(default_factory=list)


def impose(sides: list[tuple[Page, str]], paper: str) -> list[Sheet]:
    """Shelf packing in reading order: a card's back follows its front, so a cutter keeps them together."""
    width, height = PAPER_MM[paper]
    sheets: list[Sheet] = [Sheet()]
    x = y = MARGIN_MM
    row = 0.0
    for page, label in sides:
        item = Placed(page, x, y, label, _turn(page, (width, height)))
        if x > MARGIN_MM and x + item.w > width - MARGIN_MM:
            x, y, row = MARGIN_MM, y + row + GAP_MM, 0.0
        if y > MARGIN_MM and y + item.h > height - MARGIN_MM:
            sheets.append(Sheet())
            x = y = MARGIN_MM
            row = 0.0
        # A card as large as the paper cannot have marks around it; it is centred on a sheet of its own.
        item.x = x if item.w <= width - 2 * MARGIN_MM else (width - item.w) / 2
        item.y = y if item.h <= height - 2 * MARGIN_MM else (height - item.h) / 2
        sheets[-1].placed.append(item)
        x += item.w + GAP_MM
        row = max(row, item.h)
    return [s for s in sheets if s.placed]


def _marks(item: Placed) -> list[dict[str, float]]:
    marks = []
    near, far = MARK_OFFSET_MM, MARK_OFFSET_MM + MARK_LENGTH_MM
    for cx in (item.x, item.x + item.w):
        for cy in (item.y, item.y + item.h):
            out_x = -1 if cx == item.x else 1
            out_y = -1 if cy == item.y else 1
            # A horizontal mark along the top/bottom edge, and a vertical one along the left/right edge.
            hx = cx + near if out_x > 0 else cx - far
            vy = cy + near if out_y > 0 else cy - far
            marks.append({"x": hx, "y": cy - MARK_WEIGHT_MM / 2, "w": MARK_LENGTH_MM, "h": MARK_WEIGHT_MM})
            marks.append({"x": cx - MARK_WEIGHT_MM / 2, "y": vy, "w": MARK_WEIGHT_MM, "h": MARK_LENGTH_MM})
    return marks


class _SheetPage:
    """Quacks like weasyprint.Page for Document.write_pdf: the marks page, then the cards painted on top."""

    def __init__(self, base: Page, placed: list[Placed]) -> None:
        self.base = base
        self.placed = placed
        self.width, self.height, self.bleed = base.width, base.height, base.bleed
        self.links: list[Any] = []
        self.anchors: dict[str, Any] = {}
        self.bookmarks: list[Any] = []
        self.forms: dict[Any, list[Any]] = {None: []}

    def paint(self, stream: Any, scale: float = 1) -> None:
        self.base.paint(stream, scale)
        for item in self.placed:
            with stream.stacked():
                x, y = item.x * PX_PER_MM * scale, item.y * PX_PER_MM * scale
                if item.turned:  # (u, v) on the card lands at (x + h - v, y + u) on the sheet
                    stream.transform(a=0, b=1, c=-1, d=0, e=x + item.page.height * scale, f=y)
                else:
                    stream.transform(e=x, f=y)
                # Clip to the trim box: a card never paints onto its neighbour.
                stream.rectangle(0, 0, item.page.width * scale, item.page.height * scale)
                stream.clip()
                stream.end()
                item.page.paint(stream, scale)


def write_sheet(
    engine: PrintEngine, cards: CardSet, paper: str, lang: str, title: str, fetcher: ProjectFetcher, target: Path
) -> int:
    """Write the sheet PDF; return how many sheets it has."""
    if cards.document is None:
        return 0
    sides = [
        (
            page,
            f"{card.page.card_name} · {card.size}"
            + (f" · side {n} of {len(card.pages)}" if len(card.pages) > 1 else ""),
        )
        for card in cards.cards
        for n, page in enumerate(card.pages, start=1)
    ]
    sheets = impose(sides, paper)
    width, height = PAPER_MM[paper]
    html = engine.template("sheet.html").render(
        lang=lang,
        title=title,
        paper=paper,
        sheets=[
            {
                "width": width,
                "height": height - 1,  # a hair under the paper, so rounding never spills onto a blank sheet
                "marks": [m for item in s.placed for m in _marks(item) if _on_paper(m, width, height)],
                "labels": [{"x": i.x, "y": max(i.y - 5.5, 0.5), "text": i.label} for i in s.placed],
            }
            for s in sheets
        ],
    )
    base = engine.render(html, Path(engine.root).as_uri() + "/", fetcher, engine.stylesheets(*STYLESHEETS))
    composed = [_SheetPage(page, sheet.placed) for page, sheet in zip(base.pages, sheets, strict=True)]
    document = base.copy(composed)
    document.metadata = copy.copy(base.metadata)
    # The sheet is imposition for a cutter, not a reading copy: no structure tags; title and language stay.
    document.write_pdf(target)
    return len(sheets)


def _on_paper(mark: dict[str, float], width: float, height: float) -> bool:
    return mark["x"] >= 0 and mark["y"] >= 0 and mark["x"] + mark["w"] <= width and mark["y"] + mark["h"] <= height
