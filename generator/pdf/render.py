"""The print adapter's entry point: one audience's handbook, cards and cards sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.findings import Finding
from generator.model import Project
from generator.pdf.cards import fit_findings, lay_out_cards, write_cards
from generator.pdf.engine import PDF_OPTIONS, engine_for
from generator.pdf.fetcher import ProjectFetcher
from generator.pdf.handbook import lay_out_handbook
from generator.pdf.markup import content_url
from generator.pdf.sheet import write_sheet
from generator.select import Edition


@dataclass
class Printed:
    cards: int = 0
    findings: list[Finding] = field(default_factory=list)


def render_print(project: Project, edition: Edition, site_dir: str, build_label: str) -> Printed:
    """Write site_dir/print/{handbook.pdf, cards/<page>.pdf, cards-sheet.pdf}, or nothing if any finding.

    Call after the audience's site is built into `site_dir`. Findings are errors: a card that does not
    fit, or an embedded address on the web or outside the project. `build_label` is printed on the cover
    and on each card; it must come from SOURCE_DATE_EPOCH for the output to be reproducible.
    """
    engine = engine_for(project.root)
    fetcher = ProjectFetcher([project.root, site_dir])
    audience = edition.audience
    cards = lay_out_cards(engine, project, edition, build_label, fetcher)
    handbook = lay_out_handbook(engine, project, edition, build_label, fetcher)
    embeds = {**cards.embeds, **handbook.embeds}
    first = edition.pages[0].page.path if edition.pages else project.config.config_file
    refused = fetcher.findings(embeds, edition.pages, content_url(project), (first, 1), audience.id)
    findings = fit_findings(cards, edition) + refused + engine.stylesheet_findings()
    if findings:
        return Printed(0, findings)
    out = Path(site_dir) / "print"
    out.mkdir(parents=True, exist_ok=True)
    handbook.document.write_pdf(out / "handbook.pdf", **PDF_OPTIONS)
    write_cards(cards, out / "cards")
    if cards.cards:
        title = f"{project.config.site_name}: cards sheet for {audience.name}"
        write_sheet(engine, cards, audience.spec.print.sheet, audience.lang, title, fetcher, out / "cards-sheet.pdf")
    return Printed(len(cards.cards), [])
