"""Print only what changed: cards and handbook copied from the last build when made from the same inputs.

Checked on real builds: what is copied is byte for byte what a full build (--force) writes, and any
change to what a product is made from (a card's text, an image it embeds, the published PDF itself)
lays it out again.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import MakeProject, audience, page
from pdf_support import pdf_text
from PIL import Image

from generator.build import build


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


PNG, OTHER_PNG = png("red"), png("blue")


def project(make_project: MakeProject) -> Path:
    return make_project(
        {
            "audiences/ops.yml": audience("Operators", extra="print:\n  card_size: a7\n"),
            "content/index.md": page("Home", "Welcome to the line.\n"),
            "content/stop.md": page(
                "Stop the line", "1. Press the red button.\n\n![Red button](button.png)\n", "type: job-aid"
            ),
        }
    )


def kept(root: Path, out: Path, force: bool = False) -> dict[str, list[str]]:
    return {r.audience: r.print_kept for r in build(root, out, force=force, jobs=1)}


def pdfs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # reproducible PDFs, comparable byte for byte


def test_a_text_change_elsewhere_keeps_the_cards(make_project: MakeProject, tmp_path: Path) -> None:
    root = project(make_project)
    (root / "content" / "button.png").write_bytes(PNG)
    out = root / "site"
    assert kept(root, out) == {"ops": []}
    before = pdfs(out / "ops" / "print")
    (root / "content" / "index.md").write_text(page("Home", "Welcome to line 4.\n"), encoding="utf-8")
    assert kept(root, out) == {"ops": ["cards"]}
    after = pdfs(out / "ops" / "print")
    assert {k: v for k, v in after.items() if k != "handbook.pdf"} == {
        k: v for k, v in before.items() if k != "handbook.pdf"
    }
    assert "Welcome to line 4." in pdf_text(out / "ops" / "print" / "handbook.pdf")
    kept(root, tmp_path / "full", force=True)
    assert pdfs(tmp_path / "full" / "ops" / "print") == after  # the same as printing everything again


def test_a_changed_image_a_changed_card_or_a_tampered_pdf_prints_again(make_project: MakeProject) -> None:
    root = project(make_project)
    image = root / "content" / "button.png"
    image.write_bytes(PNG)
    out = root / "site"
    kept(root, out)
    image.write_bytes(OTHER_PNG)  # the card's HTML is the same; what it embeds is not
    assert kept(root, out) == {"ops": []}
    (root / "content" / "index.md").write_text(page("Home", "Welcome back.\n"), encoding="utf-8")
    assert kept(root, out) == {"ops": ["cards"]}
    (out / "ops" / "print" / "cards" / "stop.pdf").write_bytes(b"%PDF-1.7 tampered")
    (root / "content" / "index.md").write_text(page("Home", "Welcome again.\n"), encoding="utf-8")
    assert kept(root, out) == {"ops": []}
    assert (out / "ops" / "print" / "cards" / "stop.pdf").read_bytes() != b"%PDF-1.7 tampered"
    stop = page("Stop the line", "1. Press the big red button.\n", "type: job-aid")
    (root / "content" / "stop.md").write_text(stop, encoding="utf-8")
    assert kept(root, out) == {"ops": []}
    assert "big red button" in pdf_text(out / "ops" / "print" / "cards" / "stop.pdf")


def test_a_build_without_pdfs_passes_the_record_on(make_project: MakeProject) -> None:
    """--no-pdf keeps the published PDFs, and with them what they were made from: the next print reuses them."""
    root = project(make_project)
    (root / "content" / "button.png").write_bytes(PNG)
    out = root / "site"
    kept(root, out)
    (root / "content" / "index.md").write_text(page("Home", "Welcome to line 4.\n"), encoding="utf-8")
    assert {r.audience: r.reused for r in build(root, out, with_pdf=False, jobs=1)} == {"ops": False}
    assert kept(root, out) == {"ops": ["cards"]}
    assert "Welcome to line 4." in pdf_text(out / "ops" / "print" / "handbook.pdf")
