"""Write one audience's edition as a plain MkDocs docs folder, and say how to build it."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import safefiles
from generator.feedback import feedback_enabled
from generator.findings import ContentError, Finding
from generator.links import referenced_files
from generator.model import Project
from generator.select import Edition
from generator.site.capabilities import write_capabilities, write_cards_page, write_stylesheet
from generator.theme import DEFAULT_THEME

# Above this many pages, navigation.sections is turned off (see fast_features).
LARGE_EDITION = 200


@dataclass(frozen=True)
class SiteJob:
    """Everything a worker process needs to build one audience's site."""

    audience: str
    config_file: str
    docs_dir: str
    site_dir: str
    overrides: dict[str, Any]
    notes: tuple[str, ...] = ()  # what Fieldguide changed in the config, and why
    kept_print: str | None = None  # --no-pdf: the published print/ folder, copied into the new site as it was
    # The pages' Markdown (path under docs_dir, text), handed to MkDocs in memory rather than written to
    # docs_dir; empty when they are in docs_dir (see pages_in_memory).
    pages: tuple[tuple[str, str], ...] = ()


def write_edition(
    project: Project, edition: Edition, work: Path, site_dir: Path, with_pdf: bool, kept_print: Path | None = None
) -> SiteJob:
    """Write only what this audience gets into `work/docs`, never the hidden text.

    `kept_print` (with --no-pdf) is the print/ folder already published for this audience: it is kept,
    and the pages link to the handbook and cards it holds, and to no PDF that it lacks.
    """
    root = Path(project.root)
    kept = kept_print if not with_pdf and kept_print is not None and kept_print.is_dir() else None
    kept = None if kept is not None and kept.is_symlink() else kept
    content = root / project.config.docs_dir
    docs = work / "docs"
    docs.mkdir(parents=True)
    in_memory = pages_in_memory(project.config.raw)
    pages: list[tuple[str, str]] = []
    for page in edition.pages:
        card_kept = kept is not None and (kept / "cards" / f"{page.card_name}.pdf").is_file()
        extra: dict[str, Any] = {}
        if page.page.card is not None and (with_pdf or card_kept):
            extra["fieldguide_card"] = f"print/cards/{page.card_name}.pdf"
        if page.summary:
            extra["fieldguide_summary"] = page.summary  # shown under the page's title by overrides/main.html
        pages.append((page.src, page.markdown(extra or None)))
    if not in_memory:
        write_pages(docs, pages)
    wanted = referenced_files(edition, project) | set(project.config.extra_files) | theme_assets(root, project)
    for rel in sorted(wanted):
        source = content / rel
        if source.is_file():
            _refuse_outside(root, source, (root,))
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, docs / rel)
    overrides_dir = _merge_overrides(root, project, work / "overrides")
    notes: list[str] = []
    handbook = with_pdf or (kept is not None and (kept / "handbook.pdf").is_file())
    overrides = _config_overrides(project, edition, overrides_dir, handbook, notes)
    # Capability pages: the data file, the icons and colours, and (with PDFs) the page of cards to print.
    write_capabilities(project, edition, docs)
    overrides["extra_css"] = [*(project.config.raw.get("extra_css") or []), write_stylesheet(project, docs)]
    overrides["extra"]["fieldguide"]["cards"] = write_cards_page(project, edition, docs) if with_pdf else None
    return SiteJob(
        audience=edition.audience.id,
        config_file=str(root / project.config.config_file),
        docs_dir=str(docs),
        site_dir=str(site_dir),
        overrides=overrides,
        notes=tuple(notes),
        kept_print=str(kept) if kept is not None else None,
        pages=tuple(pages) if in_memory else (),
    )


