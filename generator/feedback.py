"""Did this help? without JavaScript or cookies: two static thank-you pages per page, per answer.

A reader's answer is the request for `feedback/yes/<page>` or `feedback/no/<page>`, which the web
server logs like any page; `fieldguide report` counts those. The pages are written after MkDocs
has built the site, so they are in no search index, sitemap or navigation, and `check` never sees them.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from generator.model import Project
from generator.select import Edition, EditionPage
from generator.theme import theme_file

ANSWERS = ("yes", "no")


def feedback_enabled(raw: dict[str, Any]) -> bool:
    """On unless mkdocs.yml says `extra: {fieldguide: {feedback: false}}`."""
    extra = raw.get("extra")
    own = extra.get("fieldguide") if isinstance(extra, dict) else None
    return not (isinstance(own, dict) and own.get("feedback") is False)


def feedback_path(answer: str, page_url: str) -> str:
    """Where the answer page of a page lives in the audience's site, as MkDocs would address it."""
    if not page_url or page_url.endswith("/"):
        return f"feedback/{answer}/{page_url}index.html"
    return f"feedback/{answer}/{page_url}"


def write_feedback_pages(project: Project, edition: Edition, site_dir: Path) -> int:
    """Write every answer page of the edition; returns how many were written."""
    template = _template(Path(project.root))
    written = 0
    for page in edition.pages:
        for answer in ANSWERS:
            rel = feedback_path(answer, page.url)
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_render(template, edition, page, answer, rel), encoding="utf-8")
            written += 1
    return written


class FeedbackWriter:
    """Writes the answer pages in a thread while MkDocs builds the site, then moves them in.

    Creating two folders and two files per page is mostly waiting on the file system, which a thread
    does while MkDocs renders. They are written to a hidden folder inside the site folder: MkDocs
    clears the site folder when it starts but leaves hidden entries alone, and one rename moves them in.
    """

    def __init__(self, project: Project, edition: Edition, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.pending = site_dir / ".fieldguide-feedback"
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._write, args=(project, edition), daemon=True)
        self._thread.start()

    def _write(self, project: Project, edition: Edition) -> None:
        try:
            self.pending.mkdir(parents=True)
            write_feedback_pages(project, edition, self.pending)
        except BaseException as exc:  # noqa: BLE001 - raised again in the building thread, by finish()
            self._error = exc

    def finish(self, project: Project, edition: Edition, built: bool) -> None:
        """Move the pages into the built site, or throw them away when the build failed."""
        self._thread.join()
        try:
            if self._error is not None:
                raise self._error
            if not built:
                return
            if (self.site_dir / "feedback").exists():  # the site has pages of its own there: written over, as before
                write_feedback_pages(project, edition, self.site_dir)
            else:
                os.rename(self.pending / "feedback", self.site_dir / "feedback")
        finally:
            shutil.rmtree(self.pending, ignore_errors=True)


def _template(root: Path) -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(theme_file(root, "feedback.html").read_text(encoding="utf-8"))


def _render(template: jinja2.Template, edition: Edition, page: EditionPage, answer: str, rel: str) -> str:
    folder = posixpath.dirname(rel)
    back = posixpath.relpath(page.url or ".", folder) if page.url else posixpath.relpath(".", folder) + "/"
    if page.url.endswith("/") and not back.endswith("/"):
        back += "/"
    owner = page.page.meta.owner or ""
    subject = quote(f'Fieldguide: "{page.title}" did not help ({edition.audience.name})')
    return template.render(
        answer=answer,
        title=page.title,
        back=back,
        lang=edition.audience.lang,
        site_name=edition.site_name,
        mail=f"mailto:{owner}?subject={subject}" if "@" in owner and " " not in owner else None,
        owner=owner,
    )
