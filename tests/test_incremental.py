"""Rebuild only what changed, and shard-and-assemble: both published exactly as a full build would be."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import MakeProject, audience, page

from generator.build import build
from generator.cli import main

FILES = {
    "audiences/ops.yml": audience("Operators"),
    "audiences/mgr.yml": audience("Managers"),
    "content/index.md": page("Home", "Welcome.\n"),
    "content/budget.md": page("Budget", "The budget is fixed.\n", "audiences: [mgr]"),
}


def reused(root: Path, out: Path, **options: bool) -> dict[str, bool]:
    return {r.audience: r.reused for r in build(root, out, with_pdf=False, jobs=1, **options)}


def same_tree(a: Path, b: Path) -> bool:
    comparison = filecmp.dircmp(a, b)

    def clean(c: filecmp.dircmp[str]) -> bool:
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        return all(clean(sub) for sub in c.subdirs.values())

    return clean(comparison)


def test_nothing_changed_reuses_every_audience(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(FILES)
    out = root / "site"
    assert reused(root, out) == {"ops": False, "mgr": False}
    again = build(root, out, with_pdf=False, jobs=1)
    assert {r.audience: r.reused for r in again} == {"ops": True, "mgr": True}
    # Reused, yet checked again: the output checks cover every published file of every build.
    assert all(r.verify_seconds > 0 for r in again)
    assert (out / "mgr" / "budget" / "index.html").is_file()
    assert reused(root, out, force=True) == {"ops": False, "mgr": False}


def test_a_change_only_managers_get_rebuilds_only_managers(make_project: MakeProject) -> None:
    root = make_project(FILES)
    out = root / "site"
    reused(root, out)
    (root / "content" / "budget.md").write_text(page("Budget", "The budget grew.\n", "audiences: [mgr]"))
    assert reused(root, out) == {"ops": True, "mgr": False}
    assert "The budget grew." in (out / "mgr" / "budget" / "index.html").read_text(encoding="utf-8")


def test_a_theme_change_or_a_tampered_output_rebuilds(make_project: MakeProject) -> None:
    root = make_project(FILES)
    out = root / "site"
    reused(root, out)
    (out / "ops" / "index.html").write_text("tampered", encoding="utf-8")
    assert reused(root, out) == {"ops": False, "mgr": True}
    assert "tampered" not in (out / "ops" / "index.html").read_text(encoding="utf-8")
    partial = root / "theme" / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>Ask the L&amp;D team.</p>", encoding="utf-8")
    assert reused(root, out) == {"ops": False, "mgr": False}


def test_shards_assembled_equal_one_build(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(FILES)
    runner = CliRunner()
    matrix = runner.invoke(main, ["matrix", str(root)])
    assert matrix.exit_code == 0 and matrix.output == '["mgr", "ops"]\n'
    for aid in ("mgr", "ops"):
        shard = tmp_path / "shards" / aid
        result = runner.invoke(main, ["build", str(root), "--audience", aid, "-o", str(shard), "--no-pdf", "-q"])
        assert result.exit_code == 0, result.output
    shards = [str(tmp_path / "shards" / aid) for aid in ("mgr", "ops")]
    result = runner.invoke(main, ["assemble", *shards, "-o", str(tmp_path / "joined")])
    assert result.exit_code == 0, result.output
    single = runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "single"), "--no-pdf", "-q"])
    assert single.exit_code == 0
    assert same_tree(tmp_path / "joined", tmp_path / "single")


def test_assemble_refuses_shards_that_do_not_fit_together(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(FILES)
    runner = CliRunner()
    shards = tmp_path / "shards"
    for aid in ("mgr", "ops"):
        runner.invoke(main, ["build", str(root), "--audience", aid, "-o", str(shards / aid), "--no-pdf", "-q"])
    result = runner.invoke(main, ["assemble", str(shards / "ops"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no shard holds audience mgr; build it with --audience and add it" in result.output
    (root / "content" / "index.md").write_text(page("Home", "Welcome back.\n"))
    runner.invoke(main, ["build", str(root), "--audience", "ops", "-o", str(shards / "ops"), "--no-pdf", "-q"])
    result = runner.invoke(main, ["assemble", str(shards / "mgr"), str(shards / "ops"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "the shards come from different revisions of the project" in result.output
    (shards / "mgr" / "mgr" / "index.html").write_text("changed", encoding="utf-8")
    result = runner.invoke(main, ["assemble", str(shards / "mgr"), str(shards / "ops"), "-o", str(tmp_path / "out")])
    assert f"{shards / 'mgr'}: the files of 'mgr' changed after they were built; rebuild the shard" in result.output
    shutil.copytree(shards / "ops", shards / "ops-again")
    again = [str(shards / "ops"), str(shards / "ops-again")]
    result = runner.invoke(main, ["assemble", *again, "-o", str(tmp_path / "out")])
    assert f"{shards / 'ops-again'}: audience 'ops' is also in {shards / 'ops'}; give each audience one shard" in (
        result.output
    )
    result = runner.invoke(main, ["assemble", str(tmp_path), "-o", str(tmp_path / "out")])
    assert f"{tmp_path}: not a folder built by fieldguide build (no readable build manifest)" in result.output
    assert not (tmp_path / "out").exists()
