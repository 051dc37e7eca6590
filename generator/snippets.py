"""Expand `--8<--` snippets before selection with pymdown-extensions' own preprocessor, keeping each line's origin.

pymdownx.snippets' SnippetPreprocessor decides the syntax: every scissors form, the block form, escapes,
sections (markers inside comments too), single, multiple and negative line ranges, `auto_append`,
`base_path` (folders and files), `dedent_subsections` and `check_paths`. Its path splitting, target
parsing, file lookup and line selection are used as they are; only the walk over the lines is written
again (generator/snippets_tracked.py, imported only for a project that uses the extension), so that
every line keeps its true origin (file:line) and every problem becomes a located finding instead of
silent output: a file outside the project, a remote snippet, a snippet that includes itself, a file
that is not UTF-8.

Included text then obeys blocks and terms, because selection runs after this. An excerpt (a section or a
line range) keeps the conditions of the `only`/`except` blocks that enclose it in the snippet file
(generator.excerpts).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.excerpts import Src
from generator.findings import Finding
from generator.model import Line

NAME = "pymdownx.snippets"


def snippet_config(raw: dict[str, Any]) -> dict[str, Any] | None:
    """pymdownx.snippets' settings from mkdocs.yml, or None when the extension is not used."""
    for entry in raw.get("markdown_extensions") or []:
        if entry == NAME:
            return {}
        if isinstance(entry, dict) and NAME in entry:
            return dict(entry[NAME] or {})
    return None


class SnippetExpander:
    """Expands snippets in a page's lines as pymdownx.snippets would, with located findings."""

    def __init__(self, root: Path, settings: dict[str, Any], config_file: str = "mkdocs.yml", config_line: int = 1):
        self.root = root.resolve()
        self.settings = settings
        self.config_at = (config_file, config_line)
        # Imported only here, for a project that uses the extension: pymdownx.snippets imports urllib's
        # HTTP client and ssl (10 ms of every build's start otherwise).
        from pymdownx.snippets import SnippetExtension

        # The extension's own defaults, then the project's settings; base paths are relative to the project.
        extension = SnippetExtension(**{k: v for k, v in settings.items() if k != "base_path"})
        config = extension.getConfigs()
        bases = settings.get("base_path", ["."])
        bases = [bases] if isinstance(bases, (str, os.PathLike)) else list(bases or [])
        config["base_path"] = [str(root / str(b)) for b in bases]
        self.config = config

    @classmethod
    def for_project(cls, root: Path, raw: dict[str, Any], config_text: str) -> SnippetExpander | None:
        settings = snippet_config(raw)
        if settings is None:
            return None  # without pymdownx.snippets in mkdocs.yml, '--8<--' is ordinary text
        line = next((n for n, t in enumerate(config_text.splitlines(), 1) if "auto_append" in t), 1)
        return cls(root, settings, "mkdocs.yml", line)

    def expand(self, lines: list[Line], findings: list[Finding]) -> list[Line]:
        import markdown

        from generator.snippets_tracked import Tracked

        processor = Tracked(self.config, markdown.Markdown(), self.root, findings)
        source = [Src(line.text, line.path, line.lineno) for line in lines]
        appended = self.config.get("auto_append") or []
        if appended:
            # What pymdownx.snippets' run() appends, located at the auto_append setting in mkdocs.yml.
            block = "\n\n-8<-\n{}\n-8<-\n".format("\n\n".join(appended)).split("\n")
            source += [Src(text, *self.config_at) for text in block]
        expanded = processor.expand(source)
        return [Line(str(t), t.path, t.lineno) if isinstance(t, Src) else Line(str(t), "", 0) for t in expanded]
