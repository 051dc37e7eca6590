"""Benchmark: `fieldguide check`, as an editor runs it (a fresh process, imports included).

    .venv/bin/python bench/bench_check.py [--pages 600] [--repeat 3]

Targets (issue 10): the example portal under 1.5 s; 600 pages x 4 audiences under 10 s.
Medians of --repeat runs after one warm-up (file caches, .pyc files), and the best
wall time, which is what an idle machine gives; CPU time (user + system, helpers
included) is steady however busy the machine is. For the example
portal it also prints the time without card fit, which lays cards out with WeasyPrint.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from own_cache import use_own_cache  # noqa: E402
from synthetic import write_project  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NO_CARDS = """
import datetime, sys
from pathlib import Path
from generator.check import engine

class NoCards:  # card fit left out: what the language and structure checks alone cost
    def __init__(self, root=None): pass
    def submit(self, project, editions): pass
    def cancel(self): pass
    def issues(self): return {}

engine.CardFit = NoCards
engine.check_project(Path(sys.argv[1]), None, datetime.date.today())
"""


def timed(cmd: list[str], repeat: int) -> str:
    """Median wall time and CPU time (user + system) of the command; CPU is steady on a busy machine."""

    def once() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    once()
    runs = [once() for _ in range(repeat)]
    wall = statistics.median(w for w, _ in runs)
    best = min(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    return f"{wall:.2f} s wall (best {best:.2f} s), {cpu:.2f} s CPU"


def check_cmd(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "check", str(project), "--format", "json"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fieldguide-bench-check-") as tmp:
        ENV["FIELDGUIDE_CACHE"] = use_own_cache(Path(tmp))
        portal = timed(check_cmd(REPO), args.repeat)
        no_cards = timed([sys.executable, "-c", NO_CARDS, str(REPO)], args.repeat)
        print(f"example portal: check {portal} (target 1.5 s); without card fit {no_cards}")
        project = write_project(Path(tmp) / "project", args.pages)
        synthetic = timed(check_cmd(project), args.repeat)
    print(f"{args.pages} pages x 4 audiences: check {synthetic} (target 10 s)")


if __name__ == "__main__":
    main()
