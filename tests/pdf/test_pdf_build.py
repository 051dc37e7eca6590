"""`fieldguide build` with PDFs: isolation in PDF text, reproducible bytes, and a failed build publishes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import MakeProject, audience, page
from pdf_support import pdf_text
from pypdf import PdfReader

EPOCH = "1767225600"  # 2026-01-01

FILES = {
    "audiences/ops.yml": audience("Operators", extra="print:\n  card_size: a7\n"),
    "audiences/mgr.yml": audience("Managers", extra="print:\n  card_size: 4x6in\n  sheet: letter\n"),
    "content/index.md": page(
        "Home",
        """\
        Everyone reads this.

        /// only | mgr
        SECRET-BLOCK-MGR
        ///

        /// except | mgr
        SECRET-BLOCK-OPS
        ///
        """,
    ),
    "content/stop.md": page(
        "Stop the line",
        """\
        1. Press the red button.

        /// only | mgr
        SECRET-CARD-MGR
        ///
        """,
        "type: job-aid",
    ),
    "content/budget.md": page("Budget SECRET-TITLE-MGR", "SECRET-PAGE-MGR\n", "audiences: [mgr]\ncard: true"),
    "content/floor.md": page("Floor", "SECRET-PAGE-OPS\n", "audiences: [ops]\ntype: job-aid"),
}

SECRETS = {
    "ops": ["SECRET-BLOCK-MGR", "SECRET-CARD-MGR", "SECRET-TITLE-MGR", "SECRET-PAGE-MGR"],
    "mgr": ["SECRET-BLOCK-OPS", "SECRET-PAGE-OPS"],
}


def build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "build", str(root), "-o", str(out), "-q"]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def pdfs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def test_build_writes_every_print_output_and_hides_other_audiences(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(FILES)
    result = build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert sorted(pdfs(tmp_path / "site")) == [
        "mgr/print/cards-sheet.pdf",
        "mgr/print/cards/budget.pdf",
        "mgr/print/cards/stop.pdf",
        "mgr/print/handbook.pdf",
        "ops/print/cards-sheet.pdf",
        "ops/print/cards/floor.pdf",
        "ops/print/cards/stop.pdf",
        "ops/print/handbook.pdf",
    ]
    for who, secrets in SECRETS.items():
        for path in (tmp_path / "site" / who).rglob("*.pdf"):
            text = pdf_text(path)
            assert text.strip(), path
            for secret in secrets:
                assert secret not in text, (path, secret)
    assert "SECRET-CARD-MGR" in pdf_text(tmp_path / "site" / "mgr" / "print" / "cards" / "stop.pdf")
    assert "SECRET-BLOCK-OPS" in pdf_text(tmp_path / "site" / "ops" / "print" / "handbook.pdf")
    # The sheet is on the audience's paper; the cards are on it at their own size.
    sheet = PdfReader(tmp_path / "site" / "mgr" / "print" / "cards-sheet.pdf").pages[0]
    assert (round(float(sheet.mediabox.width), 1), round(float(sheet.mediabox.height), 1)) == (612.0, 792.0)


def test_same_input_and_epoch_give_identical_bytes(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(FILES)
    assert build(root, tmp_path / "one").returncode == 0
    assert build(root, tmp_path / "two").returncode == 0
    first, second = pdfs(tmp_path / "one"), pdfs(tmp_path / "two")
    assert first.keys() == second.keys() and len(first) == 8
    for name in first:
        assert first[name] == second[name], name


def test_overflowing_card_fails_the_build_and_publishes_nothing(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(FILES)
    out = tmp_path / "site"
    assert build(root, out).returncode == 0
    before = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    long = "\n\n".join(f"Step {i}: check the label and the batch before you go on." for i in range(30))
    (root / "content" / "stop.md").write_text(page("Stop the line", long, "type: job-aid\ncard: {sides: 1}"))
    result = build(root, out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert errors, result.stderr
    for line in errors:
        assert line.startswith("content/stop.md:4: [")
        assert "] card does not fit on 1 side(s) of " in line
        needs = int(line.split("needs ")[1].split(" ")[0])
        two = "pages; shorten it or allow card: {sides: 2}"
        split = "pages; shorten it or split it into two pages, each with its own card; a card has at most 2 sides"
        assert line.endswith(two if needs == 2 else split)
    assert {line.split("[")[1].split("]")[0] for line in errors} == {"ops", "mgr"}
    assert "nothing was published" in result.stderr
    after = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_card_overflow_is_reported_in_the_same_run_as_other_errors(make_project: MakeProject, tmp_path: Path) -> None:
    long = "\n\n".join(f"Step {i}: check the label and the batch before you go on." for i in range(30))
    files = {
        **FILES,
        "content/stop.md": page("Stop the line", long, "type: job-aid"),
        "content/bad.md": page("Bad", "{{ nope }}\n"),
    }
    result = build(make_project(files), tmp_path / "site")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert [e.split(": [")[0] for e in errors] == ["content/bad.md:4"] * 2 + ["content/stop.md:2"] * 2
    assert "unknown term 'nope'" in errors[0] and "card does not fit on 1 side(s) of a7" in errors[-1]
