"""`fieldguide check`: the entry point the command line calls."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TextIO

from generator.check.engine import check_project
from generator.check.report import write_json, write_text


def run_check(
    root: Path,
    audiences: list[str] | None,
    fmt: str,
    strict: bool,
    today: datetime.date | None = None,
    stream: TextIO | None = None,
) -> int:
    """Check `root`, write the report to `stream` (stdout), return the exit code: 1 if any error.

    `today` decides which review dates have passed; tests pass a fixed date.
    """
    report = check_project(root, audiences, today or datetime.date.today(), strict)
    out = stream or sys.stdout
    if fmt == "json":
        write_json(report, out)
    else:
        write_text(report, out)
    return report.exit_code
