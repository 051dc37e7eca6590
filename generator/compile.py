"""From a project folder to checked editions: everything before any output is written."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from generator.findings import ContentError, Finding, Severity, UsageProblem
from generator.links import check_links
from generator.model import Project
from generator.project import load_project
from generator.rendered import FACTS
from generator.safety import project_safety
from generator.select import Edition, select
from generator.site.config import read_portal_config
from generator.structure import CLEAN, ROLES


@dataclass(frozen=True)
class Compiled:
    project: Project
    editions: list[Edition]
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def compile_project(root: Path, audience_ids: list[str] | None = None) -> Compiled:
    """Load, validate and select every (or the named) audience; collect every finding."""
    config, findings = read_portal_config(root)
    if config is None:
        raise ContentError(findings)
    project, loaded = load_project(root, config)
    findings += loaded
    if audience_ids:
        # An id whose file exists but failed to load is a content error, already reported.
        files = {p.stem for p in (root / "audiences").glob("*.y*ml") if not p.name.startswith("_")}
        unknown = [a for a in audience_ids if a not in project.audiences and a not in files]
        if unknown:
            ids = sorted(f for f in files if not f.startswith("_"))
            close = difflib.get_close_matches(unknown[0], ids, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UsageProblem(f"unknown audience '{unknown[0]}'; {hint}known: {', '.join(ids) or '(none)'}")
    findings += project_safety(project)
    ROLES.save()  # what the block reading learnt, for the next run
    CLEAN.save()
    chosen = [a for a in project.audiences.values() if not audience_ids or a.id in audience_ids]
    editions = []
    for audience in chosen:
        edition, problems = select(project, audience)
        findings += problems + check_links(edition, project)
        editions.append(edition)
    FACTS.save()
    return Compiled(project, editions, findings)
