"""MkDocs takes the edition's pages from memory, and builds exactly the site it builds from files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, MakeProject, audience, page
from helpers import site_files

from generator.compile import compile_project
from generator.site.edition import SiteJob, pages_in_memory, write_edition
from generator.site.mkdocs_build import build_site

FILES = {
    "audiences/staff.yml": audience("Staff"),
    # No nav: MkDocs orders the navigation as it lists the files, so the order must be its own.
    "content/index.md": page("Home", "# Home\n\nSee [the checklist](floor/checklist.md) and ![a](images/a.svg).\n"),
    "content/zebra.md": page("Zebra", "Last at the top level.\n"),
    "content/floor/z-last.md": page("Z last", "After the index.\n"),
    "content/floor/index.md": page("Floor", "The floor's own page.\n"),
    "content/floor/checklist.md": page("Checklist", "Tick each step.\n"),
    "content/floor/deep/step.md": page("Step", "A page a folder deeper.\n"),
    "content/floor0/other.md": page("Other", "A folder whose name extends another's.\n"),
    "content/drafts/wip.md": page("Work in progress", "Not for the site.\n"),
    "content/images/a.svg": '<svg xmlns="http://www.w3.org/2000/svg"><text>a</text></svg>\n',
}
CONFIG = BASE_CONFIG + "exclude_docs: |\n  drafts/\nnot_in_nav: |\n  zebra.md\n"


def _job(root: Path, work: Path) -> SiteJob:
    compiled = compile_project(root)
    assert not compiled.errors, compiled.errors
    edition = compiled.editions[0]
    project = compiled.project
    return write_edition(project, edition, work / "edition", work / "unused", with_pdf=False)


def test_the_same_site_from_memory_as_from_files(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**FILES, "mkdocs.yml": CONFIG})
    job = _job(root, tmp_path)
    docs = Path(job.docs_dir)
    assert sorted(src for src, _ in job.pages) == [
        "floor/checklist.md",
        "floor/deep/step.md",
        "floor/index.md",
        "floor/z-last.md",
        "floor0/other.md",
        "index.md",
        "zebra.md",
    ]
    assert not list(docs.rglob("*.md")), "the pages were written to disk"

    from_memory = build_site(dataclasses.replace(job, site_dir=str(tmp_path / "from-memory")))
    for src, text in job.pages:
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    from_files = build_site(dataclasses.replace(job, site_dir=str(tmp_path / "from-files"), pages=()))

    assert from_memory.ok and from_files.ok, (from_memory.error, from_files.error)
    assert from_memory.warnings == from_files.warnings
    memory, files = site_files(tmp_path / "from-memory"), site_files(tmp_path / "from-files")
    assert sorted(memory) == sorted(files)
    assert "floor/deep/step/index.html" in memory and "images/a.svg" in memory
    assert [name for name in memory if memory[name] != files[name]] == []


def test_two_pages_for_one_address_are_settled_by_mkdocs_from_files(make_project: MakeProject, tmp_path: Path) -> None:
    """README.md beside index.md: MkDocs keeps index.md and says so; the pages go to disk for it to decide."""
    root = make_project({**FILES, "mkdocs.yml": CONFIG, "content/floor/README.md": page("Read me", "Also here.\n")})
    job = _job(root, tmp_path)
    result = build_site(dataclasses.replace(job, site_dir=str(tmp_path / "site")))
    assert result.ok, result.error
    assert result.warnings == ["Excluding 'floor/README.md' from the site because it conflicts with 'floor/index.md'."]
    assert "own page." in (tmp_path / "site" / "floor" / "index.html").read_text()
    assert (Path(job.docs_dir) / "floor" / "index.md").is_file()


@pytest.mark.parametrize(
    ("config", "in_memory"),
    [
        ({}, True),  # MkDocs' default: search
        ({"plugins": ["search"]}, True),
        ({"plugins": [{"search": {"lang": "en"}}, "offline"]}, True),
        ({"plugins": {"material/search": {}}}, True),
        ({"plugins": None}, True),
        ({"plugins": ["search", "tags"]}, False),  # Material's tags plugin reads page.file.abs_src_path
        ({"plugins": [{"blog": {}}]}, False),
        ({"plugins": ["search"], "hooks": ["hooks.py"]}, False),
        ({"plugins": "search"}, False),  # not a list: MkDocs will say so; nothing is assumed
    ],
)
def test_pages_stay_in_memory_only_for_plugins_that_read_through_mkdocs(config: dict, in_memory: bool) -> None:
    assert pages_in_memory(config) is in_memory


def test_a_plugin_that_reads_files_gets_them_on_disk(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**FILES, "mkdocs.yml": BASE_CONFIG + "plugins:\n  - search\n  - tags\n"})
    job = _job(root, tmp_path)
    assert job.pages == ()
    assert (Path(job.docs_dir) / "floor" / "deep" / "step.md").is_file()
    result = build_site(dataclasses.replace(job, site_dir=str(tmp_path / "site")))
    assert result.ok, result.error
    assert (tmp_path / "site" / "floor" / "deep" / "step" / "index.html").is_file()


def test_the_fingerprint_covers_the_pages_as_mkdocs_gets_them(make_project: MakeProject, tmp_path: Path) -> None:
    """Not only the selection: what the build adds to a page (a link to a kept card) must rebuild it too."""
    import datetime

    from generator.incremental import edition_fingerprint

    root = make_project({**FILES, "mkdocs.yml": CONFIG})
    compiled = compile_project(root)
    job = _job(root, tmp_path)
    src, text = job.pages[0]
    changed = dataclasses.replace(job, pages=((src, text + "\nfieldguide_card added\n"), *job.pages[1:]))

    def fingerprint(site: SiteJob) -> str:
        day = datetime.date(2026, 12, 5)
        return edition_fingerprint(compiled.project, compiled.editions[0], "selection", site, False, "label", day)

    assert fingerprint(job) == fingerprint(dataclasses.replace(job))
    assert fingerprint(job) != fingerprint(changed)
