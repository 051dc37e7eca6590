"""The `fieldguide` command as a process: it ends without Python's teardown, and loses nothing by it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import MakeProject, audience, page

REPO = Path(__file__).resolve().parent.parent

TWO = {
    "audiences/ops.yml": audience("Operators"),
    "audiences/mgr.yml": audience("Managers"),
    "content/index.md": page("Home", "Hello.\n\n/// only | mgr\nManagers only.\n///\n"),
}


def fieldguide(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    temporary = tmp_path / "tmp"
    temporary.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_a_build_says_everything_and_its_exit_handlers_run(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(TWO)
    run = fieldguide(tmp_path, "build", str(root), "--no-pdf")
    assert run.returncode == 0, run.stderr
    assert run.stderr.startswith("Building the portal into ")
    assert "Built 2 audiences (2 pages) in " in run.stderr
    assert run.stderr.endswith("to see the portal as readers will.\n")
    assert (root / "site" / "mgr" / "index.html").is_file()
    # multiprocessing's own exit handler removes the folder of its process server's socket.
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_error_keeps_its_exit_status_and_message(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**TWO, "content/bad.md": page("Bad", "/// only | nobody\nText.\n///\n")})
    run = fieldguide(tmp_path, "build", str(root), "--no-pdf")
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines()[1:] == [
        "content/bad.md:4: unknown audience 'nobody'; known: mgr, ops",
        "1 error; nothing was published.",
    ]
    assert not (root / "site").exists()


def test_a_long_answer_on_standard_output_arrives_whole(make_project: MakeProject, tmp_path: Path) -> None:
    sentence = " ".join(["This sentence goes on"] + ["and on"] * 40) + ".\n"
    root = make_project({**TWO, **{f"content/p{i}.md": page(f"Page {i}", sentence * 3) for i in range(120)}})
    run = fieldguide(tmp_path, "check", str(root), "--format", "json")
    assert len(run.stdout) > 64 * 1024, run.stdout  # more than a pipe holds at once
    found = json.loads(run.stdout)
    assert found["exit_code"] == run.returncode
    assert found["counts"]["warning"] + found["counts"]["error"] >= 240


HEAVY = ("pydantic", "generator.compile", "generator.rebuild", "generator.worker", "generator.check.engine")
IMPORTED = f"""
import sys
from click.testing import CliRunner
from generator.cli import main
result = CliRunner().invoke(main, ["build", sys.argv[1], "--no-pdf", "-q"])
print(result.exit_code, [name for name in {HEAVY!r} if name in sys.modules])
"""


def test_a_build_with_nothing_changed_imports_nothing_that_building_takes(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """What it does import (0.1 s less at 100 pages) is what deciding that nothing changed takes."""
    root = make_project(TWO)
    assert fieldguide(tmp_path, "build", str(root), "--no-pdf", "-q").returncode == 0
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-c", IMPORTED, str(root)], env=env, capture_output=True, text=True)
    assert run.stdout == "0 []\n", run.stderr
    (root / "content" / "index.md").write_text(page("Home", "Hello again.\n"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", IMPORTED, str(root)], env=env, capture_output=True, text=True)
    # And all of it once something changed; but check's engine only in the audiences' processes, which
    # run the checks (the command's own process checks only when errors stop the build before it starts).
    assert run.stdout == f"0 {list(HEAVY[:-1])!r}\n", run.stderr
