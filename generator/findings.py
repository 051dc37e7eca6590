"""Findings: every problem an editor can see, located at a source file and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, at `path:line` relative to the project root."""

    path: str
    line: int
    message: str
    audience: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: "
        who = f"[{self.audience}] " if self.audience else ""
        return f"{where}{who}{self.message}"


class UsageProblem(Exception):
    """The command line names something that does not exist (exit code 2)."""


class ContentError(Exception):
    """Raised when the content has errors; carries every finding of the run."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = sorted(set(findings), key=_sort_key)
        super().__init__("\n".join(str(f) for f in self.findings))


def _sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line, finding.audience or "", finding.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Unique findings in file, line, audience order."""
    return sorted(set(findings), key=_sort_key)


def suggest(word: str, known: Iterable[str], what: str) -> str:
    """`did you mean 'x'? Known <what>: a, b` or `known <what>: a, b`."""
    names = sorted(known)
    listing = ", ".join(names) if names else "(none)"
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'? Known{what}: {listing}"
    return f"known{what}: {listing}"
