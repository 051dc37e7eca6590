"""Build one audience's site with MkDocs, in a process of its own."""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass, field

from generator.site.edition import SiteJob


@dataclass
class SiteResult:
    audience: str
    ok: bool
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(job: SiteJob) -> SiteResult:
    """Run a real `mkdocs build` on the edition; MkDocs is not thread-safe, so one process each."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        # MkDocs consumes the extension settings it is given; the print stage still needs them.
        overrides = copy.deepcopy(job.overrides)
        config = load_config(job.config_file, docs_dir=job.docs_dir, site_dir=job.site_dir, **overrides)
        build(config)
    except MkDocsException as exc:
        # MkDocs logs the reasons and raises a summary ("Aborted with 1 configuration errors!").
        return SiteResult(job.audience, False, [], "; ".join([*collector.messages, str(exc)]))
    finally:
        logger.removeHandler(collector)
    return SiteResult(job.audience, True, collector.messages)
