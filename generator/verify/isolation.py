"""The isolation check on the output: no hidden line's text in any file of the audience's site."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.findings import Finding
from generator.model import Project
from generator.select import Edition
from generator.verify.hidden import Needle, hidden_and_visible
from generator.verify.matcher import Haystack
from generator.verify.outputs import TextReader, other_text

QUOTE_CHARS = 40


class IsolationCheck:
    """Fed every text file of one audience's output; then finds each hidden line's text in them."""

    def __init__(self, project: Project, edition: Edition, out_name: str) -> None:
        self.edition = edition
        self.prefix = f"{out_name}/{edition.audience.id}"
        needles, visible, as_code = hidden_and_visible(project, edition)
        shown = Haystack(joiner=" \n ")
        shown.add("visible", visible)
        exact = set(visible)
        verdicts: dict[str, bool] = {}  # hidden text repeats (boilerplate): decide each once
        for needle in needles:
            if needle.normal not in verdicts:
                verdicts[needle.normal] = needle.normal not in exact and shown.find(needle.normal) is None
        # Text the audience is shown as code elsewhere may appear there, and only there.
        shown_as_code = Haystack(joiner=" \n ")
        shown_as_code.add("code", as_code)
        self.needles = [
            replace(n, in_code=True) if not n.in_code and shown_as_code.find(n.normal) else n
            for n in needles
            if verdicts[n.normal]
        ]
        self.code_allowed = any(n.in_code for n in self.needles)
        self.reader = TextReader()
        self.anywhere = Haystack()
        # Text the edition keeps as code may be shown as code (an example of block syntax), nowhere
        # else; PDFs are made from the same edition by the same converter, so the HTML decides for them.
        self.outside_code = Haystack()

    @property
    def wanted(self) -> bool:
        """False when no hidden line could be told from what the audience may see: nothing to read."""
        return bool(self.needles)

    def html(self, name: str, lines: list[str]) -> None:
        self.anywhere.add(name, self.reader.html(lines))
        if self.code_allowed:
            self.outside_code.add(name, self.reader.outside_code(lines))

    def other(self, name: str, path: Path) -> None:
        read = other_text(path)
        if isinstance(read, tuple):
            self.html(name, read[1])
            return
        for text in read:
            self.anywhere.add(name, text)
            if self.code_allowed and not name.endswith(".pdf"):
                self.outside_code.add(name, text)

    def findings(self) -> list[Finding]:
        """A finding at each hidden line whose text is in an output file, naming the first such file."""
        found: dict[tuple[str, int], Finding] = {}
        for needle in self.needles:
            if (needle.path, needle.lineno) in found:
                continue
            where = (self.outside_code if needle.in_code else self.anywhere).find(needle.normal)
            if where:
                found[(needle.path, needle.lineno)] = _finding(needle, self.edition, f"{self.prefix}/{where}")
        return list(found.values())


def quote(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    cut = text[:QUOTE_CHARS].rsplit(" ", 1)[0] or text[:QUOTE_CHARS]
    return cut.rstrip(" ,;:") + "..."


def _finding(needle: Needle, edition: Edition, where: str) -> Finding:
    message = (
        f'hidden text found in {where}: "{quote(needle.text)}"; nothing was published: '
        "write the block's opening and closing lines on their own, outside lists, quotes and indented code, "
        "or report this as a Fieldguide bug if they are"
    )
    return Finding(needle.path, needle.lineno, message, edition.audience.id)
