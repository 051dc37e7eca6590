"""Find a theme file: the project's `theme/` wins over Fieldguide's default, file by file."""

from __future__ import annotations

from pathlib import Path

DEFAULT_THEME = Path(__file__).resolve().parent / "theme_default"


def theme_file(root: Path, name: str) -> Path:
    own = root / "theme" / name
    return own if own.is_file() else DEFAULT_THEME / name
