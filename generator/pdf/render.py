"""The print adapter's entry point: one audience's handbook, cards and cards sheet."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.findings import Finding
from generator.model import Project
from generator.pdf.cards import STYLESHEETS as CARD_STYLESHEETS
from generator.pdf.cards import CardSet, cards_source, fit_findings, lay_out_cards, write_cards
from generator.pdf.engine import PDF_OPTIONS, engine_for
from generator.pdf.fetcher import ProjectFetcher
from generator.pdf.handbook import STYLESHEETS as HANDBOOK_STYLESHEETS
from generator.pdf.handbook import handbook_source, lay_out_handbook
from generator.pdf.markup import content_url
from generator.pdf.reuse import copy_published, product_key, record, reusable
from generator.pdf.sheet import STYLESHEETS as SHEET_STYLESHEETS
from generator.pdf.sheet import write_sheet
from generator.select import Edition
from generator.theme import theme_file


@dataclass
class Printed:
    cards: int = 0
    findings: list[Finding] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)  # per product, for the manifest (generator/pdf/reuse.py)
    kept: list[str] = field(default_factory=list)  # products copied as published, not laid out again


def render_print(
    project: Project,
    edition: Edition,
    site_dir: str,
    build_label: str,
    previous: dict[str, Any] | None = None,
    published: Path | None = None,
) -> Printed:
    """Write site_dir/print/{handbook.pdf, cards/<page>.pdf, cards-sheet.pdf}, or nothing if any finding.

    Call after the audience's site is built into `site_dir`. Findings are errors: a card that does not
    fit, or an embedded address on the web or outside the project. `build_label` is printed on the cover
    and on each card; it must come from SOURCE_DATE_EPOCH for the output to be reproducible.
    `previous` and `published`: the print record and print/ folder of the last build, whose handbook or
    cards are copied when they were made from exactly the same inputs.
    """
    engine = engine_for(project.root)
    fetcher = ProjectFetcher([project.root, site_dir])
    audience = edition.audience
    previous = previous or {}
    cards_in = cards_source(engine, project, edition, build_label)
    book_in = handbook_source(engine, project, edition, build_label)
    title = f"{project.config.site_name}: cards sheet for {audience.name}"
    # The sheet is laid out from the cards' pages, its own template and these settings.
    template = theme_file(Path(project.root), "print/sheet.html").read_text(encoding="utf-8")
    sheet = json.dumps([audience.spec.print.sheet, audience.lang, title, template], default=str)
    keys = {"handbook": product_key(engine, book_in[0], HANDBOOK_STYLESHEETS)}
    if cards_in is not None:
        keys["cards"] = product_key(engine, cards_in.html, CARD_STYLESHEETS + SHEET_STYLESHEETS, sheet)
    kept = {name: r for name, key in keys.items() if (r := reusable(previous.get(name), key, published, fetcher))}
    fetched: dict[str, dict[str, str]] = {}
    cards = CardSet(None, [])
    if cards_in is not None and "cards" not in kept:
        cards = lay_out_cards(engine, project, edition, build_label, fetcher, cards_in)
        fetched["cards"], fetcher.fetched = fetcher.fetched, {}
    handbook = None
    if "handbook" not in kept:
        handbook = lay_out_handbook(engine, project, edition, build_label, fetcher, book_in)
        fetched["handbook"], fetcher.fetched = fetcher.fetched, {}
    embeds = {**cards.embeds, **(handbook.embeds if handbook else {})}
    first = edition.pages[0].page.path if edition.pages else project.config.config_file
    refused = fetcher.findings(embeds, edition.pages, content_url(project), (first, 1), audience.id)
    findings = fit_findings(cards, edition) + refused + engine.stylesheet_findings()
    if findings:
        return Printed(0, findings)
    out = Path(site_dir) / "print"
    out.mkdir(parents=True, exist_ok=True)
    printed = Printed(len(cards_in.pages) if cards_in else 0, [], {}, sorted(kept))
    for name, old in kept.items():
        assert published is not None
        copy_published(old, published, out)
        printed.record[name] = old
    if handbook is not None:
        handbook.document.write_pdf(out / "handbook.pdf", **PDF_OPTIONS)
        printed.record["handbook"] = record(keys["handbook"], out, ["handbook.pdf"], fetched["handbook"])
    if cards.document is not None:
        write_cards(cards, out / "cards")
        write_sheet(engine, cards, audience.spec.print.sheet, audience.lang, title, fetcher, out / "cards-sheet.pdf")
        files = [f"cards/{c.page.card_name}.pdf" for c in cards.cards] + ["cards-sheet.pdf"]
        printed.record["cards"] = record(keys["cards"], out, files, {**fetched["cards"], **fetcher.fetched})
    return printed
