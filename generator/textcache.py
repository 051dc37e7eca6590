"""Results of costly, pure functions of text, kept between runs: "cache by text".

Only for answers that depend on nothing but their key's text and Fieldguide's own code and libraries
(the file name carries their fingerprint, so an upgrade starts empty), and only answers that passed:
a failure is always worked out again. The files live in the user's cache folder, never in the
project, so a cache cannot arrive through git: `FIELDGUIDE_CACHE`, else `$XDG_CACHE_HOME/fieldguide`,
else `~/.cache/fieldguide`. `FIELDGUIDE_CACHE=off` turns it off; a folder that cannot be written is
simply not used. The files are JSON; a damaged one is ignored, and each caller uses an entry only in
the exact shape it writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MAX_ENTRIES = 200_000  # the oldest go first
# And at most this much JSON in one table: every build loads the whole table, and a page's rendered facts
# take 600 bytes or more, so 200,000 of them would be 125 MB to read before anything is built.
MAX_BYTES = 16_000_000
# Another version's files are kept a while (two checkouts on one machine, a CI cache shared between
# branches), so that running one does not leave the other to start cold: the newest few, for a week.
KEEP_OTHER_VERSIONS = 3
KEEP_SECONDS = 7 * 24 * 3600


def cache_folder() -> Path | None:
    chosen = os.environ.get("FIELDGUIDE_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fieldguide"


def cache_setting() -> str:
    """The folder in use, or "off": what FIELDGUIDE_CACHE must say for another process to use the same."""
    folder = cache_folder()
    return "off" if folder is None else str(folder)


def text_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class TextCache:
    """One named table of JSON values by text key, loaded on first use and saved by `save`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._loaded: dict[str, Any] | None = None
        self._loaded_from: Path | None = None
        self._new: dict[str, Any] = {}
        self._used: set[str] = set()  # keys this process found: they move to the newest end at saving
        self._settings: tuple[str | None, ...] | None = None
        self._file: Path | None = None

    def _path(self) -> Path | None:
        """The table's file; worked out again only when the settings it follows change (a get is hot)."""
        settings = tuple(os.environ.get(name) for name in ("FIELDGUIDE_CACHE", "XDG_CACHE_HOME", "HOME"))
        if settings != self._settings:
            self._settings, self._file = settings, self._file_now()
        return self._file

    def _file_now(self) -> Path | None:
        folder = cache_folder()
        if folder is None:
            return None
        from generator.incremental import tool_fingerprint

        return folder / f"{self.name}-{tool_fingerprint()[:16]}.json"

    def _table(self) -> dict[str, Any]:
        path = self._path()
        if self._loaded is None or path != self._loaded_from:  # the folder was changed (FIELDGUIDE_CACHE)
            self._loaded, self._loaded_from, self._new = _read(path), path, {}
        return self._loaded

    def get(self, key: str) -> Any:
        table = self._table()
        found = self._new.get(key, table.get(key))
        if found is not None:
            self._used.add(key)
        return found

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value

    def save(self) -> None:
        """Add what was learnt to the file (another process may have added to it meanwhile)."""
        path = self._path()
        if path is None or path != self._loaded_from or not (self._new or self._found_at_risk(path)):
            return
        table = _read(path)
        for key in [k for k in table if k in self._used]:  # still in use: kept the longest, in their order
            table[key] = table.pop(key)
        table.update(self._new)
        table, text = _bounded(table)
        written = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
            ) as out:
                written = out.name
                out.write(text)
            os.replace(written, path)
            for old in past_keeping(path.parent.glob(f"{self.name}-*.json"), path):
                old.unlink(missing_ok=True)
        except OSError:  # not writable here (or the disk is full): run without it, and leave no half file
            if written is not None:
                Path(written).unlink(missing_ok=True)
            return
        self._loaded, self._new, self._used = table, {}, set()

    def _found_at_risk(self, path: Path) -> bool:
        """Whether entries this run found are among the oldest quarter of a table three quarters full.

        A run that learnt nothing new writes nothing, except to move such entries to the newest end: else
        the entries of a project that is built but not edited would go first once other projects fill the
        table. Only then, so that an ordinary run does not write the whole table again.
        """
        table = self._loaded or {}
        if not self._used or not table:
            return False
        try:
            size = path.stat().st_size
        except OSError:
            return False
        if len(table) < MAX_ENTRIES * 3 // 4 and size < MAX_BYTES * 3 // 4:
            return False
        return not self._used.isdisjoint(itertools.islice(table, len(table) // 4))


def _bounded(table: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The table and its JSON, the oldest entries left out beyond MAX_ENTRIES or MAX_BYTES."""
    if len(table) > MAX_ENTRIES:
        table = dict(list(table.items())[-MAX_ENTRIES:])
    text = json.dumps(table, separators=(",", ":"))
    while len(text) > MAX_BYTES and table:
        # Keep the newest share that fits, by the average size of an entry; again if their sizes differ.
        keep = int(len(table) * MAX_BYTES / len(text) * 0.95)
        table = dict(list(table.items())[len(table) - keep :])
        text = json.dumps(table, separators=(",", ":"))
    return table, text


def past_keeping(found: Iterable[Path], current: Path) -> list[Path]:
    """Of other versions' files (or folders) among `found`: those beyond the newest few, or unused for a week.

    Used means written: a file's time changes when a version adds to it.
    """
    others: list[tuple[float, Path]] = []
    for path in found:
        if path != current:
            with contextlib.suppress(OSError):  # removed meanwhile by another process
                others.append((path.stat().st_mtime, path))
    others.sort(key=lambda other: other[0], reverse=True)
    oldest = time.time() - KEEP_SECONDS
    return [path for rank, (used, path) in enumerate(others) if rank >= KEEP_OTHER_VERSIONS or used < oldest]


def _read(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
