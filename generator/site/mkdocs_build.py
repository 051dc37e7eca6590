"""Build one audience's site with MkDocs, in a process of its own."""

from __future__ import annotations

import copy
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions import Extension

from generator.site.compiled_templates import keep_compiled_templates
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


def build_site(job: SiteJob, extensions: Sequence[Extension] = ()) -> SiteResult:
    """Run a real `mkdocs build` on the edition; MkDocs is not thread-safe, so one process each.

    `extensions` join MkDocs' own Markdown converter to read what it renders; they change nothing.
    """
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
        # The edition's own folder (its docs and merged overrides) is new in every build.
        keep_compiled_templates(config.theme, str(Path(job.docs_dir).parent))
        # After validation, which takes names only; Python-Markdown takes instances as well.
        config.markdown_extensions.extend(extensions)  # type: ignore[arg-type]
        build(config)
        if job.kept_print:
            # Copied into the new site before anything checks or publishes it, as if printed now.
            _copy_regular_files(Path(job.kept_print), Path(job.site_dir) / "print")
    except MkDocsException as exc:
        # MkDocs logs the reasons and raises a summary ("Aborted with 1 configuration errors!").
        return SiteResult(job.audience, False, [], "; ".join([*collector.messages, str(exc)]))
    finally:
        logger.removeHandler(collector)
    return SiteResult(job.audience, True, collector.messages)


def _copy_regular_files(source: Path, target: Path) -> None:
    """Only the PDFs a build wrote: regular files, never a symbolic link to elsewhere."""
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink() and not any(p.is_symlink() for p in path.parents):
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / path.relative_to(source))
