"""Benchmark: `fieldguide build --no-pdf` against plain `mkdocs build` on the same filtered pages.

    .venv/bin/python bench/bench.py [--pages 500] [--repeat 3] [--shape mixed|guides|long]

Both sides build every audience, each in its own process, the same number at a time:
the baseline runs `mkdocs build` on a plain project per audience that already holds
exactly that audience's pages (Fieldguide's own selection wrote them, outside the timing).
Each round runs every build once, in turn; times are medians of --repeat rounds, and each ratio is the
median of the rounds' own ratios (above 1: Fieldguide is slower). Fieldguide's full builds use
--force (every page rendered, checked and written again; only answer pages that come out byte for byte
as published keep their files and folders) with its cache by text warm, as after any earlier build on
the machine, and again with that cache off, as on a machine's very first build.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import compile_package  # noqa: E402
from own_cache import use_own_cache  # noqa: E402
from synthetic import write_guides_project, write_long_project, write_project  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def plain_projects(project: Path, into: Path) -> list[Path]:
    """One ordinary MkDocs project per audience, holding only what it gets."""
    from generator.compile import compile_project
    from generator.site.edition import fast_features

    compiled = compile_project(project)
    configs = []
    for edition in compiled.editions:
        folder = into / edition.audience.id
        for page in edition.pages:
            target = folder / "content" / page.src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown())
        for file in (project / "content").rglob("*"):  # images and downloads, as Fieldguide copies them
            if file.is_file() and file.suffix != ".md":
                (folder / "content" / file.relative_to(project / "content")).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, folder / "content" / file.relative_to(project / "content"))
        # The same theme features Fieldguide gives this edition, so the ratio measures overhead only.
        features = fast_features(["navigation.sections", "navigation.prune"], len(edition.pages), [])
        config = (project / "mkdocs.yml").read_text()
        config = config.replace(
            "  features: [navigation.sections, navigation.prune]\n", f"  features: {features}\n  font: false\n"
        )
        (folder / "mkdocs.yml").write_text(config + f"site_dir: {into / 'out' / edition.audience.id}\n")
        configs.append(folder / "mkdocs.yml")
    # Largest first, as Fieldguide schedules them, so the ratio measures overhead, not scheduling.
    return sorted(configs, key=lambda c: -sum(1 for _ in (c.parent / "content").rglob("*.md")))


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def plain_build(configs: list[Path], jobs: int) -> None:
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda c: run([str(BIN / "mkdocs"), "build", "-q", "-f", str(c)]), configs))


def fieldguide_build(
    project: Path, out: Path, jobs: int, pdf: bool = False, force: bool = True, cache: str | None = None
) -> None:
    """A full build (--force: no published output reused), or with force=False an incremental one.

    `cache="off"` turns off the cache by text (FIELDGUIDE_CACHE), as on a machine's first build.
    """
    command = [str(BIN / "fieldguide"), "build", str(project), "-o", str(out), "-q", "--jobs", str(jobs)]
    command += ([] if pdf else ["--no-pdf"]) + (["--force"] if force else [])
    env = {**ENV, "FIELDGUIDE_CACHE": cache} if cache else ENV
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def incremental(project: Path, out: Path, jobs: int, repeat: int, full: float) -> None:
    """A build with nothing changed, and one after a change to a page only one audience gets, against a full build."""
    fieldguide_build(project, out, jobs)
    unchanged = median(lambda: fieldguide_build(project, out, jobs, force=False), repeat)
    # A page for one audience that no other includes (team-lead includes floor-operator's pages).
    included = {i for f in (project / "audiences").glob("*.yml") for i in re.findall(r"[\w-]+", _includes(f))}
    only_one = re.compile(r"^audiences: \[([\w-]+)\]$", re.MULTILINE)

    def for_one(text: str) -> re.Match[str] | None:
        match = only_one.search(text)
        return match if match and match[1] not in included else None

    page = next(p for p in sorted((project / "content").rglob("*.md")) if for_one(p.read_text()))
    original = page.read_text()
    match = for_one(original)
    assert match is not None

    def one_change() -> None:
        page.write_text(page.read_text() + "\nOne more line for one audience.\n")
        fieldguide_build(project, out, jobs, force=False)

    changed = median(one_change, repeat)
    page.write_text(original)
    print(
        f"jobs={jobs}: nothing changed {unchanged:.2f} s ({unchanged / full:.3f} of a full build); "
        f"one page only {match[1]} gets changed {changed:.2f} s ({changed / full:.3f})"
    )


def _includes(audience_file: Path) -> str:
    """The ids after `includes:` in an audience file, as written."""
    found = re.search(r"^includes:(.*)$", audience_file.read_text(), re.MULTILINE)
    return found[1] if found else ""


def without_answer_pages(work: Path, pages: int, write: Callable[[Path, int], Path]) -> Path:
    """The same project without the "Did this help?" pages: two more folders and files per page, which
    plain MkDocs does not write; on a slow file system they are a large part of the difference."""
    project = write(work / "project-no-feedback", pages)
    with (project / "mkdocs.yml").open("a") as config:
        config.write("extra:\n  fieldguide:\n    feedback: false\n")
    return project


def in_turn(builds: dict[str, Callable[[], None]], repeat: int) -> dict[str, list[float]]:
    """Each build once per round, in turn (A B C A B C ...), after a warm-up round (file caches, .pyc files).

    The machine's speed drifts (the same build took from 4.8 s to 7.0 s within two hours here); run in
    turn, the drift reaches every side alike, and each ratio is taken within its round.
    """
    for build in builds.values():
        build()
    times: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(repeat):
        for name, build in builds.items():
            times[name].append(timed(build))
    return times


def ratio(times: dict[str, list[float]], name: str) -> float:
    """The median of each round's ratio against plain MkDocs."""
    return statistics.median(ours / plain for ours, plain in zip(times[name], times["plain"], strict=True))


