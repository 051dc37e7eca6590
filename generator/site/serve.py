"""`fieldguide serve`: a live preview of every audience's site, rebuilt as the editor saves.

It keeps answering whatever the content does: errors are shown in the browser (above the last good
preview when there is one), a missing page gets its site's own 404, and no request waits for long.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import signal
import tempfile
import threading
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import click

from generator.build import build
from generator.compile import compile_project
from generator.findings import ContentError, UsageProblem
from generator.localserver import content_type, local_file, not_found_page, port_problem
from generator.say import printable
from generator.site.config import read_portal_config

WATCHED = ("audiences", "theme", "mkdocs.yml")
# A request waits at most this long for a rebuild to finish; then it gets a page that reloads itself.
REQUEST_WAIT = float(os.environ.get("FIELDGUIDE_SERVE_WAIT", "15"))  # tests shorten it
NOT_FOUND = "<p>No such page in the preview. <a href='/'>Choose a role</a>.</p>"
STYLE = (
    "margin:0;padding:1rem 1.5rem;background:#fff4f4;color:#1f1f1f;border-bottom:4px solid #b00020;"
    "font:16px/1.5 system-ui,sans-serif;position:relative;z-index:10"
)


@dataclass
class Preview:
    """What the browser is told: the errors of the last build, and whether any build has succeeded."""

    attempted: bool = False
    good: bool = False
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def succeeded(self) -> None:
        with self.lock:
            self.attempted, self.good, self.errors = True, True, []

    def failed(self, errors: list[str]) -> None:
        with self.lock:
            self.attempted, self.errors = True, errors


def error_panel(errors: list[str], good: bool) -> str:
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    after = (
        "The page below is the last good preview."
        if good
        else "There is no good preview yet: the pages appear as soon as the errors are fixed."
    )
    items = "\n".join(html.escape(e) for e in errors)
    return (
        f'<div role="alert" class="fg-preview-errors" style="{STYLE}"><strong>The preview has {count}.</strong> '
        f"{after} Fix them and save: this page reloads by itself."
        f'<pre style="white-space:pre-wrap;margin:.5rem 0 0;font-size:14px">{items}</pre></div>'
    )


def plain_page(title: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f'<body style="font:16px/1.5 system-ui,sans-serif;margin:0">{body}</body></html>'
    ).encode()


def _with_panel(page: bytes, panel: str) -> bytes:
    return re.sub(rb"<body[^>]*>", lambda m: m.group(0) + panel.encode(), page, count=1)


def _server_class() -> type[Any]:
    from mkdocs.livereload import LiveReloadServer

    class PreviewServer(LiveReloadServer):
        """MkDocs' live-reload server, answering from the preview's state rather than waiting on it."""

        preview: Preview

        def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
            path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
            if path.startswith("/livereload/"):
                return super()._serve_request(environ, start_response)
            with self._epoch_cond:
                ready = self._epoch_cond.wait_for(
                    lambda: self._visible_epoch == self._wanted_epoch, timeout=REQUEST_WAIT
                )
                epoch = self._visible_epoch
            state = self.preview
            if not ready or not state.attempted:
                body = plain_page("Building the preview", "<p>Building the preview; this page reloads by itself.</p>")
                return self._page(start_response, "503 Service Unavailable", body, epoch, panel=False)
            root = Path(self.root)
            file, redirect = local_file(root, path)
            if redirect is not None:
                start_response("302 Found", [("Location", urllib.parse.quote(redirect))])
                return []
            if not state.good:
                return self._page(start_response, "500 Internal Server Error", plain_page("Errors", ""), epoch)
            if file is None:
                body = not_found_page(root, path) or plain_page("Not found", NOT_FOUND)
                return self._page(start_response, "404 Not Found", body, epoch)
            if file.suffix == ".html":
                return self._page(start_response, "200 OK", file.read_bytes(), epoch)
            data = file.read_bytes()
            start_response("200 OK", [("Content-Type", content_type(file)), ("Content-Length", str(len(data)))])
            return [data]

        def _page(self, start_response: Any, status: str, page: bytes, epoch: int, panel: bool = True) -> list[bytes]:
            with self.preview.lock:
                errors, good = list(self.preview.errors), self.preview.good
            if panel and errors:
                page = _with_panel(page, error_panel(errors, good))
            page = self._inject_js_into_html(page, epoch)  # type: ignore[no-untyped-call]
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
            start_response(status, [*headers, ("Cache-Control", "no-store")])
            return [page]

    return PreviewServer


def _check_audience(root: Path, audience: str | None) -> None:
    """An unknown --audience is a usage error (exit 2); content errors wait for the browser."""
    if audience is None:
        return
    with contextlib.suppress(ContentError):
        compile_project(root, [audience])


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(root: Path, audience: str | None, port: int, host: str = "127.0.0.1") -> None:
    _check_audience(root, audience)
    preview = Preview()
    with tempfile.TemporaryDirectory(prefix="fieldguide-serve-") as out_dir:
        out = Path(out_dir) / "site"

        def rebuild() -> None:
            # Every audience, so that every role on the chooser opens; an error never stops the server.
            try:
                results = build(root, out, None, with_pdf=False)
            except ContentError as exc:
                lines = [str(f) for f in exc.findings]
            except UsageProblem as exc:
                lines = [str(exc)]
            except Exception as exc:  # a failing hook or template: shown, and the preview goes on
                lines = [f"the build failed: {exc}"]
            else:
                preview.succeeded()
                click.echo(f"Rebuilt the preview: {', '.join(sorted(r.audience for r in results))}.", err=True)
                return
            had_good = preview.good
            preview.failed(lines)
            for line in lines:
                click.echo(printable(line), err=True)
            where = "above the last good preview" if had_good else "in the browser; no good preview yet"
            click.echo(f"{len(lines)} error{'s' if len(lines) != 1 else ''}; shown {where}.", err=True)

        server = _server_class()(builder=rebuild, host=host, port=port, root=str(out))
        server.preview = preview
        try:
            server.server_bind()
            server.server_activate()
        except OSError as exc:
            server.server_close()
            raise port_problem(exc, host, port) from None
        config, _ = read_portal_config(root)
        for name in (config.docs_dir if config else "content", *WATCHED):
            if (root / name).exists():
                server.watch(str(root / name))
        address = f"http://{host}:{port}/"
        shown = f"{audience} at {address}{audience}/; every role at {address}" if audience else f"at {address}"
        click.echo(f"Previewing {shown} (Ctrl+C to stop)", err=True)
        # MkDocs logs every answer but 200 as a warning; a 404 or "building" page is no news to the editor.
        logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
        signal.signal(signal.SIGTERM, _stop)
        server.observer.start()
        server.serve_thread.start()
        with server._rebuild_cond:
            server._want_rebuild = True  # the first build runs in MkDocs' build loop, like every other
        try:
            server._build_loop()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
