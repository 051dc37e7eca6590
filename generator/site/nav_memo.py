"""Material's navigation, rendered once per branch and address depth instead of once per page.

Material renders the whole navigation into every page: its `render` macro in partials/nav-item.html
runs for each of 500 entries on each of 500 pages, a third of MkDocs' time under the profiler. A
branch of the navigation that does not hold the page being rendered comes out the same on every page,
except for its links, which are relative to the page's address. Those links differ only with the
page's folder depth and with how far the page's folder follows the branch's own common folder, as
long as it does not follow all of it (`_Branch.key`). So each such branch is rendered once per
(depth, shared folders) and the text is reused: byte for byte what Material renders, found faster
(one audience of the benchmark's long shape, 501 pages: 1.85 s against 2.14 s of `mkdocs build`).

Only for Material's own nav-item.html, byte for byte the one this was written against (its digest
below), called from Material's own nav.html and base.html, and only when no plugin or hook but search
acts while templates render (`memo_nav`): any other template or theme version, or such a plugin, gets
Material's own rendering. tests/test_nav_memo.py compares whole sites built both ways.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING, Any

import jinja2

from generator.site.environments import on_each_environment

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

TEMPLATE = "partials/nav-item.html"
# Material 9.8.1's partials/nav-item.html. Another version may read the page in other ways: rendered as it is.
KNOWN_SHA256 = "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7"
_SIGNATURE = "{% macro render(nav_item, path, level, parent) %}"
_UNCACHED = "fieldguide_nav_render"
_MEMO = "fieldguide_nav_memo"
# The wrapper keeps the macro's name, so that nav.html's `item.render(...)` goes through the memo.
_WRAPPER = (
    "{% macro render(nav_item, path, level, parent) %}"
    f"{{{{ {_MEMO}({_UNCACHED}, nav_item, path, level, parent, page) }}}}"
    "{% endmacro %}\n"
)
# What calls the macro and sets what it reads besides the page (`features`): Material's own, or no memo.
_AROUND = ("partials/nav.html", "base.html")
_RECURSION = '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'
_RECURSION_MEMO = f'{{{{ {_MEMO}({_UNCACHED}, item, path ~ "_" ~ loop.index, level + 1, nav_item, page) }}}}'
# Material's and MkDocs' search plugins run while pages render, but only read the page they are given
# and change its text. Known by where their class is defined, not by the name a configuration gives.
_SEARCH_PLUGINS = frozenset({"material.plugins.search.plugin", "mkdocs.contrib.search"})
# The events that run once MkDocs renders templates. Every page is read, converted and given its title
# before the first template renders; a plugin or hook with any of these could change what the navigation
# shows (a title, the `url` filter) between one page and the next, which the memo would not see.
_TEMPLATE_EVENTS = (
    "on_env",
    "on_pre_template",
    "on_template_context",
    "on_post_template",
    "on_page_context",
    "on_post_page",
)


def memo_nav(config: MkDocsConfig) -> None:
    """Give the Jinja environment each build of this configuration makes the memo, when it may have it."""
    if not all(_search(plugin) or _outside_templates(plugin) for plugin in config.plugins.values()):
        return

    def use_memo(environment: jinja2.Environment) -> None:
        if environment.loader is not None:
            environment.loader = _MemoLoader(environment.loader)
            environment.globals[_MEMO] = _NavMemo()  # one per environment: it holds that build's navigation

    on_each_environment(config.theme, use_memo)


class _MemoLoader(jinja2.BaseLoader):
    """The theme's own loader, with Material's nav-item.html given the memo'd `render` when it is the known file."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader
        self.has_source_access = loader.has_source_access

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template == TEMPLATE and _is_known(source, filename) and self._material_nav(environment):
            source = source.replace(_SIGNATURE, _SIGNATURE.replace("render(", f"{_UNCACHED}("))
            # Its call for each child goes to the memo directly: a macro call costs more than the lookup.
            source = source.replace(_RECURSION, _RECURSION_MEMO) + _WRAPPER
        return source, filename, uptodate

    def _material_nav(self, environment: jinja2.Environment) -> bool:
        """Material's own nav.html and base.html around it: an override could call the macro with other context."""
        try:
            found = [(self.loader.get_source(environment, name)[1], name) for name in _AROUND]
        except jinja2.TemplateNotFound:
            return False
        return all(_material_file(filename, name) for filename, name in found)

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def _search(plugin: object) -> bool:
    return type(plugin).__module__ in _SEARCH_PLUGINS


