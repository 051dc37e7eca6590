"""`fieldguide serve`: a real live-reload server, on loopback, for a fixture project."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import MakeProject, audience, page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except (urllib.error.URLError, ConnectionError):
        return ""


def test_serve_previews_reloads_and_survives_errors(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "audiences/ops.yml": audience("Operators"),
            "audiences/mgr.yml": audience("Managers"),
            "content/index.md": page("Home", "FIRST-VERSION\n\n/// only | mgr\nMGR-ONLY\n///\n"),
        }
    )
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(root), "--audience", "ops", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/ops/"
    try:
        assert wait_for(lambda: "FIRST-VERSION" in fetch(url))
        assert "MGR-ONLY" not in fetch(url)
        assert f"Previewing ops at {url}" in (tmp_path / "serve.log").read_text()
        (root / "content" / "index.md").write_text(page("Home", "/// only | mgr\nunclosed\n"))
        expected = "content/index.md:4: the '/// only | mgr' block is never closed; end it with a line '///'"
        assert wait_for(lambda: expected in (tmp_path / "serve.log").read_text())
        assert server.poll() is None and "FIRST-VERSION" in fetch(url)
        (root / "content" / "index.md").write_text(page("Home", "SECOND-VERSION\n"))
        assert wait_for(lambda: "SECOND-VERSION" in fetch(url))
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
