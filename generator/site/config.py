"""Read mkdocs.yml with MkDocs' own loader, so `!ENV`, `INHERIT` and `!!python/name:` work."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from generator.findings import Finding
from generator.model import PortalConfig

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def read_portal_config(root: Path) -> tuple[PortalConfig | None, list[Finding]]:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    file = root / "mkdocs.yml"
    if not file.exists():
        return None, [
            Finding("mkdocs.yml", 1, "no mkdocs.yml; add one with site_name, docs_dir: content and theme: material")
        ]
    try:
        with open(file, "rb") as fd:
            raw = yaml_load(fd, get_yaml_loader(config=MkDocsConfig(config_file_path=str(file))))
    except ConfigurationError as exc:
        line = re.search(r"line (\d+)", str(exc))
        # MkDocs prefixes PyYAML's text; keep its sentences, drop the lines that point at the file.
        detail = str(exc).split("configuration file:", 1)[-1].strip().splitlines()
        problem = "; ".join(d.strip() for d in detail if d.strip() and not d.strip().startswith("in "))
        return None, [Finding("mkdocs.yml", int(line.group(1)) if line else 1, f"malformed YAML: {problem}")]
    if not isinstance(raw, dict):
        return None, [Finding("mkdocs.yml", 1, "mkdocs.yml must be a mapping of settings")]
    findings = []
    if not raw.get("site_name"):
        findings.append(Finding("mkdocs.yml", 1, "missing required setting 'site_name'"))
    theme = raw.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    config = PortalConfig(
        config_file="mkdocs.yml",
        site_name=str(raw.get("site_name") or ""),
        site_url=raw.get("site_url") or None,
        nav=raw.get("nav"),
        language=language,
        docs_dir=str(raw.get("docs_dir", "docs")).strip("/"),
        extra_files=tuple(_local(raw.get("extra_css", [])) + _local(raw.get("extra_javascript", []))),
        exclude_docs=str(raw.get("exclude_docs") or ""),
        snippet_paths=_snippet_paths(raw.get("markdown_extensions") or []),
        raw=raw,
        text=file.read_text(encoding="utf-8", errors="replace"),
    )
    return config, findings


def _local(entries: list[Any]) -> list[str]:
    paths = [e if isinstance(e, str) else (e or {}).get("path", "") for e in entries]
    return [p for p in paths if p and "://" not in p]


def _snippet_paths(extensions: list[Any]) -> tuple[str, ...]:
    for ext in extensions:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            base = (ext["pymdownx.snippets"] or {}).get("base_path", ["."])
            return tuple([base] if isinstance(base, str) else base)
        if ext == "pymdownx.snippets":
            return (".",)
    return ()
