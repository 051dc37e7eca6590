"""Atomic publishing: build beside the output, swap in only when everything succeeded."""

from __future__ import annotations

import contextlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.manifest import MANIFEST
from generator.outdir import MARKER, mark


def staging_dir(out: Path) -> Path:
    """A fresh folder beside `out`, on the same file system so a rename can swap it in.

    It is marked at once: whatever happens next, a later build knows the folder is its own.
    """
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    mark(staging)
    return staging


def publish(staging: Path, out: Path, audiences: list[str] | None) -> None:
    """Swap the new build in: the whole site, or only the audiences that were rebuilt.

    Every swap is made first (renames, at once); then what they replaced is removed, all together.
    """
    if audiences is None or not out.exists():
        replaced = [_swap(staging, out)]
    else:
        names = dict.fromkeys([*audiences, "index.html", MANIFEST, MARKER])
        replaced = [_swap(staging / name, out / name) for name in names if (staging / name).exists()]
        replaced.append(str(staging))  # emptied of what was swapped in
    _remove_trees([path for path in replaced if path is not None])


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, target: Path) -> str | None:
    """Put `new` in the place of `target`; returns where the replaced folder went, to be removed."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists() or target.is_symlink():
        target.rename(old)
    new.rename(target)
    if old.is_dir() and not old.is_symlink():
        return str(old)
    if old.exists() or old.is_symlink():
        old.unlink()
    return None


def _remove_trees(folders: list[str]) -> None:
    """The replaced folders, removed in threads, several sub-folders at once.

    Removing a file is a system call that lets other threads run, and most of its time is the file
    system's own: on this project's 2-core machine the old site's 13,000 files and folders go in
    0.44 s this way, 0.60 s when each audience's folder was removed in turn, and 0.68 s in one rmtree.
    The answer pages are most of them, under one feedback/ folder, so the work is split two levels
    further down than the audiences' folders.

    The new site is published by then, so a failure here is no failed build: what is left keeps its
    `.old-<pid>` name, and the next build removes it (outdir.remove_stale).
    """
    parts: list[str] = []
    shells: list[str] = []
    level = folders
    with contextlib.suppress(OSError):
        for _ in range(3):
            deeper: list[str] = []
            for folder in level:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        (deeper if entry.is_dir(follow_symlinks=False) else parts).append(entry.path)
                shells.append(folder)
            level = deeper
        parts += level
    with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 1) * 2)) as pool:
        list(pool.map(_remove, parts))
    for shell in reversed(shells):  # each emptied by then, the deepest first
        with contextlib.suppress(OSError):
            os.rmdir(shell)
    for folder in folders:  # whatever a failure above left
        if os.path.lexists(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
