"""Print of ordinary MkDocs pages: the title once, MkDocs' built-in extensions, icons at text size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import MakeProject
from pdf_support import pdf_text, render
from pypdf import PdfReader
from weasyprint import HTML

from generator.compile import compile_project
from generator.pdf.markup import PrintMarkup
from generator.theme import DEFAULT_THEME

PLAIN_CONFIG = "site_name: Plain\nsite_url: https://docs.example/\ndocs_dir: content\ntheme: material\n"
ICON_CONFIG = (
    PLAIN_CONFIG
    + "markdown_extensions:\n  - attr_list\n  - pymdownx.emoji:\n"
    + "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    + "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    + "  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n"
)
FILES = {
    "audiences/all-staff.yml": "name: Everyone\n",
    "content/index.md": "# Only heading\n\nBODY-TEXT\n",
    "content/both.md": "---\ntitle: Front title\n---\n\n# Heading wins\n\nBOTH-BODY\n",
    "content/table.md": (
        "# Table\n\n| Column | Value |\n|--------|-------|\n| cell-a | cell-b |\n\n```\nline one\nline two\n```\n"
    ),
}


def test_the_title_prints_once(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"mkdocs.yml": PLAIN_CONFIG, **FILES})
    render(root, "all-staff", tmp_path / "site")
    text = pdf_text(tmp_path / "site" / "print" / "handbook.pdf")
    body = text.split("BODY-TEXT")[0]
    assert body.count("Only heading") == 2  # once in the contents, once as the title
    # When the text begins with a '# heading', that heading is the title in print.
    assert text.split("BOTH-BODY")[0].count("Heading wins") == 2
    assert "Front title" not in text


def test_tables_and_fenced_code_without_listing_them(make_project: MakeProject) -> None:
    root = make_project({"mkdocs.yml": PLAIN_CONFIG, **FILES})
    compiled = compile_project(root)
    markup = PrintMarkup(compiled.project, compiled.editions[0], "handbook")
    html = markup.convert(next(p for p in compiled.editions[0].pages if p.src == "table.md"))
    assert "<table>" in html and "<td>cell-a</td>" in html
    assert "<pre><code>line one\nline two\n</code></pre>" in html


def test_icons_print_at_text_size(make_project: MakeProject, tmp_path: Path) -> None:
    page = (
        "# Icons\n\nA :material-check: check and :octicons-alert-16: alert.\n\n"
        '=== ":material-apple: Mac"\n\n    MAC-BODY\n\n=== "Other"\n\n    OTHER-BODY\n'
    )
    files = {"mkdocs.yml": ICON_CONFIG, "audiences/all-staff.yml": "name: Everyone\n", "content/index.md": page}
    root = make_project(files)
    compiled = compile_project(root)
    markup = PrintMarkup(compiled.project, compiled.editions[0], "handbook")
    html = markup.convert(compiled.editions[0].pages[0])
    assert '<p class="tab-label"><span class="twemoji">' in html
    css = (DEFAULT_THEME / "print" / "print.css").read_text(encoding="utf-8")
    laid = HTML(string=f"<style>{css} body {{ font-size: 12pt }}</style>{html}").render()
    sizes = [box.width for box in _boxes(laid.pages[0]._page_box) if type(box).__name__.endswith("ReplacedBox")]
    assert len(sizes) == 3 and all(0 < width < 20 for width in sizes), sizes  # 1.125em of 12pt is 18 px
    render(root, "all-staff", tmp_path / "site")
    reader = PdfReader(tmp_path / "site" / "print" / "handbook.pdf")
    assert len(reader.pages) <= 3  # cover, contents, the page: no icon blown up to a page of its own
    text = pdf_text(tmp_path / "site" / "print" / "handbook.pdf")
    assert "MAC-BODY" in text and "Mac" in text


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_raw_html_images_resolve_from_the_page_address(make_project: MakeProject, tmp_path: Path) -> None:
    png = (Path(__file__).resolve().parents[2] / "docs" / "screenshots").glob("*.png")
    files = {
        "mkdocs.yml": PLAIN_CONFIG,
        "audiences/all-staff.yml": "name: Everyone\n",
        "content/index.md": "# Home\n",
        "content/sub/page.md": '# Page\n\n<img src="../../img/a.png" alt="A">\n',
    }
    root = make_project(files)
    (root / "content" / "img").mkdir()
    (root / "content" / "img" / "a.png").write_bytes(next(iter(png)).read_bytes())
    printed = render(root, "all-staff", tmp_path / "site")
    assert printed.findings == []
    compiled = compile_project(root)
    markup = PrintMarkup(compiled.project, compiled.editions[0], "handbook")
    html = markup.convert(next(p for p in compiled.editions[0].pages if p.src == "sub/page.md"))
    assert f'src="{(root / "content" / "img" / "a.png").resolve().as_uri()}"' in html
