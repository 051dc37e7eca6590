"""`fieldguide view`: the built portal exactly as published, over HTTP on this machine.

Opened from disk, a MkDocs site's links open folder listings and its search cannot load its index;
over HTTP it works as it will on the web server, role chooser included.
"""

from __future__ import annotations

import http.server
from pathlib import Path

import click

from generator.findings import UsageProblem
from generator.localserver import content_type, local_file, not_found_page, port_problem

NOT_FOUND = b"<!doctype html><html lang=en><title>Not found</title><p>No such page. <a href='/'>Choose your role</a>."


def make_server(site: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """A threaded server over `site`, bound and listening; raises UsageProblem when the port cannot be had."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(with_body=True)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            url_path = self.path.split("?", 1)[0].split("#", 1)[0]
            file, redirect = local_file(site, url_path)
            if redirect is not None:
                self.send_response(301)
                self.send_header("Location", redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if file is None:
                body = not_found_page(site, url_path) or NOT_FOUND
                self._send(404, "text/html; charset=utf-8", body, with_body)
                return
            self._send(200, content_type(file), file.read_bytes(), with_body)

        def _send(self, code: int, kind: str, body: bytes, with_body: bool) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: a reader's clicks are no news to the editor

    try:
        return http.server.ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise port_problem(exc, host, port) from None


def view(site: Path, port: int, host: str = "127.0.0.1") -> None:
    if not (site / "index.html").is_file():
        shown = site.name + "/"
        raise UsageProblem(f"no built portal in {shown}; build it first with: fieldguide build")
    server = make_server(site, host, port)
    click.echo(f"Serving the built portal at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    click.echo("Open that address in a browser: the role chooser leads to each audience's site.", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
