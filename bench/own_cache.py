"""Each benchmark's cache by text in a temporary folder of its own, never the user's.

Every build reads its cache tables whole (generator/textcache.py): the synthetic portals' entries, a few
megabytes a run, would otherwise be read again by every later build of the user's own projects, and
those builds would hold more memory for them. The benchmarks still time warm builds: each one runs a
warm-up round first.
"""

from __future__ import annotations

import os
from pathlib import Path


def use_own_cache(folder: Path) -> str:
    """Point FIELDGUIDE_CACHE at a folder under `folder`, for this process and what it starts; returns it."""
    os.environ["FIELDGUIDE_CACHE"] = str(folder / "fieldguide-cache")
    return os.environ["FIELDGUIDE_CACHE"]
