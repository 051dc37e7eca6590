"""What building one audience gave: the worker's answer, also what a build that kept everything reports.

Apart from the worker (generator/worker.py), so that a build with nothing changed can report its
audiences without importing what building them takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.check.issues import Issue
from generator.findings import Finding


@dataclass
class AudienceResult:
    audience: str
    ok: bool
    pages: int
    site_seconds: float = 0.0
    pdf_seconds: float = 0.0
    verify_seconds: float = 0.0
    cards: int = 0
    warnings: list[str] = field(default_factory=list)  # from MkDocs
    notes: list[str] = field(default_factory=list)  # what Fieldguide changed in the config, and why
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    reused: bool = False  # nothing it is made from changed: the published folder was kept
    check_warnings: list[Issue] = field(default_factory=list)  # what `check` would print as warnings
    print_record: dict[str, Any] = field(default_factory=dict)  # for the manifest (generator/pdf/reuse.py)
    print_kept: list[str] = field(default_factory=list)  # "handbook", "cards": copied as published
    tree: str = ""  # digest of the folder written (manifest.tree_digest), for the manifest
    unverified: bool = False  # written, and waiting for the main process's output checks (job.verify_here)
    fingerprint: str = ""
    # The published feedback/ folder, when the answer pages it holds are kept (generator/feedback.py);
    # publishing moves it into the new site, if its listing is still answers_listing.
    kept_answers: str | None = None
    answers_listing: dict[str, tuple[int, ...]] | None = None
