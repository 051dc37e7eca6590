"""The server that each audience's build process is forked from, started as early as the command can.

It imports MkDocs (and WeasyPrint, with PDFs) once, about 0.3 s, and the first audience's process
cannot start before it has. Started by `build`, that import began after the command's own imports
and only then ran beside the reading of the pages. So the `fieldguide` command starts it first, on a
core that is idle then, whenever its arguments plainly ask to build several audiences
(`start_early`). When unsure it waits for `build` to start it as before: a guess changes when the
server starts, never what is built.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator.launch import PROCESS_SERVER, SAFE_PATH_FOR_SERVER

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext

# `build`'s options that take a value, and those that do not; any other option (--audience among
# them: one audience is built in the command's own process) leaves the server to `build`.
_WITH_VALUE = frozenset({"-o", "--output", "--jobs"})
_FLAGS = frozenset({"--no-pdf", "-q", "--quiet", "--force"})


def start_process_server(with_pdf: bool) -> ForkServerContext:
    """A fresh process per audience: MkDocs is not thread-safe and reuses plugin objects.

    They are forked from a server that has only imported MkDocs (and WeasyPrint, with PDFs): clean
    state, no start-up cost. WeasyPrint's import looks for its libraries by running the C compiler
    (ctypes.util.find_library), 0.5 s that each process would otherwise pay, and a compiler run that an
    interrupt could orphan, leaving its temporary file behind. Once the server runs, it is reused.
    """
    # Imported here: every command imports this module (to find the project, to decide on an early start),
    # and multiprocessing takes 12 ms that a build of one audience, `check` or `serve` do without.
    import multiprocessing
    import multiprocessing.forkserver

    context = multiprocessing.get_context("forkserver")
    # Each child runs the command's script again to set itself up ('__main__' in this list would import
    # it here, but Python 3.11 never hands the server the script's path), and the script imports
    # generator.launch: imported here, that costs a child nothing.
    preload = ["generator.launch", "generator.cli", "generator.site.preload"]
    context.set_forkserver_preload(preload + (["generator.site.preload_pdf"] if with_pdf else []))
    os.environ[PROCESS_SERVER] = "1"
    try:
        with _without_current_folder():
            multiprocessing.forkserver.ensure_running()
    finally:
        del os.environ[PROCESS_SERVER]
    return context


@contextlib.contextmanager
def _without_current_folder() -> Iterator[None]:
    """The server starts with PYTHONSAFEPATH (`python -P`): no current folder on its import path.

    It is started as `python -c`, which puts the current folder (usually the project's) first on the
    path, and Python 3.11 does not give it the command's own path instead: a project's `markdown.py`,
    `html.py` or `generator/` would be imported there, in place of the library or of Fieldguide, in
    every audience's process but not in the command (an installed script, whose path has no such entry).
    Set for the server's start only; generator/site/preload.py removes it again in the server, so that
    what a build runs (a hook's own `python`) gets the environment the command had.
    """
    if os.environ.get("PYTHONSAFEPATH"):  # the command's own setting: the server inherits it as it is
        yield
        return
    os.environ["PYTHONSAFEPATH"] = os.environ[SAFE_PATH_FOR_SERVER] = "1"
    try:
        yield
    finally:
        del os.environ["PYTHONSAFEPATH"], os.environ[SAFE_PATH_FOR_SERVER]


def several_audiences(root: Path, audience_ids: list[str] | None) -> bool:
    """True when the build makes more than one audience, each in a process of its own."""
    if audience_ids:
        return len(set(audience_ids)) > 1
    files = [p for p in (root / "audiences").glob("*.y*ml") if not p.name.startswith("_")]
    return len(files) > 1


def project_folder(given: Path | None) -> Path | None:
    """PROJECT, or the nearest folder at or above the current one that holds mkdocs.yml; None if none does."""
    if given is not None:
        root = given.resolve()
        return root if (root / "mkdocs.yml").is_file() else None
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents) if (folder / "mkdocs.yml").is_file()), None)


def start_early(args: list[str]) -> None:
    """Start the server now if `args` (the command's, without its name) build several audiences."""
    planned = _planned_build(args)
    if planned is None:
        return
    given, with_pdf = planned
    root = project_folder(given)
    if root is not None and several_audiences(root, None):
        start_process_server(with_pdf)


def _planned_build(args: list[str]) -> tuple[Path | None, bool] | None:
    """(PROJECT as given, with PDFs) for `build` with only the options above; None when unsure."""
    if not args or args[0] != "build":
        return None
    given: list[str] = []
    with_pdf = True
    rest = iter(args[1:])
    for arg in rest:
        if arg in _WITH_VALUE:
            next(rest, None)
        elif arg.startswith(("--output=", "--jobs=")):
            continue
        elif arg in _FLAGS:
            with_pdf = with_pdf and arg != "--no-pdf"
        elif arg.startswith("-"):  # --audience, --help, -- and anything else: the command decides
            return None
        else:
            given.append(arg)
    if len(given) > 1:
        return None
    return (Path(given[0]) if given else None), with_pdf
