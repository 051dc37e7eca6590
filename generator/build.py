"""`fieldguide build`: the whole matrix of audiences, each in its own process, published atomically.

This module decides whether anything needs building at all; the build itself is generator/rebuild.py,
imported only when something does (0.1 s that a build with nothing changed does without).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.incremental import build_key, unchanged_build
from generator.manifest import Manifest
from generator.outdir import build_label, check_output, remove_stale, terminate_as_interrupt
from generator.result import AudienceResult
from generator.site.config import read_portal_config

Progress = Callable[[AudienceResult], None]


@dataclass
class Started:
    """What the build worked out before deciding that something needs building."""

    label: str  # the build date, as printed
    today: datetime.date
    key: str | None  # of everything a whole build reads (incremental.build_key), --audience or not
    # Source folders digested once, for the key and the project's fingerprint.
    digested: dict[str, str | None] = field(default_factory=dict)


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
    SIGTERM is handled like Ctrl+C: the staging and work folders are removed, `out` is left as it was.
    """
    ids = list(dict.fromkeys(audience_ids or [])) or None
    with terminate_as_interrupt():
        config, _ = read_portal_config(root)
        check_output(root, out, config.docs_dir if config else None)
        started = Started(build_label(), datetime.date.today(), None)
        if config:
            started.key = build_key(root, config, out, with_pdf, started.label, started.today, started.digested)
        # Nothing read by the last whole build changed, and its output is intact: keep it all as it is.
        previous_build = None
        if started.key is not None and not ids and not force:
            previous_build = unchanged_build(out, started.key)
        if previous_build is not None:
            with contextlib.suppress(OSError):  # housekeeping only: nothing is written on this path
                remove_stale(out)
            return _kept_as_published(previous_build, on_done, on_warnings)
        from generator.rebuild import rebuild

        # What is imported by now lives as long as the build: kept out of the cycle collector's full passes,
        # each of which would walk it all again (16–27 ms a pass, two in a build of 100 pages). Unfrozen after:
        # `serve` builds again and again in one process, and nothing frozen is ever freed.
        gc.freeze()
        try:
            return rebuild(root, out, ids, with_pdf, jobs, on_done, force, on_warnings, started)
        finally:
            gc.unfreeze()


def _kept_as_published(
    manifest: Manifest, on_done: Progress | None, on_warnings: Callable[[int], None] | None
) -> list[AudienceResult]:
    """Every audience reported as kept, with the warnings check gave when it was built."""
    results = []
    for aid, record in sorted(manifest.audiences.items()):
        result = AudienceResult(aid, True, record.pages, reused=True, fingerprint=record.fingerprint)
        results.append(result)
        if on_done:
            on_done(result)
    warned = {w for record in manifest.audiences.values() for w in record.check_warnings}
    if on_warnings and warned:
        on_warnings(len(warned))
    return results
