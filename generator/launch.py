"""The `fieldguide` command: what a build needs first is started before the command's own imports (0.2 s).

And the command ends without the interpreter's teardown, as mypy does: freeing every object a build
held one by one took 40–50 ms, a tenth of a build with nothing changed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

from generator.timeline import mark

_status: list[int] = []  # the command's exit status, once it ended with one
COMMAND_PID = "FIELDGUIDE_COMMAND_PID"  # this process's id, for the process server (generator/site/preload.py)
# Set beside PYTHONSAFEPATH while the process server starts (generator/process_server.py), which then removes both.
SAFE_PATH_FOR_SERVER = "FIELDGUIDE_SAFE_PATH_FOR_SERVER"
# Set while the process server starts, and removed by it: only that process ends without its teardown
# (generator/site/preload.py); any other that imports the preload keeps its own exit and status.
PROCESS_SERVER = "FIELDGUIDE_PROCESS_SERVER"


def main() -> None:
    mark("command")
    atexit.register(_exit_now)  # registered before anything the command imports: it runs after their handlers
    # The process server started below skips the imports still to come once this process has ended.
    os.environ[COMMAND_PID] = str(os.getpid())
    from generator.process_server import start_early

    # Only a head start: if the folder cannot be read or the server cannot start, `build` starts it itself
    # and says what went wrong.
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        start_early(sys.argv[1:])
    from generator.cli import main as command

    try:
        command()
    except SystemExit as exc:
        _status.append(exc.code if isinstance(exc.code, int) else int(exc.code is not None))
        raise
    _status.append(0)


def _exit_now() -> None:
    """The last exit handler: every other one has run, and Python has waited for the threads by then.

    Only after the command ended with a status; an uncaught exception (or Ctrl+C outside the command's
    own handling) ends the way Python ends it.
    """
    if not _status:
        return
    mark("exit")
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (a closed pipe), or a stream already closed: nothing more can be said.
        with contextlib.suppress(OSError, ValueError):
            if stream is not None:
                stream.flush()
    os._exit(_status[0])
