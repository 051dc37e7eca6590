"""Python-Markdown configured as MkDocs configures it for this project: the renderer's own answer.

Whatever decides what a reader sees (block structure, prose for `check`, anchors,
capability sections, print) should read the page through this, not through a
hand-written second parser. No MkDocs import: the settings come from mkdocs.yml.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import markdown
from markdown.extensions import Extension

from generator.manifest import stable_json

# MkDocs always adds these before the project's own list (mkdocs/config/defaults.py).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
# Expanded by Fieldguide before selection, so never run again on an edition's text.
EXPANDED_BEFORE = frozenset({"pymdownx.snippets"})


def settings_key(raw: dict[str, Any]) -> str:
    """The extension settings as one stable text: part of every key for answers a render gives."""
    return stable_json(extension_settings(raw))


def extension_settings(raw: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """mkdocs.yml's markdown_extensions as Python-Markdown arguments, with MkDocs' built-ins, without snippets."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    entries: list[Any] = [*MKDOCS_BUILTINS, *(raw.get("markdown_extensions") or [])]
    for entry in entries:
        pairs = entry.items() if isinstance(entry, dict) else [(entry, None)]
        for name, config in pairs:
            name = str(name)
            if name in EXPANDED_BEFORE:
                continue
            if name not in names:
                names.append(name)
            if isinstance(config, dict):
                configs[name] = dict(config)
    return names, configs


def make_markdown(raw: dict[str, Any], extra: Sequence[Extension] = ()) -> markdown.Markdown:
    """A converter with the project's extensions; settings are copied because extensions consume them."""
    names, configs = extension_settings(raw)
    return markdown.Markdown(extensions=[*names, *extra], extension_configs=copy.deepcopy(configs))
