"""Build one audience's site with MkDocs, in a process of its own."""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown.extensions import Extension

from generator.site.compiled_templates import keep_compiled_templates
from generator.site.edition import SiteJob, write_pages
from generator.site.nav_memo import memo_nav
from generator.site.theme_files import use_listed_themes

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


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
    from mkdocs.commands import build as mkdocs_build
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
        use_listed_themes(config.theme)
        memo_nav(config)  # last: its loader wraps the listed one
        # After validation, which takes names only; Python-Markdown takes instances as well.
        config.markdown_extensions.extend(extensions)  # type: ignore[arg-type]
        with _pages_from_memory(mkdocs_build, job.pages):
            mkdocs_build.build(config)
        if job.kept_print:
            # Copied into the new site before anything checks or publishes it, as if printed now.
            _copy_regular_files(Path(job.kept_print), Path(job.site_dir) / "print")
    except MkDocsException as exc:
        # MkDocs logs the reasons and raises a summary ("Aborted with 1 configuration errors!").
        return SiteResult(job.audience, False, [], "; ".join([*collector.messages, str(exc)]))
    finally:
        logger.removeHandler(collector)
    return SiteResult(job.audience, True, collector.messages)


@contextlib.contextmanager
def _pages_from_memory(module: Any, pages: tuple[tuple[str, str], ...]) -> Iterator[None]:
    """While MkDocs builds, its file list holds the pages as files backed by their text in memory.

    They are listed, excluded (exclude_docs, not_in_nav, draft_docs) and sorted exactly as MkDocs' own
    get_files would list them from disk. Should two files claim one address (README.md beside index.md),
    the pages are written to docs_dir after all, and MkDocs settles it as it always does.
    """
    if not pages:
        yield
        return
    from mkdocs.structure.files import File, Files, file_sort_key, set_exclusions

    on_disk = module.get_files

    def get_files(config: MkDocsConfig) -> Files:
        listed: Files = on_disk(config)
        added = []
        for src, text in pages:
            file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
            path = file.abs_src_path
            file.content_string = text.removeprefix("\ufeff")  # as MkDocs reads a file: utf-8-sig
            file.abs_src_path = path  # where it would be, for plugins that only name it (setting the text unset it)
            added.append(file)
        set_exclusions(added, config)
        files = [*listed, *added]
        if len({f.src_uri for f in files}) < len(files) or len({f.dest_uri for f in files}) < len(files):
            write_pages(Path(config.docs_dir), pages)
            files_on_disk: Files = on_disk(config)
            return files_on_disk
        return Files(sorted(files, key=file_sort_key))

    module.get_files = get_files
    try:
        yield
    finally:
        module.get_files = on_disk


def _copy_regular_files(source: Path, target: Path) -> None:
    """Only the PDFs a build wrote: regular files, never a symbolic link to elsewhere."""
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink() and not any(p.is_symlink() for p in path.parents):
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / path.relative_to(source))
