"""A catalogue of hostile and broken projects: each a located error (or correct output), within seconds,
never a traceback, and the previously published site exactly as it was.

Cases run in-process through click's CliRunner (fast), under a watchdog that ends the run if one hangs;
HOSTILE_SUBPROCESS=1 runs every case as its own `python -m generator` process with a timeout instead.
"""

from __future__ import annotations

import faulthandler
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from generator.cli import main

LIMIT_SECONDS = 20.0

CONFIG = """\
site_name: Test Portal
site_url: https://portal.example/
docs_dir: content
exclude_docs: |
  _snippets/
theme:
  name: material
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [content/_snippets]
      check_paths: true
"""
BASE = {
    "mkdocs.yml": CONFIG,
    "audiences/_defaults.yml": "terms:\n  assistant: the helper\n",
    "audiences/manager.yml": "name: Managers\ndescription: You decide.\n",
    "audiences/operator.yml": "name: Operators\ndescription: You run the lines.\n",
    "content/index.md": "---\ntitle: Home\n---\n\nAsk {{ assistant }}.\n",
    "content/a.md": "---\ntitle: A\naudiences: [manager]\n---\n\nFor managers.\n",
    "content/_snippets/note.md": "A note.\n",
    "content/images/ok.svg": '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n',
}
KNOWN = "known: manager, operator"
OUTSIDE = "a symbolic link that leads outside the project; copy the file into the project instead"
PIPE = "a named pipe, not a regular file; only regular files are read"
FOLDER = "a folder, not a file; rename the folder so that its name does not end like a file's"

Mutate = Callable[[Path, Path], None]  # (project root, a folder outside the project)


@dataclass(frozen=True)
class Case:
    mutate: Mutate
    expected: list[str]  # lines that must appear, exactly, in the output
    code: int = 1
    args: tuple[str, ...] = ("--no-pdf",)
    env: dict[str, str] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ()  # cases owned by other modules: only where the error is, not its words
    limit: float | None = None  # CPU seconds, when the renderer's own floor is above LIMIT_SECONDS


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def files(entries: dict[str, str | bytes]) -> Mutate:
    def mutate(root: Path, outside: Path) -> None:
        for rel, text in entries.items():
            write(root, rel, text)

    return mutate


def config(extra: str) -> Mutate:
    """Append to mkdocs.yml; its first added line is line 15."""
    return files({"mkdocs.yml": CONFIG + extra})


def symlink(rel: str, target: str, also: dict[str, str | bytes] | None = None) -> Mutate:
    """`rel` becomes a link to `target` in the outside folder; `also` adds files to the project."""

    def mutate(root: Path, outside: Path) -> None:
        write(outside, "secret.md", "---\ntitle: Secret\n---\n\nOUTSIDE-SECRET\n")
        write(outside, "folder/page.md", "---\ntitle: Far\n---\n\nOUTSIDE-SECRET\n")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(outside / target)
        files(also or {})(root, outside)

    return mutate


def fifo(rel: str) -> Mutate:
    def mutate(root: Path, outside: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)

    return mutate


def folder(rel: str) -> Mutate:
    def mutate(root: Path, outside: Path) -> None:
        (root / rel).mkdir(parents=True)

    return mutate


def unknown_at_end(body: str) -> str:
    """A page whose last block names an unknown audience: the error proves the whole page was read."""
    return f"---\ntitle: Big\n---\n{body}\n\n/// only | nobody\nx\n///\n"


def work(where: str, count: int) -> str:
    return (
        f"{where}: this paragraph holds {count} '[' and '<'; the Markdown renderer's time grows with the square "
        "of that number: split the paragraph, or write \\[ and &lt; for literal ones"
    )


BILLION = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
LAUGHS = "---\ntitle: Laughs\nextra_data:\n" + "".join("  " + line + "\n" for line in BILLION.splitlines()) + "---\nx\n"

