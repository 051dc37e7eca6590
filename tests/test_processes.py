"""How many audiences build at once: `--jobs`, and the last one beside them once nothing is left to start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, MakeProject, audience, page

from generator.processes import at_once

# Each audience's build takes 1.5 s longer than MkDocs alone: long beside handing over every job.
SLOW_HOOK = "import time\n\n\ndef on_post_build(config):\n    time.sleep(1.5)\n"


@pytest.mark.parametrize(
    ("jobs", "cores", "last_started", "expected"),
    [
        (2, 2, False, 2),  # audiences still to start: the cores are kept busy without sharing
        (2, 2, True, 3),  # the last one started: it shares the cores with those building
        (4, 2, True, 5),  # more jobs than cores, asked for
        (1, 1, True, 1),  # one lane: nothing to share out
        (1, 2, True, 1),
        (2, 4, True, 2),  # fewer jobs than cores: an explicit bound, kept
    ],
)
def test_the_last_audience_shares_the_cores_only_when_jobs_fill_them(
    jobs: int, cores: int, last_started: bool, expected: int
) -> None:
    assert at_once(jobs, cores, last_started) == expected


def _building_spans(make_project: MakeProject, tmp_path: Path, jobs: int) -> list[tuple[float, float]]:
    """(MkDocs started, site built) of each audience of a build with `jobs`, from its timeline."""
    files = {f"audiences/a{i}.yml": audience(f"Audience {i}") for i in range(jobs + 1)}
    root = make_project(
        {
            **files,
            "mkdocs.yml": BASE_CONFIG + "hooks:\n  - slow.py\n",
            "slow.py": SLOW_HOOK,
            "content/index.md": page("Home", "Hello.\n"),
        }
    )
    timeline = tmp_path / "timeline.tsv"
    command = Path(sys.executable).with_name("fieldguide")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FIELDGUIDE_TIMELINE": str(timeline)}
    args = [str(command), "build", str(root), "--no-pdf", "-q", "--jobs", str(jobs)]
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    marks = {
        (phase, aid): float(stamp)
        for stamp, _, phase, aid in (line.split("\t") for line in timeline.read_text().splitlines())
    }
    return sorted((marks[("building", f"a{i}")], marks[("site built", f"a{i}")]) for i in range(jobs + 1))


def test_with_as_many_jobs_as_cores_the_last_audience_builds_beside_the_others(
    make_project: MakeProject, tmp_path: Path
) -> None:
    cores = os.cpu_count() or 1
    if not 2 <= cores <= 8:
        pytest.skip(f"{cores} cores: the test builds one audience more than there are cores, at least 3")
    spans = _building_spans(make_project, tmp_path, cores)
    # Every audience, the one more than --jobs included, started before any was built.
    assert max(start for start, _ in spans) < min(end for _, end in spans)


def test_one_job_builds_one_audience_at_a_time(make_project: MakeProject, tmp_path: Path) -> None:
    spans = _building_spans(make_project, tmp_path, 1)
    assert spans[1][0] > spans[0][1]
