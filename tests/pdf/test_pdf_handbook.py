"""The handbook: cover, contents, page order, links inside the PDF, Material constructs on paper."""

from __future__ import annotations

from pathlib import Path

from conftest import BASE_CONFIG, MakeProject, audience, page
from pdf_support import pdf_text, render
from pypdf import PdfReader

NAV_CONFIG = (
    BASE_CONFIG
    + "  - toc:\n      permalink: true\n  - tables\n  - pymdownx.blocks.tab:\n      alternate_style: true\n"
    + "  - pymdownx.snippets\nnav:\n  - index.md\n  - Tasks:\n      - second.md\n      - first.md\n"
)

FILES = {
    "mkdocs.yml": NAV_CONFIG,
    "audiences/ops.yml": audience("Plant-floor operators", extra="lang: de\n"),
    "content/index.md": page(
        "Welcome home",
        """\
        Read [the second page](second.md#the-rules) and [the web](https://example.org/guide).

        !!! warning "Mind the gap"
            ADMONITION-BODY

        === "Tab one"
            TAB-ONE-BODY

        === "Tab two"
            TAB-TWO-BODY

        /// tab | Block tab A
        BLOCK-TAB-A
        ///

        /// tab | Block tab B
        BLOCK-TAB-B
        ///

        ??? note "Closed details"
            DETAILS-BODY

        | Column | Value |
        |--------|-------|
        | cell-a | cell-b |

        ```python
        print("CODE-BODY")
        ```
        """,
    ),
    "content/first.md": page("First task", "# Heading one\n\nFIRST-BODY\n"),
    "content/second.md": page("Second task", "## The rules\n\nSECOND-BODY [back](index.md)\n"),
}


def test_handbook_cover_contents_and_nav_order(make_project: MakeProject, tmp_path: Path) -> None:
    render(make_project(FILES), "ops", tmp_path / "site", label="2026-02-03")
    path = tmp_path / "site" / "print" / "handbook.pdf"
    reader = PdfReader(path)
    # Cover, contents, then one page each: the pages are short.
    assert len(reader.pages) == 5
    cover = reader.pages[0].extract_text()
    assert "Test Portal" in cover and "Plant-floor operators" in cover and "2026-02-03" in cover
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents
    # Navigation order, each with its page number.
    # first.md begins with '# Heading one': that heading is its title in print (FORMAT.md), shown once.
    lines = [line for line in contents.splitlines() if "task" in line or "Welcome" in line or "Heading" in line]
    assert [line.rstrip(" .0123456789") for line in lines] == ["Welcome home", "Second task", "Heading one"]
    assert [line.split()[-1].strip(".") for line in lines] == ["3", "4", "5"]
    assert "page 3 of 5" in reader.pages[2].extract_text()
    assert "Second task" in reader.pages[3].extract_text().splitlines()[0]  # the running header
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Contents",
        "Welcome home",
        "Second task",
        "Heading one",
    ]


def test_internal_links_are_links_inside_the_pdf(make_project: MakeProject, tmp_path: Path) -> None:
    render(make_project(FILES), "ops", tmp_path / "site")
    reader = PdfReader(tmp_path / "site" / "print" / "handbook.pdf")
    internal, external = [], []
    for number, pdf_page in enumerate(reader.pages):
        for annot in pdf_page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                external.append(action["/URI"])
            elif "/Dest" in annot or (action is not None and action.get("/S") == "/GoTo"):
                internal.append(number)
    assert "https://example.org/guide" in external
    assert not [uri for uri in external if ".md" in uri]
    # Contents entries (page 2) and the body's links to pages (page 3, page 4).
    assert {1, 2, 3} <= set(internal)
    text = pdf_text(tmp_path / "site" / "print" / "handbook.pdf")
    assert "(https://example.org/guide)" in text  # the address is printed


def test_material_constructs_print(make_project: MakeProject, tmp_path: Path) -> None:
    render(make_project(FILES), "ops", tmp_path / "site")
    path = tmp_path / "site" / "print" / "handbook.pdf"
    text = pdf_text(path)
    for expected in [
        "Mind the gap",
        "ADMONITION-BODY",
        "Tab one",
        "TAB-ONE-BODY",
        "Tab two",
        "TAB-TWO-BODY",
        "Block tab A",
        "BLOCK-TAB-A",
        "Block tab B",
        "BLOCK-TAB-B",
        "Closed details",
        "DETAILS-BODY",
        "cell-a",
        'print("CODE-BODY")',
        "FIRST-BODY",
    ]:
        assert expected in text, expected
    assert "¶" not in text
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata is not None and reader.metadata.title == "Test Portal: handbook for Plant-floor operators"
