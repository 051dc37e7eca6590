"""Property-based: random nestings of blocks never leak, and bad input only ever gives located errors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.blocks import scan
from generator.model import Audience, AudienceSpec, Line, Page, PageMeta, PortalConfig, Project
from generator.select import select

IDS = ("a", "b", "c")
# b includes a; c stands alone.
INCLUDES = {"a": (), "b": ("a",), "c": ()}


def _audience(aid: str) -> Audience:
    matches = frozenset({aid, *INCLUDES[aid]})
    return Audience(
        aid, AudienceSpec(name=aid, description="d", includes=INCLUDES[aid]), matches, f"audiences/{aid}.yml"
    )


AUDIENCES = {aid: _audience(aid) for aid in IDS}


@dataclass
class Block:
    keyword: str
    ids: tuple[str, ...]
    children: list[Block | str]


def blocks(depth: int = 3) -> st.SearchStrategy[Block]:
    leaf = st.builds(lambda n: f"WORD{n}", st.integers(0, 10_000))
    child: st.SearchStrategy[Block | str] = (
        leaf if depth == 0 else st.one_of(leaf, st.deferred(lambda: blocks(depth - 1)))
    )
    return st.builds(
        Block,
        st.sampled_from(["only", "except"]),
        st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True).map(tuple),
        st.lists(child, max_size=4),
    )


def render(node: Block, depth: int) -> list[str]:
    fence = "/" * (3 + depth)
    lines = [f"{fence} {node.keyword} | {', '.join(node.ids)}"]
    for child in node.children:
        lines += [child] if isinstance(child, str) else render(child, depth - 1 if depth else 0)
    return lines + [fence]


def expected_words(node: Block, audience: Audience) -> set[str]:
    """The rule of FORMAT.md, stated independently of the implementation."""
    matched = any(i in audience.matches for i in node.ids)
    if matched != (node.keyword == "only"):
        return set()
    words: set[str] = set()
    for child in node.children:
        words |= {child} if isinstance(child, str) else expected_words(child, audience)
    return words


def project_of(text: str) -> tuple[Project, list[str]]:
    lines = [Line(t, "content/p.md", n) for n, t in enumerate(text.splitlines(), 1)]
    items, findings = scan(lines)
    page = Page("p.md", "content/p.md", PageMeta(title="P"), {}, tuple(items), None)
    config = PortalConfig("mkdocs.yml", "T", None, None, None, "content")
    return Project(".", config, AUDIENCES, (page,)), [str(f) for f in findings]


@settings(max_examples=300, deadline=None)
@given(st.lists(blocks(), min_size=1, max_size=3), st.booleans())
def test_random_nesting_never_leaks(roots: list[Block], equal_fences: bool) -> None:
    text = "\n".join(line for root in roots for line in render(root, 0 if equal_fences else 3))
    project, findings = project_of(text)
    assert findings == []
    all_words = set(re.findall(r"WORD\d+", text))
    for audience in AUDIENCES.values():
        edition, problems = select(project, audience)
        assert problems == []
        got = set(re.findall(r"WORD\d+", edition.pages[0].text))
        want = set().union(*(expected_words(r, audience) for r in roots))
        # A word planted in several blocks is shown if any of its blocks is shown.
        assert got == want, (audience.id, text)
        assert got <= all_words


LINE = st.sampled_from(
    [
        "///",
        "////",
        "/// only | a",
        "//// except | b, c",
        "/// only | zz",
        "/// details | x",
        "```",
        "~~~",
        "    code",
        "",
        "text {{ t }}",
        "- item",
        "    /// only | a",
        "    ///",
        "/// only",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=25))
def test_any_input_gives_located_errors_or_a_result(lines: list[str]) -> None:
    project, findings = project_of("\n".join(lines))
    for finding in findings:
        assert re.match(r"^content/p\.md:\d+: \S", finding), finding
        line = int(finding.split(":")[1])
        assert 1 <= line <= len(lines)
    for audience in AUDIENCES.values():
        edition, problems = select(project, audience)
        assert all(re.match(r"^content/p\.md:\d+: \[[abc]\] unknown term 't'", str(p)) for p in problems)
