"""Where a build's time goes, against plain `mkdocs build` on the same pages: timestamps from every process.

    .venv/bin/python bench/bench_split.py [--pages 500] [--repeat 5] [--jobs 2] [--shape mixed|guides|long]

bench.py gives the ratio; this gives its parts. Each round runs `fieldguide build --no-pdf --force` once
with FIELDGUIDE_TIMELINE set (generator/timeline.py: each process notes when it reaches each phase),
then plain MkDocs once, each audience's `mkdocs build` in its own process, the same number at once,
largest first, timed from outside. Both with the cache by text warm, after a warm-up round. Medians
of the rounds are printed:

- the start: from launching the command until the first audience's process starts MkDocs;
- for each audience, in its own process: MkDocs (configuration, pages, search index, sitemap: what
  plain MkDocs does after its imports), then the answer pages moved in, check's rules and the output
  checks, then handing the result back (with fewer jobs than cores, the main process runs the output
  checks once the result is back);
- the end: from the last audience's result until the command has exited (publishing);
- plain MkDocs: each audience's whole process (its imports included) and each lane's total.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import BIN, ENV, arguments, portal  # noqa: E402

# What the time between two of an audience's phases is spent on, in the order they are reached. With
# fewer jobs than cores the main process runs the output checks, after the result (generator/processes.py).
SPANS = {
    ("building", "site built"): "MkDocs",
    ("site built", "answer pages in"): "answer pages moved in",
    ("answer pages in", "checked"): "check's rules",
    ("site built", "checked"): "check's rules",
    ("checked", "verified"): "output checks and digest",
    ("verified", "result read"): "result sent",
    ("checked", "result read"): "result sent, not yet checked",
    ("result read", "result"): "process ended",
    ("result", "verified"): "output checks and digest, in the main process",
}

Marks = dict[tuple[str, str], float]  # (phase, audience) -> seconds after the command was launched


def fieldguide_round(project: Path, out: Path, jobs: int, timeline: Path) -> tuple[float, Marks]:
    """One build with its timeline: (wall seconds, marks)."""
    timeline.unlink(missing_ok=True)
    command = [str(BIN / "fieldguide"), "build", str(project), "-o", str(out), "-q", "--no-pdf", "--force"]
    env = {**ENV, "FIELDGUIDE_TIMELINE": str(timeline)}
    launched = time.time()
    subprocess.run([*command, "--jobs", str(jobs)], check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.time() - launched
    marks: Marks = {}
    for line in timeline.read_text(encoding="utf-8").splitlines():
        stamp, _pid, phase, audience = line.split("\t")
        marks.setdefault((phase, audience), float(stamp) - launched)  # the first, should one repeat
    return wall, marks


def plain_round(configs: list[Path], jobs: int) -> tuple[float, dict[str, float], list[float]]:
    """Plain MkDocs, `jobs` lanes taking the next audience in turn: (wall, seconds per audience, per lane)."""
    pending = list(configs)
    lock = threading.Lock()
    per_audience: dict[str, float] = {}
    lanes = [0.0] * jobs

    def lane(index: int) -> None:
        while True:
            with lock:
                if not pending:
                    return
                config = pending.pop(0)
            started = time.perf_counter()
            subprocess.run(
                [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)],
                check=True,
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            took = time.perf_counter() - started
            per_audience[config.parent.name] = took
            lanes[index] += took

    started = time.perf_counter()
    threads = [threading.Thread(target=lane, args=(i,)) for i in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, per_audience, lanes


def split(wall: float, marks: Marks) -> dict[str, float]:
    """One build's parts, by name."""
    audiences = sorted({a for (phase, a) in marks if phase == "building"}, key=lambda a: marks[("building", a)])
    parts = {
        "wall": wall,
        "start: launch to the command's first line": marks[("command", "")],
        "start: to the pages read and selected": marks[("compiled", "")],
        "start: to the first job handed over": marks[("handing over", audiences[0])],
        "start: to its process holding the job": marks[("job received", audiences[0])],
        "start: to the first audience's MkDocs": marks[("building", audiences[0])],
    }
    for audience in audiences:
        begun = marks[("building", audience)]
        mine = sorted((stamp, phase) for (phase, who), stamp in marks.items() if who == audience and stamp >= begun)
        for (before, begin), (after, end) in itertools.pairwise(mine):
            parts[f"{audience}: {SPANS.get((begin, end), f'{begin} to {end}')}"] = after - before
    # The last audience done: its result in, and its output checks passed (in the main process, or before).
    last = max(marks[(phase, a)] for a in audiences for phase in ("result", "verified") if (phase, a) in marks)
    parts["end: last result to published"] = marks[("published", "")] - last
    parts["end: published to exit"] = wall - marks[("published", "")]
    return parts


def main() -> None:
    args = arguments(__doc__, 5)
    with portal(args) as (work, project, configs):
        timeline = work / "timeline.tsv"
        fieldguide_round(project, work / "site", args.jobs, timeline)  # warm-up: caches, bytecode
        plain_round(configs, args.jobs)
        ours: dict[str, list[float]] = defaultdict(list)
        plain: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.repeat):
            for name, seconds in split(*fieldguide_round(project, work / "site", args.jobs, timeline)).items():
                ours[name].append(seconds)
            wall, per_audience, lanes = plain_round(configs, args.jobs)
            plain["wall"].append(wall)
            for audience, seconds in per_audience.items():
                plain[f"{audience}: whole process"].append(seconds)
            for index, seconds in enumerate(sorted(lanes, reverse=True)):
                plain[f"lane {index + 1} (longest first)"].append(seconds)
        print(f"{args.shape}, {args.pages} source pages, {args.jobs} jobs, medians of {args.repeat} rounds (seconds)")
        print("fieldguide build --no-pdf --force")
        for name, values in ours.items():
            print(f"  {name:56} {statistics.median(values):6.3f}")
        print("plain mkdocs build, one process per audience")
        for name, values in plain.items():
            print(f"  {name:56} {statistics.median(values):6.3f}")
        ratios = [a / b for a, b in zip(ours["wall"], plain["wall"], strict=True)]
        print(f"ratio (median of the rounds' own): {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
