"""Cards: exact sizes, page counts, QR targets, and the fit rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MakeProject, audience, page
from pdf_support import page_sizes_mm, pdf_text, qr_codes, render
from pypdf import PdfReader

from generator.compile import compile_project
from generator.pdf.cards import check_card_fit, lay_out_cards, printed_address
from generator.pdf.engine import engine_for
from generator.pdf.fetcher import ProjectFetcher

SIZES_MM = {
    "a6": (105.0, 148.0),
    "a7": (74.0, 105.0),
    "4x6in": (101.6, 152.4),
    "5x7in": (127.0, 177.8),
    "letter": (215.9, 279.4),
    "a4": (210.0, 297.0),
}

LONG = "\n\n".join(f"Step {i}: check the label, the date and the batch number before you go on." for i in range(40))


def card_project(make_project: MakeProject, extra: dict[str, str] | None = None) -> Path:
    files = {
        "audiences/ops.yml": audience("Operators", extra="print:\n  card_size: a7\n  base_font_pt: 11\n"),
        "content/index.md": page("Home", "Welcome.\n"),
        # A job-aid is a card by default, at the audience's size.
        "content/stop.md": page("Stop the line", "1. Press the red button.\n2. Call your lead.\n", "type: job-aid"),
        "content/off.md": page("Not a card", "Plain job aid.\n", "type: job-aid\ncard: false"),
    }
    for size in SIZES_MM:
        files[f"content/sizes/{size}.md"] = page(f"Card {size}", "Short.\n", f"card: {{size: {size}}}")
    return make_project({**files, **(extra or {})})


def test_each_card_is_exactly_its_size_one_page_each(make_project: MakeProject, tmp_path: Path) -> None:
    root = card_project(make_project)
    printed = render(root, "ops", tmp_path / "site")
    assert printed.findings == []
    cards = tmp_path / "site" / "print" / "cards"
    assert sorted(p.name for p in cards.iterdir()) == sorted(["stop.pdf", *(f"sizes-{size}.pdf" for size in SIZES_MM)])
    assert printed.cards == 7
    assert page_sizes_mm(cards / "stop.pdf") == [SIZES_MM["a7"]]
    for size, mm in SIZES_MM.items():
        assert page_sizes_mm(cards / f"sizes-{size}.pdf") == [mm], size


def test_card_pdf_has_no_bleed_and_is_tagged_with_title_and_lang(make_project: MakeProject, tmp_path: Path) -> None:
    render(card_project(make_project), "ops", tmp_path / "site")
    reader = PdfReader(tmp_path / "site" / "print" / "cards" / "stop.pdf")
    first = reader.pages[0]
    assert list(first.trimbox) == list(first.mediabox) == list(first.bleedbox)
    assert reader.metadata is not None and reader.metadata.title == "Stop the line"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_qr_code_opens_the_page_with_src_card(make_project: MakeProject, tmp_path: Path) -> None:
    root = card_project(make_project, {"content/floor/index.md": page("Floor rules", "Be safe.\n", "card: true")})
    render(root, "ops", tmp_path / "site")
    cards = tmp_path / "site" / "print" / "cards"
    assert qr_codes(cards / "stop.pdf", tmp_path)[0][0] == "https://portal.example/ops/stop/?src=card"
    # An index page takes its folder's name, and its address is the folder.
    [(payload, width_mm)] = qr_codes(cards / "floor.pdf", tmp_path)
    assert payload == "https://portal.example/ops/floor/?src=card"
    assert width_mm >= 25
    text = pdf_text(cards / "floor.pdf")
    assert "portal.example/ops/floor/" in text


def test_card_footer_has_owner_review_date_and_label(make_project: MakeProject, tmp_path: Path) -> None:
    root = card_project(
        make_project,
        {"content/own.md": page("Own it", "Text.\n", "card: true\nowner: floor@x.example\nreview_by: 2027-03-01")},
    )
    render(root, "ops", tmp_path / "site", label="2026-02-03")
    text = pdf_text(tmp_path / "site" / "print" / "cards" / "own.pdf")
    assert "floor@x.example" in text and "2027-03-01" in text and re.search(r"printed\s2026-02-03", text)


def test_every_side_of_a_card_has_its_own_footer(make_project: MakeProject, tmp_path: Path) -> None:
    # The footer is a page string set by each card's first page: the back repeats it, the next card replaces it.
    body = "\n\n".join(f"Line {i} of the longer card." for i in range(16))
    root = card_project(
        make_project,
        {
            "content/a.md": page("Two sides", body, "card: {sides: 2}\nowner: first@x.example"),
            "content/b.md": page("One side", "Text.\n", "card: true\nowner: second@x.example"),
        },
    )
    assert render(root, "ops", tmp_path / "site").findings == []
    cards = tmp_path / "site" / "print" / "cards"
    sides = [page.extract_text() for page in PdfReader(cards / "a.pdf").pages]
    assert len(sides) == 2 and all("first@x.example" in side for side in sides), sides
    assert "second@x.example" in pdf_text(cards / "b.pdf") and "first@x.example" not in pdf_text(cards / "b.pdf")
    # The default theme never shows the paragraph kept for older card.css files, so the owner is printed once.
    assert sides[0].count("first@x.example") == 1


def test_a_theme_card_css_with_the_running_footer_still_prints_it(make_project: MakeProject, tmp_path: Path) -> None:
    # A project's own card.css written before the footer became a page string (README "Restyling").
    old_css = (
        "@page { margin: 7mm 7mm 12mm; @bottom-left { content: element(cardfoot); } }\n"
        ".card { break-before: page; }\n"
        ".card-foot { position: running(cardfoot); font-size: 7pt; margin: 0; }\n"
    )
    root = card_project(
        make_project,
        {
            "content/own.md": page("Own it", "Text.\n", "card: true\nowner: floor@x.example"),
            "theme/print/card.css": old_css,
        },
    )
    assert render(root, "ops", tmp_path / "site").findings == []
    assert pdf_text(tmp_path / "site" / "print" / "cards" / "own.pdf").count("floor@x.example") == 1


def test_printed_address_breaks_only_between_its_pieces(make_project: MakeProject, tmp_path: Path) -> None:
    name = "never-type-in-customer-data-or-anything-like-it"
    root = card_project(make_project, {f"content/{name}.md": page("Hyphens", "Short.\n", "card: true")})
    compiled = compile_project(root, ["ops"])
    project, edition = compiled.project, compiled.editions[0]
    cards = lay_out_cards(engine_for(root), project, edition, "2026-01-01", ProjectFetcher([root]))
    [card] = [c for c in cards.cards if c.page.card_name == name]
    lines = [line.replace("\u200b", "").replace("\u2060", "") for line in _address_lines(card.pages[0]._page_box)]
    # WeasyPrint's own line boxes: several lines, none ending in a hyphen that would read as hyphenation.
    assert len(lines) >= 3, lines
    assert "".join(lines) == f"portal.example/ops/{name}/"
    assert not [line for line in lines if line.endswith("-")], lines
    assert printed_address("ai-guide.x/a-b/") == "ai\u200b-\u2060guide.\u200bx/\u200ba\u200b-\u2060b/"
    # Neither invisible character reaches the PDF's text, so a copied address is the address.
    render(root, "ops", tmp_path / "site")
    text = pdf_text(tmp_path / "site" / "print" / "cards" / f"{name}.pdf")
    assert "\u200b" not in text and "\u2060" not in text
    assert "".join(lines[:2]) in text.replace("\n", "")


def _address_lines(box: object) -> list[str]:
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == "qr-text" and type(box).__name__ == "BlockBox":
        return ["".join(getattr(text, "text", "") for text in line.descendants()) for line in box.children]
    return [line for child in getattr(box, "children", []) for line in _address_lines(child)]


def test_two_sided_card_takes_two_pages(make_project: MakeProject, tmp_path: Path) -> None:
    body = "\n\n".join(f"Line {i} of the longer card." for i in range(16))
    root = card_project(make_project, {"content/two.md": page("Two sides", body, "card: {sides: 2}")})
    assert render(root, "ops", tmp_path / "site").findings == []
    assert page_sizes_mm(tmp_path / "site" / "print" / "cards" / "two.pdf") == [SIZES_MM["a7"]] * 2


SPLIT = "shorten it or split it into two pages, each with its own card; a card has at most 2 sides"


def test_card_needing_three_pages_is_not_told_to_allow_two_sides(make_project: MakeProject, tmp_path: Path) -> None:
    root = card_project(
        make_project, {"content/long.md": page("Too long", "\n\n".join([LONG] * 3), "type: job-aid\ncard: true")}
    )
    [finding] = render(root, "ops", tmp_path / "site").findings
    assert int(finding.message.split("needs ")[1].split(" ")[0]) >= 3
    assert finding.message.endswith("pages; " + SPLIT)
    assert "sides: 2" not in finding.message


@pytest.mark.parametrize(
    ("card", "line", "message"),
    [
        (
            "card: true",
            4,
            "card does not fit on 1 side(s) of a7: it needs {n} pages; {advice}",
        ),
        ("card: {sides: 2, size: a6}", 4, "card does not fit on 2 side(s) of a6: it needs {n} pages; {advice}"),
    ],
)
def test_overflow_is_an_exact_error_and_writes_nothing(
    make_project: MakeProject, tmp_path: Path, card: str, line: int, message: str
) -> None:
    root = card_project(make_project, {"content/long.md": page("Too long", LONG, f"type: job-aid\n{card}")})
    printed = render(root, "ops", tmp_path / "site")
    [finding] = printed.findings
    n = int(finding.message.split("needs ")[1].split(" ")[0])
    assert n > (2 if "sides: 2" in card else 1)
    advice = "shorten it or allow card: {sides: 2}" if n == 2 and "sides: 2" not in card else SPLIT
    assert str(finding) == f"content/long.md:{line}: [ops] " + message.format(n=n, advice=advice)
    assert not (tmp_path / "site" / "print").exists()
    # `fieldguide check` gets the same finding, without writing anything.
    compiled = compile_project(root, ["ops"])
    assert check_card_fit(compiled.project, compiled.editions[0]) == printed.findings


def test_overflow_without_card_key_is_located_at_the_title(make_project: MakeProject, tmp_path: Path) -> None:
    root = card_project(make_project, {"content/long.md": page("Too long", LONG, "type: job-aid")})
    [finding] = render(root, "ops", tmp_path / "site").findings
    assert (finding.path, finding.line, finding.audience) == ("content/long.md", 2, "ops")


def test_check_card_fit_is_empty_when_every_card_fits(make_project: MakeProject) -> None:
    compiled = compile_project(card_project(make_project), ["ops"])
    assert check_card_fit(compiled.project, compiled.editions[0]) == []