def _outside_templates(plugin: object) -> bool:
    """Whether a plugin (or a hook: a module) acts on none of the events that run while templates render."""
    from mkdocs.plugins import BasePlugin

    for event in _TEMPLATE_EVENTS:
        found = getattr(type(plugin) if isinstance(plugin, BasePlugin) else plugin, event, None)
        if found is not None and found is not getattr(BasePlugin, event, None):
            return False
    return True


def _is_known(source: str, filename: str | None) -> bool:
    return (
        _material_file(filename, TEMPLATE)
        and source.count(_SIGNATURE) == 1
        and source.count(_RECURSION) == 1
        and hashlib.sha256(source.encode("utf-8")).hexdigest() == KNOWN_SHA256
    )


def _material_file(filename: str | None, template: str) -> bool:
    """Whether Jinja found `template` in the installed Material's own folder, not in an override."""
    import material

    own = os.path.join(os.path.dirname(os.path.abspath(material.__file__)), "templates", template)
    return filename is not None and os.path.realpath(filename) == os.path.realpath(own)


class _Branch:
    """A navigation entry and what it holds: which pages, and the folders all its links share."""

    def __init__(self, item: Any) -> None:
        from mkdocs.utils import _get_norm_url, _norm_parts

        self.item = item  # held, so that its id() is never another object's during the build
        self.pages: set[int] = set()
        self.cacheable = True
        # What every link relative to the page starts with; None while none is found (then the page's
        # address changes no link at all).
        shared: list[str] | None = None
        stack = [item]
        while stack:
            node = stack.pop()
            if hasattr(node, "pages"):  # a blog view, which Material compares with the page: never cached
                self.cacheable = False
            if getattr(node, "is_page", False):
                self.pages.add(id(node))
            url = getattr(node, "url", None)
            if url is not None:
                if not isinstance(url, str):
                    self.cacheable = False
                    break
                path, up = _get_norm_url(url)
                if up > 0:  # "../": resolved against the page in ways the key does not follow
                    self.cacheable = False
                elif up == 0:
                    parts = _norm_parts(path)
                    shared = parts if shared is None else _common(shared, parts)
            stack.extend(getattr(node, "children", None) or [])
        self.shared = shared

    def key(self, page_folder: list[str]) -> tuple[int, int] | None:
        """What its links depend on for a page in this folder, or None when that is more than depth and overlap."""
        if self.shared is None:
            return (0, 0)
        overlap = len(_common(self.shared, page_folder))
        # Every link starts with `shared`; a folder that leaves it at `overlap` shares exactly `overlap`
        # folders with every link, so each link is '../' * (depth - overlap) + the rest of its own path.
        if overlap >= len(self.shared):
            return None
        return (len(page_folder), overlap)


class _NavMemo:
    """Called by the wrapper macro: Material's text for a branch, rendered now or earlier in this build."""

    def __init__(self) -> None:
        self.branches: dict[int, _Branch] = {}
        self.rendered: dict[tuple[Any, ...], Any] = {}
        self.folders: dict[str, list[str]] = {}
        self.reused = 0  # branches taken from `rendered`: what tests/test_nav_memo.py sees it do

    def __call__(self, render: Any, nav_item: Any, path: Any, level: Any, parent: Any, page: Any) -> Any:
        key = self._key(nav_item, path, level, parent, page)
        if key is None:
            return render(nav_item, path, level, parent)
        text = self.rendered.get(key)
        if text is None:
            text = self.rendered[key] = render(nav_item, path, level, parent)
        else:
            self.reused += 1
        return text

    def _key(self, nav_item: Any, path: Any, level: Any, parent: Any, page: Any) -> tuple[Any, ...] | None:
        url = getattr(page, "url", None)
        if not isinstance(url, str) or not isinstance(path, str) or not isinstance(level, int):
            return None
        if getattr(nav_item, "active", True) is not False:
            return None
        branch = self.branches.get(id(nav_item))
        if branch is None:
            branch = self.branches[id(nav_item)] = _Branch(nav_item)
        if not branch.cacheable or id(page) in branch.pages:
            return None
        where = branch.key(self._folder(url))
        if where is None:
            return None
        parent_active = False if isinstance(parent, jinja2.Undefined) else getattr(parent, "active", None)
        if not isinstance(parent_active, bool):
            return None
        return (id(nav_item), path, level, parent_active, *where)

    def _folder(self, url: str) -> list[str]:
        """The page's folder as MkDocs' get_relative_url reads it: the last part dropped when it names a file."""
        folder = self.folders.get(url)
        if folder is None:
            from mkdocs.utils import _norm_parts

            dirname, _, basename = url.rpartition("/")
            folder = self.folders[url] = _norm_parts(dirname if "." in basename else url)
        return folder


def _common(a: list[str], b: list[str]) -> list[str]:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]
