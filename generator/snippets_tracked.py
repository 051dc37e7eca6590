"""pymdownx.snippets' own preprocessor, walking the lines again so that each keeps its origin (generator/snippets.py).

A module of its own, imported only for a project that uses the extension.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import markdown
from markdown.util import nearing_recursion_limit
from pymdownx.snippets import SnippetMissingError, SnippetPreprocessor

from generator.excerpts import ExcerptGuard, Src
from generator.findings import Finding, Severity


def _like(text: str, model: str) -> Src:
    if isinstance(model, Src):
        return Src(text, model.path, model.lineno)
    return Src(text, "", 0)


class _Problem(Exception):
    """A snippet problem, reported at the line that includes the snippet unless `at` says otherwise."""

    def __init__(self, message: str, at: tuple[str, int] | None = None, severity: Severity = Severity.ERROR):
        super().__init__(message)
        self.message = message
        self.at = at
        self.severity = severity


class Tracked(SnippetPreprocessor):  # type: ignore[misc]  # pymdownx ships no type hints
    """SnippetPreprocessor with every line's origin kept and every silent skip turned into a finding."""

    dedent_subsections: bool  # set by SnippetPreprocessor, which has no annotations

    def __init__(self, config: dict[str, Any], md: markdown.Markdown, root: Path, findings: list[Finding]) -> None:
        super().__init__(config, md)
        self.root = root
        self.findings = findings
        self.guard = ExcerptGuard(self._rel)
        self.seen: set[str] = set()

    def expand(self, lines: list[Src]) -> list[Src]:
        self.seen = set()
        self.bases = None
        return self.parse_snippets(lines)

    def _rel(self, path: str) -> str:
        """The path as the editor knows it: relative to the project, links not followed."""
        for candidate in (Path(os.path.abspath(path)), Path(path).resolve()):
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        return Path(path).name

    def read_lines(self, path: str) -> list[Src]:
        """The file's lines as pymdownx reads them (a final newline gives a final empty line), with origins."""
        rel = self._rel(path)
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.root):
            raise _Problem(f"snippet '{rel}' is outside the project; only files inside the project are read")
        mode = os.stat(resolved).st_mode
        if not stat.S_ISREG(mode):
            raise _Problem(f"snippet '{rel}' is not a regular file; include only ordinary text files")
        data = resolved.read_bytes()
        try:
            text = data.decode(self.encoding)
        except (UnicodeDecodeError, LookupError):
            raise _Problem("not UTF-8 text; save the file as UTF-8", at=(rel, 1)) from None
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        return [Src(t, rel, n) for n, t in enumerate(text.split("\n") if text else [], 1)]

    def extract_section(self, section: str, lines: list[Any]) -> list[Any]:
        # pymdownx rebuilds an escaped marker line as a new string: give it back its origin.
        found = super().extract_section(section, lines)
        return self._restore(found, lines)

    def extract_lines(self, start: list[Any], end: list[Any], lines: list[Any]) -> list[Any]:
        dedent, self.dedent_subsections = self.dedent_subsections, False
        try:
            found = super().extract_lines(start, end, lines)
        finally:
            self.dedent_subsections = dedent
        return self.dedent(found) if dedent else found

    def dedent(self, lines: list[Any]) -> list[Any]:
        return [_like(new, old) for new, old in zip(super().dedent(lines), lines, strict=True)]

    def _restore(self, found: list[Any], lines: list[Any]) -> list[Any]:
        if all(isinstance(line, Src) for line in found):
            return found
        by_text: dict[str, Src] = {}
        for line in lines:
            if isinstance(line, Src):
                by_text.setdefault(line.replace(";", "", 1), line)
        restored: list[Any] = []
        for line in found:
            # An escaped marker line gets its own origin back, or else that of the line before it.
            model = by_text.get(line) or (restored[-1] if restored else next(iter(by_text.values()), ""))
            restored.append(line if isinstance(line, Src) else _like(line, model))
        return restored

    def parse_snippets(
        self, lines: list[Any], file_name: str | None = None, is_url: bool = False, is_section: bool = False
    ) -> list[Any]:
        """pymdownx's parse_snippets, line for line, with origins kept and problems reported."""
        if file_name:
            self.seen.add(file_name)
        new_lines: list[Any] = []
        block = False
        for line in lines:
            inline = False
            m = self.RE_ALL_SNIPPETS.match(line)
            if m:
                if m.group("escape"):
                    new_lines.append(_like(line.replace(";", "", 1), line))
                    continue
                if block and m.group("inline_marker"):
                    continue  # pymdownx ignores inline notation directly inside a block
                if m.group("inline_marker"):
                    inline = True
                else:
                    block = not block
                    continue
            elif not block:
                if not is_section:
                    m2 = self.match_section(line)
                    if m2 and m2.group("escape"):
                        rebuilt = (
                            m2.group("pre")
                            + m2.group("escape").replace(";", "", 1)
                            + m2.group("inline_marker")
                            + m2.group("section")
                            + m2.group("post")
                        )
                        line, m2 = _like(rebuilt, line), None
                    if m2 is not None:
                        continue
                new_lines.append(line)
                continue
            if block and not inline:
                m = self.RE_SNIPPET.match(line)
            if m:
                try:
                    new_lines.extend(self._include(line, m, inline))
                except _Problem as problem:
                    self._report(problem, line)
        if file_name:
            self.seen.discard(file_name)
        return new_lines

    def _include(self, line: Any, m: Any, inline: bool) -> list[Any]:
        space = m.group("space").expandtabs(self.tab_length)
        path = m.group("snippet")[1:-1].strip() if inline else m.group("snippet").strip()
        if not inline and not path:
            return [_like("", line)]  # an empty line in a block is an empty line in the page
        if path.startswith(";"):
            return []  # commented out
        target = self.parse_snippet_target(path)
        if target is None:
            return self._missing("a snippet line names no file; write the file's path after the scissors")
        path = target["path"]
        if path.lower().startswith(("https://", "http://")) or "://" in path:
            raise _Problem(
                f"snippet '{path}' is on the web; copy it into the project: "
                "nothing is fetched from another host during a build"
            )
        snippet = self.get_snippet_path(path)
        if not snippet:
            where = ", ".join(self._rel(b) for b in self.base_path) or "(no base_path)"
            return self._missing(f"snippet '{path}' not found in {where}; check the file name")
        if snippet in self.seen:
            raise _Problem(f"snippet '{self._rel(snippet)}' includes itself; remove the loop")
        if nearing_recursion_limit() or len(self.seen) >= 50:
            raise _Problem(f"snippets nest too deeply at '{self._rel(snippet)}'; include fewer levels")
        whole = self.read_lines(snippet)
        target["snippet"], target["is_url"] = snippet, False
        try:
            chosen = self.select_snippet_lines(whole, target)
        except SnippetMissingError:
            section = target["section"]
            raise _Problem(
                f"snippet '{self._rel(snippet)}' has no section '{section}'; mark it with --8<-- [start:{section}]"
            ) from None
        if whole and target["section"] is not None and not chosen and not self.check_paths:
            message = (
                f"snippet '{self._rel(snippet)}' has no section '{target['section']}' (left out: check_paths is false)"
            )
            self._report(_Problem(message, None, Severity.WARNING), line)
        chosen = self.process_snippet_lines(chosen, target)
        if target["start"] or target["section"]:
            chosen = self.guard.wrap(whole, chosen, self.findings)
        nested = self.parse_snippets(chosen, snippet, is_url=False, is_section=target["section"] is not None)
        return [_like(space + text, text) for text in nested]

    def _missing(self, message: str) -> list[Any]:
        if self.check_paths:
            raise _Problem(message)
        # As pymdownx does with check_paths: false, the line is left out; say so without failing.
        raise _Problem(message + " (left out: check_paths is false)", None, Severity.WARNING)

    def _report(self, problem: _Problem, line: Any) -> None:
        path, lineno = problem.at or (getattr(line, "path", ""), getattr(line, "lineno", 0))
        self.findings.append(Finding(path, lineno, problem.message, severity=problem.severity))
