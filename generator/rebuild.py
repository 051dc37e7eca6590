"""Build what `fieldguide build` found to need building: each audience in its own process, published atomically."""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
import signal
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import Progress, Started
from generator.check.issues import warning_key
from generator.compile import Compiled, compile_project
from generator.failures import locate_failure
from generator.findings import ContentError, Finding
from generator.incremental import (
    edition_fingerprint,
    link_tree,
    pages_changed,
    project_fingerprint,
    reusable,
    selection_digest,
)
from generator.manifest import AudienceRecord, Manifest, read_manifest, write_manifest
from generator.outdir import (
    InterruptedAfterPublishing,
    remove_stale,
    remove_stale_work,
    signals_held,
    work_prefix,
)
from generator.process_server import several_audiences, start_process_server
from generator.publish import Graft, GraftChanged, discard, publish, staging_dir
from generator.result import AudienceResult
from generator.select import Edition
from generator.site.edition import write_edition
from generator.textcache import text_key
from generator.timeline import mark
from generator.worker import AudienceJob, build_audience

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext


def rebuild(
    root: Path,
    out: Path,
    audience_ids: list[str] | None,
    with_pdf: bool,
    jobs: int | None,
    on_done: Progress | None,
    force: bool,
    on_warnings: Callable[[int], None] | None,
    started: Started,
) -> list[AudienceResult]:
    """The build after build.build() found something to build; on any error ContentError, `out` as it was."""
    label, today, key, digested = started.label, started.today, started.key, started.digested
    # One audience to build: build it here, as plain `mkdocs build` would, with no second process.
    # Several: each in a process of its own, forked from a server that imports MkDocs meanwhile (started
    # here, unless the command started it before its own imports: generator/process_server.py).
    context = start_process_server(with_pdf) if several_audiences(root, audience_ids) else None
    compiled = _compile_frozen(root, audience_ids)
    mark("compiled")
    # FORMAT.md: build refuses what check calls an error. Each worker applies check's rules to the
    # render MkDocs makes anyway; only when the build cannot start are they applied here, so that one
    # run still reports every error.
    errors = _errors_before_building(compiled, with_pdf, today)
    if errors:
        raise ContentError(errors)
    project = compiled.project
    previous = None if force else read_manifest(out)
    # With the same audiences as last time, unchanged folders stay where they are and only the
    # rebuilt ones are swapped in; otherwise the whole site is swapped, reused folders included.
    in_place = bool(audience_ids) or (previous is not None and previous.all_audiences == sorted(project.audiences))
    with contextlib.suppress(OSError):  # housekeeping only: a folder that cannot be removed stays
        remove_stale_work()
    try:
        remove_stale(out)
        staging = staging_dir(out)
    except OSError as exc:
        raise ContentError([_unwritable(root, out, exc)]) from None
    kept = dict(previous.audiences) if previous and in_place else {}
    selections = {edition.audience.id: selection_digest(edition) for edition in compiled.editions}
    manifest = Manifest(project_fingerprint(project, digested), sorted(project.audiences), kept)
    results: list[AudienceResult] = []
    swapped_in = False
    try:
        with tempfile.TemporaryDirectory(prefix=work_prefix()) as work:

            def job_for(edition: Edition) -> AudienceJob:
                aid = edition.audience.id
                published_print = out / aid / "print"  # --no-pdf keeps what it holds
                site = write_edition(project, edition, Path(work) / aid, staging / aid, with_pdf, published_print)
                # `today` too: check's review-date rules give another answer on another day.
                fp = edition_fingerprint(project, edition, selections[aid], site, with_pdf, label, today)
                if previous and reusable(previous, out, aid, with_pdf, fp):
                    if not in_place:
                        link_tree(out / aid, staging / aid)
                    manifest.audiences[aid] = previous.audiences[aid]
                    # Reused, not rebuilt; but still verified: the output checks cover every published file.
                    kept_dir = str(out / aid if in_place else staging / aid)
                    return AudienceJob(site, edition, project, with_pdf, label, fp, out.name, reuse_dir=kept_dir)
                job = AudienceJob(
                    site, edition, project, with_pdf, label, fp, out.name, check_today=today, published=str(out / aid)
                )
                if previous and aid in previous.audiences:
                    job = replace(
                        job, print_previous=previous.audiences[aid].print, print_published=str(published_print)
                    )
                return job

            cores = jobs or os.cpu_count() or 1
            # Audiences whose pages changed are prepared and started first; the rest are most likely
            # reused, and are prepared and verified while those build.
            results = _run(context, compiled.editions, job_for, cores, on_done, pages_changed(previous, selections))
        failed = [r for r in results if not r.ok]
        if failed:
            # One finding from several audiences (a project-wide rule) is reported once.
            raise ContentError(dict.fromkeys(f for r in failed for f in r.findings or [_mkdocs_failure(r)]))
        rebuilt = sorted(r.audience for r in results if not r.reused)
        for aid in rebuilt:
            result = next(r for r in results if r.audience == aid)
            warnings = sorted({warning_key(i) for i in result.check_warnings})
            record = AudienceRecord(
                result.fingerprint,
                result.tree,
                with_pdf,
                verified=True,
                check_warnings=warnings,
                pages=result.pages,
                print=result.print_record,
                selection=selections[aid],
            )
            manifest.audiences[aid] = record
        warned = {w for r in results for w in manifest.audiences[r.audience].check_warnings}
        if on_warnings and warned:
            on_warnings(len(warned))
        chooser = _chooser(compiled, label)
        (staging / "index.html").write_text(chooser, encoding="utf-8")
        manifest.chooser = text_key(chooser)
        # The key says that the folder holds what a whole build of these inputs publishes: so only when
        # every audience in it was built or checked as current by this run (a shard; not some rebuilt in place).
        manifest.build_key = key if key and set(manifest.audiences) == {r.audience for r in results} else ""
        write_manifest(staging, manifest)
        with signals_held():  # an interrupt between the renames would leave no site at all
            publish(staging, out, rebuilt if in_place else None, _grafts(results, out, staging))
            swapped_in = True
        mark("published")
    except GraftChanged as exc:
        discard(staging)
        raise ContentError([_changed_while_building(root, folder) for folder in sorted(exc.folders)]) from None
    except OSError as exc:
        discard(staging)
        raise ContentError([_unwritable(root, out, exc)]) from None
    except KeyboardInterrupt as exc:
        discard(staging)
        if swapped_in:  # held while the site was swapped in, raised as soon as that was done
            raise InterruptedAfterPublishing(getattr(exc, "signum", signal.SIGINT)) from None
        raise
    except BaseException:
        discard(staging)
        raise
    return results


