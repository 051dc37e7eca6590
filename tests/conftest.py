"""Shared fixtures: small project trees written into tmp_path."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# A fresh cache per test run (generator/textcache.py): every run starts cold, later tests find it warm.
if "FIELDGUIDE_CACHE" not in os.environ:
    os.environ["FIELDGUIDE_CACHE"] = tempfile.mkdtemp(prefix="fieldguide-test-cache-")
    atexit.register(shutil.rmtree, os.environ["FIELDGUIDE_CACHE"], True)

REPO = Path(__file__).resolve().parent.parent

BASE_CONFIG = """\
site_name: Test Portal
site_url: https://portal.example/
docs_dir: content
theme:
  name: material
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.blocks.details
  - pymdownx.blocks.admonition
  - pymdownx.tabbed:
      alternate_style: true
"""

MakeProject = Callable[[dict[str, str]], Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write `files` (path -> text, dedented) under tmp_path; add a default mkdocs.yml."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        all_files = {"mkdocs.yml": BASE_CONFIG, **files}
        for rel, text in all_files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


def audience(name: str, description: str = "A test audience.", extra: str = "") -> str:
    """Text of a small audience file."""
    return f"name: {name}\ndescription: {description}\n{textwrap.dedent(extra)}"


def page(title: str, body: str, front: str = "") -> str:
    """Text of a page with front matter."""
    front_text = textwrap.dedent(front).strip()
    meta = f"title: {title}\n" + (front_text + "\n" if front_text else "")
    return f"---\n{meta}---\n{textwrap.dedent(body)}"