CASES: dict[str, Case] = {
    # Nothing from outside the project.
    "page-symlink-outside": Case(symlink("content/leak.md", "secret.md"), [f"content/leak.md:1: {OUTSIDE}"]),
    "image-symlink-outside": Case(
        symlink("content/images/p.png", "secret.md", {"content/i.md": "---\ntitle: I\n---\n\n![x](images/p.png)\n"}),
        [f"content/images/p.png:1: {OUTSIDE}"],
    ),
    "folder-symlink-outside": Case(symlink("content/far", "folder"), [f"content/far:1: {OUTSIDE}"]),
    "snippet-symlink-outside": Case(
        symlink("content/_snippets/s.md", "secret.md", {"content/i.md": '---\ntitle: I\n---\n\n--8<-- "s.md"\n'}),
        [f"content/_snippets/s.md:1: {OUTSIDE}"],
    ),
    "theme-symlink-outside": Case(
        symlink("theme/overrides/main.html", "secret.md"), [f"theme/overrides/main.html:1: {OUTSIDE}"]
    ),
    "stylesheet-symlink-outside": Case(
        symlink("content/extra.css", "secret.md", {"mkdocs.yml": CONFIG + "extra_css: [extra.css]\n"}),
        [f"content/extra.css:1: {OUTSIDE}"],
    ),
    "audience-symlink-outside": Case(symlink("audiences/far.yml", "secret.md"), [f"audiences/far.yml:1: {OUTSIDE}"]),
    "page-symlink-loop": Case(
        lambda root, outside: (root / "content" / "self.md").symlink_to(root / "content" / "self.md"),
        ["content/self.md:1: a symbolic link in a loop; remove it"],
    ),
    "snippet-named-pipe": Case(
        lambda root, outside: (
            os.mkfifo(root / "content" / "_snippets" / "pipe.md"),
            write(root, "content/i.md", '---\ntitle: I\n---\n\n--8<-- "pipe.md"\n'),
        ),
        [f"content/_snippets/pipe.md:1: {PIPE}"],
    ),
    "page-too-big": Case(
        files({"content/huge.md": "---\ntitle: Huge\n---\n" + "x" * (17 * 1024 * 1024)}),
        ["content/huge.md:1: larger than 16 MB; split it into smaller files"],
    ),
    "link-outside-content": Case(
        files({"content/i.md": "---\ntitle: I\n---\n\n![x](../../../etc/passwd)\n"}),
        [
            f"content/i.md:5: [{aid}] '../../../etc/passwd' points outside content/; "
            "only files inside content/ are published"
            for aid in ("manager", "operator")
        ],
    ),
    "absolute-path-html-image": Case(
        files({"content/i.md": '---\ntitle: I\n---\n\n<img alt="x" src="/etc/passwd">\n'}),
        [
            f"content/i.md:5: [{aid}] '/etc/passwd' is an absolute path; write the path relative to this page, "
            "to a file in the project"
            for aid in ("manager", "operator")
        ],
    ),
    "extra-css-file-url": Case(
        config("extra_css: ['file:///etc/passwd']\n"),
        [
            "mkdocs.yml:15: extra_css entry 'file:///etc/passwd' is outside the docs folder; "
            "put the file there, relative to it"
        ],
    ),
    "mkdocs-aliases-that-multiply": Case(
        config("extra:\n" + "".join("  " + line + "\n" for line in BILLION.splitlines())),
        [
            "mkdocs.yml:15: 'extra' holds more than 100000 values once aliases are expanded; "
            "write the values out without aliases"
        ],
    ),
    "mkdocs-recursive-alias": Case(
        config("extra: &a {b: *a}\n"),
        ["mkdocs.yml:15: 'extra' refers to itself through an alias; write the values out without aliases"],
    ),
    "file-url-image": Case(
        files({"content/i.md": "---\ntitle: I\n---\n\n![x](file:///etc/passwd)\n"}),
        [
            f"content/i.md:5: [{aid}] 'file:///etc/passwd' is a file: address, a file on the build machine; "
            "link to a file in the project instead"
            for aid in ("manager", "operator")
        ],
    ),
    "file-url-html": Case(
        files({"content/i.md": '---\ntitle: I\n---\n\n<img alt="x" src="FILE:///etc/passwd">\n'}),
        [
            f"content/i.md:5: [{aid}] 'FILE:///etc/passwd' is a file: address, a file on the build machine; "
            "link to a file in the project instead"
            for aid in ("manager", "operator")
        ],
    ),
    "file-url-reference": Case(
        files({"content/i.md": "---\ntitle: I\n---\n\n![x][p]\n\n[p]: file:///etc/passwd\n"}),
        [
            f"content/i.md:7: [{aid}] 'file:///etc/passwd' is a file: address, a file on the build machine; "
            "link to a file in the project instead"
            for aid in ("manager", "operator")
        ],
    ),
    "absolute-path-image": Case(
        files({"content/i.md": "---\ntitle: I\n---\n\n![x](/etc/passwd)\n"}),
        [
            f"content/i.md:5: [{aid}] '/etc/passwd' is an absolute path; write the path relative to this page, "
            "to a file in the project"
            for aid in ("manager", "operator")
        ],
    ),
    "absolute-path-link": Case(
        files({"content/i.md": "---\ntitle: I\n---\n\nSee [hosts](/etc/hosts).\n"}),
        [
            f"content/i.md:5: [{aid}] '/etc/hosts' is an absolute path; write the path relative to this page, "
            "to a file in the project"
            for aid in ("manager", "operator")
        ],
    ),
    "extra-css-absolute": Case(
        config("extra_css: [/etc/hostname]\n"),
        [
            "mkdocs.yml:15: extra_css entry '/etc/hostname' is outside the docs folder; put the file there, "
            "relative to it"
        ],
    ),
    "extra-javascript-parent": Case(
        config("extra_javascript: [../x.js]\n"),
        [
            "mkdocs.yml:15: extra_javascript entry '../x.js' is outside the docs folder; "
            "put the file there, relative to it"
        ],
    ),
    "docs-dir-outside": Case(
        files({"mkdocs.yml": CONFIG.replace("docs_dir: content", "docs_dir: /etc")}),
        [
            "mkdocs.yml:3: docs_dir '/etc' is not a folder inside the project, once symbolic links are resolved; "
            "keep the pages in the project, in docs_dir: content"
        ],
    ),
    "content-folder-symlink-outside": Case(
        lambda root, outside: (
            symlink("elsewhere", "folder")(root, outside),
            shutil.rmtree(root / "content"),
            (root / "content").symlink_to(root / "elsewhere"),
        ),
        [
            "mkdocs.yml:3: docs_dir 'content' is not a folder inside the project, once symbolic links are resolved; "
            "keep the pages in the project, in docs_dir: content",
            f"content:1: {OUTSIDE}",
        ],
    ),
    "theme-folder-symlink-outside": Case(symlink("theme", "folder"), [f"theme:1: {OUTSIDE}"]),
    "custom-dir-outside": Case(
        files({"mkdocs.yml": CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: /etc\n")}),
        ["mkdocs.yml:8: theme custom_dir '/etc' is not a folder inside the project; use theme/overrides"],
    ),
    # Only regular files are read.
    "page-named-pipe": Case(fifo("content/x.md"), [f"content/x.md:1: {PIPE}"]),
    "audience-named-pipe": Case(fifo("audiences/x.yml"), [f"audiences/x.yml:1: {PIPE}"]),
    "image-named-pipe": Case(fifo("content/images/p.png"), [f"content/images/p.png:1: {PIPE}"]),
    "page-is-a-folder": Case(folder("content/x.md"), [f"content/x.md:1: {FOLDER}"]),
    "audience-is-a-folder": Case(folder("audiences/x.yml"), [f"audiences/x.yml:1: {FOLDER}"]),
    "template-utf16": Case(
        files({"theme/print/handbook.html": "<html>\n</html>\n".encode("utf-16")}),
        ["theme/print/handbook.html:1: UTF-16 or UTF-32 text; save the file as UTF-8"],
    ),
    "stylesheet-latin1": Case(
        files({"theme/print/print.css": "body {}\n/* caf\u00e9 */\n".encode("latin-1")}),
        ["theme/print/print.css:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
    ),
    "page-utf16": Case(
        files({"content/u.md": "---\ntitle: U\n---\n\nx\n".encode("utf-16")}),
        ["content/u.md:1: UTF-16 or UTF-32 text; save the file as UTF-8"],
    ),
    "page-binary": Case(
        files({"content/b.md": b"---\ntitle: B\n\x00\x01\x02---\n"}),
        ["content/b.md:3: a binary file, not text (it holds a NUL byte); only UTF-8 text is read"],
    ),
    "page-latin1": Case(
        files({"content/l.md": "---\ntitle: L\n---\n\ncaf\u00e9\n".encode("latin-1")}),
        ["content/l.md:5: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
    ),
    "audience-latin1": Case(
        files({"audiences/x.yml": "name: Caf\u00e9\ndescription: y\n".encode("latin-1")}),
        ["audiences/x.yml:1: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
    ),
    "snippet-latin1": Case(
        files(
            {
                "content/_snippets/bad.md": "caf\u00e9\n".encode("latin-1"),
                "content/i.md": '---\ntitle: I\n---\n\n--8<-- "bad.md"\n',
            }
        ),
        [],
        prefixes=("content/",),
    ),
    "snippet-includes-itself": Case(
        files(
            {
                "content/_snippets/loop.md": 'again\n--8<-- "loop.md"\n',
                "content/i.md": '---\ntitle: I\n---\n\n--8<-- "loop.md"\n',
            }
        ),
        [],
        prefixes=("content/",),
    ),
    # Bounded inputs: each of these is read to its end within seconds.
    "page-5-mb": Case(
        files({"content/big.md": unknown_at_end("\n\n".join(["A plain sentence about the line."] * 160_000))}),
        [f"content/big.md:320004: unknown audience 'nobody'; {KNOWN}"],
        # check reads the rendered page: Python-Markdown alone needs about 19 s of CPU for 5 MB here,
        # as long as MkDocs would take to build it. Bounded, not "within seconds".
        limit=60.0,
    ),
    "line-1-mb": Case(
        files({"content/long.md": unknown_at_end("word " * 210_000)}),
        [f"content/long.md:6: unknown audience 'nobody'; {KNOWN}"],
    ),
    "line-of-brackets": Case(
        files({"content/br.md": unknown_at_end("[" * 200_000)}),
        [work("content/br.md:4", 200000)],
    ),
    "line-of-open-links": Case(
        files({"content/br.md": unknown_at_end("[a](" * 50_000)}),
        [work("content/br.md:4", 50000)],
    ),
    "line-of-images": Case(
        files({"content/br.md": unknown_at_end("![a](b " * 40_000)}),
        [work("content/br.md:4", 40000)],
    ),
    "line-of-braces": Case(
        files({"content/br.md": unknown_at_end("{{" * 100_000)}),
        [f"content/br.md:6: unknown audience 'nobody'; {KNOWN}"],
    ),
    # Valid Markdown that Python-Markdown itself would take hours over: refused before MkDocs sees it.
    "renderer-line-of-brackets": Case(
        files({"content/br.md": "---\ntitle: Br\n---\n\n" + "[" * 200_000 + "\n"}), [work("content/br.md:5", 200_000)]
    ),
    "renderer-line-of-open-links": Case(
        files({"content/br.md": "---\ntitle: Br\n---\n\n" + "[a](" * 50_000 + "\n"}), [work("content/br.md:5", 50_000)]
    ),
    "renderer-html-tags": Case(
        files({"content/br.md": "---\ntitle: Br\n---\n\ntext " + "<a " * 50_000 + "\n"}),
        [work("content/br.md:5", 50_000)],
    ),
    "renderer-paragraph-of-brackets": Case(
        files({"content/br.md": "---\ntitle: Br\n---\n\n" + "x [\n" * 20_000}), [work("content/br.md:5", 20_000)]
    ),
    "yaml-flow-nesting": Case(
        files({"content/n.md": "---\ntitle: N\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nx\n"}),
        ["content/n.md:3: malformed YAML in front matter: nested more than 100 levels deep; flatten it"],
    ),
    # YAML.
    "duplicate-front-matter-key": Case(
        files({"content/d.md": "---\ntitle: D\naudiences: [manager]\naudiences: all\n---\nx\n"}),
        [
            "content/d.md:4: malformed YAML in front matter: duplicate key 'audiences': it is also set at line 3; "
            "keep one of the two"
        ],
    ),
    "duplicate-audience-key": Case(
        files({"audiences/manager.yml": "name: Managers\ndescription: x\nname: Bosses\n"}),
        [
            "audiences/manager.yml:3: malformed YAML: duplicate key 'name': it is also set at line 1; keep one "
            "of the two"
        ],
    ),
    "duplicate-mkdocs-key": Case(
        config("site_name: Again\n"),
        ["mkdocs.yml:15: duplicate key 'site_name': it is also set at line 1; keep one of the two"],
    ),
    "timestamp-tag": Case(
        files({"content/t.md": "---\ntitle: T\nwhen: !!timestamp x\n---\nx\n"}),
        ["content/t.md:3: malformed YAML in front matter: 'x' is not a real date; write a date as YYYY-MM-DD"],
    ),
    "int-tag": Case(
        files({"audiences/manager.yml": "name: Managers\ndescription: x\nprint:\n  base_font_pt: !!int many\n"}),
        [
            "audiences/manager.yml:4: malformed YAML: 'many' is not a valid int; fix the value, "
            "or remove the tag '!!int'"
        ],
    ),
    "impossible-date": Case(
        files({"content/r.md": "---\ntitle: R\nreview_by: 2027-02-30\n---\nx\n"}),
        [
            "content/r.md:3: malformed YAML in front matter: '2027-02-30' is not a real date "
            "(day is out of range for month); write a date as YYYY-MM-DD"
        ],
    ),
    "recursive-alias": Case(
        files({"content/r.md": "---\ntitle: R\nloop: &a [*a]\n---\nx\n"}),
        [
            "content/r.md:3: malformed YAML in front matter: an alias refers to a value that contains it; remove "
            "the loop"
        ],
    ),
    "aliases-that-multiply": Case(
        files({"content/l.md": LAUGHS}),
        [
            "content/l.md:4: malformed YAML in front matter: more than 100000 values once aliases are expanded; "
            "write the values out"
        ],
    ),
    "aliases-that-multiply-in-audience": Case(
        files({"audiences/manager.yml": "name: M\ndescription: x\n" + BILLION}),
        [
            "audiences/manager.yml:3: malformed YAML: more than 100000 values once aliases are expanded; write "
            "the values out"
        ],
    ),
    "python-tag": Case(
        files({"audiences/manager.yml": "name: !!python/object/apply:os.system [echo]\ndescription: x\n"}),
        ["audiences/manager.yml:1: malformed YAML: unknown tag '!!python/object/apply:os.system'; remove the tag"],
    ),
    "audiences-empty": Case(
        files({"content/e.md": "---\ntitle: E\naudiences:\n---\nx\n"}),
        ["content/e.md:3: audiences: is empty, which would show the page to no one; list audience ids, or write all"],
    ),
    "audiences-empty-list": Case(
        files({"content/e.md": "---\ntitle: E\naudiences: []\n---\nx\n"}),
        ["content/e.md:3: audiences: is empty, which would show the page to no one; list audience ids, or write all"],
    ),
    "audience-yml-and-yaml": Case(
        files({"audiences/manager.yaml": "name: Other managers\ndescription: x\n"}),
        ["audiences/manager.yaml:1: audiences/manager.yml describes the same audience; keep one of the two files"],
    ),
    # mkdocs.yml values of the wrong type.
    "nav-not-a-list": Case(
        config("nav: 5\n"),
        ["mkdocs.yml:15: nav must be a list of pages and sections, such as nav: [index.md, {Help: help.md}]"],
    ),
    "nav-missing-page": Case(
        config("nav:\n  - index.md\n  - Gone: gone.md\n"),
        ["mkdocs.yml:17: nav entry 'gone.md' is not a page in content/; fix the path or remove the entry"],
    ),
    "nav-entry-number": Case(
        config("nav:\n  - index.md\n  - Five: 5\n"),
        ["mkdocs.yml:17: nav entry 'Five: 5' is neither a page nor a section; write 'Title: page.md' or a list"],
    ),
    "site-url-number": Case(
        files({"mkdocs.yml": CONFIG.replace("site_url: https://portal.example/", "site_url: 5")}),
        ["mkdocs.yml:2: site_url must be the portal's address, such as https://portal.example/; not 5"],
    ),
    "snippet-base-path-number": Case(
        files({"mkdocs.yml": CONFIG.replace("base_path: [content/_snippets]", "base_path: 5")}),
        ["mkdocs.yml:13: base_path must be a folder or a list of folders, such as [content/_snippets]"],
    ),
    "snippet-base-path-outside": Case(
        files({"mkdocs.yml": CONFIG.replace("base_path: [content/_snippets]", "base_path: [/etc]")}),
        ["mkdocs.yml:13: snippet base_path '/etc' is outside the project; use a folder in it"],
    ),
    # Content that would be silently wrong.
    "term-two-words": Case(
        files({"content/w.md": "---\ntitle: W\naudiences: [manager]\n---\n\nAsk {{ two words }}.\n"}),
        [
            "content/w.md:6: [manager] '{{ two words }}' is not a term: a key is letters, digits, '_', '.' or '-', "
            "such as {{ assistant }}; write \\{{ for a literal {{"
        ],
    ),
    "page-at-handbook-path": Case(
        files({"content/print/handbook.pdf.md": "---\ntitle: H\n---\nx\n"}),
        [
            "content/print/handbook.pdf.md:1: this page would be published at print/handbook.pdf, "
            "where Fieldguide writes print/handbook.pdf; move or rename the page"
        ],
    ),
    "file-at-cards-path": Case(
        files({"content/print/cards/x.pdf": "%PDF-1.4\n"}),
        [
            "content/print/cards/x.pdf:1: this file would be published at print/cards/x.pdf, "
            "where Fieldguide writes print/cards; move it"
        ],
    ),
    "card-name-collision": Case(
        files(
            {
                "content/a-b.md": "---\ntitle: AB\ncard: true\n---\nx\n",
                "content/a/b.md": "---\ntitle: A/B\ncard: true\n---\nx\n",
            }
        ),
        [
            "content/a/b.md:3: its card would be print/cards/a-b.pdf, the same as content/a-b.md's; "
            "rename or move one of the two pages"
        ],
    ),
    # Templates and hooks that fail inside MkDocs.
    "template-syntax-error": Case(
        files({"theme/overrides/main.html": '{% extends "base.html" %}\n{% block content %\n'}),
        [
            f"theme/overrides/main.html:2: [{aid}] template error: TemplateSyntaxError: expected token "
            "'end of statement block', got '%'; fix the template"
            for aid in ("manager", "operator")
        ],
    ),
    "template-undefined": Case(
        files(
            {
                "theme/overrides/main.html": '{% extends "base.html" %}\n{% block content %}\n'
                "{{ page.nope.deeper }}\n{% endblock %}\n"
            }
        ),
        [
            f"theme/overrides/main.html:3: [{aid}] template error: UndefinedError: "
            "'mkdocs.structure.pages.Page object' has no attribute 'nope'; fix the template"
            for aid in ("manager", "operator")
        ],
    ),
    "chooser-template-error": Case(
        files({"theme/chooser.html": "<html>\n{{ nothing_here.x }}\n</html>\n"}),
        ["theme/chooser.html:2: template error: UndefinedError: 'nothing_here' is undefined; fix the template"],
    ),
    "hook-raises": Case(
        files(
            {
                "mkdocs.yml": CONFIG + "hooks:\n  - hooks.py\n",
                "hooks.py": "def on_page_markdown(markdown, **kwargs):\n    raise RuntimeError('boom')\n",
            }
        ),
        [
            f"mkdocs.yml:16: [{aid}] the MkDocs hook hooks.py failed at its line 2: RuntimeError: boom; fix the hook"
            for aid in ("manager", "operator")
        ],
    ),
    "print-template-error": Case(
        files(
            {
                "content/i.md": "---\ntitle: I\ncard: true\n---\nx\n",
                "theme/print/handbook.html": "<html>\n<body>\n{{ nothing_here.x }}\n</body>\n</html>\n",
            }
        ),
        [
            f"theme/print/handbook.html:3: [{aid}] template error: UndefinedError: 'nothing_here' is undefined; "
            "fix the template"
            for aid in ("manager", "operator")
        ],
        args=(),
    ),
    # With PDFs: the same refusals before anything is printed.
    "image-symlink-outside-with-pdf": Case(
        symlink("content/images/p.png", "secret.md", {"content/i.md": "---\ntitle: I\n---\n\n![x](images/p.png)\n"}),
        [f"content/images/p.png:1: {OUTSIDE}"],
        args=(),
    ),
    "file-url-with-pdf": Case(
        files({"content/i.md": "---\ntitle: I\ncard: true\n---\n\n![x](file:///etc/passwd)\n"}),
        [
            f"content/i.md:6: [{aid}] 'file:///etc/passwd' is a file: address, a file on the build machine; "
            "link to a file in the project instead"
            for aid in ("manager", "operator")
        ],
        args=(),
    ),
    # The command line and its environment.
    "audience-defaults": Case(
        files({}),
        ["Error: unknown audience '_defaults'; known: manager, operator"],
        code=2,
        args=("--no-pdf", "--audience", "_defaults"),
    ),
    "source-date-epoch-word": Case(
        files({}),
        [
            "Error: SOURCE_DATE_EPOCH='yesterday' is not a whole number of seconds since 1970-01-01 "
            "(up to the year 9999); unset it, or set it to one such as 1767225600"
        ],
        code=2,
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    ),
    "source-date-epoch-huge": Case(
        files({}),
        [
            "Error: SOURCE_DATE_EPOCH='99999999999999999999' is not a whole number of seconds since 1970-01-01 "
            "(up to the year 9999); unset it, or set it to one such as 1767225600"
        ],
        code=2,
        env={"SOURCE_DATE_EPOCH": "99999999999999999999"},
    ),
}


def tree_hash(folder: Path) -> str:
    """Every path, link target and file byte under `folder`."""
    digest = hashlib.sha256()
    for current, dirs, names in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(dirs + names):
            path = Path(current) / name
            digest.update(str(path.relative_to(folder)).encode())
            if path.is_symlink():
                digest.update(b"->" + os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Run:
    code: int
    output: str
    seconds: float


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: a bound that holds on a busy machine too."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_cli(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """`fieldguide ARGS`, in-process or (HOSTILE_SUBPROCESS=1) as a process of its own.

    `seconds` is CPU time; a hang (which uses none) is caught by the wall-clock timeout or watchdog.
    """
    started = cpu_seconds()
    if os.environ.get("HOSTILE_SUBPROCESS"):
        full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        done = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd,
            timeout=LIMIT_SECONDS * 3,
            check=False,
        )
        return Run(done.returncode, done.stdout + done.stderr, cpu_seconds() - started)
    faulthandler.dump_traceback_later(LIMIT_SECONDS * 3, exit=True)  # a hang ends the run, loudly
    previous = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        result = CliRunner().invoke(main, args, env=env)
    finally:
        os.chdir(previous)
        faulthandler.cancel_dump_traceback_later()
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += "\nTraceback (in-process): " + repr(result.exception)
    return Run(result.exit_code, output, cpu_seconds() - started)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base project, with its site built once."""
    root = tmp_path_factory.mktemp("base") / "project"
    for rel, text in BASE.items():
        write(root, rel, text)
    run = run_cli(["build", str(root), "--no-pdf", "-q"])
    assert run.code == 0, run.output
    return root


@pytest.fixture
def project(published: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(published, root, symlinks=True)
    return root


# The snippet expander is being rewritten on another branch; these pass once it reads snippets safely.
OTHERS: set[str] = set()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason="snippets.py reads snippet files itself", strict=False))
        if n in OTHERS
        else n
        for n in CASES
    ],
)
def test_hostile_input(name: str, project: Path, tmp_path: Path) -> None:
    case = CASES[name]
    outside = tmp_path / "outside"
    outside.mkdir()
    case.mutate(project, outside)
    before = tree_hash(project / "site")
    run = run_cli(["build", str(project), *case.args], env=case.env)
    lines = run.output.splitlines()
    assert "Traceback" not in run.output, run.output
    assert run.code == case.code, run.output
    for expected in case.expected:
        assert expected in lines, run.output
    for prefix in case.prefixes:
        assert any(line.startswith(prefix) for line in lines), run.output
    assert run.seconds < (case.limit or LIMIT_SECONDS), f"{run.seconds:.1f} s of CPU"
    assert tree_hash(project / "site") == before
    assert "OUTSIDE-SECRET" not in _all_text(project / "site")
    assert not list(project.glob(".site.*")), "a staging folder was left behind"


def _all_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 40


SUCCESS: dict[str, tuple[Mutate, tuple[str, ...], str]] = {
    # name: (mutation, extra arguments, a text the built site must hold)
    "byte-order-mark": (files({"content/bom.md": "\ufeff---\ntitle: Bom\n---\n\nBOM-ACCEPTED\n"}), (), "BOM-ACCEPTED"),
    "deep-nesting": (
        files({"content/deep.md": "---\ntitle: Deep\n---\n\n" + "> " * 500 + "DEEP-TEXT\n"}),
        (),
        "DEEP-TEXT",
    ),
    "symlink-loop-inside": (
        lambda root, outside: (root / "content" / "loop").symlink_to(root / "content"),
        (),
        "For managers.",
    ),
    "symlink-inside-project": (
        lambda root, outside: (
            write(root, "shared/s.md", "---\ntitle: Shared\n---\n\nSHARED-INSIDE\n"),
            (root / "content" / "shared").symlink_to(root / "shared"),
        ),
        (),
        "SHARED-INSIDE",
    ),
    "audience-repeated": (files({}), ("--audience", "manager", "--audience", "manager"), "For managers."),
}


@pytest.mark.parametrize("name", list(SUCCESS))
def test_odd_but_valid_input_builds(name: str, project: Path, tmp_path: Path) -> None:
    mutate, args, expected = SUCCESS[name]
    mutate(project, tmp_path)
    run = run_cli(["build", str(project), "--no-pdf", "-q", *args])
    assert "Traceback" not in run.output, run.output
    assert run.code == 0, run.output
    assert run.seconds < LIMIT_SECONDS
    assert expected in _all_text(project / "site" / "manager")
    assert (project / "site" / "operator").is_dir(), "another audience's site was removed"
    assert (project / "site" / ".fieldguide-site").is_file()


@pytest.mark.parametrize(
    "output, message",
    [
        (".", "Error: refusing to build into .: it is the project folder; choose an output folder such as site"),
        (
            "..",
            "Error: refusing to build into ..: it is a folder that holds the project; "
            "choose an output folder such as site",
        ),
        (
            "content",
            "Error: refusing to build into content: it is the project's content/ folder, which the build reads; "
            "choose an output folder such as site",
        ),
        (
            "content/images",
            "Error: refusing to build into content/images: it is inside the project's content/ folder, "
            "which the build reads; choose an output folder such as site",
        ),
        (
            "audiences",
            "Error: refusing to build into audiences: it is the project's audiences/ folder, which the build reads; "
            "choose an output folder such as site",
        ),
        (
            "theme/site",
            "Error: refusing to build into theme/site: it is inside the project's theme/ folder, "
            "which the build reads; choose an output folder such as site",
        ),
        (
            "notes",
            "Error: refusing to build into notes: it is not empty and Fieldguide did not build it "
            "(it has no .fieldguide-site file); choose a new or empty folder, or empty this one yourself",
        ),
    ],
)
def test_output_folders_that_would_lose_data_are_refused(project: Path, output: str, message: str) -> None:
    write(project, "notes/mine.txt", "KEEP ME\n")
    write(project, ".git/HEAD", "ref: refs/heads/main\n")
    (project / "theme").mkdir(exist_ok=True)
    before = tree_hash(project.parent)
    run = run_cli(["build", ".", "-o", output, "--no-pdf"], cwd=project)
    assert run.code == 2, run.output
    assert message in run.output.splitlines(), run.output
    assert "Traceback" not in run.output
    assert tree_hash(project.parent) == before


def test_output_folder_through_a_symlink_to_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(project)
    before = tree_hash(project)
    run = run_cli(["build", str(project), "-o", str(tmp_path / "alias"), "--no-pdf"])
    assert run.code == 2, run.output
    assert tree_hash(project) == before


def test_an_empty_or_own_output_folder_is_used(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli(["build", str(project), "-o", str(empty), "--no-pdf", "-q"]).code == 0
    assert (empty / ".fieldguide-site").is_file() and (empty / "manager").is_dir()
    again = run_cli(["build", str(project), "-o", str(empty), "--no-pdf", "-q", "--audience", "operator"])
    assert again.code == 0, again.output
    assert (empty / ".fieldguide-site").is_file() and (empty / "manager").is_dir()


def test_stale_staging_folders_of_dead_builds_are_removed(project: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = project / f".site.building-{dead.stdout.strip()}"
    write(stale, "manager/index.html", "half built\n")
    alive = project / f".site.building-{os.getpid()}0"  # not ours to judge unless its process is gone
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = project / f".site.building-{running.pid}"
        write(alive, "x", "another build is running\n")
        run = run_cli(["build", str(project), "--no-pdf", "-q"])
        assert run.code == 0, run.output
        assert not stale.exists()
        assert alive.exists()
    finally:
        running.kill()
        running.wait()


def test_work_folders_of_killed_builds_are_removed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed outright leaves its work folder, editions and hidden text included, in the system's
    temporary folder; the next build removes it once its process is gone and it is an hour old."""
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    old = time.time() - 2 * 3600

    def left(name: str, age: float = old) -> Path:
        folder = temporary / name
        write(folder, "mgr/docs/index.md", "MANAGERS ONLY\n")
        os.utime(folder, (age, age))
        return folder

    killed = left(f"fieldguide-{dead.stdout.strip()}-abc123")
    recent = left(f"fieldguide-{dead.stdout.strip()}-def456", time.time())  # a build elsewhere may own it
    running = left(f"fieldguide-{os.getpid()}-ghi789")
    other = left("fieldguide-serve-jkl012")
    (temporary / f"fieldguide-{dead.stdout.strip()}-link").symlink_to(other)
    # TMPDIR for a build run as a process of its own (HOSTILE_SUBPROCESS=1), which the patch above cannot reach.
    run = run_cli(["build", str(project), "--no-pdf", "-q", "--force"], env={"TMPDIR": str(temporary)})
    assert run.code == 0, run.output
    # (pymp-*: multiprocessing's own folder, if this build started the process server)
    assert sorted(p.name for p in temporary.iterdir() if not p.name.startswith("pymp-")) == sorted(
        [recent.name, running.name, other.name, f"fieldguide-{dead.stdout.strip()}-link"]
    )
    assert (other / "mgr" / "docs" / "index.md").is_file()
    assert not killed.exists()


def _start_build(project: Path, tmpdir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmpdir)}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(project), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize(
    "signum, code, stage, delay",
    [
        (15, 143, ".site.building-*", 0.1),
        (15, 143, ".site.building-*/*/print", 0.0),
        (2, 130, ".site.building-*/*/index.html", 0.0),
    ],
)
def test_an_interrupted_build_leaves_nothing_behind(
    project: Path, tmp_path: Path, signum: int, code: int, stage: str, delay: float
) -> None:
    """Interrupted early, while printing, and with Ctrl+C once a site is written: stages, not times, since
    on a fast machine the whole build takes little more than a second, and a signal that comes while the
    new site is swapped in waits for it (test_build.py checks what is said then)."""
    for i in range(12):
        write(project, f"content/p{i}.md", f"---\ntitle: Page {i}\ncard: true\n---\n\nText {i}.\n")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    before = tree_hash(project / "site")
    build = _start_build(project, tmpdir)
    try:
        deadline = time.monotonic() + LIMIT_SECONDS
        while not list(project.glob(stage)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(project.glob(stage)), f"the build never reached {stage}"
        time.sleep(delay)
        build.send_signal(signum)
        output, _ = build.communicate(timeout=LIMIT_SECONDS)
    finally:
        build.kill()
    assert build.returncode == code, output
    assert "interrupted; nothing was published, the output is as it was." in output
    assert "Traceback" not in output
    assert not list(project.glob(".site.*")), "a staging folder was left behind"
    assert not list(tmpdir.iterdir()), "a temporary folder was left behind"
    assert tree_hash(project / "site") == before


def test_serve_answers_nul_with_404_and_cleans_up_on_sigterm(project: Path, tmp_path: Path) -> None:
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmpdir)}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--audience", "manager", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def status(path: str) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)
        except (urllib.error.URLError, ConnectionError):
            return 0

    try:
        deadline = time.monotonic() + 60
        while status("/manager/") != 200 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert status("/manager/") == 200
        assert list(tmpdir.iterdir()), "serve builds into a temporary folder"
        assert status("/manager/a%00b/") == 404
        assert status("/manager/%00") == 404
        server.send_signal(15)
        server.wait(timeout=LIMIT_SECONDS)
    finally:
        server.kill()
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in text, text
    assert not list(tmpdir.iterdir()), "serve left its temporary folder behind"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="drops to nobody; needs root")
def test_an_unwritable_output_folder_is_a_located_error(published: Path) -> None:
    """Root may write anywhere, so the build runs (in-process) as nobody, on a project nobody cannot write."""
    import tempfile

    from generator.process_server import start_process_server

    base = Path(tempfile.mkdtemp(prefix="fieldguide-ro-"))
    try:
        base.chmod(0o755)
        root = base / "project"
        shutil.copytree(published, root, symlinks=True)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        before = tree_hash(root / "site")
        start_process_server(with_pdf=False)  # started as root: nobody could not start the interpreter
        # Nor could nobody import what a build imports on first use (this interpreter lives in root's home):
        # a build here as root first, as every earlier test did in-process, unless they ran as processes.
        warm = CliRunner().invoke(main, ["build", str(root), "-o", str(base / "warm"), "--no-pdf", "-q"])
        assert warm.exit_code == 0, warm.output
        os.setegid(65534)
        os.seteuid(65534)
        try:
            # --force: with nothing changed, nothing would need writing (and the build would succeed).
            result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-q", "--force"])
        finally:
            os.seteuid(0)
            os.setegid(0)
        assert result.exit_code == 1, result.output
        assert (
            "site:1: cannot write the output here (Permission denied); "
            "make the folder writable or choose another with -o" in result.output.splitlines()
        ), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert tree_hash(root / "site") == before
    finally:
        shutil.rmtree(base)
