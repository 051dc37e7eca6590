"""Refresh the README's screenshots from a real build of the example portal.

    bash scripts/setup chromium && .venv/bin/python scripts/screenshots.py

Headless Chromium (Debian's package) photographs the role chooser and one page as two
audiences get it, side by side; pdftoppm turns a printed card into a PNG.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGE = "assist-basics/what-it-gets-wrong/"
PAIR = ("floor-operator", "manager")
CARD = ("floor-operator", "on-the-line-check-before-you-trust")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def shoot(url: str, target: Path, size: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
             f"--screenshot={target}", url],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )


def _chromium() -> str:
    found = shutil.which("chromium")
    if not found:
        sys.exit("chromium is missing; run: bash scripts/setup chromium")
    return found


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fieldguide-shots-") as tmp:
        site = Path(tmp) / "site"
        subprocess.run([str(ROOT / ".venv" / "bin" / "fieldguide"), "build", str(ROOT), "-o", str(site), "-q"],
                       check=True)
        (site / "compare.html").write_text(
            "<!doctype html><style>body{margin:0;display:flex;gap:8px;background:#888}"
            "iframe{border:0;width:50%;height:100vh;background:#fff}</style>"
            + "".join(f'<iframe src="/{aid}/{PAGE}"></iframe>' for aid in PAIR)
        )
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            shoot(f"{base}/index.html", OUT / "role-chooser.png", "1100,760")
            shoot(f"{base}/compare.html", OUT / "two-audiences.png", "1800,1000")
        finally:
            server.shutdown()
        card = site / CARD[0] / "print" / "cards" / f"{CARD[1]}.pdf"
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(card), str(OUT / "card")], check=True)
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
