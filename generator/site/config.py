"""Read mkdocs.yml with MkDocs' own loader, so `!ENV`, `INHERIT` and `!!python/name:` work."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from generator.findings import Finding
from generator.portal_config import PortalConfig
from generator.yamlsrc import MAX_DEPTH, MAX_VALUES, duplicate_keys

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Unloaded:
    """What MkDocs' `!relative` placeholders read of a configuration that is not loaded yet: as an
    MkDocsConfig made with only its file's path answers (docs_dir: its default). Importing MkDocsConfig
    itself takes 0.09 s, half of a build with nothing changed."""

    docs_dir = "docs"
    _current_page = None

    def __init__(self, config_file_path: str) -> None:
        self.config_file_path = config_file_path


def read_portal_config(root: Path) -> tuple[PortalConfig | None, list[Finding]]:
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    file = root / "mkdocs.yml"
    if not file.exists():
        return None, [
            Finding("mkdocs.yml", 1, "no mkdocs.yml; add one with site_name, docs_dir: content and theme: material")
        ]
    try:
        with open(file, "rb") as fd:
            raw = yaml_load(fd, get_yaml_loader(config=_Unloaded(str(file))))  # type: ignore[arg-type]
    except ConfigurationError as exc:
        line = re.search(r"line (\d+)", str(exc))
        # MkDocs prefixes PyYAML's text; keep its sentences, drop the lines that point at the file.
        detail = str(exc).split("configuration file:", 1)[-1].strip().splitlines()
        problem = "; ".join(d.strip() for d in detail if d.strip() and not d.strip().startswith("in "))
        return None, [Finding("mkdocs.yml", int(line.group(1)) if line else 1, f"malformed YAML: {problem}")]
    if not isinstance(raw, dict):
        return None, [Finding("mkdocs.yml", 1, "mkdocs.yml must be a mapping of settings")]
    text = file.read_text(encoding="utf-8", errors="replace")
    findings = [Finding("mkdocs.yml", line, message) for line, message in duplicate_keys(text)]
    for key, problem in _oversized(raw):
        findings.append(Finding("mkdocs.yml", _line(text, key), problem))
        raw[key] = None  # never handed on: whatever walks it (MkDocs, the theme) would not finish
    if not raw.get("site_name"):
        findings.append(Finding("mkdocs.yml", 1, "missing required setting 'site_name'"))
    checked = _Checked(root, raw, text, findings)
    theme = raw.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    config = PortalConfig(
        config_file="mkdocs.yml",
        site_name=str(raw.get("site_name") or ""),
        site_url=checked.site_url(),
        nav=checked.nav(),
        language=language,
        docs_dir=checked.docs_dir(),
        extra_files=checked.extra_files(),
        exclude_docs=str(raw.get("exclude_docs") or ""),
        snippet_paths=checked.snippet_paths(),
        raw=raw,
        text=text,
    )
    checked.custom_dir()
    return config, findings


class _Checked:
    """The settings Fieldguide itself reads, each checked for its type and for staying inside the project.

    A wrong value is an error at its line of mkdocs.yml, and a safe value is used meanwhile,
    so that one run reports everything.
    """

    def __init__(self, root: Path, raw: dict[str, Any], text: str, findings: list[Finding]):
        self.root, self.raw, self.text, self.findings = root, raw, text, findings

    def error(self, key: str, message: str) -> None:
        self.findings.append(Finding("mkdocs.yml", _line(self.text, key), message))

    def site_url(self) -> str | None:
        url = self.raw.get("site_url")
        if url is None or url == "":
            return None
        if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
            self.error(
                "site_url", f"site_url must be the portal's address, such as https://portal.example/; not {url!r}"
            )
            return None
        return url

    def nav(self) -> list[Any] | None:
        nav = self.raw.get("nav")
        if nav is not None and not isinstance(nav, list):
            self.error("nav", "nav must be a list of pages and sections, such as nav: [index.md, {Help: help.md}]")
            return None
        return nav

    def docs_dir(self) -> str:
        value = self.raw.get("docs_dir", "docs")
        if not isinstance(value, str) or not value.strip("/"):
            self.error("docs_dir", f"docs_dir must be a folder name such as content; not {value!r}")
            return "content"
        folder = self.root / value
        if Path(value).is_absolute() or not _inside(self.root, folder) or folder.resolve() == self.root.resolve():
            self.error(
                "docs_dir",
                f"docs_dir '{value}' is not a folder inside the project, once symbolic links are resolved; "
                "keep the pages in the project, in docs_dir: content",
            )
            return "content"
        return value.strip("/")

    def extra_files(self) -> tuple[str, ...]:
        files: list[str] = []
        for key in ("extra_css", "extra_javascript"):
            entries = self.raw.get(key) or []
            if not isinstance(entries, list):
                self.error(key, f"{key} must be a list of files in the docs folder")
                continue
            for entry in entries:
                path = entry if isinstance(entry, str) else entry.get("path") if isinstance(entry, dict) else None
                if not isinstance(path, str) or not path:
                    self.error(key, f"{key} entries must be file paths; not {entry!r}")
                elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", path) and not path.lower().startswith("file:"):
                    continue  # another host: the output check refuses it, at this key
                elif path.lower().startswith("file:") or path.startswith("/") or ".." in path.split("/"):
                    self.error(
                        key, f"{key} entry '{path}' is outside the docs folder; put the file there, relative to it"
                    )
                else:
                    files.append(path)
        return tuple(files)

    def snippet_paths(self) -> tuple[str, ...]:
        for ext in self.raw.get("markdown_extensions") or []:
            if isinstance(ext, dict) and "pymdownx.snippets" in ext:
                options = ext["pymdownx.snippets"] or {}
                base = options.get("base_path", ["."]) if isinstance(options, dict) else None
                bases = [base] if isinstance(base, str) else base
                if not isinstance(bases, list) or not all(isinstance(b, str) for b in bases):
                    self.error(
                        "base_path", "base_path must be a folder or a list of folders, such as [content/_snippets]"
                    )
                    if isinstance(options, dict):
                        options["base_path"] = ["."]  # reported above; the snippet reader must not trip on it
                    return (".",)
                outside = [b for b in bases if not _inside(self.root, self.root / b)]
                if outside:
                    self.error(
                        "base_path", f"snippet base_path '{outside[0]}' is outside the project; use a folder in it"
                    )
                return tuple(b for b in bases if b not in outside) or (".",)
            if ext == "pymdownx.snippets":
                return (".",)
        return ()

    def custom_dir(self) -> None:
        theme = self.raw.get("theme")
        folder = theme.get("custom_dir") if isinstance(theme, dict) else None
        if folder is None:
            return
        if not isinstance(folder, str) or not _inside(self.root, self.root / folder):
            self.error(
                "custom_dir", f"theme custom_dir {folder!r} is not a folder inside the project; use theme/overrides"
            )


def _oversized(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """Settings that aliases make huge or endless: MkDocs and the theme would walk them for ever."""
    found = []
    for key, value in raw.items():
        try:
            _count(value, 0, ())
        except _TooBig as exc:
            found.append((str(key), f"'{key}' {exc}; write the values out without aliases"))
    return found


class _TooBig(Exception):
    pass


def _count(value: Any, total: int, parents: tuple[int, ...]) -> int:
    total += 1
    if total > MAX_VALUES:
        raise _TooBig(f"holds more than {MAX_VALUES} values once aliases are expanded")
    if isinstance(value, (dict, list)):
        if id(value) in parents:
            raise _TooBig("refers to itself through an alias")
        if len(parents) > MAX_DEPTH:
            raise _TooBig(f"is nested more than {MAX_DEPTH} levels deep")
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            total = _count(item, total, (*parents, id(value)))
    return total


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _line(text: str, key: str) -> int:
    """The line of `key:` in mkdocs.yml (top level first, else anywhere), else 1."""
    lines = text.splitlines()
    for pattern in (rf"^{re.escape(key)}\s*:", rf"^\s*-?\s*{re.escape(key)}\s*:"):
        for number, line in enumerate(lines, 1):
            if re.match(pattern, line):
                return number
    return 1
