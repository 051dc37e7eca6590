"""Material's navigation rendered once per branch (generator/site/nav_memo.py): the same bytes, found faster."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import material as material_package
import pytest
from conftest import REPO
from helpers import site_files
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils import normalize_url

from generator.compile import compile_project
from generator.site import nav_memo
from generator.site.edition import write_edition
from generator.site.mkdocs_build import build_site as fieldguide_build_site

FEATURES = {
    "sections": ["navigation.sections"],
    "tabs-sections-indexes": ["navigation.tabs", "navigation.sections", "navigation.indexes"],
    "prune": ["navigation.sections", "navigation.prune"],
    "expand-indexes": ["navigation.expand", "navigation.indexes"],
    "none": [],
}


def write_project(
    root: Path, features: list[str], directory_urls: bool, plugins: str = "[search]", listed_nav: bool = True
) -> Path:
    """Pages at three depths, sections with and without index pages, links out and up, a page not in the nav."""
    pages = {
        "index.md": "# Home\n",
        "about.md": "# About\n",
        "hidden.md": "# Not in the nav\n",
        "guides/index.md": "# Guides\n",
        **{f"guides/g{n}.md": f"# Guide {n}\n\n## Part\n\ntext\n" for n in range(4)},
        **{f"guides/deep/d{n}.md": f"# Deep {n}\n" for n in range(3)},
        **{f"ref/r{n}.md": f"# Ref {n}\n" for n in range(3)},
        "ref/more/index.md": "# More\n",
        "ref/more/m0.md": "# M0\n",
        "guidesx/x.md": "# Shares a prefix of letters, not of folders\n",
    }
    for rel, text in pages.items():
        (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / rel).write_text(text, encoding="utf-8")
    nav = """\
nav:
  - index.md
  - Guides:
      - guides/index.md
      - guides/g0.md
      - guides/g1.md
      - Deeper:
          - guides/deep/d0.md
          - guides/deep/d1.md
          - guides/deep/d2.md
      - guides/g2.md
      - Outside: https://example.org/out/
  - Reference:
      - ref/r0.md
      - ref/r1.md
      - More:
          - ref/more/index.md
          - ref/more/m0.md
      - ref/r2.md
      - Up a level: ../up/
      - Rooted: /rooted/
  - guides/g3.md
  - guidesx/x.md
  - about.md
"""
    config = (
        f"site_name: Memo\nsite_url: https://memo.example/\nuse_directory_urls: {str(directory_urls).lower()}\n"
        f"theme:\n  name: material\n  features: {features}\nplugins: {plugins}\n{nav if listed_nav else ''}"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def build_site(config_file: Path, site: Path, memo: bool) -> list[nav_memo._NavMemo]:
    """Build with plain MkDocs, with or without the memo; the memos of the environments it made (several a build)."""
    config = load_config(str(config_file), site_dir=str(site))
    used: list[nav_memo._NavMemo] = []
    if memo:
        nav_memo.memo_nav(config)
        make = config.theme.get_env

        def get_env() -> jinja2.Environment:
            environment: jinja2.Environment = make()
            if nav_memo._MEMO in environment.globals:
                used.append(environment.globals[nav_memo._MEMO])
            return environment

        config.theme.get_env = get_env  # type: ignore[method-assign]
    build(config)
    return used


@pytest.mark.parametrize("listed_nav", [True, False], ids=["listed-nav", "nav-from-folders"])
@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
@pytest.mark.parametrize("features", list(FEATURES), ids=list(FEATURES))
def test_the_site_is_byte_for_byte_what_material_renders(
    tmp_path: Path, features: str, directory_urls: bool, listed_nav: bool
) -> None:
    config = write_project(tmp_path, FEATURES[features], directory_urls, listed_nav=listed_nav)
    build_site(config, tmp_path / "plain", memo=False)
    memos = build_site(config, tmp_path / "memo", memo=True)
    assert memos and sum(memo.reused for memo in memos) > 0  # used, and found branches to reuse
    plain, memo = site_files(tmp_path / "plain"), site_files(tmp_path / "memo")
    assert sorted(plain) == sorted(memo)
    assert [name for name in plain if plain[name] != memo[name]] == []


def test_the_example_portal_is_byte_for_byte_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through Fieldguide's own build of an edition: its overrides of Material, its features and pages."""
    compiled = compile_project(REPO)
    edition = next(e for e in compiled.editions if e.audience.id == "team-lead")
    job = write_edition(compiled.project, edition, tmp_path / "edition", tmp_path / "unused", with_pdf=False)
    reused: list[int] = []
    memo_call = nav_memo._NavMemo.__call__

    def counted(self: nav_memo._NavMemo, *args: Any) -> Any:
        text = memo_call(self, *args)
        reused.append(self.reused)
        return text

    monkeypatch.setattr(nav_memo._NavMemo, "__call__", counted)
    assert fieldguide_build_site(dataclasses.replace(job, site_dir=str(tmp_path / "memo"))).ok
    assert reused and reused[-1] > 0
    monkeypatch.setattr(nav_memo, "KNOWN_SHA256", "0" * 64)  # Material's own rendering
    assert fieldguide_build_site(dataclasses.replace(job, site_dir=str(tmp_path / "plain"))).ok
    memo, plain = site_files(tmp_path / "memo"), site_files(tmp_path / "plain")
    assert sorted(plain) == sorted(memo) and len(plain) > 50
    assert [name for name in plain if plain[name] != memo[name]] == []


