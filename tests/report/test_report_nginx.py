"""A real web server: nginx serves the built example portal, we visit it, and `report` counts nginx's own log."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from generator.cli import main
from generator.compile import compile_project

NGINX = "/usr/sbin/nginx"  # Debian's package, installed by scripts/setup

CONFIG = """
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ }}
http {{
    include /etc/nginx/mime.types;
    access_log {work}/access.log combined;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    result = CliRunner().invoke(main, ["build", str(REPO), "-o", str(site), "--no-pdf", "-q"])
    assert result.exit_code == 0, result.output
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(CONFIG.format(work=work, port=port, site=site), encoding="utf-8")
    server = subprocess.Popen([NGINX, "-c", str(conf)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            break
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "nginx did not start"
            time.sleep(0.1)
    try:
        yield base, work
    finally:
        server.terminate()
        server.wait(timeout=10)


def visit(url: str, times: int = 1, agent: str = "Mozilla/5.0 (X11; Linux x86_64)") -> None:
    for _ in range(times):
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        with contextlib.suppress(urllib.error.HTTPError):  # a 404 is logged too, which is the point
            urllib.request.urlopen(request, timeout=5).close()


def test_report_counts_what_nginx_logged(served: tuple[str, Path]) -> None:
    base, work = served
    edition = next(e for e in compile_project(REPO).editions if any(p.page.card for p in e.pages))
    aid = edition.audience.id
    card = next(p for p in edition.pages if p.page.card)
    home = edition.pages[0]
    visit(f"{base}/", 3)  # the role chooser: not an audience's page
    visit(f"{base}/{aid}/{home.url}", 6)
    visit(f"{base}/{aid}/{card.url}?src=card", 7)
    visit(f"{base}/{aid}/feedback/yes/{card.url}", 5)
    visit(f"{base}/{aid}/feedback/no/{card.url}", 2)
    visit(f"{base}/{aid}/assets/stylesheets/nothing-here.css")
    visit(f"{base}/{aid}/no-such-page/", 3)
    visit(f"{base}/{aid}/{home.url}", 4, agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    log = work / "access.log"
    for _ in range(50):  # nginx writes its log line as the response ends
        if log.exists() and log.read_text(encoding="utf-8").count("\n") >= 31:
            break
        time.sleep(0.1)
    result = CliRunner().invoke(main, ["report", str(REPO), str(log), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {(r["audience"], r["page"]): r for r in data["rows"]}
    assert {key: (r["views"], r["card_scans"], r["yes"], r["no"]) for key, r in rows.items()} == {
        (aid, home.url): (6, "<5", "<5", "<5"),
        (aid, card.url): (7, 7, 5, "<5"),
    }
    assert data["lines"]["bots"] == 4
    assert [t for t in data["totals"] if t["week"] is None] == [
        {"audience": aid, "week": None, "views": 13, "card_scans": 7, "yes": 5, "no": 0}
    ]
    for fmt, expected in (("text", card.title), ("csv", f"{aid},/{card.url},"), ("html", "<svg")):
        result = CliRunner().invoke(main, ["report", str(REPO), str(log), "--format", fmt])
        assert result.exit_code == 0 and expected in result.output, fmt
    assert "127.0.0.1" in log.read_text(encoding="utf-8")  # nginx logged the address; the report never does
    assert "127.0.0.1" not in result.output
