"""What a build published, and from what: the manifest beside the output, for reuse and for `assemble`.

`site/.fieldguide-build.json` records the project's fingerprint and, per audience, the fingerprint
of everything its output was made from and a digest of the files published. A later build reuses an
audience's folder only when both still match; `assemble` joins shards only of the same project.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".fieldguide-build.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class AudienceRecord:
    fingerprint: str  # of the edition's inputs: selected text, assets, config, theme, Fieldguide and library versions
    tree: str  # digest of the published files of site/<id>/
    with_pdf: bool
    verified: bool  # the isolation and outside-host checks passed on this output


@dataclass
class Manifest:
    project: str = ""  # fingerprint of the whole project's sources and of Fieldguide itself
    all_audiences: list[str] = field(default_factory=list)  # every audience of the project, built here or not
    audiences: dict[str, AudienceRecord] = field(default_factory=dict)  # the audiences published here

    def to_json(self) -> str:
        data: dict[str, Any] = {"format": FORMAT_VERSION, "project": self.project, "all_audiences": self.all_audiences}
        data["audiences"] = {aid: asdict(record) for aid, record in sorted(self.audiences.items())}
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of a folder Fieldguide built, or None when there is none or it cannot be trusted."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT_VERSION:
            return None
        records = {aid: AudienceRecord(**record) for aid, record in data["audiences"].items()}
        return Manifest(str(data["project"]), [str(a) for a in data["all_audiences"]], records)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # any doubt: nothing is reused


def write_manifest(folder: Path, manifest: Manifest) -> None:
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def tree_digest(folder: Path) -> str:
    """A digest of every file under `folder`: relative path and content. Symlinks count as a change."""
    digest = hashlib.sha256()
    for path in sorted(_files(folder)):
        rel = path.relative_to(folder).as_posix()
        digest.update(rel.encode() + b"\0")
        if path.is_symlink():
            digest.update(b"symlink\0" + os.readlink(path).encode())
            continue
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _files(folder: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        base = Path(dirpath)
        yield from (base / name for name in filenames)
        yield from (base / name for name in dirnames if (base / name).is_symlink())


def fingerprint(*parts: Any) -> str:
    """A digest of JSON-able parts (paths, strings, numbers, mappings); anything else by its repr."""
    text = json.dumps(parts, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()
