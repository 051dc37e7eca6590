"""An exception from a theme template or an MkDocs hook, turned into a located error.

MkDocs runs the project's templates and hooks; when they fail, the editor needs the template's file and line,
or the `hooks:` line of mkdocs.yml, and not a traceback from deep inside MkDocs.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from generator.findings import Finding
from generator.theme import DEFAULT_THEME

_TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".j2", ".jinja", ".jinja2", ".css", ".txt")


def locate_failure(
    exc: BaseException, root: Path, audience: str | None, overrides_dir: str | None, what: str, hooks: list[str]
) -> Finding:
    """Where `exc` came from, as `path:line: [audience] message`."""
    detail = _detail(exc)
    syntax = _syntax_location(exc)
    frames = [(f.filename, f.lineno or 1) for f in traceback.extract_tb(exc.__traceback__)]
    if syntax:
        frames.append(syntax)
    for filename, line in reversed(frames):
        source = _template_source(filename, root, overrides_dir)
        if source is not None:
            return Finding(source, line, f"template error: {detail}; fix the template", audience)
    hook_files = {str((root / h).resolve()): h for h in hooks}
    for filename, line in reversed(frames):
        hook = hook_files.get(str(Path(filename).resolve())) if filename else None
        if hook is not None:
            message = f"the MkDocs hook {hook} failed at its line {line}: {detail}; fix the hook"
            return Finding("mkdocs.yml", _hooks_line(root, hook), message, audience)
    return Finding("mkdocs.yml", 1, f"{what} failed: {detail}", audience)


def _detail(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return " ".join(text.split())[:500]


def _syntax_location(exc: BaseException) -> tuple[str, int] | None:
    """Jinja's TemplateSyntaxError carries its own file and line, which no frame shows."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if isinstance(filename, str) and isinstance(line, int):
        return filename, line
    return None


def _template_source(filename: str, root: Path, overrides_dir: str | None) -> str | None:
    """The project file (or Fieldguide's default) a template frame belongs to, relative to the project."""
    if not filename or not filename.endswith(_TEMPLATE_SUFFIXES):
        return None
    path = Path(filename)
    if overrides_dir and path.is_relative_to(overrides_dir):
        # Templates run from a merged copy of the project's overrides: point at the editor's own file.
        name = path.relative_to(overrides_dir).as_posix()
        for candidate in (root / "theme" / "overrides" / name, *_custom_dirs(root, name)):
            if candidate.is_file():
                return candidate.relative_to(root).as_posix()
        return f"Fieldguide's default template overrides/{name}"
    resolved = path.resolve()
    if resolved.is_relative_to(root.resolve()):
        return resolved.relative_to(root.resolve()).as_posix()
    if resolved.is_relative_to(DEFAULT_THEME):
        return f"Fieldguide's default template {resolved.relative_to(DEFAULT_THEME).as_posix()}"
    return None


def _custom_dirs(root: Path, name: str) -> list[Path]:
    text = _config_text(root)
    found = re.search(r"^\s*custom_dir\s*:\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", text, re.MULTILINE)
    return [root / found.group(1) / name] if found else []


def _hooks_line(root: Path, hook: str) -> int:
    lines = _config_text(root).splitlines()
    for number, line in enumerate(lines, 1):
        if hook in line and not line.lstrip().startswith("#"):
            return number
    for number, line in enumerate(lines, 1):
        if re.match(r"^hooks\s*:", line):
            return number
    return 1


def _config_text(root: Path) -> str:
    try:
        return (root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
