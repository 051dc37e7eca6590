"""`fieldguide build`: the whole matrix of audiences, each in its own process, published atomically."""

from __future__ import annotations

import datetime
import multiprocessing
import multiprocessing.forkserver
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from generator.check.gate import check_gate
from generator.chooser import render_chooser
from generator.compile import Compiled, compile_project
from generator.findings import ContentError, Finding
from generator.incremental import edition_fingerprint, link_tree, project_fingerprint, reusable
from generator.manifest import AudienceRecord, Manifest, read_manifest, tree_digest, write_manifest
from generator.publish import discard, publish, staging_dir
from generator.select import Edition
from generator.site.edition import write_edition
from generator.worker import AudienceJob, AudienceResult, build_audience

Progress = Callable[[AudienceResult], None]


def build_label() -> str:
    """The build date, fixed by SOURCE_DATE_EPOCH when it is set, so output is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else datetime.datetime.now(datetime.UTC)
    return moment.strftime("%Y-%m-%d")


def build(
    root: Path,
    out: Path,
    audience_ids: list[str] | None = None,
    with_pdf: bool = True,
    jobs: int | None = None,
    on_done: Progress | None = None,
    force: bool = False,
    on_warnings: Callable[[int], None] | None = None,
) -> list[AudienceResult]:
    """Build every audience into `out`; on any error raise ContentError and leave `out` as it was.

    An audience whose inputs and published folder are unchanged is reused, unless `force`.
    """
    # One audience to build: build it here, as plain `mkdocs build` would, with no second process.
    # Several: each in a process of its own, forked from a server that starts importing MkDocs now.
    context = None if _one_audience(root, audience_ids) else _process_context()
    compiled = compile_project(root, audience_ids)
    gate = check_gate(compiled)  # FORMAT.md: build refuses what check calls an error
    errors = _errors_before_building(compiled, with_pdf, gate.errors)
    if errors:
        raise ContentError(errors)
    if on_warnings and gate.warnings:
        on_warnings(gate.warnings)
    label = build_label()
    project = compiled.project
    previous = None if force else read_manifest(out)
    # With the same audiences as last time, unchanged folders stay where they are and only the
    # rebuilt ones are swapped in; otherwise the whole site is swapped, reused folders included.
    in_place = bool(audience_ids) or (previous is not None and previous.all_audiences == sorted(project.audiences))
    staging = staging_dir(out)
    kept = dict(previous.audiences) if previous and in_place else {}
    manifest = Manifest(project_fingerprint(project), sorted(project.audiences), kept)
    results: list[AudienceResult] = []
    try:
        with tempfile.TemporaryDirectory(prefix="fieldguide-") as work:

            def job_for(edition: Edition) -> AudienceJob:
                aid = edition.audience.id
                published = out / aid / "print"  # --no-pdf keeps what it holds
                site = write_edition(project, edition, Path(work) / aid, staging / aid, with_pdf, published)
                fp = edition_fingerprint(project, edition, Path(work) / aid, site.overrides, with_pdf, label)
                if previous and reusable(previous, out, aid, with_pdf, fp):
                    if not in_place:
                        link_tree(out / aid, staging / aid)
                    manifest.audiences[aid] = previous.audiences[aid]
                    # Reused, not rebuilt; but still verified: the output checks cover every published file.
                    kept_dir = str(out / aid if in_place else staging / aid)
                    return AudienceJob(site, edition, project, with_pdf, label, fp, out.name, reuse_dir=kept_dir)
                return AudienceJob(site, edition, project, with_pdf, label, fp, out.name)

            results = _run(context, compiled.editions, job_for, jobs or os.cpu_count() or 1, on_done)
        failed = [r for r in results if not r.ok]
        if failed:
            raise ContentError(f for r in failed for f in r.findings or [_mkdocs_failure(r)])
        rebuilt = sorted(r.audience for r in results if not r.reused)
        for aid in rebuilt:
            record = AudienceRecord(_fingerprint_of(results, aid), tree_digest(staging / aid), with_pdf, True)
            manifest.audiences[aid] = record
        (staging / "index.html").write_text(render_chooser(project, label), encoding="utf-8")
        write_manifest(staging, manifest)
        publish(staging, out, rebuilt if in_place else None)
    except BaseException:
        discard(staging)
        raise
    return results


def _fingerprint_of(results: list[AudienceResult], audience: str) -> str:
    return next(r.fingerprint for r in results if r.audience == audience)


def _errors_before_building(compiled: Compiled, with_pdf: bool, checked: list[Finding]) -> list[Finding]:
    # `checked`: what check calls an error (language, capability pages...), from check_gate.
    errors = list(compiled.errors) + checked
    if with_pdf and _has_cards(compiled) and not compiled.project.config.site_url:
        message = (
            "site_url is required to print cards: their QR codes need absolute addresses; add site_url: https://..."
        )
        errors.append(Finding(compiled.project.config.config_file, 1, message))
    if errors and with_pdf and _has_cards(compiled):
        # Cards are otherwise laid out after a clean compile; lay them out here too,
        # so that one run reports every error, card overflows included.
        from generator.pdf.cards import check_card_fit

        errors += [f for e in compiled.editions for f in check_card_fit(compiled.project, e)]
    return errors


def _mkdocs_failure(result: AudienceResult) -> Finding:
    message = f"MkDocs could not build this audience's site: {result.error}"
    return Finding("mkdocs.yml", 1, message, result.audience)


def _has_cards(compiled: Compiled) -> bool:
    return any(p.page.card for e in compiled.editions for p in e.pages)


def _one_audience(root: Path, audience_ids: list[str] | None) -> bool:
    if audience_ids:
        return len(set(audience_ids)) == 1
    files = [p for p in (root / "audiences").glob("*.y*ml") if not p.name.startswith("_")]
    return len(files) == 1


def _process_context() -> multiprocessing.context.ForkServerContext:
    """A fresh process per audience: MkDocs is not thread-safe and reuses plugin objects.

    They are forked from a server that has only imported MkDocs: clean state, no start-up cost.
    """
    context = multiprocessing.get_context("forkserver")
    # '__main__' too: otherwise every child runs the command's own script again to set itself up.
    context.set_forkserver_preload(["__main__", "generator.site.preload"])
    multiprocessing.forkserver.ensure_running()
    return context


def _run(
    context: multiprocessing.context.ForkServerContext | None,
    editions: list[Edition],
    job_for: Callable[[Edition], AudienceJob],
    jobs: int,
    on_done: Progress | None,
) -> list[AudienceResult]:
    results: list[AudienceResult] = []

    def finished(result: AudienceResult) -> None:
        results.append(result)
        if on_done:
            on_done(result)

    if context is None:  # a single audience, built in this process
        for edition in editions:
            finished(build_audience(job_for(edition)))
        return results
    workers = min(jobs, len(editions)) or 1
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=1) as pool:
        # Largest editions first, so that no core idles at the end waiting on one big site;
        # each is submitted as soon as its files are written, so writing overlaps building.
        ordered = sorted(editions, key=lambda edition: len(edition.pages), reverse=True)
        futures = [pool.submit(build_audience, job_for(edition)) for edition in ordered]
        for future in as_completed(futures):
            finished(future.result())
    return results