def write_pages(docs: Path, pages: Iterable[tuple[str, str]]) -> None:
    """The pages as files in `docs`; a file already there under a page's name stays as it is."""
    for src, text in pages:
        target = docs / src
        if not os.path.lexists(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


# Plugins known to read a page only through MkDocs (File.content_string), never from its file: with only
# these, the pages need not be written to disk at all. Any other plugin, or a hook, may open
# page.file.abs_src_path itself (Material's blog, meta and tags plugins do), so it gets real files.
_READ_THROUGH_MKDOCS = {"search", "material/search", "offline", "material/offline"}


def pages_in_memory(raw: dict[str, Any]) -> bool:
    """Whether MkDocs may take this project's pages from memory: 432 files fewer to create and remove."""
    plugins = raw.get("plugins", ["search"])
    names = (
        plugins.keys()
        if isinstance(plugins, dict)
        else [next(iter(p), "") if isinstance(p, dict) else p for p in plugins or []]
    )
    return not raw.get("hooks") and all(str(name) in _READ_THROUGH_MKDOCS for name in names)


# A file name in a template override: `{{ 'images/hero.png' | url }}`, `src="assets/logo.svg"`.
_ASSET_IN_TEMPLATE = re.compile(
    r"""["']([^"'{}\s<>]+\.(?:png|jpe?g|gif|svg|webp|avif|ico|pdf|css|js))["']""", re.IGNORECASE
)


def theme_assets(root: Path, project: Project) -> set[str]:
    """Files under content/ that the theme itself shows: theme.favicon, theme.logo, images named in overrides.

    Each site gets them, whichever pages it has; anything else under content/ only when a page points at it.
    """
    content = root / project.config.docs_dir
    theme = project.config.raw.get("theme")
    named: set[str] = set()
    if isinstance(theme, dict):
        named |= {str(theme[key]) for key in ("favicon", "logo") if isinstance(theme.get(key), str)}
    folders = [root / "theme" / "overrides"]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        folders.append(root / str(theme["custom_dir"]))
    for folder in folders:
        for template in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            named |= set(_ASSET_IN_TEMPLATE.findall(template.read_text(encoding="utf-8", errors="replace")))
    named |= _plugin_files(project.config.raw.get("plugins"))
    found = set()
    for name in named:
        rel = posixpath.normpath(name.lstrip("/"))
        if "://" in name or rel.startswith(".."):
            continue
        if (content / rel).is_file():
            found.add(rel)
    return found


def _plugin_files(plugins: Any) -> set[str]:
    """Files under content/ that plugins read themselves: Material's blog reads its authors file."""
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else ((p if isinstance(p, dict) else {p: {}}) for p in plugins or [])
    )
    files: set[str] = set()
    for entry in entries:
        pairs = [entry] if isinstance(entry, tuple) else list(entry.items())
        for name, options in pairs:
            if str(name).split("/")[-1] != "blog":
                continue
            options = options if isinstance(options, dict) else {}
            blog = str(options.get("blog_dir", "blog")).strip("/")
            files.add(str(options.get("authors_file", "{blog}/.authors.yml")).replace("{blog}", blog))
    return files


def _merge_overrides(root: Path, project: Project, target: Path) -> Path:
    """Fieldguide's templates, then the project's own custom_dir and theme/overrides, file by file."""
    sources = [DEFAULT_THEME / "overrides"]
    theme = project.config.raw.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        sources.append(root / str(theme["custom_dir"]))
    sources.append(root / "theme" / "overrides")
    allowed = (root, DEFAULT_THEME)

    def copy(src: str, dst: str) -> object:
        _refuse_outside(root, Path(src), allowed)
        return shutil.copy2(src, dst)

    for source in sources:
        if source.is_dir():
            _refuse_outside(root, source, allowed)
            shutil.copytree(source, target, dirs_exist_ok=True, copy_function=copy)
    target.mkdir(exist_ok=True)
    return target


def _refuse_outside(root: Path, source: Path, allowed: tuple[Path, ...]) -> None:
    """The last fence before a file reaches a site: nothing from outside the project, only regular files.

    The compile step reports these with their lines; this catches whatever might slip past it.
    """
    resolved = source.resolve()
    regular = resolved.is_dir() or resolved.is_file()
    if not any(resolved.is_relative_to(a.resolve()) for a in allowed) or not regular:
        where = safefiles.rel(root, source)
        message = "a symbolic link that leads outside the project, or not a regular file; it is not copied"
        raise ContentError([Finding(where, 1, message)])


def fast_features(features: list[str], pages: int, notes: list[str]) -> list[str]:
    """Material writes the navigation into every page, so its size decides how builds scale.

    `navigation.prune` keeps only the visible part; `navigation.sections` makes every section
    visible, which undoes pruning: measured here, 1683 pages took 200 s with it, 10 s without.
    """
    if "navigation.prune" not in features and "navigation.expand" not in features:
        features.append("navigation.prune")
    if pages > LARGE_EDITION and "navigation.sections" in features:
        features.remove("navigation.sections")
        notes.append(
            f"navigation.sections is off for this edition of {pages} pages (more than {LARGE_EDITION}): "
            "with it, every page would carry the whole navigation and the build would grow with the square "
            "of the page count"
        )
    return features


def _config_overrides(
    project: Project, edition: Edition, overrides_dir: Path, handbook: bool, notes: list[str]
) -> dict[str, Any]:
    raw = project.config.raw
    theme = raw.get("theme") or {"name": "material"}
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    theme["custom_dir"] = str(overrides_dir)
    # Material loads Google Fonts by default; no output may call another host.
    theme["font"] = False
    theme["language"] = edition.audience.lang
    theme["features"] = fast_features(list(theme.get("features") or []), len(edition.pages), notes)
    extensions = [
        e
        for e in raw.get("markdown_extensions") or []
        if e != "pymdownx.snippets" and not (isinstance(e, dict) and "pymdownx.snippets" in e)
    ]
    extra = dict(raw.get("extra") or {})
    extra["fieldguide"] = {
        "audience": edition.audience.name,
        "chooser": "../",
        "handbook": "print/handbook.pdf" if handbook else None,
        "feedback": feedback_enabled(raw),
    }
    overrides: dict[str, Any] = {
        "site_name": edition.site_name,
        "theme": theme,
        "markdown_extensions": extensions,
        "extra": extra,
    }
    if project.config.site_url:
        overrides["site_url"] = project.config.site_url.rstrip("/") + f"/{edition.audience.id}/"
    if edition.nav is not None:
        overrides["nav"] = edition.nav
    return overrides
