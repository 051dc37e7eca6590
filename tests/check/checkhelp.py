"""Helpers for the `check` tests: run the checker on a small project and read its findings."""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.run import run_check

TODAY = datetime.date(2026, 6, 1)

OPS = """\
name: Operators
description: You run the lines.
reading:
  max_grade: 6
  max_sentence_words: 10
  known_acronyms: [AI, PPE]
terms:
  assistant: the helper
avoid:
  LLM: the helper
  hallucination: made-up answer
"""

DESK = """\
name: Desk agents
description: You answer customers.
reading:
  max_grade: 12
  max_sentence_words: 20
terms:
  assistant: Assist
avoid:
  leverage: use
"""

AUDIENCES = {"audiences/ops.yml": OPS, "audiences/desk.yml": DESK}


@dataclass(frozen=True)
class Result:
    code: int
    report: dict[str, Any]

    def lines(self, rule: str | None = None) -> list[str]:
        """`severity: path:line: [audience] message` of every finding (of one rule)."""
        return [f"{f['severity']}: {f['text']}" for f in self.report["findings"] if rule is None or f["rule"] == rule]


def check(root: Path, audiences: list[str] | None = None, strict: bool = False, today: datetime.date = TODAY) -> Result:
    out = io.StringIO()
    code = run_check(root, audiences, "json", strict, today=today, stream=out)
    return Result(code, json.loads(out.getvalue()))


def front(title: str, extra: str = "") -> str:
    """Front matter with an owner, so that only the rule under test speaks."""
    return f"---\ntitle: {title}\nowner: docs@example.org\n{extra}---\n"
