"""Block lines checked against the renderer's own reading of the page: fail closed.

blocks.py proposes a structure from the text. Here every only/except line, every
line that merely looks like one, and every `///` line the scanner put in code is
replaced by a unique token, and the page is rendered once with the project's own
Python-Markdown configuration (the structure does not depend on the audience).
Where each token lands decides: in text (a paragraph, list item, admonition,
details, tab, table or raw HTML) a block line is read as one; inside indented
code, a code span, a blockquote, a footnote or a definition list it is an error;
in fenced code it is an example, as long as the scanner also saw a fence there.
Any disagreement between the scanner and the renderer is an error, never a guess.
Only pages with such lines are rendered.
"""

from __future__ import annotations

import re
import signal
import threading
import time
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator import blocks, opener_like
from generator.findings import Finding
from generator.markdown_render import make_markdown, settings_key
from generator.model import Condition, Item, Kind, Line
from generator.textcache import TextCache, text_key

_TOKEN = re.compile(r"fgprobe(\d+)x")
_TAGS = re.compile(r"<[^>]*>")
_QUOTED_BARE = re.compile(r"^(?P<prefix>[ \t>]*)/{3,}[ \t]*$")
_CONTAINERS = {"blockquote": "blockquote", "dl": "definition list", "dd": "definition list", "dt": "definition list"}


@dataclass
class Stats:
    """How often and how long pages were rendered to check their structure."""

    pages: int = 0
    seconds: float = 0.0


STATS = Stats()
ROLES = TextCache("block-roles")  # saved by compile_project, once per run
# Each page's items when its structure had no error at all, by its lines' text and the extension
# settings: the scanner, the lexical checks and the renderer's reading are pure functions of those.
# A page with any error is read afresh each time, so every error is reported by every run.
CLEAN = TextCache("block-structure")  # saved by compile_project, once per run
_KINDS = {"t": Kind.TEXT, "c": Kind.CODE, "o": Kind.OPEN, "x": Kind.CLOSE}
_CODES = {kind: code for code, kind in _KINDS.items()}


def read_blocks(lines: list[Line], raw_config: dict[str, Any] | None) -> tuple[list[Item], list[Finding]]:
    """The scanner's items, and every structural error: its own, lexical ones and the renderer's."""
    settings = "not rendered" if raw_config is None else settings_key(raw_config)
    key = text_key(settings, "\n".join(line.text for line in lines))
    known = _items_from(CLEAN.get(key), lines)
    if known is not None:
        return known, []
    items, findings = _read_blocks(lines, raw_config)
    if not findings:
        kinds = "".join(_CODES[item.kind] for item in items)
        conditions = {str(i): [c.keyword, list(c.ids)] for i, item in enumerate(items) if (c := item.condition)}
        CLEAN.put(key, [kinds, conditions])
    return items, findings


def _items_from(cached: Any, lines: list[Line]) -> list[Item] | None:
    """The cached items for these lines, when the entry has exactly the shape read_blocks writes."""
    if not (isinstance(cached, list) and len(cached) == 2 and isinstance(cached[0], str)):
        return None
    kinds, conditions = cached
    if len(kinds) != len(lines) or not isinstance(conditions, dict):
        return None
    items: list[Item] = []
    for index, (line, code) in enumerate(zip(lines, kinds, strict=True)):
        kind = _KINDS.get(code)
        if kind is None:
            return None
        condition = None
        if kind is Kind.OPEN:
            written = conditions.get(str(index))
            if not (
                isinstance(written, list)
                and len(written) == 2
                and written[0] in blocks.CONDITIONS
                and isinstance(written[1], list)
                and all(isinstance(i, str) for i in written[1])
            ):
                return None
            condition = Condition(written[0], tuple(written[1]))
        items.append(Item(line, kind, condition))
    return items


def _read_blocks(lines: list[Line], raw_config: dict[str, Any] | None) -> tuple[list[Item], list[Finding]]:
    scan = blocks.scan_lines(lines)
    findings = list(scan.findings)
    probes: dict[int, str] = {}  # line index -> prefix kept before the token
    failed: set[int] = set()
    for index, (line, item) in enumerate(zip(lines, scan.items, strict=True)):
        problem, prefix = _lexical(line.text, item, index in scan.fenced)
        if problem:
            findings.append(Finding(line.path, line.lineno, problem))
            failed.add(index)
        elif prefix is not None:
            probes[index] = prefix
    # A page with foreign blocks only is rendered too: that is where the renderer can hang.
    foreign = any(blocks.is_block_line(line.text) for line in lines) if not probes else False
    if (probes or foreign) and raw_config is not None:
        roles, failure = _render_roles(lines, probes, raw_config)
        if failure:
            first = lines[min(probes)] if probes else next(x for x in lines if blocks.is_block_line(x.text))
            findings.append(Finding(first.path, first.lineno, f"cannot check this page's blocks: {failure}"))
            return scan.items, findings
        for index in sorted(probes):
            if scan.unclosed_fence_from is not None and index > scan.unclosed_fence_from:
                continue  # the unclosed fence is the one error here
            if scan.opener_of.get(index) in failed:
                continue  # its opening line is reported already
            problem = _judge(lines[index].text, index in scan.fenced, roles.get(index, "missing"))
            if problem:
                findings.append(Finding(lines[index].path, lines[index].lineno, problem))
                failed.add(index)
    return scan.items, findings


