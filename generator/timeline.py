"""Opt-in timestamps of a build's phases, from every process it runs: `FIELDGUIDE_TIMELINE=<file>`.

Off (one look at the environment) unless the variable names a file. Each mark is one line appended
at once (wall-clock time, process id, phase, audience), so a process that ends with os._exit, as the
command does (generator/launch.py), loses none. bench/bench_split.py reads them into where a build's
time goes: the start before the first audience builds, MkDocs and the checks in each audience's
process, and publishing.
"""

from __future__ import annotations

import contextlib
import os
import time

VARIABLE = "FIELDGUIDE_TIMELINE"


def mark(phase: str, audience: str = "") -> None:
    """Note that `phase` (of `audience`'s build, if any) is reached now."""
    path = os.environ.get(VARIABLE)
    if not path:
        return
    # One write of a short line to a file opened for appending: lines from processes writing at once
    # do not interleave. A file that cannot be written loses the mark, never the build.
    with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as file:
        file.write(f"{time.time():.6f}\t{os.getpid()}\t{phase}\t{audience}\n")