def median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up: file caches and .pyc files
    return statistics.median(timed(fn) for _ in range(repeat))


WRITERS: dict[str, Callable[[Path, int], Path]] = {
    "mixed": write_project,
    "guides": write_guides_project,
    "long": write_long_project,
}


def arguments(doc: str | None, repeat: int) -> argparse.Namespace:
    """The options every site benchmark takes (bench.py, bench_split.py)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--shape",
        choices=sorted(WRITERS),
        default="mixed",
        help="mixed: 4 audiences, blocks and terms on every page; guides: 8 audiences, link-heavy pages with "
        "images; long: 4 audiences that each get nearly every page, of about 600 words",
    )
    return parser.parse_args()


@contextlib.contextmanager
def portal(args: argparse.Namespace) -> Iterator[tuple[Path, Path, list[Path]]]:
    """(a work folder, the synthetic project, its plain MkDocs projects), with a cache by text of their own."""
    compile_package()
    with tempfile.TemporaryDirectory(prefix="fieldguide-bench-") as tmp:
        work = Path(tmp)
        ENV["FIELDGUIDE_CACHE"] = use_own_cache(work)
        project = WRITERS[args.shape](work / "project", args.pages)
        yield work, project, plain_projects(project, work / "plain")


def main() -> None:
    args = arguments(__doc__, 3)
    with portal(args) as (work, project, configs):
        counts = [sum(1 for _ in (c.parent / "content").rglob("*.md")) for c in configs]
        print(
            f"{args.shape}: {args.pages} source pages; pages per audience: {counts}; "
            f"{args.jobs} jobs; {args.repeat} rounds"
        )
        rows = []
        no_answers = without_answer_pages(work, args.pages, WRITERS[args.shape])
        for jobs in sorted({1, args.jobs}):
            builds: dict[str, Callable[[], None]] = {
                "plain": partial(plain_build, configs, jobs),
                "ours": partial(fieldguide_build, project, work / "site", jobs),
                "cold": partial(fieldguide_build, project, work / "site", jobs, cache="off"),
            }
            if jobs == args.jobs:
                builds["no answers"] = partial(fieldguide_build, no_answers, work / "site-no-feedback", jobs)
            times = in_turn(builds, args.repeat)
            plain, ours, cold = (statistics.median(times[name]) for name in ("plain", "ours", "cold"))
            rows.append((jobs, plain, ours))
            print(
                f"jobs={jobs}: plain mkdocs build {plain:.2f} s, fieldguide build --no-pdf --force {ours:.2f} s, "
                f"ratio {ratio(times, 'ours'):.3f}; "
                f"with no cache by text {cold:.2f} s, ratio {ratio(times, 'cold'):.3f}"
            )
            if "no answers" in times:
                print(
                    f"jobs={jobs}: the same without the feedback pages {statistics.median(times['no answers']):.2f} s, "
                    f"ratio {ratio(times, 'no answers'):.3f}"
                )
        incremental(project, work / "site", args.jobs, args.repeat, rows[-1][2])
        if len(rows) == 2:
            print(
                f"parallel speed-up ({args.jobs} jobs vs 1): plain {rows[0][1] / rows[1][1]:.2f}x, "
                f"fieldguide {rows[0][2] / rows[1][2]:.2f}x"
            )


if __name__ == "__main__":
    main()
