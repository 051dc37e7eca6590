"""The `fieldguide` command line: thin, it only orchestrates and reports."""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path

import click

from generator.findings import ContentError, UsageProblem
from generator.localserver import PortInUse
from generator.outdir import InterruptedAfterPublishing, Refused
from generator.process_server import project_folder
from generator.say import Say, printable
from generator.summary import shown_path, summary_lines, warnings_hint

project_argument = click.argument(
    "project", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)


def find_project(given: Path | None) -> Path:
    """PROJECT, or the nearest folder at or above the current one that holds mkdocs.yml, as git finds its repo."""
    root = project_folder(given)
    if root is not None:
        return root
    if given is not None:
        raise click.UsageError(
            f"no mkdocs.yml in {shown_path(given.resolve())}; "
            "PROJECT is a portal folder with mkdocs.yml, audiences/ and content/"
        )
    here = Path.cwd().resolve()
    raise click.UsageError(
        f"no mkdocs.yml in {here} or any folder above it; run this inside a portal project, or name its folder"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help=(
        "Audiences built at once; default: the number of cores. With 2 or more, and no fewer than the"
        " cores, one more may build at the very end, so that no core idles while the last ones finish."
    ),
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--force", is_flag=True, help="Rebuild every audience, even those whose inputs did not change.")
def build(
    project: Path | None,
    output: Path | None,
    audiences: tuple[str, ...],
    no_pdf: bool,
    jobs: int | None,
    quiet: bool,
    force: bool,
) -> None:
    """Build every audience's site and PDFs, and the role chooser."""
    from generator.build import build as run_build
    from generator.result import AudienceResult

    say = Say(quiet)
    root = find_project(project)
    out = (output or root / "site").resolve()
    started = time.perf_counter()

    def done(result: AudienceResult) -> None:
        if result.reused:
            say("unchanged", "green", f" {result.audience}: {result.pages} pages, published folder kept")
            return
        kept = f"; {' and '.join(result.print_kept)} unchanged, copied" if result.print_kept else ""
        pdf = f", PDFs {result.pdf_seconds:.1f} s ({result.cards} cards{kept})" if not no_pdf else ", PDFs skipped"
        rest = f" {result.audience}: {result.pages} pages, site {result.site_seconds:.1f} s{pdf}"
        if result.ok:
            say("built", "green", rest)
        else:
            say("failed", "red", rest)
        for note in result.notes:
            say("  note:", "cyan", f" {note}")
        for warning in result.warnings:
            say("  MkDocs:", "yellow", f" {warning}")

    say(f"Building the portal into {shown_path(out)}{os.sep}")
    with _content_errors():
        results = run_build(
            root,
            out,
            list(dict.fromkeys(audiences)) or None,
            not no_pdf,
            jobs,
            done,
            force,
            on_warnings=lambda count: say(warnings_hint(count), "yellow"),
        )
    for line in summary_lines(results, root, out, no_pdf, time.perf_counter() - started):
        say(line)


@main.command()
@project_argument
@click.option("--audience", "audiences", multiple=True, help="Check only what this audience gets; repeat for more.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
def check(project: Path | None, audiences: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check every audience's text without building the sites."""
    from generator.check.run import run_check

    with _content_errors():
        code = run_check(find_project(project), list(audiences) or None, fmt, strict)
    sys.exit(code)


@main.command()
@project_argument
@click.option("--audience", help="The audience to preview; default: the first.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
def serve(project: Path | None, audience: str | None, port: int) -> None:
    """Preview every audience's site while you edit: it rebuilds on save and shows errors in the browser."""
    from generator.site.serve import serve as run_serve

    with _content_errors():
        run_serve(find_project(project), audience, port)


@main.command()
@project_argument
@click.option(
    "--site", type=click.Path(file_okay=False, path_type=Path), help="The built portal; default PROJECT/site."
)
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
def view(project: Path | None, site: Path | None, port: int) -> None:
    """Open the built portal in a browser, exactly as published: role chooser, sites, search and PDFs."""
    from generator.view import view as run_view

    folder = site.resolve() if site else find_project(project) / "site"
    with _content_errors():
        run_view(folder, port)


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
    named = paths[0] != "-" and first.is_dir()
    project, logs = (first, list(paths[1:])) if named else (find_project(None), list(paths))
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
def matrix(project: Path | None) -> None:
    """Print the audiences as a JSON list, for a CI matrix (one shard per audience)."""
    from generator.compile import compile_project

    with _content_errors():
        compiled = compile_project(find_project(project))
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
            click.echo(printable(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was published.", err=True)
        sys.exit(1)
    click.echo(f"Published {', '.join(joined)} into {shown_path(output.resolve())}", err=True)


class _content_errors:
    """Editors see `path:line: message` lines and an exit code, never a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ContentError):
            for finding in exc.findings:
                click.echo(printable(str(finding)), err=True)
            count = len(exc.findings)
            click.echo(f"{count} error{'s' if count != 1 else ''}; nothing was published.", err=True)
            sys.exit(1)
        if isinstance(exc, (PortInUse, Refused)):
            click.echo(f"Error: {exc}", err=True)  # one line: the fix is in the message
            sys.exit(2)
        if isinstance(exc, UsageProblem):
            raise click.UsageError(str(exc))
        if isinstance(exc, InterruptedAfterPublishing):
            click.echo("interrupted as the new site was swapped in: it was published, complete.", err=True)
            sys.exit(128 + exc.signum)
        if isinstance(exc, KeyboardInterrupt):
            # Ctrl+C or SIGTERM: the build has removed its own half-built folders by now.
            click.echo("interrupted; nothing was published, the output is as it was.", err=True)
            sys.exit(128 + int(getattr(exc, "signum", 2)))
