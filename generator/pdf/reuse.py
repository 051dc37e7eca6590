"""Print only what changed: a handbook, or an audience's cards with their sheet, made from exactly the
inputs of the PDFs published last time is copied from there instead of being laid out again.

A product's key covers its HTML (every page's text, the build date, the QR addresses), the print
stylesheets and what they embed, and Fieldguide's and the libraries' versions. The record kept in the
build manifest adds each file the layout read (images) and each PDF written, by SHA-256: a changed
image, or a published PDF that is missing or changed, means the product is laid out again.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import Any

from generator.incremental import tool_fingerprint
from generator.manifest import file_digest
from generator.pdf.engine import PrintEngine
from generator.pdf.fetcher import ProjectFetcher
from generator.textcache import text_key
from generator.theme import theme_file


def product_key(engine: PrintEngine, html: str, stylesheets: tuple[str, ...], *extra: str) -> str:
    sources = [theme_file(engine.root, f"print/{name}").read_text(encoding="utf-8") for name in stylesheets]
    engine.stylesheets(*stylesheets)  # parsed now, so the fonts and images they embed are known
    embedded = json.dumps(sorted(engine.css_fetcher.fetched.items()))
    return text_key(tool_fingerprint(), html, *sources, embedded, *extra)


def reusable(previous: Any, key: str, published: Path | None, fetcher: ProjectFetcher) -> dict[str, Any] | None:
    """The previous record of a product, when its PDFs can be copied as published; else None."""
    if published is None or not isinstance(previous, dict) or previous.get("key") != key:
        return None
    if published.is_symlink() or not published.is_dir():
        return None
    files, fetched = previous.get("files"), previous.get("fetched")
    if not isinstance(files, dict) or not files or not isinstance(fetched, dict):
        return None
    for rel, digest in files.items():
        if not isinstance(rel, str) or not _inside(published, rel) or _digest(published / rel) != digest:
            return None
    if any(not isinstance(url, str) or fetcher.digest(url) != digest for url, digest in fetched.items()):
        return None
    return previous


def copy_published(record: dict[str, Any], published: Path, out: Path) -> None:
    for rel in record["files"]:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published / rel, out / rel)


def record(key: str, out: Path, files: list[str], fetched: dict[str, str]) -> dict[str, Any]:
    """What the manifest keeps of a product just written into `out`."""
    return {"key": key, "files": {rel: _digest(out / rel) for rel in files}, "fetched": dict(sorted(fetched.items()))}


def _digest(path: Path) -> str | None:
    """A published PDF's SHA-256; None when it is missing or not a regular file."""
    try:
        return file_digest(path).hex() if stat.S_ISREG(path.lstat().st_mode) else None
    except OSError:
        return None


def _inside(folder: Path, rel: str) -> bool:
    """`rel` names a file in `folder` itself, through no symbolic link."""
    path = folder / rel
    return ".." not in Path(rel).parts and path.resolve() == folder.resolve() / rel
