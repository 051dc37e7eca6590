"""Publishing (generator/publish.py): every swap first, then the replaced folders removed by `rm` processes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import publish as publish_module
from generator.manifest import MANIFEST
from generator.outdir import MARKER
from generator.publish import publish


def tree(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + str(path.readlink())
        elif path.is_file():
            found[rel] = path.read_text(encoding="utf-8")
    return found


def site(folder: Path, label: str, outside: Path) -> None:
    """Files and links at every depth, deeper than the levels the removal splits the work at."""
    for rel in ("index.html", MANIFEST, MARKER, "a/index.html", "a/feedback/yes/x/y/z/index.html", "b/1/2/3/4/5.html"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(f"{label} {rel}", encoding="utf-8")
    (folder / "a" / "feedback" / "outside").symlink_to(outside)  # removed as a link, never followed
    (folder / "b" / "1" / "2" / "outside.txt").symlink_to(outside / "keep.txt")


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The published site, the new one beside it, and a folder outside both that their links lead to."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    out, staging = tmp_path / "site", tmp_path / ".site.building-1"
    site(out, "old", outside)
    site(staging, "new", outside)
    return out, staging, outside


def test_the_whole_site_is_swapped_and_the_old_one_removed(tmp_path: Path, sites: tuple[Path, Path, Path]) -> None:
    out, staging, outside = sites
    expected = tree(staging)
    publish(staging, out, None)
    assert tree(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "site"]
    assert tree(outside) == {"keep.txt": "keep"}


def test_only_the_rebuilt_audiences_are_swapped(tmp_path: Path, sites: tuple[Path, Path, Path]) -> None:
    out, staging, outside = sites
    publish(staging, out, ["a"])
    published = tree(out)
    assert published["a/feedback/yes/x/y/z/index.html"] == "new a/feedback/yes/x/y/z/index.html"
    assert published["b/1/2/3/4/5.html"] == "old b/1/2/3/4/5.html"  # kept in place
    assert published["index.html"] == "new index.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "site"]
    assert sorted(p.name for p in out.iterdir()) == sorted(["a", "b", "index.html", MANIFEST, MARKER])
    assert tree(outside) == {"keep.txt": "keep"}


def test_a_failure_to_remove_the_old_site_does_not_undo_the_new_one(
    tmp_path: Path, sites: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new site is published by then: what could not be removed stays, under its .old- name, for the next build."""
    out, staging, _ = sites
    expected = tree(staging)

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))  # no `rm` either
    monkeypatch.setattr(publish_module.os, "unlink", refuse)
    monkeypatch.setattr(publish_module.os, "rmdir", refuse)
    publish(staging, out, None)
    monkeypatch.undo()
    assert tree(out) == expected
    (left,) = [p.name for p in tmp_path.iterdir() if p.name not in ("outside", "site")]
    assert left.startswith(".site.old-")


def _fake_rm(folder: Path, body: str) -> None:
    folder.mkdir()
    (folder / "rm").write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    (folder / "rm").chmod(0o755)


