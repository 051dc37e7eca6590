"""What one audience must not find in its output, and what it may: both as normalised word strings.

Hidden: every line of a page the audience does not get (its title and summary too), and every line
that the permissive reading in structure.py puts inside a block hiding it from the audience.
Visible: the audience's edition, except lines that the permissive reading calls hidden (a broken
scanner could have let them in), plus titles, summaries, terms, names, the site's configuration
and the theme's own words. A hidden piece of text that is also visible is not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.model import Line, Project
from generator.select import Edition, block_shows
from generator.verify.normalize import identifying, words
from generator.verify.structure import Cond, enclosing

_TERM = re.compile(r"(?<!\\)\{\{\s*([^{}]*?)\s*\}\}")
# Inline markup the renderer removes without leaving text: link and image targets, reference
# labels, HTML tags, attribute lists, emoji shortcodes.
_INLINE = re.compile(r"\]\([^()]*(?:\([^()]*\)[^()]*)*\)|\]\[[^\]]*\]|<[^<>]*>|\{[^{}]*\}|:[a-z0-9_+-]+:")
# Footnote references become numbers: the text on either side is matched separately.
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]:?")
# A block line's own syntax: an admonition, tab or block type is not printed as written.
_BLOCK_SYNTAX = re.compile(r"^[\s>]*(?:(?:!!!|\?\?\?\+?|===\+?)\s*[\w-]*|/{3,}\s*[\w-]*\s*\|?)")
_MARKUP_ONLY = re.compile(r"^\s*(?:\[[^\]]+\]:\s*\S+.*|(?:`{3,}|~{3,}).*|[|:\-\s]+)$")


@dataclass(frozen=True)
class Needle:
    """One identifying piece of a hidden line."""

    path: str
    lineno: int
    text: str  # the line as written, for the message
    normal: str
    in_code: bool  # the audience's edition keeps this line as code: allowed inside code elements only


@lru_cache(maxsize=1 << 16)
def fragments(text: str) -> tuple[str, ...]:
    """The identifying word strings of one source line, its Markdown markup removed."""
    if _MARKUP_ONLY.match(text):
        return ()
    text = _INLINE.sub("", _BLOCK_SYNTAX.sub("", text))
    return tuple(n for n in (words(part) for part in _FOOTNOTE.split(text)) if identifying(n))


def fill_terms(text: str, terms: dict[str, str]) -> str:
    return _TERM.sub(lambda m: terms.get(m[1], m[0]), text) if "{{" in text else text


def _hides(conditions: tuple[Cond, ...], edition: Edition) -> bool:
    audience = edition.audience
    return any(c.keyword == "?" or not block_shows(c.keyword, c.ids, audience) for c in conditions)


def hidden_and_visible(project: Project, edition: Edition) -> tuple[list[Needle], list[str], list[str]]:
    """Hidden pieces; visible text; and text the audience is shown only as code (examples of blocks)."""
    terms = dict(edition.audience.spec.terms)
    needles: list[Needle] = []
    as_code: list[str] = []
    visible: list[str] = list(_visible_extras(project, edition))
    for page in project.pages:
        lines = [item.line for item in page.items]
        given = edition.page(page.src)
        code_lines = set()
        if given:
            code_lines = {(ln.path, ln.lineno) for ln, code in zip(given.lines, given.is_code, strict=True) if code}
        conditions, markup = enclosing(lines)
        suspect: set[tuple[str, int]] = set()
        for index, line in enumerate(lines):
            if index in markup or (given and not _hides(conditions[index], edition)):
                continue
            suspect.add((line.path, line.lineno))
            in_code = (line.path, line.lineno) in code_lines
            for normal in fragments(fill_terms(line.text, terms)):
                needles.append(Needle(line.path, line.lineno, line.text.strip(), normal, in_code))
                if in_code:
                    as_code.append(normal)
        if given is None:
            for key, value in (("title", page.meta.title), ("summary", page.meta.summary)):
                for normal in fragments(fill_terms(value or "", terms)):
                    needles.append(Needle(page.path, page.line_of(key), (value or "").strip(), normal, False))
        else:
            visible += _visible_lines(given.lines, suspect)
    return needles, visible, as_code


def _visible_lines(lines: Iterable[Line], suspect: set[tuple[str, int]]) -> Iterator[str]:
    for line in lines:
        if (line.path, line.lineno) not in suspect:
            yield from fragments(line.text)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _visible_extras(project: Project, edition: Edition) -> Iterator[str]:
    audience = edition.audience
    plain = [edition.site_name, audience.name, audience.description or "", audience.id, project.config.site_name]
    plain += list(audience.spec.terms.values())
    plain += list(_strings(edition.nav))
    # Copyright, descriptions, social links: shown to all. Not `nav`: its titles of hidden pages are not.
    plain += list(_strings({k: v for k, v in project.config.raw.items() if k != "nav"}))
    for page in edition.pages:
        plain += [page.title, page.summary or "", page.url, page.src, page.page.meta.owner or ""]
    for text in plain:
        yield words(text)
    yield from _theme_words(project, audience.lang)


def _theme_words(project: Project, lang: str) -> Iterator[str]:
    # Read on every build, not cached: `serve` rebuilds in one process while templates change.
    return _read_theme_words(Path(project.root) / "theme", lang)


def _read_theme_words(project_theme: Path, lang: str) -> Iterator[str]:
    """Material's interface strings in the audience's language, and the text of the templates in use."""
    from generator.theme import DEFAULT_THEME
    from generator.verify.outputs import material_dir

    files = [material_dir() / "partials" / "languages" / f"{lang}.html"]
    files.append(material_dir() / "partials" / "languages" / "en.html")
    for folder in (DEFAULT_THEME, project_theme):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".css") and p.is_file())
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for part in re.split(r"\{[{%#].*?[}%#]\}|<[^<>]*>|\"", text, flags=re.S):
            yield words(part)
