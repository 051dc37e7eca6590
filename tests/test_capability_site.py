"""Capability pages on the site: capabilities.json against its schema, styles, and the cards of included audiences."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup
from capability_support import capability_project
from conftest import REPO, MakeProject
from scan import found_in

from generator.build import build
from generator.capability import CLASSES
from generator.theme import DEFAULT_THEME

CSS = DEFAULT_THEME / "print" / "capability.css"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build with PDFs, shared by the tests below: the two-sided page fits its card."""
    tmp = tmp_path_factory.mktemp("capability")

    def make(files: dict[str, str]) -> Path:
        from conftest import BASE_CONFIG

        root = tmp / "project"
        for rel, text in {"mkdocs.yml": BASE_CONFIG, **files}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        return root

    from capability_support import ASSIST

    stop = "---\ntitle: Stop the line\ntype: job-aid\nowner: ai@example.org\n---\n1. Press the red button.\n"
    page = ASSIST.replace("owner: ai@example.org\n", "card: {sides: 2}\n")
    root = capability_project(make, {"content/assist.md": page, "content/stop.md": stop})
    build(root, tmp / "site")
    return tmp / "site"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_capabilities_json_validates_and_holds_what_each_audience_gets(built: Path) -> None:
    schema = _json(REPO / "schemas" / "capabilities.schema.json")
    ops, lead = _json(built / "ops" / "capabilities.json"), _json(built / "lead" / "capabilities.json")
    jsonschema.validate(ops, schema)
    jsonschema.validate(lead, schema)
    (page,) = ops["pages"]
    assert (page["title"], page["address"], page["url"]) == (
        "What the helper can do",
        "assist/",
        "https://portal.example/ops/assist/",
    )
    sections = {s["class"]: s for s in page["sections"]}
    assert list(sections) == ["can", "gets-wrong", "never", "check", "decides", "if-down", "ask"]
    assert sections["never"] == {
        "class": "never",
        "heading": "Never type in",
        "items": ["Customer names."],
        "examples": [[]],
    }
    assert sections["gets-wrong"]["examples"] == [["Example: it said 72 °C for a pie."], []]
    assert sections["ask"]["items"] == ["A wrong answer: tell your shift lead."]
    lead_sections = {s["class"]: s for s in lead["pages"][0]["sections"]}
    assert lead_sections["never"]["items"] == ["Customer names.", "Staff reviews."]
    assert lead_sections["ask"]["items"] == ["A wrong answer: call the plant manager."]


def test_schema_rejects_an_unknown_class() -> None:
    schema = _json(REPO / "schemas" / "capabilities.schema.json")
    bad = {
        "audience": "ops",
        "name": "Ops",
        "lang": "en",
        "pages": [
            {
                "title": "T",
                "address": "t/",
                "url": None,
                "sections": [{"class": "nevr", "heading": "H", "items": [], "examples": []}],
            }
        ],
    }
    with pytest.raises(jsonschema.ValidationError, match="'nevr' is not one of"):
        jsonschema.validate(bad, schema)