def test_the_old_site_is_shared_out_to_several_rm_processes(
    tmp_path: Path, sites: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shared out by what the audience folders hold: a link to a folder is one entry, never looked into."""
    out, staging, outside = sites
    (out / "c").symlink_to(outside)
    log = tmp_path / "rm.log"
    _fake_rm(tmp_path / "bin", f'echo "$@" >> {log}\nexec /bin/rm "$@"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    expected = tree(staging)
    publish(staging, out, None)
    assert tree(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "outside", "rm.log", "site"]
    assert tree(outside) == {"keep.txt": "keep"}
    calls = log.read_text(encoding="utf-8").splitlines()
    old = f"{tmp_path}/.site.old-{os.getpid()}"
    shared = sorted(path for call in calls for path in call.split()[2:])
    assert [call.split()[:2] for call in calls] == [["-rf", "--"]] * 7
    entries = ("a/index.html", "a/feedback", "b/1", "c", "index.html", MANIFEST, MARKER)
    assert shared == sorted(f"{old}/{name}" for name in entries)


def test_entries_stop_a_level_up_when_a_share_would_be_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for audience in ("a", "b"):
        for page in range(20):
            (tmp_path / "old" / audience / f"page-{page:02}").mkdir(parents=True)
    old = str(tmp_path / "old")
    assert len(publish_module._entries([old])) == 40
    monkeypatch.setattr(publish_module, "_MAX_ARGUMENTS", len(old) * 5)  # 5 pages a share would be over
    assert sorted(publish_module._entries([old])) == [f"{old}/a", f"{old}/b"]
    monkeypatch.setattr(publish_module, "_SHARES_WANTED", 2)  # two entries are enough: no deeper
    monkeypatch.setattr(publish_module, "_MAX_ARGUMENTS", 100_000)
    assert sorted(publish_module._entries([old])) == [f"{old}/a", f"{old}/b"]


def test_what_a_failing_rm_leaves_is_removed_all_the_same(
    tmp_path: Path, sites: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, staging, outside = sites
    _fake_rm(tmp_path / "bin", "exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    expected = tree(staging)
    publish(staging, out, ["a"])
    assert tree(out)["a/index.html"] == expected["a/index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "outside", "site"]
    assert tree(outside) == {"keep.txt": "keep"}


@pytest.mark.parametrize("audiences", [None, ["a"]])
def test_a_graft_moves_the_published_folder_into_the_new_site(
    tmp_path: Path, sites: tuple[Path, Path, Path], audiences: list[str] | None
) -> None:
    from generator.feedback import listing

    out, staging, _ = sites
    shutil.rmtree(staging / "a" / "feedback")
    kept = out / "a" / "feedback"
    folder = (kept / "yes" / "x").stat().st_ino
    publish(staging, out, audiences, [(kept, staging / "a" / "feedback", listing(kept, "feedback"))])
    assert (out / "a" / "feedback" / "yes" / "x").stat().st_ino == folder
    assert tree(out)["a/feedback/yes/x/y/z/index.html"] == "old a/feedback/yes/x/y/z/index.html"
    assert tree(out)["a/index.html"] == "new a/index.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "site"]


def test_a_graft_moves_back_when_the_swap_fails(
    tmp_path: Path, sites: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.feedback import listing

    out, staging, _ = sites
    shutil.rmtree(staging / "a" / "feedback")
    kept = out / "a" / "feedback"
    before = tree(out)

    def no_room(new: Path, target: Path) -> str | None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish_module, "_swap", no_room)
    with pytest.raises(OSError):
        publish(staging, out, ["a"], [(kept, staging / "a" / "feedback", listing(kept, "feedback"))])
    assert tree(out) == before
    assert not (staging / "a" / "feedback").exists()


def test_grafts_that_changed_are_all_named_and_none_is_moved(tmp_path: Path, sites: tuple[Path, Path, Path]) -> None:
    from generator.feedback import listing

    out, staging, _ = sites
    for aid in ("a", "b"):
        (out / aid / "feedback").mkdir(exist_ok=True)
        (out / aid / "feedback" / "page.html").write_text("answer", encoding="utf-8")
    shutil.rmtree(staging / "a" / "feedback")
    grafts = [
        (out / aid / "feedback", staging / aid / "feedback", listing(out / aid / "feedback", "feedback"))
        for aid in "ab"
    ]
    (out / "a" / "feedback" / "page.html").write_text("changed", encoding="utf-8")  # after it was listed
    (out / "b" / "feedback" / "new.html").write_text("added", encoding="utf-8")
    before = tree(out)
    with pytest.raises(publish_module.GraftChanged) as raised:
        publish(staging, out, ["a", "b"], grafts)
    assert raised.value.folders == [out / "a" / "feedback", out / "b" / "feedback"]
    assert tree(out) == before
    assert not (staging / "a" / "feedback").exists() and not (staging / "b" / "feedback").exists()
