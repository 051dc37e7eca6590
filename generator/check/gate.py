"""`build` refuses what `check` calls an error (FORMAT.md): the same rules on the editions build compiled.

Card fit is left out here: build lays the cards out itself when it prints them
(and in `_errors_before_building` when other errors stop it), so they are not laid out twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from generator.check.engine import check_edition
from generator.check.rendered import converter
from generator.compile import Compiled
from generator.findings import Finding, Severity


@dataclass(frozen=True)
class Gate:
    errors: list[Finding]
    warnings: int  # what `check` would print as warnings; build only counts them


def check_gate(compiled: Compiled, today: datetime.date | None = None) -> Gate:
    md = converter(compiled.project.config.raw)
    issues = set()
    for edition in compiled.editions:
        found, _ = check_edition(edition, compiled.project, today or datetime.date.today(), md, cards=False)
        issues.update(found)
    errors = [i.finding for i in issues if i.severity is Severity.ERROR]
    return Gate(errors, sum(1 for i in issues if i.severity is Severity.WARNING))