def test_sections_carry_their_class_and_the_styles_reach_every_page(built: Path) -> None:
    soup = BeautifulSoup((built / "ops" / "assist" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get("class") for h in soup.select("article h2")] == [[c] for c in CLASSES]
    for folder in ("ops", "lead"):
        home = BeautifulSoup((built / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        links = [link["href"] for link in home.find_all("link", rel="stylesheet")]
        assert "assets/fieldguide/capability.css" in links
        assert (built / folder / "assets" / "fieldguide" / "capability.css").read_bytes() == CSS.read_bytes()


def _contrast(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_each_class_has_its_own_colour_and_icon_with_aa_contrast_and_no_script() -> None:
    css = CSS.read_text(encoding="utf-8")
    rules = {m.group(1): m.group(2) for m in re.finditer(r"^h2\.([\w-]+) \{ (color: #[0-9a-f]{6}.*)\}$", css, re.M)}
    assert sorted(rules) == sorted(CLASSES)
    colours = {cls: re.search(r"color: (#[0-9a-f]{6})", rule).group(1) for cls, rule in rules.items()}  # type: ignore[union-attr]
    icons = {cls: re.search(r"base64,([A-Za-z0-9+/=]+)", rule).group(1) for cls, rule in rules.items()}  # type: ignore[union-attr]
    assert len(set(colours.values())) == len(set(icons.values())) == len(CLASSES)
    for cls, colour in colours.items():
        assert _contrast(colour) >= 4.5, cls  # heading text on white, and the white icon on its disc
        svg = base64.b64decode(icons[cls]).decode()
        assert colour in svg and "script" not in svg.lower()
    code = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "javascript" not in code.lower() and "@import" not in code
    assert re.findall(r"url\(\"?(\w+):", css) == ["data"] * len(CLASSES)


def _hrefs(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    return [a["href"] for a in article.find_all("a") if not a["href"].startswith("#")]


def test_a_site_links_its_cards_sheet_and_the_included_audiences_cards(built: Path) -> None:
    page = built / "lead" / "print" / "index.html"
    hrefs = _hrefs(page)
    assert hrefs == [
        "handbook.pdf",
        "cards/assist.pdf",
        "cards/stop.pdf",
        "cards-sheet.pdf",
        "../../ops/print/cards/assist.pdf",
        "../../ops/print/cards/stop.pdf",
        "../../ops/print/cards-sheet.pdf",
    ]
    for href in hrefs:  # every link opens a file that was published
        assert (page.parent / href).resolve().is_file(), href
    # Linked, never copied: the operators' wording is nowhere in the leads' folder.
    assert found_in(built / "lead", "tell your shift lead") == []
    assert "tell your shift lead" in (built / "ops" / "capabilities.json").read_text(encoding="utf-8")
    # Generated, so it has no "Did this help?" answer pages to link.
    assert "fg-feedback" not in page.read_text(encoding="utf-8")
    assert "fg-feedback" in (built / "lead" / "assist" / "index.html").read_text(encoding="utf-8")
    # Every page of the site leads to it.
    home = (built / "lead" / "index.html").read_text(encoding="utf-8")
    assert 'href="./print/">Cards to print</a>' in home or 'href="print/">Cards to print</a>' in home


def test_a_site_without_included_audiences_links_only_its_own(built: Path) -> None:
    hrefs = _hrefs(built / "ops" / "print" / "index.html")
    assert hrefs == ["handbook.pdf", "cards/assist.pdf", "cards/stop.pdf", "cards-sheet.pdf"]


def test_a_card_hidden_from_the_including_audience_is_not_offered(make_project: MakeProject, tmp_path: Path) -> None:
    secret = "---\ntitle: Ops only card\ntype: job-aid\nexcept: [lead]\n---\nSECRET-OPS-CARD\n"
    root = capability_project(make_project, {"content/secret.md": secret})
    page = (root / "content" / "assist.md").read_text().replace("owner: ai@example.org\n", "card: {sides: 2}\n")
    (root / "content" / "assist.md").write_text(page)
    build(root, tmp_path / "site", audience_ids=["lead"], with_pdf=True)
    assert "secret" not in " ".join(_hrefs(tmp_path / "site" / "lead" / "print" / "index.html"))
    assert found_in(tmp_path / "site" / "lead", "Ops only card") == []


def test_no_cards_no_cards_page(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "audiences/ops.yml": "name: Ops\ndescription: x.\n",
            "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
        }
    )
    build(root, tmp_path / "site")
    assert not (tmp_path / "site" / "ops" / "print" / "index.html").exists()
    assert "Cards to print" not in (tmp_path / "site" / "ops" / "index.html").read_text(encoding="utf-8")
    assert _json(tmp_path / "site" / "ops" / "capabilities.json")["pages"] == []
