"""Golden comparison: a real-world-style MkDocs project built by Fieldguide and by plain `mkdocs build`.

tests/fixtures/realworld is an ordinary Material project (blog posts with date/authors/categories, tabs,
footnotes, admonitions, snippets with auto_append, sections and line ranges, a hook, raw HTML, icons, a
theme favicon and logo) with one one-line audience file. Every page's `<article>` and the search index
must be identical, apart from Fieldguide's documented additions, which are normalised away here:

- elements with a class starting `fg-` (the card button, the feedback links), and
- pages under `feedback/` (Fieldguide's "Did this help?" pages) in the search index, and
- the site name, which Fieldguide gives the audience's name: "Widget Docs for Everyone".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "realworld"
AUDIENCE = "everyone"
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)
_ADDED = re.compile(r'<(p|div|nav|aside)\b[^>]*class="fg-[^"]*"[^>]*>.*?</\1>', re.DOTALL)


def _plain_build(source: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)]
    subprocess.run(command, cwd=source, env=env, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("realworld")
    source = work / "project"
    shutil.copytree(FIXTURE, source)
    ours = work / "fieldguide"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(ours), "--no-pdf", "-q"])
    assert result.exit_code == 0, result.output
    plain = work / "plain"
    _plain_build(source, plain)
    return ours / AUDIENCE, plain


def _pages(site: Path) -> dict[str, Path]:
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("feedback/", "print/"))
    }


def _article(path: Path) -> str:
    match = _ARTICLE.search(path.read_text(encoding="utf-8"))
    assert match, path
    return _ADDED.sub("", match.group(1)).strip()


def test_same_pages(both: tuple[Path, Path]) -> None:
    ours, plain = both
    assert sorted(_pages(ours)) == sorted(_pages(plain))


def test_same_articles(both: tuple[Path, Path]) -> None:
    ours, plain = both
    theirs = _pages(plain)
    for rel, path in _pages(ours).items():
        assert _article(path) == _article(theirs[rel]), rel


def _index(site: Path) -> list[dict[str, Any]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return [d for d in docs if not d["location"].startswith("feedback/")]


def test_same_search_index(both: tuple[Path, Path]) -> None:
    ours, plain = both
    assert _index(ours) == _index(plain)


def test_theme_assets_and_blog_authors_are_there(both: tuple[Path, Path]) -> None:
    ours, _ = both
    for rel in ("img/favicon.png", "img/logo.svg", "img/diagram.svg", "img/hero.svg"):
        assert (ours / rel).is_file(), rel
    assert 'href="../img/favicon.png"' in (ours / "setup" / "index.html").read_text(encoding="utf-8")


def _head(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").replace("Widget Docs for Everyone", "Widget Docs")
    return re.findall(r'<title>.*?</title>|<meta name="description" content="[^"]*">', text, re.DOTALL)


def test_same_titles_and_descriptions(both: tuple[Path, Path]) -> None:
    """Titles taken from the first heading (ATX or setext), and a folded description kept as MkDocs keeps it."""
    ours, plain = both
    theirs = _pages(plain)
    for rel, path in _pages(ours).items():
        assert _head(path) == _head(theirs[rel]), rel
    assert "<title>Setup - Widget Docs</title>" in _head(ours / "setup" / "index.html")
