"""Where an address found in the output was written: a page's line, a mkdocs.yml key, or a theme file."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from generator.model import Project
from generator.select import Edition
from generator.verify.references import Reference

_EMOJI_FIX = "set emoji_generator: !!python/name:pymdownx.emoji.to_alt, which writes each emoji as its character"


@dataclass(frozen=True)
class Origin:
    path: str
    line: int
    config_key: str | None = None  # set when the address comes from mkdocs.yml
    shared: bool = False  # the same for every page and audience: reported once, without them
    fix: str | None = None


def config_key(lines: list[str], number: int) -> str:
    """The dotted mkdocs.yml key that line `number` (1-based) belongs to, e.g. `extra.analytics`."""
    path: list[str] = []
    indent = None
    for text in reversed(lines[:number]):
        stripped = text.lstrip(" ")
        width = len(text) - len(stripped)
        key = stripped.split(":", 1)[0].strip() if ":" in stripped and not stripped.startswith("-") else ""
        if key and not key.startswith("#") and (indent is None or width < indent):
            path.insert(0, key)
            indent = width
        elif indent is None and stripped.startswith("-"):
            indent = width + 1  # a list item: its key is the next line above with less indentation
        if indent == 0:
            break
    return ".".join(path) or "mkdocs.yml"


def _find_line(lines: list[str], address: str) -> int | None:
    wanted = address.strip().casefold()
    if not wanted:
        return None
    return next((n for n, text in enumerate(lines, 1) if wanted in text.casefold()), None)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _output_name(url: str, directory_urls: bool) -> str:
    if directory_urls and (not url or url.endswith("/")):
        return f"{url}index.html"
    return url


def trace(project: Project, edition: Edition, output: str, ref: Reference) -> Origin:
    root = Path(project.root)
    config = project.config
    config_lines = config.text.splitlines()
    if any(e in ref.classes for e in ("emoji", "twemoji", "gemoji")):
        line = config.line_of("pymdownx.emoji")
        return Origin(config.config_file, line, "markdown_extensions: pymdownx.emoji", True, _EMOJI_FIX)
    found = _find_line(config_lines, ref.address)
    if found is not None:
        key = config_key(config_lines, found)
        fix = f"copy the file into the project and list its path under {key}"
        return Origin(config.config_file, found, key, True, fix)
    for folder in ("theme", str((config.raw.get("theme") or {}).get("custom_dir") or "theme")):
        base = root / folder
        if base.is_dir() and not base.is_symlink():
            for file in sorted(p for p in base.rglob("*") if p.is_file()):
                found = _find_line(_read_lines(file), ref.address)
                if found is not None:
                    return Origin(file.relative_to(root).as_posix(), found, None, True)
    source = root / config.docs_dir / output
    if source.is_file() and not source.is_symlink():  # a file copied from content/ as it is
        found = _find_line(_read_lines(source), ref.address)
        return Origin(source.relative_to(root).as_posix(), found or 1, None, True)
    directory_urls = bool(config.raw.get("use_directory_urls", True))
    page = next((p for p in edition.pages if _output_name(p.url, directory_urls) == output), None)
    if page is None:
        return Origin(config.config_file, 1)
    wanted = ref.address.strip().casefold()
    for source_line in page.lines:
        if wanted and (wanted in source_line.text.casefold() or wanted in html.unescape(source_line.text).casefold()):
            return Origin(source_line.path, source_line.lineno)
    return Origin(page.page.path, 1)