def _chooser(compiled: Compiled, label: str) -> str:
    from generator.chooser import render_chooser  # imports Jinja: 14 ms the start of a build does without

    try:
        return render_chooser(compiled.project, label)
    except Exception as exc:  # noqa: BLE001 - a project's own theme/chooser.html may fail in any way
        raise ContentError(
            [locate_failure(exc, Path(compiled.project.root), None, None, "the role chooser", [])]
        ) from None


def _unwritable(root: Path, out: Path, exc: OSError) -> Finding:
    """A read-only or full output folder: say where, not a traceback."""
    where = os.path.relpath(out.resolve(), root.resolve())
    problem = exc.strerror or str(exc)
    return Finding(
        where, 1, f"cannot write the output here ({problem}); make the folder writable or choose another with -o"
    )


def _grafts(results: list[AudienceResult], out: Path, staging: Path) -> list[Graft]:
    """The answer pages kept as published (generator/feedback.py), to move into the new site."""
    grafts = []
    for result in results:
        if result.kept_answers is not None:
            if result.answers_listing is None:  # never: the listing is taken before the process is told
                raise GraftChanged([out / result.audience / "feedback"])
            grafts.append(
                (out / result.audience / "feedback", staging / result.audience / "feedback", result.answers_listing)
            )
    return grafts


def _changed_while_building(root: Path, folder: Path) -> Finding:
    where = os.path.relpath(folder.resolve(), root.resolve())
    message = (
        'the "Did this help?" pages published here changed while this build ran, after it had compared them '
        "with its own (something else wrote to the output folder); nothing was published: build again"
    )
    return Finding(where, 1, message)


def _errors_before_building(compiled: Compiled, with_pdf: bool, today: datetime.date) -> list[Finding]:
    """Errors that stop the build before any site is built; with them, every other error as well."""
    errors = list(compiled.errors)
    if with_pdf and _has_cards(compiled) and not compiled.project.config.site_url:
        message = (
            "site_url is required to print cards: their QR codes need absolute addresses; add site_url: https://..."
        )
        errors.append(Finding(compiled.project.config.config_file, 1, message))
    if not errors:
        return []
    from generator.check.gate import check_gate  # only here: 15 ms of imports that a build without errors skips

    errors += check_gate(compiled, today).errors  # what check calls an error (language, capability pages...)
    if with_pdf and _has_cards(compiled):
        # Cards are otherwise laid out when they are printed; lay them out here too,
        # so that one run reports every error, card overflows included.
        from generator.pdf.cards import check_card_fit

        errors += [f for e in compiled.editions for f in check_card_fit(compiled.project, e)]
    return errors


def _mkdocs_failure(result: AudienceResult) -> Finding:
    message = f"MkDocs could not build this audience's site: {result.error}"
    return Finding("mkdocs.yml", 1, message, result.audience)


def _compile_frozen(root: Path, audience_ids: list[str] | None) -> Compiled:
    """compile_project, with what it makes kept out of the cycle collector's passes, as the imports are.

    Reading 500 pages makes a hundred thousand objects (lines, items, strings) that live as long as the
    build. The collector walked the newest of them again every 700 objects made, 7 ms in all; paused,
    it would walk them all at once when it resumed. Frozen instead (build.py unfreezes everything once
    the build ends), it never walks them; anything the reading left in a cycle is freed after the build.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        compiled = compile_project(root, audience_ids)
        gc.freeze()
    finally:
        if was_on:
            gc.enable()
    return compiled


def _has_cards(compiled: Compiled) -> bool:
    return any(p.page.card for e in compiled.editions for p in e.pages)


def _run(
    context: ForkServerContext | None,
    editions: list[Edition],
    job_for: Callable[[Edition], AudienceJob],
    jobs: int,
    on_done: Progress | None,
    first: set[str],
) -> list[AudienceResult]:
    results: list[AudienceResult] = []

    def finished(result: AudienceResult) -> None:
        results.append(result)
        if on_done:
            on_done(result)

    if context is None:  # a single audience, built in this process
        gc.freeze()  # what was made since the project (its editions), during MkDocs' build here; build.py unfreezes all
        for edition in editions:
            finished(build_audience(job_for(edition)))
        return results
    # One process per audience, stopped cleanly by an interrupt (generator/processes.py).
    from generator.processes import run_all  # only here: a build of one audience does without multiprocessing

    return run_all(context, editions, job_for, jobs, on_done, first)
