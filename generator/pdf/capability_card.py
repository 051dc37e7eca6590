"""A capability card's order: the never, check and ask sections first, on the front; the rest after them.

The sections are found in the rendered tree (the same reading as generator/capability.py) and moved,
not re-rendered. An empty marker closes each front section; the card is laid out once, and a marker
that is not on the card's first page names a section that did not fit on the front.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.capability import REQUIRED, Block, plain, split_blocks


@dataclass(frozen=True)
class FrontSection:
    cls: str
    heading: str
    marker: str  # the id of the empty element that ends the section


@dataclass
class CardTarget:
    """The card being converted: set before each conversion, read back after it."""

    card_id: str = ""
    active: bool = False
    front: list[FrontSection] = field(default_factory=list)


class _Arranger(Treeprocessor):
    def __init__(self, md: markdown.Markdown, target: CardTarget) -> None:
        super().__init__(md)
        self.target = target

    def run(self, root: etree.Element) -> None:
        target = self.target
        target.front = []
        if not target.active:
            return
        blocks = split_blocks(root)
        title = None
        if blocks and blocks[0].heading is not None and blocks[0].heading.tag == "h1":
            # A page whose text opens with its '# title' keeps that title on top; its intro goes with the rest.
            title = blocks[0].heading
            blocks[0] = Block(None, None, blocks[0].body)
        front = [b for cls in REQUIRED for b in blocks if b.cls == cls]
        rest = [b for b in blocks if (b.heading is not None or b.body) and not any(b is f for f in front)]
        for child in list(root):
            root.remove(child)
        front_div = etree.SubElement(root, "div", {"class": "cap-front"})
        if title is not None:
            front_div.append(title)
        for number, block in enumerate(front):
            assert block.cls is not None and block.heading is not None
            section = _section(front_div, block)
            marker = f"{target.card_id}-end-{number}"
            etree.SubElement(section, "div", {"class": "cap-end", "id": marker})
            target.front.append(FrontSection(block.cls, plain(block.heading, self.md), marker))
        if rest:
            rest_div = etree.SubElement(root, "div", {"class": "cap-rest"})
            for block in rest:
                _section(rest_div, block)


def _section(parent: etree.Element, block: Block) -> etree.Element:
    classes = f"cap-section cap-{block.cls}" if block.cls else "cap-section"
    section = etree.SubElement(parent, "section", {"class": classes})
    if block.heading is not None:
        section.append(block.heading)
    for element in block.body:
        section.append(element)
    return section


class CardArrangement(Extension):
    """Registered after the print rewriter (0.5), so the ids it prefixes are not touched again."""

    def __init__(self) -> None:
        super().__init__()
        self.target = CardTarget()

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Arranger(md, self.target), "fieldguide_capability_card", 0.4)
