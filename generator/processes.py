"""One process per audience, at most `jobs` at once, that an interrupt can stop at any moment.

ProcessPoolExecutor could not be stopped cleanly: leaving it waits for every running audience, and
terminating its workers raced with the processes it was starting, which then printed tracebacks about
semaphores it had already removed. Here every process is started with SIGINT and SIGTERM held back,
so each one that exists is known, and all of them are terminated and joined before an interrupt goes on.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from generator.feedback import Listing, answer_pages, feedback_enabled, kept_answers, write_feedback_pages
from generator.job_transfer import ProjectPickle, load_job
from generator.outdir import signals_held
from generator.result import AudienceResult
from generator.timeline import mark
from generator.worker import KEPT, WRITTEN, AudienceJob, build_audience, published_folder, verify_written

if TYPE_CHECKING:
    from generator.select import Edition


# A started process waiting for its turn: (result reader, process, job, the pipe that tells it to go).
Waiting = tuple[Connection, BaseProcess, AudienceJob, Connection]


def run_all(
    context: ForkServerContext,
    editions: list[Edition],
    job_for: Callable[[Edition], AudienceJob],
    jobs: int,
    on_done: Callable[[AudienceResult], None] | None,
    first: Collection[str] = (),
) -> list[AudienceResult]:
    """Build each edition in a process of its own; an unchanged one is verified again here, not in a process.

    Each edition is prepared (job_for) while the others build, so that the first process starts as
    early as it can. The audiences in `first` (those whose pages changed) are prepared first: the
    others are most likely unchanged, and are verified here while those build.
    """
    # Then largest editions first, so that no core idles at the end waiting on one big site.
    pending = sorted(editions, key=lambda edition: (edition.audience.id not in first, -len(edition.pages)))
    to_verify: list[AudienceJob] = []
    # Fewer audiences at once than cores: each written site's output checks run here, on the spare core,
    # while the next audience builds, instead of delaying it.
    cores = os.cpu_count() or 1
    spare_core = max(jobs, 1) < cores
    written: list[tuple[AudienceJob, AudienceResult]] = []
    running: dict[Connection, tuple[BaseProcess, AudienceJob]] = {}
    results: list[AudienceResult] = []

    def finished(result: AudienceResult) -> None:
        results.append(result)
        if on_done:
            on_done(result)

    def next_to_build() -> AudienceJob | None:
        while pending:
            job = job_for(pending.pop(0))
            if job.reuse_dir is None:
                return answers.ahead(replace(job, verify_here=not spare_core))
            to_verify.append(job)
        return None

    answers = _AnswerPages()
    project: ProjectPickle | None = None  # the project's bytes, made for the first process and sent to each
    ready = next_to_build()
    # One process more than `jobs` is started ahead: it receives the project and its job (pickles,
    # about 0.1 s for 500 pages) while the others build, and starts building when told to go.
    waiting: list[Waiting] = []

    def go_ahead() -> None:
        """Tell waiting processes to build, as long as a core is free (or the last one may share)."""
        while len(running) < at_once(jobs, cores, ready is None and not pending) and waiting:
            with signals_held():  # a process is always in one list or the other, for the interrupt below
                reader, process, job, go = waiting.pop(0)
                running[reader] = (process, job)
            with contextlib.suppress(OSError):  # it ended already: _receive reports how
                go.send(True)
            go.close()

    try:
        while ready or waiting or running or to_verify or written:
            go_ahead()
            if ready and len(running) + len(waiting) <= max(jobs, 1):
                if project is None or project.project is not ready.project:
                    project = ProjectPickle(ready.project)
                _start(context, ready, project, waiting, answers)
                go_ahead()  # before the next edition is prepared, which may take a while
                ready = next_to_build()  # the next edition's files are written while others build
                continue
            if written:
                finished(verify_written(*written.pop(0)))
                continue
            if to_verify:  # a few file reads: done here while the processes build
                finished(build_audience(to_verify.pop(0)))
                continue
            for done in wait(list(running)):
                assert isinstance(done, Connection)
                process, job = running[done]
                result = _receive(done, process, job, jobs)
                mark("result", job.site.audience)
                if result.kept_answers is not None and result.answers_listing is None:
                    # Kept as this process compared them: the listing publishing checks before it moves them in.
                    result.answers_listing = answers.kept.get(job.site.audience)
                del running[done]  # only once it has ended: until then an interrupt stops it
                if result.unverified:
                    written.append((job, result))
                else:
                    finished(result)
    except BaseException:
        started = [*(process for process, _ in running.values()), *(process for _, process, _, _ in waiting)]
        for left in started:
            left.terminate()
        for left in started:
            left.join(10)
        raise
    finally:
        answers.close()  # before the caller publishes or removes the folders it writes into
    return results


class _AnswerPages:
    """The "Did this help?" pages, written by a thread of this process while MkDocs builds the site.

    They are two folders and a file for each page, work for the file system that would otherwise follow
    MkDocs in the audience's process (0.4 s for 432 pages); this process mostly waits meanwhile. Each
    audience's pages go to a folder beside its site; its process moves them in once told they are there.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="answer-pages")
        self._stop = threading.Event()
        self._signals: list[Connection] = []
        self.kept: dict[str, Listing] = {}  # by audience: the published feedback/ folders kept as they are

    def ahead(self, job: AudienceJob) -> AudienceJob:
        """The job, with the folder its answer pages are written into, when it has any."""
        if not feedback_enabled(job.project.config.raw):
            return job
        site = Path(job.site.site_dir)
        return replace(job, feedback_from=str(site.with_name(f".{site.name}.answer-pages")))

    def write(self, job: AudienceJob, ready: Connection) -> None:
        """Write the job's answer pages, then tell its process whether they are all there."""
        self._signals.append(ready)
        self._pool.submit(self._write, job, ready)

    def _write(self, job: AudienceJob, ready: Connection) -> None:
        state = ""
        try:
            pages = answer_pages(job.project, job.edition)
            published = published_folder(job)
            listing = kept_answers(published, pages) if published is not None else None
            if listing is not None:
                # The published folder holds exactly these pages: no folder to make, none to remove.
                self.kept[job.site.audience], state = listing, KEPT
            else:
                folder = Path(str(job.feedback_from))
                write_feedback_pages(job.project, job.edition, folder, self._stop, published, pages)
                # Set: the build is stopping, and may have stopped this early.
                state = "" if self._stop.is_set() else WRITTEN
        except Exception:  # noqa: BLE001 - a full disk, a failing template: the process writes them itself
            pass
        with contextlib.suppress(OSError):  # the process ended already (a failed build)
            ready.send(state)
        ready.close()

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for ready in self._signals:  # those never written: their processes are stopped, or stop waiting
            ready.close()


