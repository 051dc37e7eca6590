"""Whole-project rules that keep a build from reading outside the project or writing over itself."""

from __future__ import annotations

from pathlib import Path

from generator import safefiles
from generator.findings import Finding
from generator.model import Page, Project
from generator.nav import nav_problems
from generator.select import page_url

# Paths inside each audience's site that Fieldguide writes itself: a page or file there would be overwritten
# by, or overwrite, the handbook and the cards.
RESERVED_OUTPUTS = ("print/handbook.pdf", "print/cards-sheet.pdf", "print/cards")
THEME_TEXT = (".html", ".htm", ".css", ".js", ".xml", ".j2", ".jinja", ".jinja2", ".txt", ".svg")


def project_safety(project: Project) -> list[Finding]:
    root = Path(project.root)
    config = project.config
    folders = [root / config.docs_dir, root / "audiences", *(root / base for base in config.snippet_paths)]
    themes = [root / "theme"]
    theme = config.raw.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        themes.append(root / theme["custom_dir"])
    findings = safefiles.tree_problems(root, folders)
    findings += safefiles.tree_problems(root, themes, THEME_TEXT)
    pages = {p.src for p in project.pages}
    findings += nav_problems(config.nav, pages, config.line_of, config.docs_dir)
    findings += _card_names(project.pages)
    findings += _reserved(project, root)
    return findings


def card_name(src: str) -> str:
    """As EditionPage.card_name: the path without `.md`, `/` as `-`, an index taking its folder's name."""
    stem = src[: -len(".md")]
    folder, _, name = stem.rpartition("/")
    if folder and name in ("index", "README"):
        stem = folder
    return stem.replace("/", "-")


def _card_names(pages: tuple[Page, ...]) -> list[Finding]:
    findings = []
    first: dict[str, Page] = {}
    for page in sorted(pages, key=lambda p: p.path):
        if page.card is None:
            continue
        name = card_name(page.src)
        if name in first:
            message = (
                f"its card would be print/cards/{name}.pdf, the same as {first[name].path}'s; "
                "rename or move one of the two pages"
            )
            findings.append(Finding(page.path, page.line_of("card") if "card" in page.meta_lines else 1, message))
        else:
            first[name] = page
    return findings


def _reserved(project: Project, root: Path) -> list[Finding]:
    directory_urls = bool(project.config.raw.get("use_directory_urls", True))
    findings = []
    for page in project.pages:
        url = page_url(page.src, directory_urls).rstrip("/")
        hit = _reserved_hit(url)
        if hit:
            message = f"this page would be published at {url}, where Fieldguide writes {hit}; move or rename the page"
            findings.append(Finding(page.path, 1, message))
    content = root / project.config.docs_dir
    for hit_dir in ("print",):
        folder = content / hit_dir
        if not folder.is_dir():
            continue
        for here, _, files in safefiles.walk(root, folder):
            for name in files:
                rel = (here / name).relative_to(content).as_posix()
                hit = _reserved_hit(rel)
                if hit and not name.endswith(".md"):
                    message = f"this file would be published at {rel}, where Fieldguide writes {hit}; move it"
                    findings.append(Finding(safefiles.rel(root, here / name), 1, message))
    return findings


def _reserved_hit(path: str) -> str | None:
    for reserved in RESERVED_OUTPUTS:
        if path == reserved or path.startswith(reserved + "/"):
            return reserved
    return None
