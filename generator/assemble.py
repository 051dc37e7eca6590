"""`fieldguide assemble`: publish per-audience shards, built apart (a CI matrix), as one portal.

Each shard is the output of `fieldguide build --audience X -o shards/X`. They are joined only
when they come from the same revision of the project and of Fieldguide, every audience is
present exactly once, each shard's files are intact and passed the output checks. The joined
portal is published atomically, like a build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.incremental import link_tree
from generator.manifest import Manifest, read_manifest, tree_digest, write_manifest
from generator.publish import discard, publish, staging_dir


class AssembleError(Exception):
    """The shards cannot be joined; carries every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def assemble(shards: list[Path], out: Path) -> list[str]:
    """Join `shards` into `out`; returns the audiences published. Raises AssembleError, leaving `out` as it was."""
    manifests, problems = _read(shards)
    owner: dict[str, Path] = {}
    for shard, manifest in manifests.items():
        for aid, record in manifest.audiences.items():
            if aid in owner:
                problems.append(f"{shard}: audience '{aid}' is also in {owner[aid]}; give each audience one shard")
                continue
            owner[aid] = shard
            if not record.verified:
                problems.append(f"{shard}: audience '{aid}' did not pass the output checks; rebuild it")
            elif not (shard / aid).is_dir() or tree_digest(shard / aid) != record.tree:
                problems.append(f"{shard}: the files of '{aid}' changed after they were built; rebuild the shard")
    revisions = {m.project for m in manifests.values()}
    if len(revisions) > 1:
        listing = ", ".join(f"{shard} ({m.project[:12]})" for shard, m in manifests.items())
        problems.append(f"the shards come from different revisions of the project: {listing}; rebuild them all")
    expected = sorted({a for m in manifests.values() for a in m.all_audiences})
    missing = [a for a in expected if a not in owner]
    if missing and manifests:
        problems.append(f"no shard holds audience {', '.join(missing)}; build it with --audience and add it")
    if problems:
        raise AssembleError(problems)
    first = next(iter(manifests))
    staging = staging_dir(out)
    try:
        for aid, shard in owner.items():
            link_tree(shard / aid, staging / aid)
        # Every shard's role chooser lists the whole project's audiences: any one of them will do.
        shutil.copy2(first / "index.html", staging / "index.html")
        joined = Manifest(revisions.pop(), expected, {a: manifests[s].audiences[a] for a, s in owner.items()})
        # Shards built from the same inputs, each holding only what it built, make up what a whole build
        # publishes, manifest included; with any other key the next `build` checks each audience on its own.
        keys = {m.build_key for m in manifests.values()}
        joined.build_key = keys.pop() if len(keys) == 1 else ""
        joined.chooser = manifests[first].chooser
        write_manifest(staging, joined)
        publish(staging, out, None)
    except BaseException:
        discard(staging)
        raise
    return sorted(owner)


def _read(shards: list[Path]) -> tuple[dict[Path, Manifest], list[str]]:
    manifests: dict[Path, Manifest] = {}
    problems = []
    for shard in shards:
        manifest = read_manifest(shard)
        if manifest is None:
            problems.append(f"{shard}: not a folder built by fieldguide build (no readable build manifest)")
        elif not (shard / "index.html").is_file():
            problems.append(f"{shard}: has no role chooser (index.html); rebuild the shard")
        else:
            manifests[shard] = manifest
    return manifests, problems