def _start(
    context: ForkServerContext, job: AudienceJob, project: ProjectPickle, waiting: list[Waiting], answers: _AnswerPages
) -> None:
    """Start a process that holds its job and waits to be told to build it; add it to `waiting`.

    The project and the job are sent from a thread: a pipe takes them only as fast as the process
    unpickles them (0.1 s for 500 pages), and meanwhile this process prepares the next edition.
    """
    mark("handing over", job.site.audience)
    data = (project.data, project.job_bytes(job))
    job_reader, job_writer = context.Pipe(duplex=False)
    reader, writer = context.Pipe(duplex=False)
    go_reader, go = context.Pipe(duplex=False)
    ready_reader, ready = context.Pipe(duplex=False)
    ends = (job_reader, writer, go_reader, ready_reader)
    process: BaseProcess = context.Process(target=_child, args=ends, daemon=True)
    with signals_held():  # an interrupt stops every process it can find: this one is found
        process.start()
        waiting.append((reader, process, job, go))
    for end in ends:
        end.close()
    threading.Thread(target=_send, args=(job_writer, data), daemon=True).start()
    if job.feedback_from is not None:
        answers.write(job, ready)
    else:
        ready.close()


def at_once(jobs: int, cores: int, last_started: bool) -> int:
    """How many audiences may build at once: `jobs`, and one more once the last audience is started.

    Audiences seldom split evenly between the cores: the benchmark's editions of 432, 262, 255 and 251
    pages left one core idle for the last half second, while the largest, then the smallest, built on
    the other. Once nothing is left to start, the last audience builds beside the others, and the cores
    share what is left: 0.92 of the time of that 2-job build (12 pairs). Not with one job, where there is
    nothing to share out, nor with fewer jobs than cores: an explicit `--jobs` below the number of cores
    bounds memory, and is kept to.
    """
    jobs = max(jobs, 1)
    return jobs + 1 if last_started and jobs >= 2 and jobs >= cores else jobs


def _send(connection: Connection, data: tuple[bytes, bytes]) -> None:
    try:
        for part in data:
            connection.send_bytes(part)
    except OSError:  # the process was stopped (an interrupt) before it took its job
        pass
    finally:
        connection.close()


def _child(job_reader: Connection, writer: Connection, go: Connection, ready: Connection) -> None:
    # Unpickling the job makes objects by the hundred thousand, and each few hundred of them would start
    # a cycle collection over everything imported: 15 ms instead of 50 for the 432-page edition's job.
    gc.disable()
    try:
        job: AudienceJob = load_job(job_reader.recv_bytes(), job_reader.recv_bytes())
        mark("job received", job.site.audience)
    except EOFError:  # the build stopped before this audience's turn
        return
    # What the process holds for its whole life (the imports it was forked with, the project) is left out
    # of Python's cycle collection, which would otherwise walk it again and again while MkDocs builds:
    # 0.96 of the time of a 2-job build of 500 pages (10 runs in turn). It also keeps the pages it shares
    # with the server it was forked from unwritten.
    gc.freeze()
    gc.enable()
    try:
        go.recv()
    except EOFError:
        return

    def answers_ready() -> str:
        try:
            return str(ready.recv())
        except EOFError:
            return ""

    writer.send(build_audience(job, answers_ready))
    writer.close()


def _no_result(exitcode: int | None, jobs: int) -> str:
    """Why a process ended with no result, as far as its exit code tells, and what to try."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else f"signal {-exitcode}"
        how = f"it was stopped by {name}"
        if -exitcode == signal.SIGKILL:
            how += ", which is how the system stops a process when memory runs out"
    else:
        how = f"it exited with code {exitcode}, without a Python error (a hook or extension that exits, or a crash)"
    # One audience at a time already: fewer at once is no advice.
    retry = "try again with --jobs 1 (less memory at once)" if jobs > 1 else "try again with more memory free"
    ended = "the build process of this audience ended without a result"
    return f"{ended}: {how}; {retry}, and report it if it happens again"


def _receive(reader: Connection, process: BaseProcess, job: AudienceJob, jobs: int) -> AudienceResult:
    try:
        result: AudienceResult = reader.recv()
        mark("result read", job.site.audience)
    except EOFError:
        # Killed by the system (out of memory) or crashed in native code: no traceback to show, but say so.
        process.join()
        error = _no_result(process.exitcode, jobs)
        result = AudienceResult(job.site.audience, False, len(job.edition.pages), error=error)
    finally:
        reader.close()
    process.join()
    return result
