"""Fieldguide's bytecode brought up to date before anything is timed, as pip's install did for MkDocs'.

An editable install leaves it to the first run, and where PYTHONDONTWRITEBYTECODE is set (this
machine, many containers) it is never written: each build would compile the package's source again
while plain MkDocs reads its bytecode. `scripts/setup` does the same; this covers edits since.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def compile_package() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)  # -q: silent unless it fails
