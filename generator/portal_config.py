"""What Fieldguide reads from mkdocs.yml: apart from the typed models of generator/model.py, so that
reading it (a build with nothing changed does little else) does not import pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PortalConfig:
    """What Fieldguide reads from mkdocs.yml."""

    config_file: str
    site_name: str
    site_url: str | None
    nav: list[Any] | None
    language: str | None
    docs_dir: str
    extra_files: tuple[str, ...] = ()
    exclude_docs: str = ""
    snippet_paths: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False)
    text: str = field(default="", compare=False)  # the file as written, to locate nav titles

    def line_of(self, fragment: str) -> int:
        """The first line of mkdocs.yml that holds `fragment`, else 1."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if fragment in line:
                return number
        return 1
