"""`fieldguide serve`: MkDocs' live-reload server over one audience's freshly built edition."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from generator.build import build
from generator.compile import UsageProblem, compile_project
from generator.findings import ContentError
from generator.outdir import terminate_as_interrupt

WATCHED = ("audiences", "theme", "mkdocs.yml")


def serve(root: Path, audience: str | None, port: int, host: str = "127.0.0.1") -> None:
    """Serve until Ctrl+C or SIGTERM; either way the temporary folder is removed."""
    with terminate_as_interrupt():
        _serve(root, audience, port, host)


def _serve(root: Path, audience: str | None, port: int, host: str) -> None:
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def _serve_request(self, environ: Any, start_response: Any) -> Any:
            # `%00` in an address reached open() as a NUL byte: a 500 and a traceback. No file has one: 404.
            if "\x00" in str(environ.get("PATH_INFO", "")):
                return None
            return super()._serve_request(environ, start_response)

    compiled = compile_project(root)
    chosen = audience or next(iter(compiled.project.audiences), None)
    if chosen is None:
        raise ContentError(compiled.findings)
    if chosen not in compiled.project.audiences:
        raise UsageProblem(f"unknown audience '{chosen}'; known: {', '.join(compiled.project.audiences)}")
    with tempfile.TemporaryDirectory(prefix="fieldguide-serve-") as out_dir:
        out = Path(out_dir) / "site"

        def rebuild() -> None:
            # An error is shown and the last good preview stays up: the server must not die.
            try:
                build(root, out, [chosen], with_pdf=False, jobs=1)
                click.echo(f"Rebuilt {chosen}.", err=True)
            except ContentError as exc:
                for finding in exc.findings:
                    click.echo(str(finding), err=True)
                click.echo(f"{len(exc.findings)} error(s); still showing the last good preview.", err=True)

        rebuild()
        server = Server(builder=rebuild, host=host, port=port, root=str(out))
        for name in (compiled.project.config.docs_dir, *WATCHED):
            if (root / name).exists():
                server.watch(str(root / name))
        click.echo(f"Previewing {chosen} at http://{host}:{port}/{chosen}/ (Ctrl+C to stop)", err=True)
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
