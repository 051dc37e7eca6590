"""Read an audience's output files as lists of normalised lines (see normalize.py and matcher.py)."""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from generator.verify.normalize import html_words, pdf_variants, words

# Output files that can carry text: pages, search index, sitemap (plain or gzip), PDFs, copied text.
TEXT_SUFFIXES = frozenset({".html", ".htm", ".svg", ".json", ".xml", ".txt", ".md", ".csv", ".pdf", ".gz"})
# Text inside these is code: a hidden line that the edition keeps as code may appear there.
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_MAX_GZ = 64 * 1024 * 1024
_SHOWN_NAMES = tuple(f"{n}{eq}" for n in ("alt", "title", "aria-label", "placeholder", "content") for eq in ("=", " ="))
_SHOWN_ATTRS = re.compile(
    r"""\s(?:alt|title|aria-label|placeholder|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I
)


# Where an HTML file is cut into units: before the lines that open or close the blocks of a page.
# Material writes its header, navigation and footer on every page, so the units of a big site
# repeat and each distinct one is read once: measured on 432 pages, 830,000 lines; 53,500 units,
# 3,200 distinct, 1.4 MB of 17 MB. Where to cut changes the speed only: joined again the units give
# the file back, and the HTML parser's state is checked at every cut (references.py).
_UNIT = re.compile(r"\n(?=[ \t]*<(?:li|/?ul|/?nav|/?div|footer|header|script|/?article)[\s>])")


def units(markup: str) -> list[str]:
    """The markup cut before each list item; joined again they give the markup back exactly."""
    parts = _UNIT.split(markup)
    return [part + "\n" for part in parts[:-1]] + parts[-1:]


@cache
def material_dir() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


class TextReader:
    """HTML to normalised lines with a cache of lines already read."""

    def __init__(self) -> None:
        self._units: dict[str, str] = {}
        self._lines: dict[str, str] = {}

    def html(self, units: list[str]) -> list[str]:
        """The words of each unit (see units()); a unit not read before is read line by line."""
        cache, lines_read = self._units, self._lines
        for unit in set(units).difference(cache):
            lines = unit.splitlines(keepends=True)
            for line in set(lines).difference(lines_read):
                lines_read[line] = html_words(line)
            text = " ".join(filter(None, map(lines_read.__getitem__, lines)))
            # Attribute values a reader is shown (alt text, tooltips): matched apart from the text,
            # so that a hidden line is never found across the two.
            shown = []
            lowered = unit.lower()
            if any(name in lowered for name in _SHOWN_NAMES):  # a quick look first: most units have none
                shown = [words(html.unescape(next(v for v in m if v))) for m in _SHOWN_ATTRS.findall(unit) if any(m)]
            cache[unit] = " \n ".join([text, *filter(None, shown)]) if shown else text
        return list(filter(None, map(cache.__getitem__, units)))

    def outside_code(self, lines: list[str]) -> list[str]:
        return self.html(units(_CODE.sub(" ", "".join(lines))))


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def pdf_text(path: Path) -> str:
    """pdftotext (poppler, C): measured several times faster than pypdf on our handbooks; see README."""
    try:
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"cannot read the text of {path.name} with pdftotext: {exc}") from exc
    return done.stdout.decode("utf-8", "replace")


def other_text(path: Path) -> tuple[str, list[str]] | list[list[str]]:
    """A file other than HTML: ('markup', lines) for JSON and XML; a list of word texts for the rest."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return [[variant] for variant in pdf_variants(pdf_text(path)) if variant]
    if suffix == ".gz":
        with gzip.open(path) as stream:
            raw = stream.read(_MAX_GZ)
        suffix = Path(path.stem).suffix.lower()
    else:
        raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    if suffix == ".json":
        with contextlib.suppress(ValueError):
            text = "\n".join(_json_strings(json.loads(text)))
    elif suffix not in (".xml", ".html", ".htm", ".svg"):
        return [[w] for w in [words(text)] if w]
    return ("markup", units(text))
