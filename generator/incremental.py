"""Rebuild only what changed: an audience whose inputs and published files are unchanged is reused.

Safe by construction: the fingerprint covers everything the output is made from that Fieldguide
can see (the edition as written for MkDocs, its assets and theme overrides, the config, the print
theme, hooks, the audience's settings, Fieldguide's own code and the libraries' versions); any
doubt (no manifest, a changed published file, a different flag) rebuilds. `--force` rebuilds all.
"""

from __future__ import annotations

import datetime
import functools
import importlib.metadata
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.manifest import (
    Manifest,
    file_digest,
    fingerprint,
    read_manifest,
    stable_json,
    tree_digest,
)
from generator.portal_config import PortalConfig
from generator.textcache import text_key

if TYPE_CHECKING:  # only named here: a build with nothing changed is decided without importing them
    from generator.model import Project
    from generator.select import Edition
    from generator.site.edition import SiteJob

GENERATOR = Path(__file__).resolve().parent
LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "weasyprint", "jinja2", "pygments")


@functools.cache
def tool_fingerprint() -> str:
    """Fieldguide's own code and templates, and the versions of the libraries that shape the output."""
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    # Not the bytecode Python writes beside the code: a first run would otherwise change the next run's key.
    return fingerprint(tree_digest(GENERATOR, skip=frozenset({"__pycache__"})), versions)


# Digests of source folders by name, made once per build: build_key fills it, project_fingerprint reads it.
Digests = dict[str, str | None]


def project_fingerprint(project: Project, known: Digests | None = None) -> str:
    """The whole project's sources: what `assemble` compares between shards.

    `known`: folders this build has digested already (by build_key), so they are not read twice.
    """
    root = Path(project.root)
    known = {} if known is None else known
    parts: list[Any] = [tool_fingerprint(), project.config.text]
    for name in (project.config.docs_dir, "audiences", "theme"):
        parts.append(known[name] if name in known else _source_digest(root / name))
    parts.append(_side_files(root, project.config.raw))
    return fingerprint(*parts)


def build_key(
    root: Path,
    config: PortalConfig,
    out: Path,
    with_pdf: bool,
    label: str,
    today: datetime.date,
    known: Digests | None = None,
) -> str | None:
    """Everything a whole build reads, with its flags and date; None when that cannot be told cheaply.

    Two builds with the same key publish the same files and get the same check results, so the
    second may keep the first's output as it is. Folders read for snippets or templates beyond
    content/, audiences/ and theme/ are digested too; one that holds the output folder (snippets'
    default base path is the whole project) cannot be digested apart from it, so nothing is skipped.
    Each folder's digest is added to `known`, for project_fingerprint.
    """
    theme = config.raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    names = [config.docs_dir, "audiences", "theme", *config.snippet_paths]
    names += [custom] if isinstance(custom, str) else []
    known = {} if known is None else known
    try:
        for name in dict.fromkeys(names):
            if out.resolve().is_relative_to((root / name).resolve()):
                return None
            known[name] = _source_digest(root / name)
        hooks = _side_files(root, config.raw)
    except OSError:
        return None  # a file that cannot be read: the build itself says why
    digests = [(name, known[name]) for name in dict.fromkeys(names)]
    raw = stable_json(config.raw)  # as MkDocs read it: !ENV values and INHERIT
    return fingerprint(tool_fingerprint(), config.text, raw, digests, hooks, with_pdf, label, today.isoformat())


def _source_digest(path: Path) -> str | None:
    """A source folder's digest (or a single file's, as a snippet base path may be); None when it is missing."""
    path = path.resolve()
    if path.is_file():
        return file_digest(path).hex()
    return tree_digest(path) if path.is_dir() else None


def selection_digest(edition: Edition) -> str:
    """The audience's selected pages: their text, metadata, titles and addresses, from memory."""
    pages = [(p.src, p.page.meta.model_dump(mode="json"), p.title, p.summary, p.url, p.text) for p in edition.pages]
    return fingerprint(pages)


def pages_changed(previous: Manifest | None, selections: dict[str, str]) -> set[str]:
    """The audiences whose selected pages differ from the last build's: most likely the ones to rebuild.

    Only an order of work: whether an audience is reused is decided by its whole fingerprint.
    """
    records = previous.audiences if previous else {}
    return {aid for aid, selection in selections.items() if aid not in records or records[aid].selection != selection}


def edition_fingerprint(
    project: Project,
    edition: Edition,
    selection: str,
    site: SiteJob,
    with_pdf: bool,
    label: str,
    today: datetime.date,
) -> str:
    """Everything one audience's output is made from, with the temporary folder's name taken out.

    `selection` is selection_digest(edition), worked out once per build. The edition's folder and the
    pages' texts as MkDocs gets them (in memory, or in that folder) add what the build wrote from it:
    a link to a kept card, a page of cards, the merged templates.
    """
    work = Path(site.docs_dir).parent
    settings = stable_json(site.overrides).replace(str(work), "<work>")
    audience = edition.audience
    others = sorted((a.id, a.name, a.description) for a in project.audiences.values())
    root = Path(project.root)
    print_theme = root / "theme" / "print"
    return fingerprint(
        tool_fingerprint(),
        project.config.text,
        _side_files(Path(project.root), project.config.raw),
        tree_digest(work),
        site.pages,
        settings,
        selection,
        audience.spec.model_dump(mode="json"),
        sorted(audience.matches),
        others,
        tree_digest(print_theme) if print_theme.is_dir() else None,
        with_pdf,
        label,
        today.isoformat(),
    )


def _side_files(root: Path, raw: dict[str, Any]) -> list[tuple[str, str]]:
    """Python files beside mkdocs.yml and the hooks it names: they can change the output too."""
    hooks = raw.get("hooks") or []
    files = set(root.glob("*.py")) | {root / str(h) for h in hooks if isinstance(h, str)}
    found = []
    for file in sorted(files):
        if file.is_file() and not file.is_symlink():
            found.append((file.name, file_digest(file).hex()))
    return found


def reusable(previous: Manifest | None, published: Path, audience: str, print_needed: bool, fp: str) -> bool:
    """True when the published folder of `audience` was made from exactly these inputs and is intact."""
    record = previous.audiences.get(audience) if previous else None
    if record is None or record.fingerprint != fp or record.with_pdf != print_needed or not record.verified:
        return False
    folder = published / audience
    return folder.is_dir() and not folder.is_symlink() and tree_digest(folder) == record.tree


def unchanged_build(out: Path, key: str) -> Manifest | None:
    """The manifest of the whole build in `out` made with `key`, when every file it published is intact."""
    previous = read_manifest(out)
    if previous is None or previous.build_key != key or sorted(previous.audiences) != previous.all_audiences:
        return None
    try:
        if text_key((out / "index.html").read_text(encoding="utf-8")) != previous.chooser:
            return None
    except (OSError, UnicodeDecodeError):
        return None
    for aid, record in previous.audiences.items():
        if not reusable(previous, out, aid, record.with_pdf, record.fingerprint):
            return None
    return previous


def link_tree(source: Path, target: Path) -> None:
    """Copy a published folder into the staging folder as hard links: instant, and never modified in place."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, symlinks=True)
