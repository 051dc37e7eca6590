"""Load every page under `content/`: front matter, snippet expansion, block structure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pathspec

from generator import safefiles
from generator.findings import Finding, suggest
from generator.frontmatter import multimarkdown_key, near_miss, near_miss_message
from generator.limits import markdown_work_of_lines
from generator.model import Card, Item, Kind, Line, Page, PageMeta
from generator.rendered import Renderer, first_chunk
from generator.snippets import SnippetExpander
from generator.structure import read_blocks
from generator.validation import validate
from generator.yamlsrc import LocatedYaml, YamlSyntaxError, parse_yaml

_FRONT_END = re.compile(r"^(---|\.\.\.)\s*$")
# MkDocs leaves out dot-files and templates/ unless exclude_docs says otherwise.
DEFAULT_EXCLUDES = ".*\n/templates/\n"


def find_pages(content: Path, exclude_docs: str, root: Path | None = None) -> list[Path]:
    """Every `.md` path under `content/`, folders and pipes included, so that reading them reports them."""
    spec = pathspec.GitIgnoreSpec.from_lines((DEFAULT_EXCLUDES + exclude_docs).splitlines())
    found = []
    for here, dirs, files in safefiles.walk(root or content, content):
        for name in [*files, *dirs]:
            file = here / name
            rel = file.relative_to(content).as_posix()
            if name.endswith(".md") and not spec.match_file(rel + ("/" if name in dirs else "")):
                found.append(file)
    return sorted(found)


def load_page(
    root: Path,
    file: Path,
    content: Path,
    expander: SnippetExpander | None,
    known_ids: set[str],
    renderer: Renderer | None = None,
    markdown_config: dict[str, Any] | None = None,
) -> tuple[Page | None, list[Finding]]:
    rel = file.relative_to(root).as_posix()
    findings: list[Finding] = []
    try:
        text = safefiles.read_text(root, file)
    except safefiles.SourceProblem as problem:
        return None, [safefiles.finding(root, file, problem)]
    raw_lines = text.splitlines()
    raw_meta, doc, body_start = _front_matter(raw_lines, rel, findings)
    body = [Line(t, rel, n) for n, t in enumerate(raw_lines[body_start:], body_start + 1)]
    if expander is not None:
        body = expander.expand(body, findings)
    too_costly = markdown_work_of_lines(body)
    if too_costly:
        return None, findings + too_costly  # never handed to a renderer, not even by `check`
    # The structure is checked against the renderer's own reading of the page (structure.py).
    items, structural = read_blocks(body, markdown_config)
    findings += structural
    for item in items:
        if item.condition:
            for aid in item.condition.ids:
                if aid not in known_ids and aid != "all":
                    findings.append(Finding(item.line.path, item.line.lineno, _unknown(aid, known_ids)))
    if raw_meta is None or doc is None:
        return None, findings
    heading_title = "title" not in raw_meta
    if heading_title:
        title = _heading_title(items, renderer or Renderer({}))
        if title is None:
            message = "page has no title: add 'title: ...' to its front matter or start its text with '# heading'"
            findings.append(Finding(rel, 1, message))
            return None, findings
        raw_meta["title"] = title
    meta, problems = validate(PageMeta, raw_meta, doc, rel, what="front-matter key")
    findings += problems
    if meta is None:
        return None, findings
    meta_lines = doc.lines
    _check_meta_ids(meta, meta_lines, rel, known_ids, findings)
    page = Page(
        src=file.relative_to(content).as_posix(),
        path=rel,
        meta=meta,
        meta_lines={str(k[0]): v for k, v in meta_lines.items() if len(k) == 1},
        items=tuple(items),
        card=_card(meta),
        heading_title=heading_title,
    )
    return page, findings


def _front_matter(
    lines: list[str], rel: str, findings: list[Finding]
) -> tuple[dict[str, Any] | None, LocatedYaml | None, int]:
    """The front matter's keys (Fieldguide's own checked, the rest passed on), its lines, and where the body starts."""
    if not lines or lines[0].rstrip() != "---":
        key = multimarkdown_key(lines[0]) if lines else None
        if key is not None:
            # MkDocs would read these lines as metadata and drop them from the page: say so rather than guess.
            message = (
                f"the page starts with '{key}:', which MkDocs reads as MultiMarkdown metadata, not text; "
                "put metadata between '---' lines, or start the page with something else"
            )
            findings.append(Finding(rel, 1, message))
            return None, None, 0
        return {}, LocatedYaml({}), 0
    end = next((i for i in range(1, len(lines)) if _FRONT_END.match(lines[i])), None)
    if end is None:
        findings.append(Finding(rel, 1, "front matter is never closed; end it with a line '---'"))
        return None, None, 0
    try:
        doc = parse_yaml("\n".join(lines[1:end]), line_offset=1)
    except YamlSyntaxError as exc:
        findings.append(Finding(rel, exc.line, f"malformed YAML in front matter: {exc.problem}"))
        return None, None, end + 1
    if doc.value is None:
        doc.value = {}
    if not isinstance(doc.value, dict):
        findings.append(Finding(rel, 2, "front matter must be a mapping of keys such as title: and audiences:"))
        return None, None, end + 1
    raw: dict[str, Any] = {}
    # A refused key is reported and left out, so the rest of the page is still checked in the same run;
    # the build stops on the error either way.
    for key, value in doc.value.items():
        own = near_miss(key)
        if own is not None:
            findings.append(Finding(rel, doc.line_of((key,)), near_miss_message(key, own)))
        elif key in ("audiences", "except") and value in (None, [], ""):
            findings.append(Finding(rel, doc.line_of((key,)), _EMPTY[key]))
        else:
            raw[key] = _as_list(key, value)
    return raw, doc, end + 1


_EMPTY = {
    "audiences": "audiences: is empty, which would show the page to no one; list audience ids, or write all",
    "except": "except: is empty; list the audience ids to hide the page from, or remove the key",
}


def _heading_title(items: list[Item], renderer: Renderer) -> str | None:
    """The first '# heading' when the page's text begins with one, outside any only/except block."""
    start: list[str] = []
    for item in items:
        if item.kind is not Kind.TEXT:
            break  # a conditional block or code first: no title every audience shares
        if not item.line.text.strip():
            if start:
                break
            continue
        start.append(item.line.text)
    chunk = first_chunk(start)
    return renderer.title(chunk) if chunk else None


