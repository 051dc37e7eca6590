"""Card fit, judged by the print code itself so that `check` and the printed card never disagree.

Laying cards out means importing WeasyPrint (about 0.5 s) and a layout pass per
audience; that is most of `check`'s time on a portal with cards. So it runs in a
forked process while the language checks run here, on a second core. If that
process cannot start or fails, the same work runs here: the result never depends
on it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from typing import Any

from generator.check.issues import Issue, Rule
from generator.findings import Finding
from generator.model import Project
from generator.select import Edition


def card_fit_issues(project: Project, edition: Edition) -> list[Issue]:
    """Every card page of the edition that needs more pages than its sides allow."""
    if not any(page.page.card for page in edition.pages):
        return []  # spares the WeasyPrint import when there is nothing to print
    # Imported here: WeasyPrint is the print adapter's dependency, and costs ~0.5 s to import.
    from generator.pdf.cards import check_card_fit

    return [Issue(finding, Rule.CARD_FIT) for finding in check_card_fit(project, edition)]


_JOB: tuple[Project, list[Edition]] | None = None  # handed to the forked child without pickling


def _child(connection: multiprocessing.connection.Connection) -> None:
    assert _JOB is not None
    project, editions = _JOB
    try:
        connection.send([[i.finding for i in card_fit_issues(project, e)] for e in editions])
    except BaseException as exc:  # the parent then does the work itself
        connection.send(repr(exc))
    finally:
        connection.close()


class CardFit:
    """Card fit of every edition with cards, laid out alongside the other checks."""

    def __init__(self, project: Project, editions: list[Edition]) -> None:
        global _JOB
        self.project = project
        self.editions = [e for e in editions if any(page.page.card for page in e.pages)]
        self.process: Any = None
        if not self.editions or "fork" not in multiprocessing.get_all_start_methods():
            return
        _JOB = (project, self.editions)
        try:
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=_child, args=(sender,), daemon=True)
            self.process.start()
            sender.close()
        except OSError:
            self.process = None
        finally:
            _JOB = None

    def issues(self) -> dict[str, list[Issue]]:
        """Card-fit issues by audience id."""
        found = self._from_child()
        if found is None:
            found = [[i.finding for i in card_fit_issues(self.project, e)] for e in self.editions]
        pairs = zip(self.editions, found, strict=True)
        return {e.audience.id: [Issue(f, Rule.CARD_FIT) for f in findings] for e, findings in pairs}

    def _from_child(self) -> list[list[Finding]] | None:
        if self.process is None:
            return None
        try:
            answer = self.receiver.recv()
        except (EOFError, OSError):
            answer = None
        self.process.join()
        return answer if isinstance(answer, list) and len(answer) == len(self.editions) else None
