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

import atexit
import contextlib
import importlib
import os
import sys

from generator.launch import COMMAND_PID, PROCESS_SERVER, SAFE_PATH_FOR_SERVER

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
    # Imported by each audience's process, once forked, until they were listed here (PYTHONPROFILEIMPORTTIME
    # over a build of four audiences): 40-60 ms of each process, on a core that the others needed.
    "pkgutil",  # the process's start-up (multiprocessing runs the command's script again through runpy)
    "multiprocessing.popen_forkserver",
    "generator.processes",  # where the process's target is
    "mkdocs.config.defaults",  # MkDocs' configuration schema, imported as it loads mkdocs.yml
    "colorama",  # Material's theme package, as MkDocs finds the theme
    "markdown.extensions.codehilite",  # pymdownx.highlight, which superfences configures: Pygments
    "pygments.formatters.html",
    "pymdownx.saneheaders",
    "pymdownx.blocks.admonition",
    "generator.incremental",
    "generator.verify.run",  # the output checks
    "material.templates",  # the theme's package, which MkDocs imports to find the theme's folder
)
WITH_PDF = (
    "generator.pdf.render",
    # As above, each process imported these as it printed: WeasyPrint reads a file's type through
    # email.message, and Pillow loads its image plugins when it opens the first image.
    "email.policy",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.PpmImagePlugin",
    "PIL.PngImagePlugin",
)


def _end_without_teardown() -> None:
    """The server ends as the command does (generator/launch.py): without freeing what it imported.

    It ends once the command has, and until it is gone it holds the command's output open (its children
    write there). So whatever reads that output (a pipe, `| tee`, a CI log) saw the command end 56-61 ms
    after it had, time spent freeing MkDocs, Material and the rest one object at a time; now 2-9 ms.
    Exit handlers that the imports after it register still run first; those registered before it (by
    the command's own modules, with nothing to do in the server) never run. The children run none of
    them: the fork server ends each with os._exit.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(0)


# Registered before the imports below, so also when they stop early; and only in the server itself.
if os.environ.pop(PROCESS_SERVER, None):
    atexit.register(_end_without_teardown)


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
# Worked out here once, not in every process (6-10 ms each), as neither can change while the command runs:
# Fieldguide's own digest, which names the caches by text each process reads (generator/textcache.py),
# and MkDocs' list of installed themes (kept by MkDocs itself), which reads every package's entry points.
importlib.import_module("generator.incremental").tool_fingerprint()
importlib.import_module("mkdocs.utils").get_themes()
# The installed themes' folders, walked here once rather than in every process (generator/site/theme_files.py).
importlib.import_module("generator.site.theme_files").list_installed_themes()