def _as_list(key: str, value: Any) -> Any:
    """`audiences: a, b` and `except: a` are read as lists, as an editor means them."""
    if key not in ("audiences", "except") or not isinstance(value, str):
        return value
    if key == "audiences" and value == "all":
        return value
    return [v.strip() for v in value.split(",") if v.strip()]


def _check_meta_ids(meta: PageMeta, lines: dict[Any, int], rel: str, known: set[str], findings: list[Finding]) -> None:
    listed = [("audiences", meta.audiences if isinstance(meta.audiences, list) else []), ("except", meta.except_)]
    for key, ids in listed:
        for i, aid in enumerate(ids):
            if aid not in known and aid != "all":
                line = lines.get((key, i), lines.get((key,), 1))
                findings.append(Finding(rel, line, _unknown(aid, known)))


def _unknown(aid: str, known: set[str]) -> str:
    return f"unknown audience '{aid}'; {suggest(aid, known, '')}"


def _card(meta: PageMeta) -> Card | None:
    # A capability card has a front (never, check, ask) and a back (the rest), as FORMAT.md's own
    # example needs on an A6 card; any other card is one-sided unless its page says `sides: 2`.
    default_sides = 2 if meta.type == "capability" else 1
    if meta.card is None:
        return Card(None, default_sides) if meta.type in ("job-aid", "capability") else None
    if meta.card is False:
        return None
    if meta.card is True:
        return Card(None, default_sides)
    if "sides" in meta.card.model_fields_set:
        return Card(meta.card.size, meta.card.sides, back=meta.card.sides == 2)
    return Card(meta.card.size, default_sides)
