"""The `fieldguide` command line: thin, it only orchestrates and reports."""

from __future__ import annotations

import datetime
import json
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
@click.option("--force", is_flag=True, help="Rebuild every audience, even those whose inputs did not change.")
def build(
    project: Path,
    output: Path | None,
    audiences: tuple[str, ...],
    no_pdf: bool,
    jobs: int | None,
    quiet: bool,
    force: bool,
) -> None:
    """Build every audience's site and PDFs, and the role chooser."""
    from generator.build import build as run_build
    from generator.worker import AudienceResult

    console = Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)
    root = project.resolve()
    out = (output or root / "site").resolve()
    started = time.perf_counter()

    def done(result: AudienceResult) -> None:
        if result.reused:
            console.print(f"[green]unchanged[/] {result.audience}: {result.pages} pages, published folder kept")
            return
        pdf = f", PDFs {result.pdf_seconds:.1f} s ({result.cards} cards)" if not no_pdf else ""
        mark = "[green]built[/]" if result.ok else "[red]failed[/]"
        console.print(f"{mark} {result.audience}: {result.pages} pages, site {result.site_seconds:.1f} s{pdf}")
        for note in result.notes:
            console.print(f"  [cyan]note:[/] {note}")
        for warning in result.warnings:
            console.print(f"  [yellow]MkDocs:[/] {warning}")

    console.print(f"Building {root.name} into {_shown(out)}")
    with _content_errors():
        results = run_build(
            root, out, list(audiences) or None, not no_pdf, jobs, done, force, on_warnings=_warn_hint(console)
        )
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


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="[PROJECT] LOG...")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "html"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not to stdout.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Count from this day on (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Count up to this day (YYYY-MM-DD).")
@click.option("--min-count", type=click.IntRange(min=1), default=5, show_default=True, help="Hide smaller counts.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="SQLite file that keeps weekly counts.")
def report(
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    min_count: int,
    db: Path | None,
) -> None:
    """Count page views, card scans and answers from web server logs (`-` is standard input)."""
    from generator.report.run import run_report
    from generator.report.store import StoreError

    first = Path(paths[0])
    project, logs = (first, list(paths[1:])) if paths[0] != "-" and first.is_dir() else (Path("."), list(paths))
    if not logs:
        raise click.UsageError("name at least one access log after the project folder, or - for standard input")
    missing = [log for log in logs if log != "-" and not Path(log).is_file()]
    if missing:
        raise click.UsageError(f"no such log file: {missing[0]}")
    with _content_errors():
        try:
            text = run_report(
                project.resolve(), logs, fmt, min_count, since and since.date(), until and until.date(), db
            )
        except StoreError as exc:
            raise click.UsageError(str(exc)) from exc
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@project_argument
def matrix(project: Path) -> None:
    """Print the audiences as a JSON list, for a CI matrix (one shard per audience)."""
    from generator.compile import compile_project

    with _content_errors():
        compiled = compile_project(project.resolve())
    click.echo(json.dumps(sorted(compiled.project.audiences)))


@main.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default="site", show_default=True)
def assemble(shards: tuple[Path, ...], output: Path) -> None:
    """Publish shards built with `build --audience X -o shards/X` together, with the role chooser."""
    from generator.assemble import AssembleError
    from generator.assemble import assemble as run_assemble

    try:
        joined = run_assemble([s.resolve() for s in shards], output.resolve())
    except AssembleError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was published.", err=True)
        sys.exit(1)
    click.echo(f"Published {', '.join(joined)} into {_shown(output.resolve())}", err=True)


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
