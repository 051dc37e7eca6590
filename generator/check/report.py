"""Write a check report as text (findings grouped by file, then a summary table) or as JSON."""

from __future__ import annotations

import itertools
import json
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.check.engine import Report
from generator.check.issues import Issue
from generator.findings import Severity
from generator.say import printable

JSON_VERSION = 1  # bump on any change that could break a reader; see schemas/check-output.schema.json
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}


def write_text(report: Report, stream: TextIO) -> None:
    """Findings grouped by file, a blank line between files, then the summary table.

    Every line starts with `path:line:`, so editors and grep can jump to it. An error reads exactly
    as `build` prints it; warnings and notices say so before their message.
    """
    # soft_wrap: one finding, one line. Off a terminal (a CI log) there is no width to fit: the table
    # takes what it needs, so no audience id is ever cut.
    wide = None if stream.isatty() else 10_000
    console = Console(file=stream, soft_wrap=True, highlight=False, width=wide)
    by_file = itertools.groupby(report.issues, key=lambda i: i.finding.path)
    for _, issues in by_file:
        for item in issues:
            console.print(_finding_line(item))
        console.print()
    if report.audiences:
        console.print(_summary_table(report))
    console.print(Text(_totals(report), style="bold"))


def _finding_line(item: Issue) -> Text:
    finding = item.finding
    where = printable(f"{finding.path}:{finding.line}: " + (f"[{finding.audience}] " if finding.audience else ""))
    message = printable(finding.message)
    if item.severity is Severity.ERROR:
        return Text.assemble((where, "bold"), message)
    return Text.assemble((where, "bold"), (f"{item.severity.value}: ", _STYLE[item.severity]), message)


def _summary_table(report: Report) -> Table:
    table = Table(title="Check summary per audience", title_justify="left")
    for name in ("audience", "pages", "words", "median grade", "errors", "warnings", "notices"):
        table.add_column(name, justify="left" if name == "audience" else "right")
    for row in report.audiences:
        grade = f"{row.median_grade:.1f}" if row.median_grade is not None else "-"
        values = (row.pages, row.words, grade, row.errors, row.warnings, row.notices)
        table.add_row(Text(row.id), *(str(v) for v in values))
    return table


def _totals(report: Report) -> str:
    parts = []
    for severity in Severity:
        n = report.count(severity)
        parts.append(f"{n} {severity.value}{'s' if n != 1 else ''}")
    strict = " (--strict: warnings count as errors)" if report.strict else ""
    return ", ".join(parts) + strict


def as_json(report: Report) -> dict[str, Any]:
    """The documented JSON shape; schemas/check-output.schema.json describes it."""
    return {
        "version": JSON_VERSION,
        "strict": report.strict,
        "exit_code": report.exit_code,
        "counts": {s.value: report.count(s) for s in Severity},
        "findings": [
            {
                "path": i.finding.path,
                "line": i.finding.line,
                "audience": i.finding.audience,
                "severity": i.severity.value,
                "rule": i.rule.value,
                "message": i.finding.message,
                "text": str(i.finding),
            }
            for i in report.issues
        ],
        "audiences": [
            {
                "id": a.id,
                "name": a.name,
                "pages": a.pages,
                "words": a.words,
                "median_grade": a.median_grade,
                "errors": a.errors,
                "warnings": a.warnings,
                "notices": a.notices,
            }
            for a in report.audiences
        ],
    }


def write_json(report: Report, stream: TextIO) -> None:
    # One write: json.dump writes token by token, which costs seconds on a large portal's report.
    stream.write(json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n")
