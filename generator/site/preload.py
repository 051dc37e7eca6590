"""Imports that every audience's build process needs, done once in the fork server.

Children are forked from a server that has imported these modules but never built
anything, so each audience still starts from clean MkDocs state, without paying
for interpreter start-up and imports again.
"""

import os

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import markdown  # noqa: E402,F401
import material.plugins.search.plugin  # noqa: E402,F401
import mkdocs.commands.build  # noqa: E402,F401
import mkdocs.config  # noqa: E402,F401
import mkdocs.contrib.search  # noqa: E402,F401
import pymdownx.blocks  # noqa: E402,F401
import pymdownx.superfences  # noqa: E402,F401

import generator.worker  # noqa: E402,F401
