"""Benchmark: `fieldguide report` on a generated access log of one million lines.

    .venv/bin/python bench/bench_report.py [--lines 1000000]

The log mixes what a real portal's log holds: page views, card scans, answers, assets,
bots, errors, other sites and unreadable lines, over eight weeks. Generating it is not timed;
the figure is the whole command (`fieldguide report` in its own process), median of --repeat.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHAPES = [
    ("GET /{aid}/{page} HTTP/1.1", 200, 40),
    ("GET /{aid}/{page}?src=card HTTP/1.1", 200, 10),
    ("GET /{aid}/feedback/yes/{page} HTTP/1.1", 200, 3),
    ("GET /{aid}/feedback/no/{page} HTTP/1.1", 200, 1),
    ("GET /{aid}/assets/stylesheets/main.css HTTP/1.1", 200, 30),
    ("GET /{aid}/missing/ HTTP/1.1", 404, 3),
    ("POST /{aid}/{page} HTTP/1.1", 405, 1),
    ("GET /elsewhere/{page} HTTP/1.1", 200, 2),
]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36", "Googlebot/2.1"]


def write_log(path: Path, lines: int) -> None:
    rng = random.Random(7)
    audiences = ["floor-operator", "service-agent", "team-lead", "manager"]
    pages = ["", "on-the-line/check-before-you-trust/", "assist-basics/never-paste/", "honest-answers/"]
    weights = [w for _, _, w in SHAPES]
    with path.open("w", encoding="utf-8") as out:
        for i in range(lines):
            if i % 500 == 0:
                out.write("this line is not in any log format\n")
                continue
            shape, status, _ = rng.choices(SHAPES, weights)[0]
            request = shape.format(aid=rng.choice(audiences), page=rng.choice(pages))
            day = i * 56 // lines  # eight weeks, in order
            month = ["Oct", "Nov"][day // 28]
            stamp = f"{day % 28 + 1:02d}/{month}/2026:{i % 24:02d}:{i % 60:02d}:{i % 59:02d} +0000"
            agent = AGENTS[1] if i % 97 == 0 else AGENTS[0]
            address = f"10.{i % 250}.{i % 199}.{i % 97}"
            out.write(f'{address} - - [{stamp}] "{request}" {status} 1234 "-" "{agent}"\n')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as work:
        log = Path(work) / "access.log"
        write_log(log, args.lines)
        command = [sys.executable, "-m", "generator", "report", str(REPO), str(log), "--format", "json"]
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, cwd=work)
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"fieldguide report: {args.lines:,} lines in {median:.2f} s (median of {args.repeat}), "
          f"{args.lines / median / 1e6:.2f} million lines/s; target: under 10 s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
