"""build applies check's rules to the render MkDocs makes (RenderCapture) instead of rendering twice.

That is only right while both renders read the same: here, on a real-world-style Material project
(tabs, footnotes, admonitions, snippets, raw HTML, a hook that changes a page) and on the example
portal, every page MkDocs rendered gives exactly the units check's own converter gives, and a page
that a hook changed is not found by its edition text, so check renders that one itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.check.rendered import RenderCapture, converter, render_units
from generator.compile import compile_project
from generator.site.edition import write_edition
from generator.site.mkdocs_build import build_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("project", "missed"), [(ROOT / "tests" / "fixtures" / "realworld", 1), (ROOT, 0)])
def test_mkdocs_render_reads_as_checks_own(project: Path, missed: int, tmp_path: Path) -> None:
    source = tmp_path / "project"
    shutil.copytree(project, source, ignore=shutil.ignore_patterns("site", ".venv", ".git", "tests", "node_modules"))
    compiled = compile_project(source)
    assert not compiled.errors
    md = converter(compiled.project.config.raw)
    misses = 0
    for edition in compiled.editions:
        work = tmp_path / edition.audience.id
        job = write_edition(compiled.project, edition, work, work / "site", with_pdf=False)
        capture = RenderCapture()
        assert build_site(job, [capture]).ok
        for page in edition.pages:
            text = "\n".join(line.text for line in page.lines)
            if text.strip("\n") not in capture.rendered:
                misses += 1
                continue
            assert capture.rendered[text.strip("\n")] == render_units(md, text), page.page.path
    assert misses == missed * len(compiled.editions)
