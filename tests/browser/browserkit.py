"""What the browser tests share: Debian's Chromium under Playwright, axe-core, a plain HTTP server, colours."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# scripts/setup installs both: Debian's chromium, and axe-core with npm into this git-ignored folder.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / ".browser-deps" / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's own browser download is not used: these flags keep Debian's Chromium quiet and offline,
# so the network log holds only what the pages themselves ask for.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def http_server(folder: Path) -> Iterator[str]:
    """A small threaded HTTP server over `folder` on loopback, as a web server would publish it."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def parse_colour(css: str) -> tuple[float, float, float, float]:
    """`rgb(...)` or `rgba(...)` as Chromium computes it."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: tuple[float, float, float, float], below: tuple[float, float, float]) -> tuple[float, float, float]:
    """`top` composited over an opaque colour."""
    alpha = top[3]
    return (
        top[0] * alpha + below[0] * (1 - alpha),
        top[1] * alpha + below[1] * (1 - alpha),
        top[2] * alpha + below[2] * (1 - alpha),
    )


def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(rgb: tuple[float, float, float]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


AXE_RUN = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary),
  }));
}"""


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN, {"resultTypes": ["violations"]})
    return [v for v in found if v["impact"] in ("serious", "critical")]


PALETTE_SCHEME = """(scheme) => new Promise((resolve, reject) => {
  // Material switches schemes with these attributes, from its palette stylesheet (shipped in every site).
  // Its colours fade in over a fraction of a second: judge the final ones, not the fade.
  if (!document.getElementById('no-fade')) {
    const still = document.createElement('style');
    still.id = 'no-fade';
    still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(still);
  }
  document.body.setAttribute('data-md-color-scheme', scheme);
  // With a palette, Material always names the primary colour; indigo is its default.
  if (!document.body.hasAttribute('data-md-color-primary')) {
    document.body.setAttribute('data-md-color-primary', 'indigo');
  }
  if (document.querySelector('link[href*="palette"]')) { resolve(true); return; }
  const css = [...document.querySelectorAll('link[rel=stylesheet]')].find(l => l.href.includes('/main.'));
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.onload = () => resolve(true);
  link.onerror = () => reject(new Error('no palette stylesheet'));
  link.href = css.href.replace(/main\\.[0-9a-f]+\\.min\\.css/, PALETTE);
  document.head.appendChild(link);
})"""


def use_palette(page: Any, site_assets: Path, scheme: str) -> None:
    """Give a page Material's palette stylesheet and the scheme `default` (light) or `slate` (dark)."""
    [palette] = sorted(p.name for p in site_assets.glob("palette.*.min.css"))
    page.evaluate(PALETTE_SCHEME.replace("PALETTE", repr(palette)), scheme)