def test_used_with_a_hook_that_acts_before_templates_render(tmp_path: Path) -> None:
    """Every page is read and converted before the first template renders: a title changed then is in every nav."""
    hook = (
        "def on_page_markdown(markdown, page, config, files):\n"
        "    return markdown.replace('# Guide 1', '# Guide one, renamed by a hook')\n"
    )
    (tmp_path / "hook.py").write_text(hook, encoding="utf-8")
    config = write_project(tmp_path, ["navigation.sections"], True, "[search]\nhooks: [hook.py]")
    build_site(config, tmp_path / "plain", memo=False)
    memos = build_site(config, tmp_path / "memo", memo=True)
    assert memos and sum(memo.reused for memo in memos) > 0
    plain, memo = site_files(tmp_path / "plain"), site_files(tmp_path / "memo")
    assert b"Guide one, renamed by a hook" in plain["about/index.html"]
    assert sorted(plain) == sorted(memo)
    assert [name for name in plain if plain[name] != memo[name]] == []


def test_not_used_with_a_plugin_or_hook_that_acts_while_templates_render(tmp_path: Path) -> None:
    (tmp_path / "hook.py").write_text("def on_page_context(context, page, config, nav):\n    return context\n")
    (tmp_path / "post.py").write_text("def on_post_page(output, page, config):\n    return output\n")
    for plugins in ("[search, tags]", "[]\nhooks: [hook.py]", "[search]\nhooks: [post.py]"):
        config = write_project(tmp_path, ["navigation.sections"], True, plugins)
        assert build_site(config, tmp_path / "site", memo=True) == []


def test_not_used_with_an_override_of_the_navigation(tmp_path: Path) -> None:
    material = Path(material_package.__file__).parent / "templates"
    for name in ("partials/nav-item.html", "partials/nav.html", "base.html"):
        shutil.rmtree(tmp_path, ignore_errors=True)
        config = write_project(tmp_path, ["navigation.sections"], True)
        (tmp_path / "overrides" / name).parent.mkdir(parents=True)
        shutil.copy(material / name, tmp_path / "overrides" / name)  # the same text, but the project's own file
        text = config.read_text(encoding="utf-8").replace(
            "name: material\n", "name: material\n  custom_dir: overrides\n"
        )
        config.write_text(text, encoding="utf-8")
        memos = build_site(config, tmp_path / "site", memo=True)
        assert memos and sum(memo.reused for memo in memos) == 0, name


def test_not_used_for_another_version_of_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nav_memo, "KNOWN_SHA256", "0" * 64)
    config = write_project(tmp_path, ["navigation.sections"], True)
    memos = build_site(config, tmp_path / "site", memo=True)
    assert memos and sum(memo.reused for memo in memos) == 0


# Folder names from a small alphabet, so that pages and links often share folders, and file names or not.
_PART = st.sampled_from(["a", "b", "c", "index.html", "p.html"])
_PATH = st.builds(
    lambda parts, slash: "/".join(parts) + ("/" if slash and parts else ""), st.lists(_PART, max_size=4), st.booleans()
)
# And links the memo must not take as paths below the site: up a level, from the root, to another site.
_URL = st.one_of(
    _PATH, _PATH.map(lambda path: "../" + path), _PATH.map(lambda path: "/" + path), st.just("https://x/y/")
)


@settings(max_examples=400, deadline=None)
# A page inside the branch's common folder: its links depend on more than depth and overlap.
@example(links=["a/b/", "a/c/"], first="a/b/p/", second="a/c/p/")
@example(links=["a/b.html", "a/c.html"], first="a/b/index.html", second="a/c/index.html")
@given(links=st.lists(_URL, min_size=1, max_size=5), first=_PATH, second=_PATH)
def test_pages_given_one_key_get_the_same_links(links: list[str], first: str, second: str) -> None:
    """Where the memo reuses a branch for two pages, MkDocs' `url` filter makes each of its links the same for both."""
    branch = nav_memo._Branch(SimpleNamespace(children=[SimpleNamespace(url=url, children=[]) for url in links]))
    memo: Any = nav_memo._NavMemo()
    keys = [branch.key(memo._folder(page)) for page in (first, second)]
    if branch.cacheable and keys[0] is not None and keys[0] == keys[1]:
        pages = [SimpleNamespace(url=first), SimpleNamespace(url=second)]
        links_from = [[normalize_url(url, page=page) for url in links] for page in pages]  # type: ignore[arg-type]
        assert links_from[0] == links_from[1]
