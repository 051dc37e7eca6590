"""The repository's own example portal: it passes every check and builds with nothing leaking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import REPO
from scan import site_texts

from generator.cli import main
from generator.compile import compile_project
from generator.select import EditionPage

PLAIN = re.compile(r"^[A-Z][a-z]+(?: [A-Za-z,]+){7,}\.$")
FRONTLINE = ("floor-operator", "service-agent")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("portal") / "site"
    result = CliRunner().invoke(main, ["build", str(REPO), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_passes_check_strictly() -> None:
    result = CliRunner().invoke(main, ["check", str(REPO), "--strict"])
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip().splitlines()[-1] == "0 errors, 0 warnings, 0 notices (--strict: warnings count as errors)"
    )


def test_shape_of_the_portal() -> None:
    compiled = compile_project(REPO)
    assert len(compiled.project.pages) >= 20
    assert len(compiled.project.audiences) >= 4
    assert any(a.spec.includes for a in compiled.project.audiences.values())
    cards = {e.audience.id: [p.src for p in e.pages if p.page.card] for e in compiled.editions}
    for aid in FRONTLINE:
        assert len(cards[aid]) >= 2, aid


def distinctive_lines(page: EditionPage) -> list[str]:
    """Plain sentences of eight words or more written in the page itself (not in a shared snippet)."""
    return [
        line.text.strip()
        for line, code in zip(page.lines, page.is_code, strict=True)
        if not code and line.path == page.page.path and PLAIN.match(line.text.strip())
    ]


def test_no_page_reaches_an_audience_that_does_not_get_it(portal: Path) -> None:
    compiled = compile_project(REPO)
    for edition in compiled.editions:
        gets = {p.src for p in edition.pages}
        texts = site_texts(portal / edition.audience.id)
        for other in compiled.editions:
            for page in other.pages:
                if page.src in gets:
                    continue
                for sentence in distinctive_lines(page):
                    leaks = [name for name, text in texts.items() if sentence in text]
                    assert leaks == [], (edition.audience.id, page.src, sentence, leaks[:3])


def test_every_card_and_handbook_is_printed(portal: Path) -> None:
    compiled = compile_project(REPO)
    for edition in compiled.editions:
        printed = portal / edition.audience.id / "print"
        assert (printed / "handbook.pdf").is_file()
        expected = sorted(f"{p.card_name}.pdf" for p in edition.pages if p.page.card)
        assert sorted(f.name for f in (printed / "cards").glob("*.pdf")) == expected
        if expected:
            assert (printed / "cards-sheet.pdf").is_file()


def test_sites_offer_their_handbook_and_cards(portal: Path) -> None:
    compiled = compile_project(REPO)
    for edition in compiled.editions:
        site = portal / edition.audience.id
        for page in edition.pages:
            html = site / page.url / "index.html"
            soup = BeautifulSoup(html.read_text(), "html.parser")
            targets = {(html.parent / a["href"]).resolve() for a in soup.find_all("a", href=True)}
            assert (site / "print" / "handbook.pdf").resolve() in targets, page.src
            card = (site / "print" / "cards" / f"{page.card_name}.pdf").resolve()
            assert (card in targets) == bool(page.page.card), page.src
            if page.page.card:
                assert card.is_file()


def test_the_portals_own_theme_overrides_apply(portal: Path) -> None:
    for aid in ("floor-operator", "manager"):
        soup = BeautifulSoup((portal / aid / "index.html").read_text(), "html.parser")
        footer = soup.find(class_="md-copyright")
        assert footer is not None and "ai-rollout@northwind.example" in footer.get_text()
        assert soup.find(class_="fg-audience") is not None  # Fieldguide's own main.html still applies
