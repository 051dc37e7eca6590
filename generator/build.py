"""`fieldguide build`: the whole matrix of audiences, each in its own process, published atomically."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.chooser import render_chooser
from generator.compile import Compiled, compile_project
from generator.failures import locate_failure
from generator.findings import ContentError, Finding
from generator.outdir import build_label, check_output, remove_stale, signals_held, terminate_as_interrupt
from generator.processes import run_all
from generator.publish import discard, publish, staging_dir
from generator.select import Edition
from generator.site.config import read_portal_config
from generator.site.edition import write_edition
from generator.worker import AudienceJob, AudienceResult

Progress = Callable[[AudienceResult], None]


def build(
    root: Path,
    out: Path,
    audience_ids: list[str] | None = None,
    with_pdf: bool = True,
    jobs: int | None = None,
    on_done: Progress | None = None,
) -> list[AudienceResult]:
    """Build every audience into `out`; on any error raise ContentError and leave `out` as it was.

    SIGTERM is handled like Ctrl+C: the staging and work folders are removed, `out` is left as it was.
    """
    with terminate_as_interrupt():
        return _build(root, out, list(dict.fromkeys(audience_ids or [])) or None, with_pdf, jobs, on_done)


def _build(
    root: Path, out: Path, audience_ids: list[str] | None, with_pdf: bool, jobs: int | None, on_done: Progress | None
) -> list[AudienceResult]:
    config, _ = read_portal_config(root)
    check_output(root, out, config.docs_dir if config else None)
    label = build_label()
    context = _process_context()  # starts importing MkDocs in the background while we compile
    compiled = compile_project(root, audience_ids)
    errors = _errors_before_building(compiled, with_pdf)
    if errors:
        raise ContentError(errors)
    try:
        remove_stale(out)
        staging = staging_dir(out)
    except OSError as exc:
        raise ContentError([_unwritable(root, out, exc)]) from None
    results: list[AudienceResult] = []
    try:
        with tempfile.TemporaryDirectory(prefix="fieldguide-") as work:

            def job_for(edition: Edition) -> AudienceJob:
                site = write_edition(
                    compiled.project, edition, Path(work) / edition.audience.id, staging / edition.audience.id, with_pdf
                )
                return AudienceJob(site, edition, compiled.project, with_pdf, label)

            results = run_all(context, compiled.editions, job_for, jobs or os.cpu_count() or 1, on_done)
        failed = [r for r in results if not r.ok]
        if failed:
            raise ContentError(f for r in failed for f in r.findings or [_mkdocs_failure(r)])
        (staging / "index.html").write_text(_chooser(compiled, label), encoding="utf-8")
        with signals_held():  # an interrupt between the renames would leave no site at all
            publish(staging, out, audience_ids or None)
    except OSError as exc:
        discard(staging)
        raise ContentError([_unwritable(root, out, exc)]) from None
    except BaseException:
        discard(staging)
        raise
    return results


def _chooser(compiled: Compiled, label: str) -> str:
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


def _errors_before_building(compiled: Compiled, with_pdf: bool) -> list[Finding]:
    errors = list(compiled.errors)
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


def _process_context() -> multiprocessing.context.ForkServerContext:
    """A fresh process per audience: MkDocs is not thread-safe and reuses plugin objects.

    They are forked from a server that has only imported MkDocs: clean state, no start-up cost.
    """
    context = multiprocessing.get_context("forkserver")
    # '__main__' too: otherwise every child runs the command's own script again to set itself up.
    context.set_forkserver_preload(["__main__", "generator.site.preload"])
    multiprocessing.forkserver.ensure_running()
    return context
