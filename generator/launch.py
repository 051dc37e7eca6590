"""The `fieldguide` command: what a build needs first is started before the command's own imports (0.2 s)."""

from __future__ import annotations

import contextlib
import sys

from generator.process_server import start_early


def main() -> None:
    # Only a head start: if it fails, `build` starts the server itself, and says what went wrong.
    with contextlib.suppress(Exception):
        start_early(sys.argv[1:])
    from generator.cli import main as command

    command()
