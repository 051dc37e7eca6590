"""The README's CI examples, run here as written: GitHub Actions' and GitLab CI's shard-and-assemble jobs.

Each job starts from a fresh copy of the project (a checkout), runs the example's own command lines with
bash, and hands its artifacts on as the CI system would (hidden files only where the example keeps them).
What they publish must be the same, file for file, as one `fieldguide build`.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import MakeProject, audience, page
from helpers import same_tree

from generator.cli import main
from generator.textcache import cache_folder

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SETUP = "FIELDGUIDE_SETUP=build bash scripts/setup"  # done already: the test runs in the environment it made

FILES = {
    "audiences/ops.yml": audience("Operators"),
    "audiences/mgr.yml": audience("Managers"),
    "content/index.md": page("Home", "Hello.\n\n/// only | mgr\nManagers only.\n///\n", "owner: lead@x.example"),
}


def ci_examples() -> tuple[dict[str, Any], dict[str, Any]]:
    """(GitHub Actions workflow, GitLab CI file) as the README shows them."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("**Shard and assemble.**", 1)[1]
    github, gitlab = (yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)[:2])
    return github, gitlab


def run_line(line: str, cwd: Path, env: dict[str, str]) -> None:
    """One `run:` or `script:` line, with what the project's setup made in place of `.venv/bin/`."""
    line = line.removeprefix(SETUP).removeprefix(" && ")
    if not line or line == SETUP:
        return
    command = line.replace(".venv/bin/", f"{BIN}/")
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=full, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"


def checkout(project: Path, job: Path) -> Path:
    shutil.copytree(project, job)
    return job


def keep(source: Path, target: Path, hidden: bool) -> None:
    """Copy an artifact's folder; without `hidden`, files and folders whose names start with '.' stay behind."""
    ignore = None if hidden else shutil.ignore_patterns(".*")
    shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)


def github_expression(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m[1]], text)


def test_the_github_actions_example_publishes_what_one_build_does(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(FILES)
    workflow, _ = ci_examples()
    jobs = workflow["jobs"]
    assert (jobs["shard"]["needs"], jobs["publish"]["needs"]) == ("audiences", "shard")

    job = checkout(project, tmp_path / "audiences")
    outputs = tmp_path / "github-output"
    for step in jobs["audiences"]["steps"]:
        if "run" in step:
            run_line(step["run"], job, {"GITHUB_OUTPUT": str(outputs)})
    found = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())
    step_id = re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.list \}\}", jobs["audiences"]["outputs"]["list"])
    assert step_id is not None and step_id[1] == "m"
    audiences = json.loads(found["list"])
    assert audiences == ["mgr", "ops"]
    assert jobs["shard"]["strategy"]["matrix"]["audience"] == "${{ fromJSON(needs.audiences.outputs.list) }}"

    # The cache step keeps the folder a build on a fresh runner uses: no FIELDGUIDE_CACHE, no XDG_CACHE_HOME.
    (cache_step,) = [step for step in jobs["shard"]["steps"] if step.get("uses", "").startswith("actions/cache@")]
    with monkeypatch.context() as fresh_runner:
        fresh_runner.delenv("FIELDGUIDE_CACHE", raising=False)
        fresh_runner.delenv("XDG_CACHE_HOME", raising=False)
        assert Path(os.path.expanduser(cache_step["with"]["path"])) == cache_folder()

    artifacts = tmp_path / "artifacts"
    for aid in audiences:
        job = checkout(project, tmp_path / f"shard-{aid}")
        for step in jobs["shard"]["steps"]:
            if "run" in step:
                run_line(github_expression(step["run"], {"matrix.audience": aid}), job, {})
            elif step["uses"].startswith("actions/upload-artifact@"):
                given = step["with"]
                name = github_expression(given["name"], {"matrix.audience": aid})
                keep(job / given["path"], artifacts / name, given.get("include-hidden-files") is True)

    job = checkout(project, tmp_path / "publish")
    for step in jobs["publish"]["steps"]:
        if "run" in step:
            run_line(step["run"], job, {})
        elif step["uses"].startswith("actions/download-artifact@"):
            given = step["with"]
            assert given["merge-multiple"] is True  # each artifact's folders side by side in one folder
            for artifact in sorted(artifacts.iterdir()):
                if fnmatch.fnmatch(artifact.name, given["pattern"]):
                    keep(artifact, job / given["path"], hidden=True)

    single = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "single"), "-q"])
    assert single.exit_code == 0, single.output
    assert same_tree(job / "site", tmp_path / "single")


def test_the_gitlab_example_publishes_what_one_build_does(make_project: MakeProject, tmp_path: Path) -> None:
    """Its audience list is written out: it must be the example portal's own, as `fieldguide matrix` prints it."""
    _, pipeline = ci_examples()
    written = pipeline["shard"]["parallel"]["matrix"][0]["AUDIENCE"]
    matrix = CliRunner().invoke(main, ["matrix", str(REPO)])
    assert matrix.exit_code == 0 and json.loads(matrix.output) == written

    project = make_project(FILES)
    merged = tmp_path / "artifacts"
    for aid in ("mgr", "ops"):  # this project's own list, in place of the example portal's
        job = checkout(project, tmp_path / f"shard-{aid}")
        for line in pipeline["shard"]["script"]:
            run_line(line, job, {"AUDIENCE": aid})
        for path in pipeline["shard"]["artifacts"]["paths"]:
            keep(job / path, merged / path, hidden=True)  # GitLab keeps a folder's hidden files
    assert pipeline["publish"]["needs"] == ["shard"]
    job = checkout(project, tmp_path / "publish")
    keep(merged, job, hidden=True)  # the artifacts of every job it needs, where they were made
    for line in pipeline["publish"]["script"]:
        run_line(line, job, {})

    single = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "single"), "-q"])
    assert single.exit_code == 0, single.output
    assert pipeline["publish"]["artifacts"]["paths"] == ["site/"]
    assert same_tree(job / "site", tmp_path / "single")


def test_without_hidden_files_the_shards_cannot_be_joined(make_project: MakeProject, tmp_path: Path) -> None:
    """Why the GitHub example keeps hidden files: the manifest is one, and `assemble` needs it."""
    project = make_project(FILES)
    for aid in ("mgr", "ops"):
        result = CliRunner().invoke(main, ["build", str(project), "--audience", aid, "-o", str(tmp_path / aid), "-q"])
        assert result.exit_code == 0, result.output
        keep(tmp_path / aid, tmp_path / "shards" / aid, hidden=False)
    shards = [str(tmp_path / "shards" / aid) for aid in ("mgr", "ops")]
    result = CliRunner().invoke(main, ["assemble", *shards, "-o", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert f"{shards[0]}: not a folder built by fieldguide build (no readable build manifest)" in result.output
