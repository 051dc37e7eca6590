"""Card fit, judged by the print code itself so that `check` and the printed card never disagree.

Laying cards out means importing WeasyPrint (about 0.5 s) and a layout pass per
audience; that is most of `check`'s time on a portal with cards. So a forked
process imports WeasyPrint while this one compiles, then lays the cards out while
the language checks run here, on a second core. If that process cannot start or
fails, the same work runs here: the result never depends on it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.check.issues import Issue, Rule
from generator.findings import Finding
from generator.model import Project
from generator.select import Edition

if TYPE_CHECKING:
    import multiprocessing.connection


def card_fit_issues(project: Project, edition: Edition) -> list[Issue]:
    """Every card page of the edition that needs more pages than its sides allow."""
    if not any(page.page.card for page in edition.pages):
        return []  # spares the WeasyPrint import when there is nothing to print
    # Imported here: WeasyPrint is the print adapter's dependency, and costs ~0.5 s to import.
    from generator.pdf.cards import check_card_fit

    return [Issue(finding, Rule.CARD_FIT) for finding in check_card_fit(project, edition)]


_MAY_BE_A_CARD = re.compile(rb"^(?:card:\s*(?!false)\S|type:\s*['\"]?(?:job-aid|capability))", re.MULTILINE)


def may_print_cards(root: Path) -> bool:
    """A quick guess from the pages' first lines, only to start WeasyPrint early; compile decides."""
    content = root / "content"
    try:
        for page in content.rglob("*.md"):
            with page.open("rb") as file:
                if _MAY_BE_A_CARD.search(file.read(4096)):
                    return True
    except OSError:
        return True
    return False


def _child(connection: multiprocessing.connection.Connection) -> None:
    """Import the print code while the parent compiles, then lay out what it sends."""
    try:
        import generator.pdf.cards  # noqa: F401  (WeasyPrint: the slow part, done while the parent works)

        job = connection.recv()
        if job is not None:
            project, editions = job
            connection.send(_in_two(project, editions))
    except BaseException as exc:  # the parent then does the work itself
        connection.send(repr(exc))
    finally:
        connection.close()


def _fit(project: Project, edition: Edition) -> list[Finding]:
    return [i.finding for i in card_fit_issues(project, edition)]


def _in_two(project: Project, editions: list[Edition]) -> list[list[Finding]]:
    """Lay out half the editions in a fork of this helper (WeasyPrint already imported), half here.

    The main process is done with its own checks long before the cards are, so the
    second core is free for the second half. A fork that fails leaves its half to us.
    """
    if len(editions) < 2 or not hasattr(os, "fork"):
        return [_fit(project, e) for e in editions]
    half = len(editions) // 2
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the fork: lay out the second half, hand it back, leave at once
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps([_fit(project, e) for e in editions[half:]]))
        finally:
            os._exit(0)
    os.close(write)
    mine = [_fit(project, e) for e in editions[:half]]
    with os.fdopen(read, "rb") as answer:
        data = answer.read()
    os.waitpid(pid, 0)
    try:
        theirs = pickle.loads(data) if data else None
    except Exception:
        theirs = None
    if not isinstance(theirs, list) or len(theirs) != len(editions) - half:
        theirs = [_fit(project, e) for e in editions[half:]]
    return mine + theirs


class CardFit:
    """Card fit of every edition with cards, laid out in a second process alongside the other checks."""

    def __init__(self, root: Path | None = None) -> None:
        """Start the helper process before compiling when the project seems to print cards."""
        self.process: Any = None
        self.project: Project | None = None
        self.editions: list[Edition] = []
        if root is not None and may_print_cards(root):
            self._start()

    def _start(self) -> None:
        import multiprocessing  # here: a build imports this module but never starts the helper (only check does)

        if "fork" not in multiprocessing.get_all_start_methods():
            return
        try:
            context = multiprocessing.get_context("fork")
            self.connection, theirs = context.Pipe()
            self.process = context.Process(target=_child, args=(theirs,), daemon=True)
            self.process.start()
            theirs.close()
        except OSError:
            self.process = None

    def submit(self, project: Project, editions: list[Edition]) -> None:
        self.project = project
        self.editions = [e for e in editions if any(page.page.card for page in e.pages)]
        if self.process is None and self.editions:
            self._start()  # the guess said no cards, or there was none: start it now
        if self.process is None:
            return
        try:
            self.connection.send((project, self.editions) if self.editions else None)
        except Exception:  # not picklable (a mkdocs.yml object?) or the helper died: lay out here
            self._stop()

    def cancel(self) -> None:
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.connection.send(None)
            self._stop()

    def issues(self) -> dict[str, list[Issue]]:
        """Card-fit issues by audience id."""
        if not self.editions or self.project is None:
            self.cancel()
            return {}
        found = self._from_child()
        if found is None:
            found = [[i.finding for i in card_fit_issues(self.project, e)] for e in self.editions]
        pairs = zip(self.editions, found, strict=True)
        return {e.audience.id: [Issue(f, Rule.CARD_FIT) for f in findings] for e, findings in pairs}

    def _from_child(self) -> list[list[Finding]] | None:
        if self.process is None:
            return None
        try:
            answer = self.connection.recv()
        except (EOFError, OSError):
            answer = None
        self._stop()
        return answer if isinstance(answer, list) and len(answer) == len(self.editions) else None

    def _stop(self) -> None:
        self.connection.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
        self.process = None
