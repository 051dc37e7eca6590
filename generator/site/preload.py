"""Imports that every audience's build process needs, done once in the fork server.

Children are forked from a server that has imported these modules but never built
anything, so each audience still starts from clean MkDocs state, without paying
for interpreter start-up and imports again.

The server is often started before the command knows whether anything needs building
(generator/process_server.py). Should the command end first (nothing changed, an error),
the imports still to come are skipped: the server then finds the command gone and ends,
instead of spending a core for half a second (a second with WeasyPrint) on imports
nothing will use. Builds run back to back would otherwise each leave such a server behind.
"""

import importlib
import os

from generator.launch import COMMAND_PID, SAFE_PATH_FOR_SERVER

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Set only so that this server's import path leaves out the current folder (generator/process_server.py).
if os.environ.pop(SAFE_PATH_FOR_SERVER, None):
    os.environ.pop("PYTHONSAFEPATH", None)

EVERY_BUILD = (
    "markdown",
    "pymdownx.blocks",
    "pymdownx.superfences",
    "mkdocs.config",
    "mkdocs.commands.build",
    "mkdocs.contrib.search",
    "material.plugins.search.plugin",
    "generator.worker",
    "generator.check.engine",  # these two the worker imports only when it builds
    "generator.site.mkdocs_build",
)
WITH_PDF = ("generator.pdf.render",)


def import_while_wanted(names: tuple[str, ...]) -> None:
    """Import `names` in turn while the command that started this server still runs.

    ImportError is what the fork server expects of a preload module it can do without.
    """
    command = os.environ.get(COMMAND_PID, "")  # the server's parent while the command runs
    for name in names:
        if command.isdigit() and os.getppid() != int(command):
            raise ImportError("the command that started this server has ended; nothing is left to build")
        importlib.import_module(name)


import_while_wanted(EVERY_BUILD)