def _lexical(text: str, item: Item, fenced: bool) -> tuple[str | None, str | None]:
    """An error read from the line alone, or the prefix to keep when the line must be probed."""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    if fenced:
        # Keep quote markers too: the token must stay in the same container as the line it replaces.
        like = opener_like.suspect(text)
        if like is not None:
            return None, like.prefix
        bare = _QUOTED_BARE.match(text)
        return None, (bare["prefix"] if bare else None)
    if item.kind in (Kind.OPEN, Kind.CLOSE):
        odd = opener_like.odd_character(text)
        if odd:
            like = opener_like.suspect(text)
            fix = f"; write '{_suggestion(like)}'" if like else ""
            return f"'{text.strip()}' holds a {odd}; write block lines with plain spaces{fix}", None
        return None, indent
    like = opener_like.suspect(text)
    if like is not None:
        return _not_an_opener(text, like), None
    if opener_like.bare_like(text) and ">" not in text:
        odd = opener_like.odd_character(text)
        if odd:
            return f"'{text.strip()}' holds a {odd}; write a closing line with slashes and plain spaces only", None
    return None, None


def _suggestion(like: opener_like.Suspect) -> str:
    fence = "/" * max(3, opener_like.slash_count(like.fence))
    rest = like.rest.split("|", 1)
    ids = [re.sub(r"[\W]+$|^[\W]+", "", i) for i in rest[1].split(",")] if len(rest) == 2 else []
    listed = ", ".join(i for i in ids if i) or "ids"
    return f"{fence} {like.keyword} | {listed}"


def _container(prefix: str) -> str | None:
    if ">" in prefix:
        return "blockquote"
    if "#" in prefix:
        return "heading"
    if "[^" in prefix:
        return "footnote"
    if re.search(r"(?:^|\s):(?=\s)", prefix):
        return "definition list"
    if re.search(r"[-*+](?=\s)|\d[.)](?=\s)", prefix):
        return "list item's first line"
    return None


def _not_an_opener(text: str, like: opener_like.Suspect) -> str:
    shown = text.strip()
    fix = _suggestion(like)
    container = _container(like.prefix)
    if container == "list item's first line":
        return (
            f"'{shown}' is on a list item's first line, where it is not read as a block; "
            f"put '{fix}' on a line of its own, indented like the item's text"
        )
    if container:
        return (
            f"'{shown}' is inside a {container}, where only/except blocks are not read; "
            f"move the block out of the {container}"
        )
    odd = opener_like.odd_character(text)
    if odd:
        reason = f"it holds a {odd}"
    elif like.fence.count("/") < 3 or set(like.fence) != {"/"}:
        reason = "a block opens with three or more '/' slashes, written together"
    elif like.name.casefold() == like.keyword:
        reason = f"write '{like.keyword}' in lower case"
    elif like.name.casefold().startswith(like.keyword):
        reason = f"'{like.name}' is not '{like.keyword}'"
    else:
        reason = f"'{like.name}' is not 'only' or 'except'"
    return f"'{shown}' looks like an only/except block line but is not read as one ({reason}); write '{fix}'"


def _judge(text: str, fenced: bool, role: str) -> str | None:
    shown = text.strip()
    if fenced:
        if role == "fenced":
            return None
        if role == "indented":
            return f"'{shown}' is inside indented code; write examples of block syntax in fenced code (```)"
        return (
            f"Markdown reads '{shown}' as text, not as code: the code fence before it is not read as one; "
            "check that fence"
        )
    if role in ("text", "html"):
        return None
    if role == "indented":
        return (
            f"'{shown}' is inside indented code, where it is not read as a block; write examples of block "
            "syntax in fenced code (```), or indent the block like the text around it"
        )
    if role == "fenced":
        return f"Markdown reads '{shown}' as code, not as a block line; check the code fences above it"
    if role == "code span":
        return f"'{shown}' is inside a code span that starts on an earlier line; close its backticks first"
    if role == "missing":
        return (
            f"'{shown}' is not read as text anywhere on the rendered page; put the block on lines of its own, "
            "outside other markup"
        )
    return (
        f"Markdown reads '{shown}' as part of a {role}, where only/except blocks are not read; "
        f"move the block out of the {role} (unindented, after a blank line)"
    )


