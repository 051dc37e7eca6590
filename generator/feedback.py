"""Did this help? without JavaScript or cookies: two static thank-you pages per page, per answer.

A reader's answer is the request for `feedback/yes/<page>` or `feedback/no/<page>`, which the web
server logs like any page; `fieldguide report` counts those. The pages join the site after MkDocs
has built it, so they are in no search index, sitemap or navigation, and `check` never sees them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import shutil
import stat
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from generator.manifest import tree_entries
from generator.model import Project
from generator.select import Edition, EditionPage
from generator.theme import theme_file

if TYPE_CHECKING:
    import jinja2

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


def write_feedback_pages(
    project: Project,
    edition: Edition,
    site_dir: Path,
    stop: threading.Event | None = None,
    published: Path | None = None,
    pages: list[tuple[str, bytes]] | None = None,
) -> int:
    """Write every answer page of the edition; returns how many were written (fewer once `stop` is set).

    A page that the audience's `published` folder already holds, byte for byte, is linked to it instead:
    no new file for the file system to find room for, and none freed when the old site is removed.
    `pages`: answer_pages() of the edition, when the caller has them already.
    """
    written = 0
    for rel, data in answer_pages(project, edition) if pages is None else pages:
        if stop is not None and stop.is_set():
            break
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if published is None or not _linked(published / rel, target, data):
            target.write_bytes(data)
        written += 1
    return written


def answer_pages(project: Project, edition: Edition) -> list[tuple[str, bytes]]:
    """(path in the site, bytes) of every answer page of the edition."""
    template = _template(Path(project.root))
    pages = []
    for page in edition.pages:
        for answer in ANSWERS:
            rel = feedback_path(answer, page.url)
            pages.append((rel, _render(template, edition, page, answer, rel).encode("utf-8")))
    return pages


# Each entry of a folder, by its path in the site: (device, inode, mode, size, modified and changed
# times in nanoseconds, owner). Any change to a file or to a folder's entries changes its "changed"
# time, which no unprivileged process can set back.
Listing = dict[str, tuple[int, ...]]


def listing(folder: Path, name: str) -> Listing | None:
    """`folder` (a real folder, not a link to one) and everything below it, named `name` and below."""
    try:
        found = {name: _identity(os.lstat(folder))}
        if not stat.S_ISDIR(found[name][2]):
            return None
        for rel, path in tree_entries(folder):
            found[f"{name}/{rel}"] = _identity(os.lstat(path))
    except OSError:
        return None
    return found


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (
        status.st_dev,
        status.st_ino,
        status.st_mode,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_uid,
    )


def _as_written(mode: int, owner: int, folder: bool) -> bool:
    """Whether a file or folder has the permissions and owner one written by this build would have:
    one that was made private or handed to another user is written anew, not kept or linked."""
    return stat.S_IMODE(mode) == (0o777 if folder else 0o666) & ~_umask() and owner == os.geteuid()


@functools.cache
def _umask() -> int:
    """The process's umask, read without setting it (os.umask sets it, for every thread at once)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no /proc: the only way to read it
    os.umask(mask)
    return mask


def kept_answers(published: Path, pages: list[tuple[str, bytes]]) -> Listing | None:
    """The listing of the published site's feedback/ folder when it holds exactly these answer pages:
    no other entry, no link, every file the same bytes, permissions and owner as if written now. None
    otherwise: they are written anew.

    The listing is taken before the files are read; while it stays the same, so do the files, and
    the folder can be moved into the new site instead of being made again (generator/publish.py).
    """
    try:
        if not stat.S_ISDIR(os.lstat(published).st_mode):
            return None
    except OSError:
        return None
    found = listing(published / "feedback", "feedback")
    wanted = dict(pages)
    folders = {str(parent) for rel in wanted for parent in PurePosixPath(rel).parents if parent.parts}
    if found is None or set(found) != set(wanted) | folders:
        return None
    for rel, identity in found.items():
        if not _as_written(identity[2], identity[6], rel in folders):
            return None
        if rel in folders:
            if not stat.S_ISDIR(identity[2]):
                return None
        elif (
            not stat.S_ISREG(identity[2])
            or identity[3] != len(wanted[rel])
            or not _holds(published / rel, identity, wanted[rel])
        ):
            return None
    return found


def _holds(path: Path, identity: tuple[int, ...], data: bytes) -> bool:
    """Whether the file listed as `identity` holds exactly `data`."""
    opened = _holding(path, data)
    return opened is not None and (opened.st_dev, opened.st_ino) == identity[:2]


def _holding(path: Path, data: bytes) -> os.stat_result | None:
    """The status of the regular file at `path` when it holds exactly `data`; None otherwise.

    Never read through a symbolic link, and never waited on: a named pipe put in the published site
    would otherwise hold the build until something wrote to it.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # none there, or a symbolic link
        return None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode) or file.read(len(data) + 1) != data:
            return None
    return status


def _linked(source: Path, target: Path, data: bytes) -> bool:
    """Link `target` to `source` if that is a regular file holding exactly `data`; False otherwise."""
    read = _holding(source, data)
    if read is None or not _as_written(read.st_mode, read.st_uid, False):
        return False  # written anew
    try:
        os.link(source, target, follow_symlinks=False)
        linked = os.lstat(target)
    except OSError:  # another file system, a target already there (MkDocs wrote one), a link limit
        return False
    if (linked.st_dev, linked.st_ino) != (read.st_dev, read.st_ino):  # the path changed since it was read
        os.unlink(target)
        return False
    return True


def move_feedback_pages(prepared: Path, site_dir: Path) -> None:
    """Move answer pages written into `prepared` (while MkDocs built the site) into the site.

    One rename; only when the project has pages of its own under feedback/ are the two merged, file
    by file, the answer pages written over, as they would have been written straight into the site.
    """
    source, target = prepared / "feedback", site_dir / "feedback"
    if not os.path.lexists(target):
        source.rename(target)
    else:
        for folder, _, files in os.walk(source):
            into = target / os.path.relpath(folder, source)
            into.mkdir(parents=True, exist_ok=True)
            for name in files:
                os.replace(os.path.join(folder, name), into / name)
    shutil.rmtree(prepared)


def _template(root: Path) -> jinja2.Template:
    import jinja2  # only here: the main process renders these pages after the first audience has started

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
