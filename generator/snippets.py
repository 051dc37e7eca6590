"""Expand `--8<--` snippets before selection, keeping each line's true origin.

Mirrors pymdownx.snippets for the forms editors use: a single-line include
(optionally `file:start:end` or `file:section`), the multi-line block form, and
`;--8<--` to write the marker literally. Included text obeys blocks and terms
because selection runs after this.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.findings import Finding
from generator.model import Line

MARKER = "--8<--"
_SINGLE = re.compile(r'^(?P<indent>\s*)(?P<escape>;*)--8<--\s+(?P<q>["\']?)(?P<target>[^"\']+?)(?P=q)\s*$')
_BLOCK_EDGE = re.compile(r"^(?P<indent>\s*)(?P<escape>;*)--8<--\s*$")
_SECTION = re.compile(r"^\s*.*?--8<--\s*\[(start|end):([\w-]+)\]\s*(?:-->)?\s*$")
MAX_DEPTH = 8


class SnippetExpander:
    """Expands snippets found in page lines, looking in the configured base paths."""

    def __init__(self, root: Path, base_paths: tuple[str, ...]):
        self.root = root
        self.bases = [(root / b).resolve() for b in (base_paths or (".",))]

    def expand(self, lines: list[Line], findings: list[Finding], depth: int = 0) -> list[Line]:
        out: list[Line] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            single = _SINGLE.match(line.text)
            edge = _BLOCK_EDGE.match(line.text)
            if single and single["escape"]:
                out.append(Line(line.text.replace(";" + MARKER, MARKER, 1), line.path, line.lineno))
            elif single:
                out += self._include(single["target"], single["indent"], line, findings, depth)
            elif edge and not edge["escape"]:
                end = _block_end(lines, i)
                for target_line in lines[i + 1 : end]:
                    if target_line.text.strip() and not target_line.text.strip().startswith(";"):
                        out += self._include(target_line.text.strip(), edge["indent"], target_line, findings, depth)
                i = end
            elif edge:
                out.append(Line(line.text.replace(";" + MARKER, MARKER, 1), line.path, line.lineno))
            else:
                out.append(line)
            i += 1
        return out

    def _include(self, target: str, indent: str, at: Line, findings: list[Finding], depth: int) -> list[Line]:
        name, selector = _split_selector(target)
        if re.match(r"^[a-z]+://", target):
            findings.append(Finding(at.path, at.lineno, f"snippet '{target}' is on the web; copy it into the project"))
            return []
        file = self._find(name)
        if file is None:
            where = ", ".join(self._rel(b) for b in self.bases)
            findings.append(Finding(at.path, at.lineno, f"snippet '{name}' not found in {where}; check the file name"))
            return []
        if depth >= MAX_DEPTH:
            findings.append(Finding(at.path, at.lineno, f"snippet '{name}' includes itself; remove the loop"))
            return []
        rel = self._rel(file)
        raw = [
            Line(indent + t if t else t, rel, n) for n, t in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
        ]
        chosen = _select(raw, selector, at, name, findings)
        return self.expand(chosen, findings, depth + 1)

    def _find(self, name: str) -> Path | None:
        for base in self.bases:
            candidate = (base / name).resolve()
            if candidate.is_file() and candidate.is_relative_to(self.root.resolve()):
                return candidate
        return None

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def _block_end(lines: list[Line], start: int) -> int:
    for j in range(start + 1, len(lines)):
        if _BLOCK_EDGE.match(lines[j].text):
            return j
    return len(lines) - 1


def _split_selector(target: str) -> tuple[str, str]:
    parts = target.split(":", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (target, "")


def _select(raw: list[Line], selector: str, at: Line, name: str, findings: list[Finding]) -> list[Line]:
    """Apply `start:end` line ranges or a named section; drop section markers."""
    if not selector:
        return [ln for ln in raw if not _SECTION.match(ln.text)]
    numbers = re.fullmatch(r"(\d*)(?::(\d*))?", selector)
    if numbers:
        start = int(numbers[1] or 1)
        end = int(numbers[2]) if numbers[2] else len(raw)
        return [ln for ln in raw[start - 1 : end] if not _SECTION.match(ln.text)]
    inside, chosen, found = False, [], False
    for ln in raw:
        marker = _SECTION.match(ln.text)
        if marker and marker[2] == selector:
            inside, found = marker[1] == "start", True
        elif marker:
            continue
        elif inside:
            chosen.append(ln)
    if not found:
        findings.append(
            Finding(
                at.path,
                at.lineno,
                f"snippet '{name}' has no section '{selector}'; mark it with --8<-- [start:{selector}]",
            )
        )
    return chosen
