"""One audience, one process: its MkDocs site, then its PDFs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.failures import locate_failure
from generator.feedback import feedback_enabled, write_feedback_pages
from generator.findings import Finding
from generator.model import Project
from generator.select import Edition
from generator.site.edition import SiteJob
from generator.site.mkdocs_build import build_site


@dataclass(frozen=True)
class AudienceJob:
    site: SiteJob
    edition: Edition
    project: Project
    with_pdf: bool
    build_label: str
    fingerprint: str = ""  # of everything the output is made from, recorded in the manifest
    out_name: str = "site"  # the output folder's name, for messages
    reuse_dir: str | None = None  # an unchanged published folder: only verify it again


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
    fingerprint: str = ""


def build_audience(job: AudienceJob) -> AudienceResult:
    """Build one audience; a failing template or hook becomes a located error, never a traceback."""
    try:
        return _build_audience(job)
    except Exception as exc:  # noqa: BLE001 - anything a project's template or hook raises
        theme = job.site.overrides.get("theme")
        overrides = theme.get("custom_dir") if isinstance(theme, dict) else None
        hooks = [h for h in job.project.config.raw.get("hooks") or [] if isinstance(h, str)]
        where = locate_failure(exc, Path(job.project.root), job.site.audience, overrides, "the build", hooks)
        return AudienceResult(job.site.audience, False, len(job.edition.pages), findings=[where])


def _build_audience(job: AudienceJob) -> AudienceResult:
    if job.reuse_dir is not None:
        return _verify_reused(job, job.reuse_dir)
    started = time.perf_counter()
    site = build_site(job.site)
    result = AudienceResult(
        job.site.audience, site.ok, len(job.edition.pages), warnings=site.warnings, error=site.error
    )
    result.fingerprint = job.fingerprint
    result.notes = list(job.site.notes)
    if site.ok and feedback_enabled(job.project.config.raw):
        write_feedback_pages(job.project, job.edition, Path(job.site.site_dir))
    result.site_seconds = time.perf_counter() - started
    if not site.ok:
        return result
    if job.with_pdf:
        from generator.pdf.render import render_print

        started = time.perf_counter()
        printed = render_print(job.project, job.edition, job.site.site_dir, job.build_label)
        result.pdf_seconds = time.perf_counter() - started
        result.cards = printed.cards
        result.findings = printed.findings
    # The output is the truth: whatever was written, hidden text or an outside host fails the build.
    from generator.verify.run import verify_output

    started = time.perf_counter()
    result.findings += verify_output(job.project, job.edition, job.site.site_dir, job.out_name)
    result.verify_seconds = time.perf_counter() - started
    result.ok = not result.findings
    return result


def _verify_reused(job: AudienceJob, folder: str) -> AudienceResult:
    from generator.verify.run import verify_output

    started = time.perf_counter()
    findings = verify_output(job.project, job.edition, folder, job.out_name)
    result = AudienceResult(job.site.audience, not findings, len(job.edition.pages), findings=findings, reused=True)
    result.verify_seconds = time.perf_counter() - started
    result.fingerprint = job.fingerprint
    return result
