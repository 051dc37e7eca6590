"""One audience, one process: its MkDocs site, then its PDFs."""

from __future__ import annotations

import datetime
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.issues import Issue
from generator.check.rendered import RenderCapture, converter
from generator.failures import locate_failure
from generator.feedback import (
    answer_pages,
    feedback_enabled,
    kept_answers,
    move_feedback_pages,
    write_feedback_pages,
)
from generator.findings import Finding, Severity
from generator.manifest import Listed, tree_digest
from generator.model import Project
from generator.result import AudienceResult
from generator.select import Edition
from generator.site.edition import SiteJob
from generator.textcache import cache_setting
from generator.timeline import mark


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
    # FORMAT.md: build refuses what `check` calls an error. With a date, check's rules run here, on the
    # render MkDocs made of each page (no second render); None for an unchanged audience, only verified again.
    check_today: datetime.date | None = None
    # The build's cache folder (generator/textcache.py), as the command saw it: a worker forked from a
    # server started earlier would otherwise see the server's environment.
    cache: str = field(default_factory=cache_setting)
    # The last build's print record and published print/ folder: PDFs made from the same inputs are copied.
    print_previous: dict[str, Any] = field(default_factory=dict)
    print_published: str | None = None
    # Where the main process writes the "Did this help?" pages while MkDocs builds (generator/processes.py);
    # None: they are written here, after MkDocs.
    feedback_from: str | None = None
    # The audience's folder as published now: answer pages it holds byte for byte are linked, not written.
    published: str | None = None
    # False: the main process runs the output checks on the written site (verify_written), on a core that
    # has nothing else to do when fewer audiences are built at once than there are cores.
    verify_here: bool = True


# Waits until the main process has the answer pages ready: WRITTEN into job.feedback_from; KEPT as
# published, in the published feedback/ folder, which publishing moves into the new site; "" for neither.
AnswersReady = Callable[[], str]
WRITTEN, KEPT = "written", "kept"


def build_audience(job: AudienceJob, answers_ready: AnswersReady | None = None) -> AudienceResult:
    """Build one audience; a failing template or hook becomes a located error, never a traceback."""
    os.environ["FIELDGUIDE_CACHE"] = job.cache
    try:
        return _build_audience(job, answers_ready)
    except Exception as exc:  # noqa: BLE001 - anything a project's template or hook raises
        theme = job.site.overrides.get("theme")
        overrides = theme.get("custom_dir") if isinstance(theme, dict) else None
        hooks = [h for h in job.project.config.raw.get("hooks") or [] if isinstance(h, str)]
        where = locate_failure(exc, Path(job.project.root), job.site.audience, overrides, "the build", hooks)
        return AudienceResult(job.site.audience, False, len(job.edition.pages), findings=[where])


def _build_audience(job: AudienceJob, answers_ready: AnswersReady | None) -> AudienceResult:
    if job.reuse_dir is not None:
        return _verify_reused(job, job.reuse_dir)
    mark("building", job.site.audience)
    started = time.perf_counter()
    # Only pages whose check answers are not known from an earlier run are read from the render.
    keys: list[str] = []
    capture = RenderCapture(None)
    if job.check_today:
        # Imported here, not with this module: the main process imports this module for every build of
        # several audiences but never checks there (the process server imports it for the audiences).
        from generator.check.engine import page_keys, unchecked_texts

        keys = page_keys(job.edition, job.project)
        capture = RenderCapture(unchecked_texts(job.edition, keys))
    from generator.site.mkdocs_build import build_site  # as check's engine above, and it imports Jinja

    site = build_site(job.site, [capture] if job.check_today else [])
    mark("site built", job.site.audience)
    result = AudienceResult(
        job.site.audience, site.ok, len(job.edition.pages), warnings=site.warnings, error=site.error
    )
    result.fingerprint = job.fingerprint
    result.notes = list(job.site.notes)
    if site.ok and feedback_enabled(job.project.config.raw):
        _answer_pages(job, answers_ready, result)
        mark("answer pages in", job.site.audience)
    result.site_seconds = time.perf_counter() - started
    if not site.ok:
        return result
    if job.check_today:
        errors, result.check_warnings = _check(job, job.check_today, capture, keys)
        if errors:
            result.ok = False
            result.findings = errors + (_card_fit(job) if job.with_pdf else [])
            return result
    mark("checked", job.site.audience)
    if job.with_pdf:
        from generator.pdf.render import render_print

        started = time.perf_counter()
        published = Path(job.print_published) if job.print_published else None
        printed = render_print(
            job.project, job.edition, job.site.site_dir, job.build_label, job.print_previous, published
        )
        result.print_record, result.print_kept = printed.record, printed.kept
        result.pdf_seconds = time.perf_counter() - started
        result.cards = printed.cards
        result.findings = printed.findings
        mark("printed", job.site.audience)
    elif job.site.kept_print:
        # --no-pdf: the published PDFs were copied as they were, so their record still describes them.
        result.print_record = job.print_previous
    if not job.verify_here:
        # Not ok until the main process has run the output checks: nothing unchecked is ever published.
        result.ok, result.unverified = False, True
        return result
    return verify_written(job, result)


