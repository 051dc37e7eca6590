"""Rebuild only what changed, and shard-and-assemble: both published exactly as a full build would be."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_CONFIG, MakeProject, audience, page
from helpers import same_tree

from generator import incremental
from generator.build import build
from generator.cli import main
from generator.compile import compile_project
from generator.incremental import build_key
from generator.manifest import read_manifest
from generator.site.config import read_portal_config

FILES = {
    "audiences/ops.yml": audience("Operators"),
    "audiences/mgr.yml": audience("Managers"),
    "content/index.md": page("Home", "Welcome.\n"),
    "content/budget.md": page("Budget", "The budget is fixed.\n", "audiences: [mgr]"),
}


def reused(root: Path, out: Path, **options: bool) -> dict[str, bool]:
    return {r.audience: r.reused for r in build(root, out, with_pdf=False, jobs=1, **options)}


def published(out: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(out.rglob("*")) if p.is_file()}


def test_nothing_changed_keeps_the_whole_build(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({**FILES, "content/help.md": page("Help", "Ask the team. See [here](index.md).\n")})
    out = root / "site"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(root), "-o", str(out), "--no-pdf"])
    assert first.exit_code == 0, first.output
    hint = "7 plain-language warnings (not errors); run 'fieldguide check' to see them"
    assert hint in first.output  # a page without an owner, 5 times, and vague link text, twice
    before = published(out)
    again = runner.invoke(main, ["build", str(root), "-o", str(out), "--no-pdf"])
    assert again.exit_code == 0, again.output
    assert "unchanged mgr: 3 pages, published folder kept" in again.output
    assert "Nothing changed since the last build: 2 audiences kept as published in " in again.output
    assert hint in again.output  # check's warnings are still counted, from the manifest
    assert published(out) == before  # not a file rewritten, not even the manifest
    assert reused(root, out, force=True) == {"ops": False, "mgr": False}


def test_a_change_only_managers_get_rebuilds_only_managers(make_project: MakeProject) -> None:
    root = make_project(FILES)
    out = root / "site"
    reused(root, out)
    (root / "content" / "budget.md").write_text(page("Budget", "The budget grew.\n", "audiences: [mgr]"))
    results = build(root, out, with_pdf=False, jobs=1)
    assert {r.audience: r.reused for r in results} == {"ops": True, "mgr": False}
    # Reused, yet checked again: the project changed, so the output checks run on every published file.
    assert all(r.verify_seconds > 0 for r in results)
    assert "The budget grew." in (out / "mgr" / "budget" / "index.html").read_text(encoding="utf-8")


def test_audiences_whose_pages_changed_are_started_first(make_project: MakeProject) -> None:
    """The manifest keeps a digest of each audience's selected pages: the next build starts with those that differ."""
    root = make_project(FILES)
    out = root / "site"
    reused(root, out)

    def changed() -> set[str]:
        compiled = compile_project(root)
        selections = {e.audience.id: incremental.selection_digest(e) for e in compiled.editions}
        return incremental.pages_changed(read_manifest(out), selections)

    assert changed() == set()
    (root / "content" / "budget.md").write_text(page("Budget", "The budget grew.\n", "audiences: [mgr]"))
    assert changed() == {"mgr"}
    (root / "content" / "index.md").write_text(page("Home", "Welcome back.\n"))
    assert changed() == {"mgr", "ops"}
    assert incremental.pages_changed(None, {"ops": "x"}) == {"ops"}


def test_any_other_input_or_flag_rebuilds(make_project: MakeProject) -> None:
    """Snippets from a folder of their own, a flag, the build date: each is read by the whole build's key."""
    config = BASE_CONFIG + "  - pymdownx.snippets:\n      base_path: [includes]\n"
    snippet = page("Rules", '--8<-- "rules.md"\n')
    root = make_project({**FILES, "mkdocs.yml": config, "content/rules.md": snippet, "includes/rules.md": "Stop.\n"})
    out = root / "site"
    reused(root, out)
    assert reused(root, out) == {"ops": True, "mgr": True}
    (root / "includes" / "rules.md").write_text("Stop the line.\n", encoding="utf-8")
    assert reused(root, out) == {"ops": False, "mgr": False}
    assert "Stop the line." in (out / "ops" / "rules" / "index.html").read_text(encoding="utf-8")
    assert reused(root, out) == {"ops": True, "mgr": True}
    # Snippets from the whole project: the output folder is among what they may read, so the whole
    # build is never skipped; each audience is still reused on its own fingerprint, and verified again.
    (root / "mkdocs.yml").write_text(config.replace("[includes]", "[., includes]"), encoding="utf-8")
    portal, _ = read_portal_config(root)
    assert portal is not None
    assert build_key(root, portal, out, False, "2026-12-05", datetime.date(2026, 12, 5)) is None
    reused(root, out)
    results = build(root, out, with_pdf=False, jobs=1)
    assert [(r.reused, r.verify_seconds > 0) for r in results] == [(True, True), (True, True)]


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
    whole = read_manifest(tmp_path / "single")
    assert whole is not None and whole.build_key
    # File by file, the manifest too: the key of a whole build of these inputs included.
    assert same_tree(tmp_path / "joined", tmp_path / "single")
    # So the next build into the joined folder, with nothing changed, keeps it all as it is.
    assert incremental.unchanged_build(tmp_path / "joined", whole.build_key) is not None
    again = runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "joined"), "--no-pdf"])
    assert again.exit_code == 0, again.output
    kept = f"Nothing changed since the last build: 2 audiences kept as published in {tmp_path / 'joined'} ("
    assert [line for line in again.output.splitlines() if "kept" in line][:2] == [
        "unchanged mgr: 2 pages, published folder kept",
        "unchanged ops: 1 pages, published folder kept",
    ]
    assert [line for line in again.output.splitlines() if line.startswith(kept)] != []


