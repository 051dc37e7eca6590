"""The installed themes' folders listed once by the fork server (generator/site/theme_files.py)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from mkdocs import utils
from mkdocs.theme import Theme

from generator.site import theme_files

MKDOCS_TEMPLATES = os.path.join(os.path.abspath(os.path.dirname(utils.__file__)), os.pardir, "templates")


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, bool], frozenset[str]]:
    """The listing the fork server makes, made in this process and dropped after the test."""
    monkeypatch.setattr(theme_files, "_LISTED", {})
    theme_files.list_installed_themes()
    return theme_files._LISTED


def overrides(folder: Path) -> Path:
    for rel in ("main.html", "partials/footer.html", "assets/extra.css", ".hidden/x.css", "deep/er/still.js"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(rel, encoding="utf-8")
    return folder


def test_the_names_are_those_jinja_lists(listed: dict[tuple[str, bool], frozenset[str]], tmp_path: Path) -> None:
    material = utils.get_theme_dir("material")
    assert (material, False) in listed and len(listed[(material, False)]) > 1000  # its icons
    loader = jinja2.FileSystemLoader([str(overrides(tmp_path)), material, os.path.normpath(MKDOCS_TEMPLATES)])
    assert theme_files.list_templates(loader) == loader.list_templates()


def test_a_folder_the_server_did_not_list_is_walked_every_time(
    listed: dict[tuple[str, bool], frozenset[str]], tmp_path: Path
) -> None:
    loader = jinja2.FileSystemLoader([str(overrides(tmp_path)), utils.get_theme_dir("material")])
    assert "late.css" not in theme_files.list_templates(loader)
    (tmp_path / "late.css").write_text("", encoding="utf-8")
    assert "late.css" in theme_files.list_templates(loader)
    # Following links is another listing: never taken from the server's.
    following = jinja2.FileSystemLoader([utils.get_theme_dir("material")], followlinks=True)
    listed[(utils.get_theme_dir("material"), False)] = frozenset({"only-this.css"})
    assert theme_files.list_templates(following) == following.list_templates()


def test_the_theme_lists_what_the_server_listed(listed: dict[tuple[str, bool], frozenset[str]], tmp_path: Path) -> None:
    """MkDocs' environment takes the server's names: shown with a listing that no walk would give."""
    theme = Theme(name="material", custom_dir=str(overrides(tmp_path)))
    before = theme.get_env().list_templates()
    listed[(utils.get_theme_dir("material"), False)] = frozenset({"only-this.css"})
    theme_files.use_listed_themes(theme)
    names = theme.get_env().list_templates()
    assert "only-this.css" in names and "main.html" in names and "partials/footer.html" in names
    assert "404.html" in before and "404.html" not in names  # Material's own, no longer walked


def test_without_the_server_s_listing_the_theme_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theme_files, "_LISTED", {})
    theme = Theme(name="material")
    make_environment = theme.get_env
    theme_files.use_listed_themes(theme)
    assert theme.get_env == make_environment


def test_only_folders_of_installed_packages_are_listed_ahead(tmp_path: Path) -> None:
    """A theme in editable mode lives in its author's folder, and may change while `serve` runs: walked each time."""
    assert theme_files.installed(utils.get_theme_dir("material"))
    assert not theme_files.installed(str(tmp_path))
    (tmp_path / "site-packages").symlink_to(utils.get_theme_dir("material"))  # a link into them counts as them
    assert theme_files.installed(str(tmp_path / "site-packages"))
