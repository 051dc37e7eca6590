"""Read every byte an audience's published folder holds, as text, for leak tests."""

from __future__ import annotations

import gzip
from pathlib import Path


def site_texts(folder: Path) -> dict[str, str]:
    """Every file under `folder` as text; gzip is opened, PDFs are reduced to their text."""
    texts: dict[str, str] = {}
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.decompress(data)
        if file.suffix == ".pdf":
            texts[str(file)] = pdf_text(file)
            continue
        texts[str(file)] = data.decode("utf-8", errors="replace")
    return texts


def pdf_text(file: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file)
    parts = [page.extract_text() or "" for page in reader.pages]
    meta = reader.metadata or {}
    parts += [str(v) for v in meta.values()]
    return "\n".join(parts)


def found_in(folder: Path, needle: str) -> list[str]:
    return [name for name, text in site_texts(folder).items() if needle in text]