def verify_written(job: AudienceJob, result: AudienceResult) -> AudienceResult:
    """The output is the truth: whatever was written, hidden text or an outside host fails the build.

    Then the folder's digest for the manifest, from the bytes the checks read.
    """
    from generator.verify.run import verify_output

    started = time.perf_counter()
    digests: dict[str, bytes] = {}  # each file is read once, for both the checks and the digest
    # Answer pages kept as published are checked and digested where they are: the very files published.
    grafts = {"feedback": result.kept_answers} if result.kept_answers else {}
    listed: Listed = []  # and each entry the checks walked, so that the digest does not walk them again
    site_dir = job.site.site_dir
    result.findings += verify_output(job.project, job.edition, site_dir, job.out_name, digests, grafts, listed)
    result.verify_seconds = time.perf_counter() - started
    result.ok, result.unverified = not result.findings, False
    if result.ok:
        result.tree = tree_digest(Path(site_dir), digests, grafts=grafts, listed=listed)
    mark("verified", job.site.audience)
    return result


def _answer_pages(job: AudienceJob, answers_ready: AnswersReady | None, result: AudienceResult) -> None:
    """Put the answer pages in the site, or keep them where they are published (result.kept_answers)."""
    site_dir = Path(job.site.site_dir)
    published = published_folder(job)
    if job.feedback_from is not None and answers_ready is not None:
        state = answers_ready()
        if state == WRITTEN:
            move_feedback_pages(Path(job.feedback_from), site_dir)
            return
        if state == KEPT and published is not None and not os.path.lexists(site_dir / "feedback"):
            result.kept_answers = str(published / "feedback")  # the main process holds the listing
            return
        # Half written (a full disk), or kept while this project's own pages are under feedback/ too.
        shutil.rmtree(job.feedback_from, ignore_errors=True)
    # Compared with the published ones here: one audience built in the command's own process, or what
    # the main process could not write.
    pages = answer_pages(job.project, job.edition)
    if published is not None and not os.path.lexists(site_dir / "feedback"):
        listing = kept_answers(published, pages)
        if listing is not None:
            result.kept_answers, result.answers_listing = str(published / "feedback"), listing
            return
    write_feedback_pages(job.project, job.edition, site_dir, published=published, pages=pages)


def published_folder(job: AudienceJob) -> Path | None:
    return Path(job.published) if job.published else None


def _check(
    job: AudienceJob, today: datetime.date, capture: RenderCapture, keys: list[str]
) -> tuple[list[Finding], list[Issue]]:
    """check's rules on this edition, reading the pages as MkDocs rendered them; (errors, warnings)."""
    from generator.check.engine import check_edition

    md = converter(job.project.config.raw)  # for a page a plugin changed, which MkDocs rendered from other text
    issues, _ = check_edition(job.edition, job.project, today, md, cards=False, known=capture.rendered, keys=keys)
    errors = [i.finding for i in issues if i.severity is Severity.ERROR]
    return errors, [i for i in issues if i.severity is Severity.WARNING]


def _card_fit(job: AudienceJob) -> list[Finding]:
    """With check's errors nothing is printed; the cards are laid out anyway, so one run reports every error."""
    if not any(p.page.card for p in job.edition.pages):
        return []
    from generator.pdf.cards import check_card_fit

    return check_card_fit(job.project, job.edition)


def _verify_reused(job: AudienceJob, folder: str) -> AudienceResult:
    from generator.verify.run import verify_output

    started = time.perf_counter()
    findings = verify_output(job.project, job.edition, folder, job.out_name)
    result = AudienceResult(job.site.audience, not findings, len(job.edition.pages), findings=findings, reused=True)
    result.verify_seconds = time.perf_counter() - started
    result.fingerprint = job.fingerprint
    return result
