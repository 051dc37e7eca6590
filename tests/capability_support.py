"""A small capability project: two audiences, one including the other, with filtered items and terms."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
from conftest import REPO, MakeProject, audience

from generator.check.run import run_check

TODAY = datetime.date(2026, 6, 1)

OPS = audience("Operators", "You run the lines.", "terms:\n  assistant: the helper\n  escalate: tell your shift lead\n")
LEAD = audience(
    "Team leads",
    "You support the floor.",
    "includes: [ops]\nterms:\n  assistant: Assist\n  escalate: call the plant manager\n",
)

# Line numbers matter: the tests assert them.
ASSIST = """\
---
title: What {{ assistant }} can do
type: capability
owner: ai@example.org
---

## What it is good at { .can }
- Finding the work instruction for your line.

## What it gets wrong { .gets-wrong }
- Times that are in no instruction.
    - Example: it said 72 °C for a pie.
- Names of people.

## Never type in { .never }
- Customer names.
/// only | lead
- Staff reviews.
///

## Always check { .check }
- Every number, against the batch sheet.

## A person decides { .decides }
- Whether a clean is good enough.

## If it is down { .if-down }
Work as before. The paper instructions are still right.

## Who to ask { .ask }
- A wrong answer: {{ escalate }}.
"""


def capability_files(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "audiences/ops.yml": OPS,
        "audiences/lead.yml": LEAD,
        "content/index.md": "---\ntitle: Home\nowner: ai@example.org\n---\nWelcome.\n",
        "content/assist.md": ASSIST,
        **(extra or {}),
    }


def capability_project(make_project: MakeProject, extra: dict[str, str] | None = None) -> Path:
    return make_project(capability_files(extra))


def check_lines(
    root: Path, rules: tuple[str, ...] = ("capability", "capability-section", "capability-example")
) -> list[str]:
    """`severity: path:line: [audience] message` of every finding of the capability rules."""
    out = io.StringIO()
    run_check(root, None, "json", False, today=TODAY, stream=out)
    report: dict[str, Any] = json.loads(out.getvalue())
    schema = json.loads((REPO / "schemas" / "check-output.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)  # the capability rules are in the documented JSON
    return [f"{f['severity']}: {f['text']}" for f in report["findings"] if f["rule"] in rules]
