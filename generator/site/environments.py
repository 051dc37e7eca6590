"""One way to adjust every Jinja environment an MkDocs theme makes for a build."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2


def on_each_environment(theme: Any, adjust: Callable[[jinja2.Environment], None]) -> None:
    """Have `theme.get_env` run `adjust` on each environment it makes, after any adjustment given before.

    MkDocs makes several environments per build (for the theme's files, the pages, plugins' own lookups),
    each through `theme.get_env`: adjusting it reaches them all, and nothing outside this build.
    """
    make_environment = theme.get_env

    def get_env() -> jinja2.Environment:
        environment: jinja2.Environment = make_environment()
        adjust(environment)
        return environment

    theme.get_env = get_env
