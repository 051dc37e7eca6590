"""`fieldguide report`: read the logs, keep the counts, write the report."""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.compile import compile_project
from generator.report.counts import Counts
from generator.report.formats import lines_summary, to_csv, to_json, to_text
from generator.report.html import to_html
from generator.report.model import build_report
from generator.report.portal import PortalMap
from generator.report.store import load, save

FORMATS = ("text", "json", "csv", "html")


def portal_map(root: Path) -> PortalMap:
    """Each audience's current pages, as the build would publish them today."""
    compiled = compile_project(root)
    pages = {e.audience.id: {p.url: p.title for p in e.pages} for e in compiled.editions}
    raw = compiled.project.config.raw
    return PortalMap.from_site_url(compiled.project.config.site_url, pages, bool(raw.get("use_directory_urls", True)))


def run_report(
    root: Path,
    logs: list[str],
    fmt: str = "text",
    min_count: int = 5,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    db: Path | None = None,
) -> str:
    portal = portal_map(root)
    counts = load(db) if db else Counts()
    for name in logs:
        counts.read_log(name, portal)
    if db:
        save(db, counts)
    report = build_report(counts, portal, min_count, since, until)
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "html":
        return to_html(report, lines_summary(report))
    return to_text(report)
