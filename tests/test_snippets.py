"""Snippets: Fieldguide's expansion renders exactly as pymdownx.snippets itself renders, line origins kept.

The cases follow pymdown-extensions' own snippet tests (its test suite is not installed): each source is
rendered twice with Python-Markdown, once with pymdownx.snippets doing the including, once from
Fieldguide's expanded lines without the extension, and the HTML must be identical.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import MakeProject
from helpers import error_lines, texts

from generator.findings import Finding, Severity
from generator.model import Line
from generator.snippets import SnippetExpander

COMMON = ["abbr", "pymdownx.superfences"]
SNIPPETS = {
    "a.txt": "Snippet\n",
    "b.txt": "Snippet B\nline two\n",
    "c.txt": "first\nsecond\nthird\nfourth\nfifth\n",
    "nested.md": 'Outer\n--8<-- "a.txt"\n',
    "nl.md": "No newline at end",
    "section.txt": (
        "before\n# --8<-- [start:one]\nin one\n# --8<-- [end:one]\n"
        "/* --8<-- [start:two] */\nin two\n/* --8<-- [end:two] */\n"
        "<!-- --8<-- [start:three] -->\nin three\n<!-- --8<-- [end:three] -->\nafter\n"
    ),
    "escaped-section.txt": "x\n# --8<-- [start:s]\nkeep ;--8<-- [start:lit]\n# --8<-- [end:s]\n",
    "indented.md": "    deep\n        deeper\n",
    "links.md": "[home]: https://example.com/\n*[HTML]: Hyper Text Markup Language\n",
    "self.md": 'Loop\n--8<-- "self.md"\n',
    "nested-section.md": (
        "--8<-- [start:outer]\nO1\n--8<-- [start:inner]\nI1\n--8<-- [end:inner]\nO2\n--8<-- [end:outer]\n"
    ),
    "sub/deep.md": "Deep file\n",
    "d.txt": "Snippet D\n",
    "sections2.css": (
        "/* --8<-- [end: late] */\nbefore\n/* --8<-- [start: late] */\nlate body\n"
        "/* --8<-- [start: open] */\nno end here\n"
    ),
    "nested.css": (
        "/* --8<-- [start: outer] */\ndiv {\n/* --8<-- [start: inner] */\n  color: red;\n"
        "/* --8<-- [end: inner] */\n;/* --8<-- [start: shown] */\n}\n/* --8<-- [start: outer] */\n"
        "/* --8<-- [end: outer] */\n"
    ),
}

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("inline", 'Text\n\n--8<-- "a.txt"\n\nMore', {}),
    ("inline-single-quotes", "--8<-- 'a.txt'", {}),
    ("short-scissors", '-8<- "a.txt"', {}),
    ("long-scissors", '---8<--- "a.txt"', {}),
    ("uneven-scissors", '-8<--- "b.txt"', {}),
    ("block", "--8<--\na.txt\nb.txt\n--8<--", {}),
    ("block-short", "-8<-\na.txt\n\nb.txt\n-8<-", {}),
    ("block-commented-line", "--8<--\na.txt\n;b.txt\n--8<--", {}),
    ("escaped-inline", ';--8<-- "a.txt"', {}),
    ("escaped-block", ";--8<--\na.txt\n;--8<--", {}),
    ("nested", '--8<-- "nested.md"', {}),
    ("ends-paragraph", 'Para line\n--8<-- "a.txt"\nNext line', {}),
    ("no-final-newline", 'Before\n--8<-- "nl.md"\nAfter', {}),
    ("indented-include", '- item\n\n    --8<-- "b.txt"', {}),
    ("indented-file", '--8<-- "indented.md"', {}),
    ("line-range", '--8<-- "c.txt:2:3"', {}),
    ("line-start-only", '--8<-- "c.txt:4"', {}),
    ("line-end-only", '--8<-- "c.txt::2"', {}),
    ("multiple-ranges", '--8<-- "c.txt:1:1,3:4"', {}),
    ("negative-range", '--8<-- "c.txt:-3:-2"', {}),
    ("negative-start", '--8<-- "c.txt:-2"', {}),
    ("section-hash", '--8<-- "section.txt:one"', {}),
    ("section-c-comment", '--8<-- "section.txt:two"', {}),
    ("section-html-comment", '--8<-- "section.txt:three"', {}),
    ("markers-dropped-whole-file", '--8<-- "section.txt"', {}),
    ("escaped-marker-in-section", '--8<-- "escaped-section.txt:s"', {}),
    ("nested-sections", '--8<-- "nested-section.md:outer"', {}),
    ("dedent-subsections", '--8<-- "indented.md:1:2"', {"dedent_subsections": True}),
    ("subfolder", '--8<-- "sub/deep.md"', {}),
    ("auto-append", "See [home] and HTML.", {"auto_append": ["links.md"]}),
    ("base-path-file-entry", '--8<-- "deep.md"', {"base_path": ["snips/sub/deep.md"]}),
    ("two-base-paths", '--8<-- "deep.md"', {"base_path": ["snips", "snips/sub"]}),
    ("missing-unchecked", 'A\n\n--8<-- "missing.md"\n\nB', {}),
    ("no-file-only-lines-unchecked", 'A\n\n--8<-- ":3:4"\n\nB', {}),
    (
        "block-in-list-nested-inline-ignored",
        '- Item\n\n    ---8<---\n    d.txt\n\n    ; d.txt\n    # Nested inline is ignored\n    --8<-- "a.txt"\n'
        '    ---8<---\n\n    # After\n    --8<-- "a.txt"\n    --8<-- "; b.txt"',
        {},
    ),
    ("escaped-then-indented", ';---8<--- "b.txt"\n\n- Indented\n\n    ---8<--- "b.txt"', {}),
    ("section-end-first", "--8<--\nsections2.css:late\n--8<--", {}),
    ("section-without-end", "--8<--\nsections2.css:open\n--8<--", {}),
    ("section-double-start-and-escape", '```\n-8<- "nested.css:outer"\n```', {}),
    ("lines-1-1", '--8<-- "c.txt:1:1"', {}),
    ("lines-block", "--8<--\nc.txt:4\nc.txt::2\n--8<--", {}),
]


def _project(tmp_path: Path) -> Path:
    for rel, text in SNIPPETS.items():
        target = tmp_path / "snips" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


def _settings(extra: dict[str, Any]) -> dict[str, Any]:
    return {"base_path": ["snips"], **extra}


def _plain(root: Path, text: str, settings: dict[str, Any]) -> str:
    config = dict(settings)
    config["base_path"] = [str(root / b) for b in config["base_path"]]
    md = markdown.Markdown(extensions=["pymdownx.snippets", *COMMON], extension_configs={"pymdownx.snippets": config})
    return md.convert(text)


def _ours(root: Path, text: str, settings: dict[str, Any]) -> tuple[str, list[Line], list[Finding]]:
    findings: list[Finding] = []
    lines = [Line(t, "content/page.md", n) for n, t in enumerate(text.split("\n"), 1)]
    expanded = SnippetExpander(root, settings).expand(lines, findings)
    html = markdown.Markdown(extensions=COMMON).convert("\n".join(line.text for line in expanded))
    return html, expanded, findings


@pytest.mark.parametrize(("text", "extra"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_renders_as_pymdownx_renders(tmp_path: Path, text: str, extra: dict[str, Any]) -> None:
    root = _project(tmp_path)
    settings = _settings(extra)
    html, _, findings = _ours(root, text, settings)
    assert html == _plain(root, text, settings)
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_lines_keep_their_origin(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _, lines, _ = _ours(root, 'Top\n--8<-- "nested.md"\n--8<-- "c.txt:2:3"', _settings({}))
    origins = [(line.text, line.path, line.lineno) for line in lines]
    assert origins == [
        ("Top", "content/page.md", 1),
        ("Outer", "snips/nested.md", 1),
        ("Snippet", "snips/a.txt", 1),
        ("", "snips/a.txt", 2),
        ("", "snips/nested.md", 3),
        ("second", "snips/c.txt", 2),
        ("third", "snips/c.txt", 3),
    ]


def test_auto_append_is_located_at_its_setting(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _, lines, _ = _ours(root, "Body", _settings({"auto_append": ["links.md"]}))
    assert ("[home]: https://example.com/", "snips/links.md", 1) in [(x.text, x.path, x.lineno) for x in lines]


def _errors(root: Path, text: str, extra: dict[str, Any] | None = None) -> list[str]:
    _, _, findings = _ours(root, text, _settings(extra or {}))
    return [str(f) for f in findings if f.severity is Severity.ERROR]


def test_a_snippet_including_itself_is_an_error(tmp_path: Path) -> None:
    assert _errors(_project(tmp_path), '--8<-- "self.md"') == [
        "snips/self.md:2: snippet 'snips/self.md' includes itself; remove the loop"
    ]


def test_missing_snippet_with_check_paths_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _errors(root, 'x\n--8<-- "nope.md"', {"check_paths": True}) == [
        "content/page.md:2: snippet 'nope.md' not found in snips; check the file name"
    ]
    _, _, findings = _ours(root, 'x\n--8<-- "nope.md"', _settings({}))
    assert [f.severity for f in findings] == [Severity.WARNING]


@pytest.mark.parametrize("url_download", [False, True])
def test_remote_snippets_are_errors(tmp_path: Path, url_download: bool) -> None:
    errors = _errors(_project(tmp_path), '--8<-- "https://example.com/a.md"', {"url_download": url_download})
    assert errors == [
        "content/page.md:1: snippet 'https://example.com/a.md' is on the web; copy it into the project: "
        "nothing is fetched from another host during a build"
    ]


def test_missing_section_with_check_paths(tmp_path: Path) -> None:
    assert _errors(_project(tmp_path), '--8<-- "section.txt:nine"', {"check_paths": True}) == [
        "content/page.md:1: snippet 'snips/section.txt' has no section 'nine'; mark it with --8<-- [start:nine]"
    ]


def test_non_utf8_snippet_is_located(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "snips" / "latin.md").write_bytes("caf\xe9\n".encode("latin-1"))
    assert _errors(root, '--8<-- "latin.md"') == ["snips/latin.md:1: not UTF-8 text; save the file as UTF-8"]


def test_snippet_through_a_link_outside_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret\n", encoding="utf-8")
    root = _project(tmp_path / "project")
    (root / "snips" / "link.md").symlink_to(outside / "secret.md")
    assert _errors(root, '--8<-- "link.md"') == [
        "content/page.md:1: snippet 'snips/link.md' is outside the project; only files inside the project are read"
    ]


EXCERPT_CONFIG = (
    "site_name: T\ndocs_dir: content\ntheme: material\nmarkdown_extensions:\n"
    "  - pymdownx.snippets:\n      base_path: [snips]\n      check_paths: true\n"
)
EXCERPT_SOURCE = (
    "Intro\n"  # 1
    "//// only | mgr\n"  # 2
    "--8<-- [start:budget]\n"  # 3
    "BUDGET LINE\n"  # 4
    "--8<-- [end:budget]\n"  # 5
    "/// except | lead\n"  # 6
    "NOT FOR LEADS\n"  # 7
    "///\n"  # 8
    "////\n"  # 9
    "Outro\n"  # 10
)


def _excerpt_project(make_project: MakeProject, include: str) -> Path:
    return make_project(
        {
            "mkdocs.yml": EXCERPT_CONFIG,
            "audiences/op.yml": "name: Operators\n",
            "audiences/mgr.yml": "name: Managers\n",
            "audiences/lead.yml": "name: Leads\nincludes: [mgr]\n",
            "snips/source.md": EXCERPT_SOURCE,
            "content/index.md": f"# Home\n\n{include}\n",
        }
    )


def test_a_section_keeps_the_conditions_around_it(make_project: MakeProject) -> None:
    root = _excerpt_project(make_project, '--8<-- "source.md:budget"')
    assert texts(root, "op") == {"index.md": "# Home"}
    assert texts(root, "mgr") == {"index.md": "# Home\n\nBUDGET LINE"}


def test_a_line_range_keeps_nested_conditions(make_project: MakeProject) -> None:
    root = _excerpt_project(make_project, '--8<-- "source.md:6:8,10"')
    assert texts(root, "op") == {"index.md": "# Home\n\nOutro"}
    assert texts(root, "mgr") == {"index.md": "# Home\n\nNOT FOR LEADS\nOutro"}
    assert texts(root, "lead") == {"index.md": "# Home\n\nOutro"}


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        (
            '--8<-- "source.md:6:7"',
            "snips/source.md:6: this excerpt opens the '/// except | lead' block of line 6 without its other half; "
            "choose lines or a section that hold the whole block, or none of it",
        ),
        (
            '--8<-- "source.md:8:10"',
            "snips/source.md:8: this excerpt closes the '/// except | lead' block of line 6 without its other half; "
            "choose lines or a section that hold the whole block, or none of it",
        ),
    ],
    ids=["opens-only", "closes-only"],
)
def test_an_excerpt_with_half_a_block_is_an_error(make_project: MakeProject, include: str, expected: str) -> None:
    root = _excerpt_project(make_project, include)
    assert expected in error_lines(root)
