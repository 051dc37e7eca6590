"""The end of `fieldguide build`'s output: what was built, and where to look next."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from generator.result import AudienceResult


def shown_path(path: Path) -> str:
    """A path as the editor would type it: relative to the current folder when inside it."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if shown.startswith("..") else shown


def view_command(root: Path, out: Path) -> str:
    """The shortest `fieldguide view` that opens `out`, typed from the current folder."""
    here = Path.cwd().resolve()
    # As the editor typed it: `.venv/bin/fieldguide` stays that, so the hint can be pasted back as it is.
    program = sys.argv[0] if Path(sys.argv[0]).name == "fieldguide" else "fieldguide"
    words = [program, "view"]
    if out != root / "site":
        words += ["--site", shown_path(out)]
    elif root != here and not here.is_relative_to(root):
        words.append(shown_path(root))
    return shlex.join(words)


def summary_lines(results: list[AudienceResult], root: Path, out: Path, no_pdf: bool, seconds: float) -> list[str]:
    built = [r for r in results if not r.reused]
    count, unchanged = len(built), len(results) - len(built)
    pages = sum(r.pages for r in built)
    same = f"; {unchanged} unchanged, kept as published" if unchanged else ""
    audiences = f"{count} audience{'s' if count != 1 else ''}"
    if count:
        lines = [f"Built {audiences} ({pages} pages){same} in {seconds:.1f} s into {shown_path(out)}."]
    else:
        kept = f"{unchanged} audience{'s' if unchanged != 1 else ''}"
        lines = [
            f"Nothing changed since the last build: {kept} kept as published in {shown_path(out)} ({seconds:.1f} s)."
        ]
    if no_pdf:
        printed = [r.audience for r in results if (out / r.audience / "print" / "handbook.pdf").is_file()]
        lines.append(
            "PDFs skipped (--no-pdf): the handbooks and cards published before were kept."
            if printed
            else "PDFs skipped (--no-pdf): no handbook or cards yet; build without --no-pdf to print them."
        )
    elif not count:
        lines.append("The handbooks and cards published before were kept.")
    else:
        cards = sum(r.cards for r in built)
        books = f"{count} handbook{'s' if count != 1 else ''}"
        lines.append(f"Printed {books} and {cards} card{'s' if cards != 1 else ''}.")
    command = view_command(root, out)
    lines.append(f"Next: run `{command}` and open http://127.0.0.1:8000/ to see the portal as readers will.")
    return lines


def warnings_hint(count: int) -> str:
    """The line build prints after a successful build when `check` has warnings."""
    noun = "warning" if count == 1 else "warnings"
    return f"{count} plain-language {noun} (not errors); run 'fieldguide check' to see them"