class _Probe(Treeprocessor):
    """Records, for each token, the kind of place it ended up in."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.roles: dict[int, str] = {}

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in root.iter():
            for text, holder in ((element.text, element), (element.tail, parents.get(element))):
                if text and "fgprobe" in text and holder is not None:
                    for match in _TOKEN.finditer(text):
                        self.roles.setdefault(int(match[1]), _role(holder, parents))
        for stored in self.md.htmlStash.rawHtmlBlocks:
            html = stored if isinstance(stored, str) else etree.tostring(stored, encoding="unicode")
            role = "fenced" if "<pre" in html or "<code" in html else "html"
            for match in _TOKEN.finditer(_TAGS.sub("", html)):
                self.roles.setdefault(int(match[1]), role)


def _role(element: etree.Element, parents: dict[etree.Element, etree.Element]) -> str:
    current: etree.Element | None = element
    while current is not None:
        tag = current.tag
        if tag == "pre":
            return "indented"
        if tag == "code":
            return "indented" if parents.get(current) is not None and parents[current].tag == "pre" else "code span"
        if isinstance(tag, str) and tag in _CONTAINERS:
            return _CONTAINERS[tag]
        if tag == "div" and "footnote" in (current.get("class") or "").split():
            return "footnote"
        current = parents.get(current)
    return "text"


class _ProbeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Probe(md), "fieldguide_probe", 3)


_CONVERTERS: dict[str, markdown.Markdown] = {}
# Some inputs make Python-Markdown loop forever, eating memory (pymdown-extensions 13.1:
# '> /// details | x', '> ///', '/// details | x'). The page then fails; the run goes on.
LIMIT_SECONDS = 10.0
LIMIT_SECONDS_PER_MB = 10.0


ALARM_REPEAT_SECONDS = 0.25


class RenderTimeout(BaseException):
    """The renderer did not finish a page in time.

    A BaseException, like KeyboardInterrupt: extensions wrap some of their work in `except Exception`
    (pymdownx reads block options with yaml.safe_load inside one), and an alarm that went off there
    was swallowed, leaving the loop to run on, eating memory, with no alarm left. Callers catch it by name.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout after `seconds`; only in the main thread and when no other timer is set."""
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Then again every quarter second, until the block ends: one alarm caught by a bare `except:` is not the last.
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _converter(raw_config: dict[str, Any]) -> markdown.Markdown:
    key = settings_key(raw_config)
    if key not in _CONVERTERS:
        _CONVERTERS[key] = make_markdown(raw_config, [_ProbeExtension()])
    return _CONVERTERS[key]


def _render_roles(
    lines: list[Line], probes: dict[int, str], raw_config: dict[str, Any]
) -> tuple[dict[int, str], str | None]:
    """Token index -> where the renderer put it; or why the page could not be rendered.

    Cached by text between runs (generator/textcache.py): the answer depends on the page with its
    tokens and the extension settings only. A page that failed is rendered again each time.
    """
    source = "\n".join(f"{probes[i]}fgprobe{i}x" if i in probes else line.text for i, line in enumerate(lines))
    key = text_key(settings_key(raw_config), source)
    cached = ROLES.get(key)
    if _valid_roles(cached):
        return {int(k): v for k, v in cached.items()}, None
    roles, failure = _render_probes(source, raw_config)
    if failure is None:
        ROLES.put(key, {str(k): v for k, v in roles.items()})
    return roles, failure


def _valid_roles(cached: Any) -> bool:
    """A cached answer is used only in the shape we write: {"<token index>": "<role>"}."""
    return isinstance(cached, dict) and all(k.isdigit() and isinstance(v, str) for k, v in cached.items())


def _render_probes(source: str, raw_config: dict[str, Any]) -> tuple[dict[int, str], str | None]:
    started = time.perf_counter()
    limit = LIMIT_SECONDS + LIMIT_SECONDS_PER_MB * len(source) / 1e6
    try:
        md = _converter(raw_config)
        md.reset()
        with time_limit(limit):
            md.convert(source)
        probe = md.treeprocessors["fieldguide_probe"]
        assert isinstance(probe, _Probe)
        roles = dict(probe.roles)
        probe.roles.clear()
    except RenderTimeout:
        _CONVERTERS.clear()  # interrupted mid-page: never reuse that converter
        return {}, (
            f"Markdown did not finish rendering this page in {limit:.0f} s (it would hang the build too); "
            "look for blocks that are opened inside a blockquote or list and never closed"
        )
    except Exception as exc:  # noqa: BLE001 - a renderer failure must fail the page, not the run
        _CONVERTERS.clear()
        return {}, f"Markdown failed on it ({type(exc).__name__}: {exc}); check markdown_extensions in mkdocs.yml"
    finally:
        STATS.pages += 1
        STATS.seconds += time.perf_counter() - started
    return roles, None
