"""Links and images a reader cannot follow: vague link text, images without alt text."""

from __future__ import annotations

import re

from generator.check.issues import Issue, Rule, issue
from generator.check.prose import prose_lines, strip_code
from generator.select import EditionPage

_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\](?:\([^)]*\)|\[[^\]]*\])")
_HTML_LINK = re.compile(r"<a\b[^>]*>(?P<text>.*?)</a>", re.IGNORECASE)
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\(\s*<?(?P<src>[^)\s>]*)>?[^)]*\)|\[(?P<ref>[^\]]*)\])")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\balt\s*=\s*(["'])(?P<alt>.*?)\1""", re.IGNORECASE)
_HTML_SRC = re.compile(r"""\bsrc\s*=\s*(["'])(?P<src>.*?)\1""", re.IGNORECASE)
# Link text that says nothing about where the link goes.
VAGUE_LINK_TEXT = frozenset(
    {
        *("click here", "click", "click this link", "this link", "link"),
        *("here", "go here", "see here", "this", "this page"),
        *("read more", "more", "learn more", "more info", "more information", "details"),
    }
)


def markup_issues(page: EditionPage, audience: str) -> list[Issue]:
    issues: list[Issue] = []
    for line in prose_lines(page):
        text = strip_code(line.text)
        for match in [*_LINK.finditer(text), *_HTML_LINK.finditer(text)]:
            shown = match.group("text")
            if _normalised(shown) in VAGUE_LINK_TEXT:
                issues.append(
                    issue(
                        Rule.LINK_TEXT,
                        line.path,
                        line.lineno,
                        audience,
                        f"link text '{shown.strip()}' does not say where it leads; "
                        "use words that name the page or what the reader will find there",
                    )
                )
        for match in _IMAGE.finditer(text):
            if not match.group("alt").strip():
                issues.append(_no_alt(match.group("src") or match.group("ref") or "", line.path, line.lineno, audience))
        for tag in _HTML_IMAGE.finditer(text):
            alt = _HTML_ALT.search(tag.group(0))
            if not alt or not alt.group("alt").strip():
                src = _HTML_SRC.search(tag.group(0))
                issues.append(_no_alt(src.group("src") if src else "", line.path, line.lineno, audience))
    return issues


def _normalised(text: str) -> str:
    text = re.sub(r"<[^>]+>|[*_`]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


def _no_alt(src: str, path: str, line: int, audience: str) -> Issue:
    return issue(
        Rule.IMAGE_ALT,
        path,
        line,
        audience,
        f"image '{src}' has no alt text; describe what it shows: ![what it shows]({src})",
    )