def test_a_folder_with_audiences_from_other_inputs_has_no_whole_build_key(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Rebuilding one audience in place leaves the others as an older build made them: that folder is not
    what a whole build of today's inputs publishes, and the next whole build must rebuild them."""
    root = make_project(FILES)
    out = tmp_path / "site"
    assert reused(root, out) == {"mgr": False, "ops": False}
    (root / "content" / "index.md").write_text(page("Home", "Welcome back.\n"))
    assert {r.audience for r in build(root, out, ["ops"], with_pdf=False)} == {"ops"}
    manifest = read_manifest(out)
    assert manifest is not None and manifest.build_key == ""
    assert reused(root, out) == {"mgr": False, "ops": True}
    assert "Welcome back." in (out / "mgr" / "index.html").read_text(encoding="utf-8")
    shard = tmp_path / "shard"
    assert {r.audience for r in build(root, shard, ["mgr"], with_pdf=False)} == {"mgr"}
    # A shard holds only what it built from today's inputs: the whole build's key.
    manifest, whole = read_manifest(shard), read_manifest(out)
    assert manifest is not None and whole is not None and manifest.build_key == whole.build_key != ""


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
    odd = tmp_path / "shard\x1b[2J"  # an escape sequence in a path is written out, never sent to the terminal
    odd.mkdir()
    result = runner.invoke(main, ["assemble", str(odd), "-o", str(tmp_path / "out")])
    shown = str(odd).replace("\x1b", "\\x1b")
    assert f"{shown}: not a folder built by fieldguide build (no readable build manifest)" in result.output
    assert "\x1b" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_config_naming_python_objects_is_keyed_the_same_in_every_run(make_project: MakeProject) -> None:
    """`!!python/name:` objects print with a memory address; keys must not: the same build is still the same."""
    emoji = (
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    )
    root = make_project({**FILES, "mkdocs.yml": BASE_CONFIG + emoji})
    out = root / "site"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(root), "-o", str(out), "--no-pdf"]).exit_code == 0
    # Another process, as on the command line: its objects sit at other addresses.
    again = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(root), "-o", str(out), "--no-pdf"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        check=True,
    )
    assert "Nothing changed since the last build: 2 audiences kept as published" in again.stderr + again.stdout


def test_the_tools_own_key_ignores_the_bytecode_python_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python may write __pycache__ beside the code during a build; the next build must still match."""
    code = tmp_path / "generator"
    code.mkdir()
    (code / "build.py").write_text("X = 1\n")
    monkeypatch.setattr(incremental, "GENERATOR", code)

    def key() -> str:
        incremental.tool_fingerprint.cache_clear()
        return incremental.tool_fingerprint()

    try:
        before = key()
        (code / "__pycache__").mkdir()
        (code / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"\x00")
        assert key() == before
        (code / "build.py").write_text("X = 2\n")
        assert key() != before
    finally:
        incremental.tool_fingerprint.cache_clear()  # the real code's key for the tests after this one


def test_the_tree_digest_orders_entries_by_path_components(tmp_path: Path) -> None:
    """'a/b' comes before 'a-b' (as Path objects sort), so the digest does not depend on how entries are listed."""
    from generator.manifest import tree_digest

    for name in ("a/b/f", "a-b/g", "a.b/h"):
        (tmp_path / "t" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "t" / name).write_text(name)
    entries = sorted(p for p in (tmp_path / "t").rglob("*"))
    expected = hashlib.sha256()
    for path in entries:
        rel = path.relative_to(tmp_path / "t").as_posix()
        expected.update(f"{rel}\0{path.lstat().st_mode:o}\0".encode())
        if path.is_file():
            expected.update(hashlib.sha256(path.read_bytes()).digest())
    assert tree_digest(tmp_path / "t") == expected.hexdigest()


def test_the_digest_of_a_listing_made_by_the_output_checks_is_the_folders_own(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """The worker hands tree_digest the entries its output checks walked: the digest must be the one
    a later build computes afresh from the published folder, or nothing would ever be reused."""
    from generator.manifest import Listed, tree_digest
    from generator.verify.run import verify_output

    root = make_project(FILES)
    out = tmp_path / "out"
    build(root, out, with_pdf=False, jobs=1)
    compiled = compile_project(root)
    ops = next(e for e in compiled.editions if e.audience.id == "ops")
    listed: Listed = []
    digests: dict[str, bytes] = {}
    assert verify_output(compiled.project, ops, str(out / "ops"), "out", digests, None, listed) == []
    assert any(rel == "index.html" for rel, _, _ in listed) and "index.html" in digests
    assert tree_digest(out / "ops", digests, listed=listed) == tree_digest(out / "ops")
    assert tree_digest(out / "ops", digests, listed=listed) == read_manifest(out).audiences["ops"].tree
    (out / "ops" / "extra").mkdir()  # a listing is the folder as it was when the checks walked it
    assert tree_digest(out / "ops", digests, listed=listed) != tree_digest(out / "ops")
