"""Helpers for the print tests: render an audience's PDFs for real, then read them back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from generator.compile import compile_project
from generator.pdf.render import Printed, render_print
from generator.select import Edition

MM_PER_PT = 25.4 / 72


def edition_of(root: Path, audience_id: str) -> tuple[object, Edition]:
    compiled = compile_project(root, [audience_id])
    assert not compiled.errors, [str(f) for f in compiled.errors]
    return compiled.project, compiled.editions[0]


def render(
    root: Path, audience_id: str, site_dir: Path, label: str = "2026-01-01", web_embeds: bool = False
) -> Printed:
    """Render for real. `web_embeds` lets through the build's own refusal of web images and files
    outside content/, so that the print stage's second line of defence can be tested on its own."""
    compiled = compile_project(root, [audience_id])
    refused_early = ("is embedded from another host", "points outside", "is a file: address")
    errors = [f for f in compiled.errors if not (web_embeds and any(r in f.message for r in refused_early))]
    assert not errors, [str(f) for f in errors]
    return render_print(compiled.project, compiled.editions[0], str(site_dir), label)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width) * MM_PER_PT, 2), round(float(p.mediabox.height) * MM_PER_PT, 2))
        for p in PdfReader(path).pages
    ]


def qr_codes(path: Path, tmp: Path, dpi: int = 300) -> list[tuple[str, float]]:
    """(payload, width of the code in mm) for every QR code on the first page, read from a real rasterisation."""
    prefix = tmp / path.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(path), str(prefix)], check=True)
    image = Image.open(next(tmp.glob(f"{path.stem}*.png")))
    found = []
    for result in zxingcpp.read_barcodes(image):
        position = result.position
        width_px = abs(position.top_right.x - position.top_left.x)
        found.append((result.text, width_px / dpi * 25.4))
    return found
