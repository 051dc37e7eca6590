"""Fuzzing selection against the renderer: hidden canaries never reach an audience's rendered page.

The generator writes documents the way editors do and attackers might: list items whose
lines wrap lazily, nested blockquotes, footnotes, definition lists, admonitions, details,
tabs, fenced and indented code, and `only`/`except` blocks at every indentation and behind
every prefix, now and then misspelt or with odd spaces. Words inside blocks hidden from
the audience are canaries. Property: either the page has an error, or no canary appears
anywhere in the HTML that Python-Markdown, configured as MkDocs, makes of the audience's
page. Words in fenced code examples are not canaries: code is shown as written.

FIELDGUIDE_FUZZ=long runs 100,000 documents (about an hour), FIELDGUIDE_FUZZ=<n> runs n; the default
is a few seconds.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

import yaml
from conftest import BASE_CONFIG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import structure
from generator.markdown_render import make_markdown
from generator.model import Audience, AudienceSpec, Line, Page, PageMeta, PortalConfig, Project
from generator.select import select
from generator.structure import RenderTimeout, read_blocks, time_limit

PROFILE = os.environ.get("FIELDGUIDE_FUZZ", "")
LONG = PROFILE == "long" or PROFILE.isdigit()
EXAMPLES = 100_000 if PROFILE == "long" else int(PROFILE) if PROFILE.isdigit() else 150
RAW: dict[str, Any] = yaml.safe_load(BASE_CONFIG)
RAW["markdown_extensions"] += ["footnotes", "def_list", "md_in_html"]
ME = Audience("me", AudienceSpec(name="Me", description="d"), frozenset({"me"}), "audiences/me.yml")
OTHER = Audience("other", AudienceSpec(name="Other", description="d"), frozenset({"other"}), "audiences/other.yml")
CONFIG = PortalConfig("mkdocs.yml", "T", None, None, None, "content", raw=RAW)
RENDER = make_markdown(RAW)
LAZY = "\x00"  # marks a wrapped text line, which its container may leave unindented (lazy continuation)


@dataclass
class Tally:
    documents: int = 0
    errors: int = 0
    hangs: int = 0  # pages Python-Markdown itself does not finish (the page then has an error)
    canaries: int = 0
    started: float = field(default_factory=time.perf_counter)


TALLY = Tally()


class Writer:
    """Builds one document from hypothesis draws; records the canaries hidden from `me`."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.count = 0
        self.hidden: list[str] = []

    def word(self, hidden: bool, example: bool = False) -> str:
        self.count += 1
        kind = "ex" if example else "hid" if hidden else "see"
        word = f"{kind}{self.count}q"
        if hidden and not example:
            self.hidden.append(word)
        return word

    def pick(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    def chance(self, percent: int) -> bool:
        return bool(self.draw(st.integers(0, 99)) < percent)

    def pieces(self, depth: int, hidden: bool) -> list[str]:
        """Several pieces, separated by a blank line or not."""
        lines: list[str] = []
        for _ in range(self.draw(st.integers(1, 4 if depth < 2 else 2))):
            if lines and self.chance(60):
                lines.append("")
            lines += self.piece(depth, hidden)
        return lines

    def piece(self, depth: int, hidden: bool) -> list[str]:
        kinds = ["text", "text", "block", "block", "fence", "indented"]
        if depth < 2:
            kinds += ["list", "list", "quote", "footnote", "definition", "admonition", "details", "tab"]
        kind = self.pick(kinds)
        if kind == "text":
            wrapped = [f"{LAZY}wrapped {self.word(hidden)}"] if self.chance(50) else []
            return [f"Text {self.word(hidden)} here", *wrapped]
        if kind == "block":
            return self.block(depth, hidden)
        if kind == "fence":
            return self.fence(hidden)
        if kind == "indented":
            inner = [f"code {self.word(hidden)}"]
            if self.chance(10):
                inner += ["/// only | other", f"code {self.word(True)}", "///"]
            return ["", *("    " + line for line in inner)]
        return self.container(kind, depth, hidden)

    def block(self, depth: int, hidden: bool) -> list[str]:
        keyword, ids = self.pick([("only", "other"), ("except", "me"), ("only", "me"), ("except", "other")])
        hides = hidden or (keyword == "only") != (ids == "me")
        fence = self.pick(["///", "////"])
        opener = f"{fence} {keyword} | {ids}"
        if self.chance(3):  # a misspelling or odd space: must be an error, or read
            opener = self.pick(
                [
                    opener.replace(keyword, keyword.capitalize()),
                    opener.replace("only", "onyl").replace("except", "exept"),
                    opener.replace(" ", "\u00a0", 1),
                    "\u00a0" + opener,
                    opener.replace(" ", "\t", 1),
                    opener[1:],
                ]
            )
        body = self.pieces(depth + 1, hides) if depth < 2 and self.chance(50) else [f"Secret {self.word(hides)}"]
        closer = fence if not self.chance(2) else self.pick(["", "/" * (len(fence) + 1), "//"])
        return [opener, *body, closer]

    def fence(self, hidden: bool) -> list[str]:
        mark = self.pick(["```", "~~~", "````"])
        inner = [f"{self.word(hidden)} {{{{ x }}}}"]
        if self.chance(50):
            inner += ["/// only | other", self.word(True, example=True), "///"]
        closing = [] if self.chance(1) else [mark]
        return [mark, *inner, *closing]

    def container(self, kind: str, depth: int, hidden: bool) -> list[str]:
        # Markdown reads a fence on a list marker's line as a code span, not a fence: start with text.
        inner = [f"Item {self.word(hidden)}", *self.pieces(depth + 1, hidden)]
        first, rest, head = {
            "list": (self.pick(["1. ", "- ", "* "]), ["    ", "   ", "  ", "", "\t", "        "], []),
            "quote": (self.pick(["> ", "> > "]), ["> ", "", "> > "], []),
            "footnote": ("[^n]: ", ["    ", ""], ["See[^n]."]),
            "definition": (":   ", ["    ", ""], ["Term"]),
            "admonition": ("    ", ["    ", "", "        "], ['!!! note "Note"']),
            "tab": ("    ", ["    ", ""], ['=== "Tab"', ""]),
            "details": ("", [""], ["/// details | More"]),
        }[kind]
        lines = list(head)
        usual = self.pick(rest)  # the item's own indentation; wrapped text lines may be lazy
        for index, line in enumerate(inner):
            lazy = line.startswith(LAZY) and self.chance(50) or self.chance(1)
            prefix = first if index == 0 else "" if lazy else usual
            line = line.removeprefix(LAZY)
            lines.append(prefix + line if line or ">" in prefix else "")
        return lines + (["///"] if kind == "details" else [])


@st.composite
def documents(draw: Any) -> tuple[str, list[str]]:
    writer = Writer(draw)
    lines = writer.pieces(0, False)
    return "\n".join(line.removeprefix(LAZY) for line in lines), writer.hidden


def leaks(text: str, hidden: list[str]) -> list[str]:
    """Canaries hidden from `me` that appear in me's rendered page; [] when the page has an error."""
    lines = [Line(t, "content/p.md", n) for n, t in enumerate(text.split("\n"), 1)]
    structure.LIMIT_SECONDS = 3.0
    items, findings = read_blocks(lines, RAW)
    TALLY.documents += 1
    TALLY.hangs += any("did not finish rendering" in f.message for f in findings)
    if LONG and TALLY.documents % 10_000 == 0:
        print(f"fuzz: {TALLY.documents} documents, {time.perf_counter() - TALLY.started:.0f} s", flush=True)
    if findings:
        TALLY.errors += 1
        return []
    TALLY.canaries += len(hidden)
    page = Page("p.md", "content/p.md", PageMeta(title="P"), {}, tuple(items), None)
    project = Project(".", CONFIG, {"me": ME, "other": OTHER}, (page,))
    edition, _ = select(project, ME)
    RENDER.reset()
    try:
        with time_limit(3.0):
            html = RENDER.convert(edition.pages[0].text)
    except RenderTimeout:  # the audience's page hangs the renderer: nothing is published, nothing leaks
        TALLY.hangs += 1
        return []
    return [word for word in hidden if word in html]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None if LONG else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(documents())
def test_hidden_canaries_never_reach_the_rendered_page(document: tuple[str, list[str]]) -> None:
    text, hidden = document
    assert leaks(text, hidden) == [], text


def test_report_fuzz_tally() -> None:
    """Prints what the fuzzer did (run with -s); fails if it compiled nothing, which would prove nothing."""
    seconds = time.perf_counter() - TALLY.started
    print(
        f"\nfuzz: {TALLY.documents} documents in {seconds:.0f} s, {TALLY.errors} with errors "
        f"({TALLY.hangs} that Python-Markdown does not finish), {TALLY.canaries} canaries checked in the others"
    )
    assert TALLY.documents == 0 or TALLY.canaries > 0


def test_the_issue_reproduction_does_not_leak() -> None:
    text = "1. Ask the helper for the steps\nfor your line.\n\n    /// only | other\n    SECRET1q\n    ///\n"
    assert leaks(text, ["SECRET1q"]) == []


PIECES = st.sampled_from(
    ["///", "////", "/// only | me", "/// Only | me", "> ", "- ", "1. ", "[^n]: ", ":   ", "    ", "\t", "\u00a0"]
    + ["```", "~~~", "`", "<div>", "</div>", "!!! note", '=== "T"', "/// details | x", "text", "#", "|", "\u200b"]
)


@settings(max_examples=EXAMPLES // 2, deadline=None, database=None if LONG else settings.default.database)
@given(st.lists(st.lists(PIECES, max_size=4).map("".join), max_size=30))
def test_any_lines_give_located_errors_or_items(lines: list[str]) -> None:
    """Whatever the lines, structure reading ends in items and located findings, never an exception."""
    source = [Line(t, "content/p.md", n) for n, t in enumerate(lines, 1)]
    items, findings = read_blocks(source, RAW)
    assert len(items) == len(lines)
    assert all(1 <= f.line <= len(lines) and f.path == "content/p.md" and f.message for f in findings)
