"""`fieldguide serve`: a real live-reload server, on loopback, for a fixture project."""

from __future__ import annotations

import html
import os
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


def fetch_status(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def start(root: Path, log_file: Path, *args: str, wait: str = "15") -> subprocess.Popen[bytes]:
    log = log_file.open("w")
    command = [sys.executable, "-m", "generator", "serve", str(root), *args]
    # How long a request may wait for a build; and the preview's temporary folder in the test's own, since a
    # server stopped with SIGKILL cannot remove it.
    env = {**os.environ, "FIELDGUIDE_SERVE_WAIT": wait, "TMPDIR": str(log_file.parent)}
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)


TWO = {
    "audiences/ops.yml": audience("Operators"),
    "audiences/mgr.yml": audience("Managers"),
    "content/index.md": page("Home", "EVERYONE\n\n/// only | mgr\nMGR-ONLY\n///\n"),
}


def test_port_in_use_is_one_line_and_exit_2(make_project: MakeProject) -> None:
    root = make_project(TWO)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", str(root), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: port {port} is already in use; choose another with --port, for example --port {port + 1}\n"
    )


def test_every_role_opens_a_missing_page_gets_the_sites_404_and_messages_come_in_order(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(TWO)
    port = free_port()
    log = tmp_path / "serve.log"
    server = start(root, log, "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: "Rebuilt the preview" in log.read_text())
        lines = log.read_text().splitlines()
        assert lines[0] == f"Previewing at {base}/ (Ctrl+C to stop)"
        assert lines[1] == "Rebuilt the preview: mgr, ops."
        status, chooser = fetch_status(base + "/")
        assert status == 200 and 'href="ops/index.html"' in chooser and 'href="mgr/index.html"' in chooser
        assert fetch_status(base + "/ops/")[1].count("MGR-ONLY") == 0
        assert "MGR-ONLY" in fetch_status(base + "/mgr/")[1]
        status, missing = fetch_status(base + "/mgr/no/such/page/")
        assert status == 404
        assert 'class="md-header' in missing and "Choose another role" in missing  # the site's own 404 page
        assert fetch_status(base + "/mgr")[0] == 200  # redirected to the folder
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_starting_with_an_error_shows_it_in_the_browser_and_claims_no_good_preview(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({**TWO, "content/index.md": page("Home", "/// only | mgr\nunclosed\n")})
    port = free_port()
    log = tmp_path / "serve.log"
    server = start(root, log, "--audience", "ops", "--port", str(port))
    expected = "content/index.md:4: the '/// only | mgr' block is never closed; end it with a line '///'"
    try:
        assert wait_for(lambda: "1 error; shown" in log.read_text())
        text = log.read_text()
        assert text.splitlines()[0].startswith(f"Previewing ops at http://127.0.0.1:{port}/ops/")
        assert expected in text and "1 error; shown in the browser; no good preview yet." in text
        assert "last good" not in text
        for address in ("/", "/ops/", "/mgr/anything/"):
            status, body = fetch_status(f"http://127.0.0.1:{port}{address}")
            assert status == 500
            assert html.escape(expected) in body and "There is no good preview yet" in body
        (root / "content" / "index.md").write_text(page("Home", "FIXED\n"))
        assert wait_for(lambda: "FIXED" in fetch_status(f"http://127.0.0.1:{port}/ops/")[1])
        (root / "content" / "index.md").write_text(page("Home", "/// only | mgr\nunclosed again\n"))
        assert wait_for(lambda: "above the last good preview" in log.read_text())
        status, body = fetch_status(f"http://127.0.0.1:{port}/ops/")
        assert status == 200 and "FIXED" in body and "The page below is the last good preview." in body
        # An escape sequence in a link is written out in the terminal, never sent to it.
        (root / "content" / "index.md").write_text(page("Home", "See [it](gone\x1b[2J.md).\n"))
        gone = "link to 'gone\\x1b[2J.md', but there is no page content/gone\\x1b[2J.md; fix the path"
        assert wait_for(lambda: f"content/index.md:4: [ops] {gone}" in log.read_text())
        assert "\x1b" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_a_request_never_waits_long_for_a_slow_build(make_project: MakeProject, tmp_path: Path) -> None:
    hook = "import time\n\n\ndef on_pre_build(config):\n    time.sleep(8)\n"
    root = make_project({**TWO, "hooks/slow.py": hook})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "hooks:\n  - hooks/slow.py\n")
    port = free_port()
    log = tmp_path / "serve.log"
    server = start(root, log, "--port", str(port), wait="1")
    try:
        assert wait_for(lambda: "Previewing" in log.read_text())
        started = time.monotonic()
        status, body = fetch_status(f"http://127.0.0.1:{port}/ops/", timeout=30)
        assert time.monotonic() - started < 5
        assert status == 503 and "Building the preview" in body and "livereload" in body
    finally:
        server.kill()
        server.wait(timeout=15)
