"""The files of the installed themes' folders, listed once by the fork server for every audience's process.

Each `mkdocs build` lists every file of the theme's folders (Files.add_files_from_theme, through Jinja's
FileSystemLoader.list_templates) to find the theme's assets: Material's folder holds 14,510 files, most
of them icons, and walking it took 18 ms of each audience's process. A folder of an installed theme does
not change while a command runs, so the server walks it once (`list_installed_themes`) and the processes
forked from it take those names. Only folders inside the interpreter's own package folders are listed
so: a theme installed in editable mode, which its author may be changing while `serve` reuses the
server, is walked every time, as is any other folder (the edition's merged overrides, a project's theme
folder).
"""

from __future__ import annotations

import contextlib
import os
import sysconfig
from typing import Any

import jinja2

from generator.site.environments import on_each_environment

# (folder, followlinks) -> the names Jinja lists for that folder alone; filled only in the fork server.
_LISTED: dict[tuple[str, bool], frozenset[str]] = {}


def _names(folder: str, followlinks: bool) -> frozenset[str]:
    """What Jinja's own FileSystemLoader lists for this one folder."""
    return frozenset(jinja2.FileSystemLoader([folder], followlinks=followlinks).list_templates())


def list_installed_themes() -> None:
    """In the fork server: list the folders of every installed theme, and MkDocs' own templates."""
    import mkdocs.theme
    from mkdocs import utils

    folders = [os.path.join(os.path.abspath(os.path.dirname(mkdocs.theme.__file__)), "templates")]
    for name in utils.get_themes():
        # A theme that cannot be loaded is left to MkDocs, which says what is wrong if a build uses it.
        with contextlib.suppress(Exception):
            folders.append(utils.get_theme_dir(name))
    for folder in filter(installed, folders):
        _LISTED[(folder, False)] = _names(folder, False)


def installed(folder: str) -> bool:
    """Whether `folder` lies inside the interpreter's own package folders (site-packages)."""
    packages = {os.path.realpath(sysconfig.get_path(kind)) for kind in ("purelib", "platlib")}
    real = os.path.realpath(folder)
    return any(os.path.commonpath([real, place]) == place for place in packages)


def list_templates(loader: jinja2.FileSystemLoader) -> list[str]:
    """`loader.list_templates()`: the same names, sorted, with the installed themes' folders as listed."""
    found: set[str] = set()
    for folder in loader.searchpath:
        listed = _LISTED.get((folder, loader.followlinks))
        found |= listed if listed is not None else _names(folder, loader.followlinks)
    return sorted(found)


def use_listed_themes(theme: Any) -> None:
    """Have the Jinja environments this MkDocs theme makes list the installed themes' folders as listed."""
    if not _LISTED:
        return

    def list_as_listed(environment: jinja2.Environment) -> None:
        loader = environment.loader
        if type(loader) is jinja2.FileSystemLoader:  # what MkDocs makes; anything else lists itself
            loader.list_templates = lambda: list_templates(loader)  # type: ignore[method-assign]

    on_each_environment(theme, list_as_listed)
