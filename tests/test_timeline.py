"""FIELDGUIDE_TIMELINE: every process of a build notes its phases, for bench/bench_split.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MakeProject, audience, page

from generator.timeline import mark

MAIN = ["command", "compiled", "published", "exit"]
# (phase, written by the audience's own process) in the order each audience reaches them.
AUDIENCE = [
    ("handing over", False),
    ("job received", True),
    ("building", True),
    ("site built", True),
    ("answer pages in", True),
    ("checked", True),
    ("verified", True),
    ("result read", False),
    ("result", False),
]


def test_each_process_notes_its_phases_in_order(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "audiences/ops.yml": audience("Operators"),
            "audiences/mgr.yml": audience("Managers"),
            "content/index.md": page("Home", "Hello.\n"),
        }
    )
    timeline = tmp_path / "timeline.tsv"
    command = Path(sys.executable).with_name("fieldguide")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FIELDGUIDE_TIMELINE": str(timeline)}
    run = subprocess.run(
        [str(command), "build", str(root), "--no-pdf", "-q"], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    rows = [line.split("\t") for line in timeline.read_text(encoding="utf-8").splitlines()]
    assert all(len(row) == 4 for row in rows)
    main_rows = [(phase, float(stamp), pid) for stamp, pid, phase, aid in rows if not aid]
    assert [phase for phase, _, _ in main_rows] == MAIN
    main_pid = main_rows[0][2]
    assert {pid for _, _, pid in main_rows} == {main_pid}
    audience_pids = set()
    for aid in ("mgr", "ops"):
        mine = [(phase, float(stamp), pid) for stamp, pid, phase, who in rows if who == aid]
        assert [phase for phase, _, _ in mine] == [phase for phase, _ in AUDIENCE]
        assert [stamp for _, stamp, _ in mine] == sorted(stamp for _, stamp, _ in mine)
        own = {pid for (_, _, pid), (_, in_own) in zip(mine, AUDIENCE, strict=True) if in_own}
        assert len(own) == 1 and main_pid not in own
        assert {pid for (_, _, pid), (_, in_own) in zip(mine, AUDIENCE, strict=True) if not in_own} == {main_pid}
        audience_pids |= own
    assert len(audience_pids) == 2  # a process of its own for each audience


def test_a_timeline_that_cannot_be_written_loses_the_mark_not_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDGUIDE_TIMELINE", str(tmp_path / "no-such-folder" / "timeline.tsv"))
    mark("building", "ops")  # no exception
    monkeypatch.setenv("FIELDGUIDE_TIMELINE", str(tmp_path / "timeline.tsv"))
    mark("building", "ops")
    stamp, pid, phase, aid = (tmp_path / "timeline.tsv").read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert (int(pid), phase, aid) == (os.getpid(), "building", "ops") and float(stamp) > 0
