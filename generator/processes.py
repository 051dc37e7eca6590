"""One process per audience, at most `jobs` at once, that an interrupt can stop at any moment.

ProcessPoolExecutor could not be stopped cleanly: leaving it waits for every running audience, and
terminating its workers raced with the processes it was starting, which then printed tracebacks about
semaphores it had already removed. Here every process is started with SIGINT and SIGTERM held back,
so each one that exists is known, and all of them are terminated and joined before an interrupt goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from generator.outdir import signals_held
from generator.worker import AudienceJob, AudienceResult, build_audience

if TYPE_CHECKING:
    from generator.select import Edition


def run_all(
    context: ForkServerContext,
    editions: list[Edition],
    job_for: Callable[[Edition], AudienceJob],
    jobs: int,
    on_done: Callable[[AudienceResult], None] | None,
) -> list[AudienceResult]:
    # Largest editions first, so that no core idles at the end waiting on one big site.
    pending = sorted(editions, key=lambda edition: len(edition.pages), reverse=True)
    running: dict[Connection, tuple[BaseProcess, AudienceJob]] = {}
    results: list[AudienceResult] = []
    ready: AudienceJob | None = None
    try:
        while pending or running or ready:
            while len(running) < max(jobs, 1) and (ready or pending):
                job = ready or job_for(pending.pop(0))
                ready = None
                reader, writer = context.Pipe(duplex=False)
                process: BaseProcess = context.Process(target=_child, args=(job, writer), daemon=True)
                with signals_held():
                    process.start()
                    running[reader] = (process, job)
                writer.close()
            if pending and ready is None:
                ready = job_for(pending.pop(0))  # the next edition's files are written while others build
            for done in wait(list(running)):
                assert isinstance(done, Connection)
                finished, job = running.pop(done)
                result = _receive(done, finished, job)
                results.append(result)
                if on_done:
                    on_done(result)
    except BaseException:
        for left, _ in running.values():
            left.terminate()
        for left, _ in running.values():
            left.join(10)
        raise
    return results


def _child(job: AudienceJob, writer: Connection) -> None:
    writer.send(build_audience(job))
    writer.close()


def _receive(reader: Connection, process: BaseProcess, job: AudienceJob) -> AudienceResult:
    try:
        result: AudienceResult = reader.recv()
    except EOFError:
        # Killed by the system (out of memory) or crashed in native code: no traceback to show, but say so.
        process.join()
        message = f"the build process of this audience ended without a result (exit code {process.exitcode})"
        result = AudienceResult(job.site.audience, False, len(job.edition.pages), error=message)
    finally:
        reader.close()
    process.join()
    return result
