"""Print with WeasyPrint's stylesheet trimmed of pseudo-element rules nothing uses (generator/pdf/ua_stylesheet.py)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from weasyprint import HTML
from weasyprint import html as weasyprint_html

from generator.compile import compile_project
from generator.pdf.cards import cards_source
from generator.pdf.engine import PDF_OPTIONS, engine_for
from generator.pdf.fetcher import ProjectFetcher
from generator.pdf.handbook import STYLESHEETS as HANDBOOK_STYLESHEETS
from generator.pdf.handbook import handbook_source
from generator.pdf.markup import content_url
from generator.pdf.ua_stylesheet import MARKER_RULE, NOTE_RULES, TrimmedHtml, html_class
from generator.verify.outputs import pdf_text

REPO = Path(__file__).resolve().parents[2]
REALWORLD = REPO / "tests" / "fixtures" / "realworld"
PLACED = '<html lang="en"><p>Body text<span style="{}">Side remark</span> goes on.</p></html>'


def test_weasyprints_stylesheet_holds_exactly_the_rules_trimmed() -> None:
    """An upgrade of WeasyPrint that changes them must be looked at again: then this fails."""
    assert NOTE_RULES.findall(weasyprint_html.UA) == [
        "::footnote-call { content: counter(footnote); vertical-align: super; font-size: smaller; "
        "line-height: inherit }\n",
        '::footnote-marker { content: counter(footnote) ". " }\n',
        "::note-call { content: counter(note); vertical-align: super; font-size: smaller; line-height: inherit }\n",
        '::note-marker { content: counter(note) ". " }\n',
        '::note-callback { content: "\u202f↩" }\n',
    ]
    assert MARKER_RULE.findall(weasyprint_html.UA) == [
        "::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }\n"
    ]
    assert re.findall(r"^.*\blist-item\b.*$", weasyprint_html.UA, re.MULTILINE) == [
        "li { display: list-item }",  # so `li` is the one element whose marker the trimmed rule keeps
        "ol, ul { counter-reset: list-item }",
    ]
    assert (html_class(False), html_class(True)) == (TrimmedHtml, HTML)


def pdf_bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.write_pdf(out, **PDF_OPTIONS)  # type: ignore[attr-defined]
    return out.getvalue()


@pytest.mark.parametrize("root, audience", [(REALWORLD, None), (REPO, "floor-operator")])
def test_with_the_trimmed_stylesheet_the_pdfs_are_the_same_byte_for_byte(root: Path, audience: str | None) -> None:
    """The real-world fixture (tabs, footnotes, tables, code, icons) and the example portal's cards."""
    compiled = compile_project(root, [audience] if audience else None)
    project, edition = compiled.project, compiled.editions[0]
    engine = engine_for(project.root)
    fetcher = ProjectFetcher([Path(project.root)])
    html, _ = handbook_source(engine, project, edition, "2026-01-01")
    sources = [(html, engine.stylesheets(*HANDBOOK_STYLESHEETS))]
    cards = cards_source(engine, project, edition, "2026-01-01")
    if cards is not None:
        from generator.pdf.cards import STYLESHEETS as CARD_STYLESHEETS

        sources.append((cards.html, engine.stylesheets(*CARD_STYLESHEETS)))
    assert len(sources) == (2 if audience else 1)
    for text, sheets in sources:
        assert not engine.full_stylesheet and html_class(False) is TrimmedHtml
        ours = engine.render(text, content_url(project), fetcher, sheets)
        weasyprints = engine._lay_out(HTML, text, content_url(project), fetcher, sheets)
        assert pdf_bytes(ours) == pdf_bytes(weasyprints)


@pytest.mark.parametrize(
    "style, expected",
    [
        ("position: note(note)", "Body text1 goes on.\n1. Side remark ↩"),
        ("position: \\6e ote(note)", "Body text1 goes on.\n1. Side remark ↩"),
        ("float: footnote", "Body text1 goes on.\n1. Side remark"),
        ("float: \\66 ootnote", "Body text1 goes on.\n1. Side remark"),
    ],
)
def test_a_document_that_places_a_note_is_laid_out_with_weasyprints_rules(
    style: str, expected: str, tmp_path: Path
) -> None:
    """Said plainly, the rules are kept; said through a CSS escape, WeasyPrint stops without them, and the
    document is laid out again with them. (pdftotext writes the note's narrow no-break space as a space.)"""
    engine = engine_for(tmp_path)
    html = PLACED.format(style)
    document = engine.render(html, tmp_path.as_uri() + "/", ProjectFetcher([tmp_path]), [])
    (tmp_path / "note.pdf").write_bytes(pdf_bytes(document))
    lines = [line for line in pdf_text(tmp_path / "note.pdf").splitlines() if line.strip()]
    assert sorted(lines) == sorted(expected.split("\n"))
    if "\\" in style:
        with pytest.raises(TypeError):  # why the engine lays it out again
            TrimmedHtml(string=html).render()


@pytest.mark.parametrize("display", ["list-item", "block list-item"])
def test_a_list_item_made_by_css_keeps_weasyprints_marker_style(display: str, tmp_path: Path) -> None:
    """WeasyPrint's `::marker` rule keeps a marker's letters as they are (`text-transform: none`): an element
    that CSS makes a list item gets the full stylesheet, so its marker stays "a.", as WeasyPrint prints it."""
    engine = engine_for(tmp_path)
    style = f"display: {display}; list-style-type: lower-alpha; text-transform: uppercase"
    html = f'<html lang="en"><div style="{style}">Step one</div></html>'
    texts = []
    for name, document in [
        ("ours", engine.render(html, tmp_path.as_uri() + "/", ProjectFetcher([tmp_path]), [])),
        ("trimmed", TrimmedHtml(string=html).render(**PDF_OPTIONS)),
    ]:
        (tmp_path / f"{name}.pdf").write_bytes(pdf_bytes(document))
        texts.append(pdf_text(tmp_path / f"{name}.pdf").split())
    assert texts == [["a.", "STEP", "ONE"], ["A.", "STEP", "ONE"]]


def test_a_print_stylesheet_that_places_notes_keeps_the_rules(tmp_path: Path) -> None:
    default = engine_for(REPO)  # the default print stylesheets place none
    default.stylesheets("print.css", "handbook.css", "card.css", "capability.css", "sheet.css")
    assert not default.full_stylesheet
    theme = tmp_path / "theme" / "print"
    shutil.copytree(REPO / "generator" / "theme_default" / "print", theme)
    with (theme / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.aside { float: footnote; }\n")
    engine = engine_for(tmp_path)
    engine.stylesheets("print.css")
    assert engine.full_stylesheet
