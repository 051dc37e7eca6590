"""Small helpers shared by the tests."""

from __future__ import annotations

import filecmp
import gzip
from pathlib import Path

from generator.compile import Compiled, compile_project
from generator.findings import ContentError


def compiled(root: Path, audiences: list[str] | None = None) -> Compiled:
    return compile_project(root, audiences)


def texts(root: Path, audience: str) -> dict[str, str]:
    """What `audience` gets of each page: {src: body text}."""
    result = compile_project(root, [audience])
    assert not result.errors, [str(f) for f in result.errors]
    return {p.src: p.text.strip() for p in result.editions[0].pages}


def error_lines(root: Path) -> list[str]:
    """Every error of a compile, as the editor sees it."""
    try:
        result = compile_project(root)
    except ContentError as exc:
        return [str(f) for f in exc.findings]
    return [str(f) for f in sorted(result.errors)]


def same_tree(a: Path, b: Path) -> bool:
    """The two folders hold the same names, and each file the same bytes (read, never judged by its status)."""
    comparison = filecmp.dircmp(a, b)

    def clean(c: filecmp.dircmp[str]) -> bool:
        if c.left_only or c.right_only or c.funny_files:
            return False
        _, differ, odd = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        return not differ and not odd and all(clean(sub) for sub in c.subdirs.values())

    return clean(comparison)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file's bytes; a gzip file's content, since its header carries the time it was written."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[str(path.relative_to(site))] = gzip.decompress(data) if path.suffix == ".gz" else data
    return found
