"""The `fieldguide` command line: thin, it only orchestrates and reports."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from generator.compile import UsageProblem
from generator.findings import ContentError

project_argument = click.argument("project", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group()
@click.version_option(package_name="fieldguide")
def main() -> None:
    """Fieldguide: one site, handbook and card set per audience, from one Markdown source."""


@main.command()
@project_argument
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Output folder; default PROJECT/site."
)
@click.option("--audience", "audiences", multiple=True, help="Rebuild only this audience; repeat for more.")
@click.option("--no-pdf", is_flag=True, help="Skip the handbooks and cards.")
@click.option("--jobs", type=click.IntRange(min=1), help="Audiences built at once; default: the number of cores.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(
    project: Path, output: Path | None, audiences: tuple[str, ...], no_pdf: bool, jobs: int | None, quiet: bool
) -> None:
    """Build every audience's site and PDFs, and the role chooser."""
    from generator.build import build as run_build
    from generator.worker import AudienceResult

    console = Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)
    root = project.resolve()
    out = (output or root / "site").resolve()
    started = time.perf_counter()

    def done(result: AudienceResult) -> None:
        pdf = f", PDFs {result.pdf_seconds:.1f} s ({result.cards} cards)" if not no_pdf else ""
        mark = "[green]built[/]" if result.ok else "[red]failed[/]"
        console.print(f"{mark} {result.audience}: {result.pages} pages, site {result.site_seconds:.1f} s{pdf}")
        for note in result.notes:
            console.print(f"  [cyan]note:[/] {note}")
        for warning in result.warnings:
            console.print(f"  [yellow]MkDocs:[/] {warning}")

    console.print(f"Building {root.name} into {_shown(out)}")
    with _content_errors():
        results = run_build(root, out, list(audiences) or None, not no_pdf, jobs, done, _warn_hint(console))
    table = Table(title=f"Built in {time.perf_counter() - started:.1f} s")
    for column in ("audience", "pages", "site s", "PDF s", "cards"):
        table.add_column(column)
    for r in sorted(results, key=lambda r: r.audience):
        table.add_row(r.audience, str(r.pages), f"{r.site_seconds:.1f}", f"{r.pdf_seconds:.1f}", str(r.cards))
    console.print(table)


def _warn_hint(console: Console) -> Callable[[int], None]:
    from generator.check.gate import warnings_hint

    return lambda count: console.print(f"[yellow]{warnings_hint(count)}[/]")


@main.command()
@project_argument
@click.option("--audience", "audiences", multiple=True, help="Check only what this audience gets; repeat for more.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
def check(project: Path, audiences: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check every audience's text without building the sites."""
    from generator.check.run import run_check

    with _content_errors():
        code = run_check(project.resolve(), list(audiences) or None, fmt, strict)
    sys.exit(code)


@main.command()
@project_argument
@click.option("--audience", help="The audience to preview; default: the first.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
def serve(project: Path, audience: str | None, port: int) -> None:
    """Preview one audience's site, rebuilding as you edit."""
    from generator.site.serve import serve as run_serve

    with _content_errors():
        run_serve(project.resolve(), audience, port)


class _content_errors:
    """Editors see `path:line: message` lines and an exit code, never a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ContentError):
            for finding in exc.findings:
                click.echo(str(finding), err=True)
            count = len(exc.findings)
            click.echo(f"{count} error{'s' if count != 1 else ''}; nothing was published.", err=True)
            sys.exit(1)
        if isinstance(exc, UsageProblem):
            raise click.UsageError(str(exc))


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
