"""What a build published, and from what: the manifest beside the output, for reuse and for `assemble`.

`site/.fieldguide-build.json` records the project's fingerprint and, per audience, the fingerprint
of everything its output was made from and a digest of the files published. A later build reuses an
audience's folder only when both still match; `assemble` joins shards only of the same project.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".fieldguide-build.json"
FORMAT_VERSION = 2


@dataclass(frozen=True)
class AudienceRecord:
    fingerprint: str  # of the edition's inputs: selected text, assets, config, theme, Fieldguide and library versions
    tree: str  # digest of the published files of site/<id>/
    with_pdf: bool
    verified: bool  # the isolation and outside-host checks passed on this output
    check_warnings: list[str] = field(default_factory=list)  # check's warnings on it (warning_key), re-counted on reuse
    pages: int = 0
    print: dict[str, Any] = field(default_factory=dict)  # per PDF product: key and digests (generator/pdf/reuse.py)
    # Digest of the selected pages alone (incremental.selection_digest): only which audiences to build first.
    selection: str = ""


@dataclass
class Manifest:
    project: str = ""  # fingerprint of the whole project's sources and of Fieldguide itself
    all_audiences: list[str] = field(default_factory=list)  # every audience of the project, built here or not
    audiences: dict[str, AudienceRecord] = field(default_factory=dict)  # the audiences published here
    # Of everything a whole build reads (incremental.build_key), when the folder holds exactly what a whole
    # build of it publishes: a whole build, a shard (of its own audiences) or shards joined; "" otherwise.
    build_key: str = ""
    chooser: str = ""  # digest of the published role chooser, index.html

    def to_json(self) -> str:
        data: dict[str, Any] = {"format": FORMAT_VERSION, "project": self.project, "all_audiences": self.all_audiences}
        data |= {"build_key": self.build_key, "chooser": self.chooser}
        data["audiences"] = {aid: asdict(record) for aid, record in sorted(self.audiences.items())}
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of a folder Fieldguide built, or None when there is none or it cannot be trusted."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT_VERSION:
            return None
        records = {aid: AudienceRecord(**record) for aid, record in data["audiences"].items()}
        audiences = [str(a) for a in data["all_audiences"]]
        return Manifest(str(data["project"]), audiences, records, str(data["build_key"]), str(data["chooser"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # any doubt: nothing is reused


def write_manifest(folder: Path, manifest: Manifest) -> None:
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


# (relative path, path, os.lstat mode) of each entry, in tree_entries' order: see listed_entries.
Listed = list[tuple[str, str, int]]


def tree_digest(
    folder: Path,
    known: Mapping[str, bytes] | None = None,
    skip: frozenset[str] = frozenset(),
    grafts: Mapping[str, str] | None = None,
    listed: Listed | None = None,
) -> str:
    """A digest of everything under `folder`: each entry's path, kind and permissions, and each file's content.

    Folders count too (an empty folder named like a page is an error the next build must see), and
    symlinks count as a change. Anything that is neither a file nor a folder is digested by kind, never read.
    `known`: SHA-256 digests of regular files by relative path, from a reader that has just read them
    (the output checks), so that they are not read twice. Folders named in `skip` are left out; those in
    `grafts` are digested as if they were in `folder` (tree_entries).
    `listed`: the folder's entries as listed_entries gave them to the reader of `known` just before, so
    that a folder of thousands of entries is not walked twice.
    Plain strings and os.scandir, not Path objects: a published site has thousands of entries, and a
    build with nothing changed digests all of them.
    """
    known = known or {}
    digest = hashlib.sha256()
    for rel, path, mode in listed_entries(folder, skip, grafts) if listed is None else listed:
        digest.update(f"{rel}\0{mode:o}\0".encode())
        if stat.S_ISLNK(mode):
            digest.update(b"symlink\0" + os.readlink(path).encode())
        elif not stat.S_ISDIR(mode):
            digest.update(known[rel] if stat.S_ISREG(mode) and rel in known else _content_digest(path, mode))
    return digest.hexdigest()


def tree_entries(
    folder: Path, skip: frozenset[str] = frozenset(), grafts: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(relative path, path) of every file and folder below `folder`, in the order Path objects sort
    (by path components: 'a/b' before 'a-b'). A symlink to a folder is listed but not followed.

    `grafts` names folders elsewhere to list as if they were in `folder`, {name: path}: answer pages
    kept where they are published until the new site takes them. A name `folder` holds too is an error.
    """
    entries: list[tuple[list[str], str, str]] = []
    _collect(os.fspath(folder), "", skip, entries)
    for name, path in (grafts or {}).items():
        if os.path.lexists(os.path.join(folder, name)) or not os.path.isdir(path) or os.path.islink(path):
            raise ValueError(f"cannot list {path} as {name}: the folder holds {name} already, or it is no folder")
        entries.append(([name], name, path))
        _collect(path, name + "/", skip, entries)
    entries.sort(key=lambda entry: entry[0])
    return [(rel, path) for _, rel, path in entries]


def listed_entries(folder: Path, skip: frozenset[str] = frozenset(), grafts: Mapping[str, str] | None = None) -> Listed:
    """tree_entries, each with its os.lstat mode."""
    return [(rel, path, os.lstat(path).st_mode) for rel, path in tree_entries(folder, skip, grafts)]


def file_digest(path: Path) -> bytes:
    """A regular file's SHA-256, read in pieces; anything else (a FIFO, a device) only by its kind: never read."""
    return _content_digest(os.fspath(path), path.lstat().st_mode)


def _content_digest(path: str, mode: int) -> bytes:
    if not stat.S_ISREG(mode):
        return f"special {stat.S_IFMT(mode)}".encode()
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").digest()


def _collect(base: str, prefix: str, skip: frozenset[str], out: list[tuple[list[str], str, str]]) -> None:
    """Every file and folder below `base`, as (components, relative path, path); a symlink to a folder
    is listed but not followed, and a folder that cannot be listed counts as empty (as os.walk does)."""
    try:
        with os.scandir(base) as listing:
            found = list(listing)
    except OSError:
        return
    for entry in found:
        if entry.name in skip and entry.is_dir():
            continue
        rel = prefix + entry.name
        out.append((rel.split("/"), rel, entry.path))
        if entry.is_dir(follow_symlinks=False):
            _collect(entry.path, rel + "/", skip, out)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def stable(value: Any) -> str:
    """How json.dumps writes what JSON has no form for, the same in every process.

    mkdocs.yml may name Python objects (`!!python/name:material.extensions.emoji.twemoji`); their repr
    holds a memory address, which differs from run to run: a key made with it would never match again.
    """
    if hasattr(value, "__module__") and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    return f"{type(value).__module__}.{type(value).__qualname__}:{_ADDRESS.sub('', repr(value))}"


def stable_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=stable)


def fingerprint(*parts: Any) -> str:
    """A digest of JSON-able parts (paths, strings, numbers, mappings); anything else as `stable` writes it."""
    text = stable_json(parts)
    return hashlib.sha256(text.encode()).hexdigest()
