"""The output folder: Fieldguide never deletes what it did not make.

A build replaces its output folder wholesale, so the folder must be new, empty, or one Fieldguide built
(it carries MARKER). The project itself, any folder holding it, and the source folders are refused outright.
Interrupted builds clean up after themselves; a build that was killed outright is cleaned up by the next one.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from generator.findings import UsageProblem

MARKER = ".fieldguide-site"
MARKER_TEXT = "Built by Fieldguide. A later build replaces this folder and everything in it.\n"
SOURCE_FOLDERS = ("content", "audiences", "theme")
# SOURCE_DATE_EPOCH beyond the year 9999 cannot be a date.
MAX_EPOCH = 253402300799


class Refused(UsageProblem):
    """A command the environment makes unsafe (exit 2), told in one line without the usage text."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl+C: every `finally` and `except BaseException` cleanup runs."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl+C or SIGTERM that came while the new site was being swapped in: it waited, and the site is in."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def check_output(root: Path, out: Path, docs_dir: str | None) -> None:
    """Refuse (exit 2) an output folder that a build could not replace without deleting someone's files."""
    root, out = root.resolve(), out.resolve()
    shown = _shown(out)
    if root.is_relative_to(out):
        kind = "the project folder" if out == root else "a folder that holds the project"
        raise Refused(f"refusing to build into {shown}: it is {kind}; choose an output folder such as site")
    for name in dict.fromkeys([*SOURCE_FOLDERS, *([docs_dir] if docs_dir else [])]):
        folder = (root / name).resolve()
        if out.is_relative_to(folder):
            where = "the" if out == folder else "inside the"
            raise Refused(
                f"refusing to build into {shown}: it is {where} project's {name}/ folder, "
                "which the build reads; choose an output folder such as site"
            )
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise Refused(f"refusing to build into {shown}: it is not a folder; choose a new or empty folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise Refused(
            f"refusing to build into {shown}: it is not empty and Fieldguide did not build it (it has no {MARKER} "
            "file); choose a new or empty folder, or empty this one yourself"
        )


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def remove_stale(out: Path) -> None:
    """Staging and old folders left by a build that was killed (its process is gone)."""
    beside = re.compile(rf"^\.{re.escape(out.name)}\.(?:building|old)-(\d+)$")
    inside = re.compile(r"^\..+\.old-(\d+)$")
    candidates = [(p, beside) for p in _entries(out.parent)]
    if (out / MARKER).is_file():
        candidates += [(p, inside) for p in _entries(out)]
    for path, pattern in candidates:
        match = pattern.match(path.name)
        if not match or _alive(int(match.group(1))) or path.is_symlink():
            continue
        building = ".building-" in path.name  # only Fieldguide names folders so; it is ours even unmarked
        if path.is_dir() and (building or (path / MARKER).is_file() or path.parent == out):
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and path.parent == out:
            path.unlink(missing_ok=True)


_WORK = re.compile(r"^fieldguide-(\d+)-[A-Za-z0-9_]+$")
# Only one untouched this long is removed: a build in another container that shares /tmp has process
# ids of its own, and may look dead from here.
_WORK_AGE_SECONDS = 3600


def work_prefix() -> str:
    """For the build's temporary work folder (the editions handed to MkDocs): with its process id, so that
    one left by a build that was killed outright can be told from a running build's."""
    return f"fieldguide-{os.getpid()}-"


def remove_stale_work() -> None:
    """Work folders of builds that were killed outright: they hold the editions, hidden text included.

    Only this user's folders, never a symbolic link, and only once their process is gone.
    """
    oldest = time.time() - _WORK_AGE_SECONDS
    for path in _entries(Path(tempfile.gettempdir())):
        match = _WORK.match(path.name)
        if not match or _alive(int(match.group(1))):
            continue
        try:
            seen = path.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(seen.st_mode) and seen.st_uid == os.getuid() and seen.st_mtime < oldest:
            shutil.rmtree(path, ignore_errors=True)


def build_label() -> str:
    """The build date, fixed by SOURCE_DATE_EPOCH when it is set, so output is reproducible.

    A value that is not a whole number of seconds from 1970 to 9999 is refused (exit 2), as the
    reproducible-builds specification asks: printing a guessed date would make the build quietly differ.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    if not re.fullmatch(r"[0-9]{1,12}", epoch.strip()) or int(epoch) > MAX_EPOCH:
        shown = epoch if len(epoch) <= 40 else epoch[:40] + "..."
        raise Refused(
            f"SOURCE_DATE_EPOCH={shown!r} is not a whole number of seconds since 1970-01-01 (up to the year 9999); "
            "unset it, or set it to one such as 1767225600"
        )
    return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).strftime("%Y-%m-%d")


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises Interrupted in the main thread, so cleanups run as for Ctrl+C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the cleanup short
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl+C and SIGTERM wait until the step inside is done (a process started, a site swapped in)."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
