"""Front-matter key policy: Fieldguide's own keys strict, their near misses errors, every other key passed on.

A misspelt `audiences:` would show a page to everyone, so a key that looks like one of ours is an
error. Every other key belongs to MkDocs, Material or a plugin and reaches MkDocs untouched.
"""

from __future__ import annotations

import re

from generator.model import FIELDGUIDE_KEYS

# MultiMarkdown-style metadata: MkDocs reads leading `key: value` lines as metadata when there is no `---`.
_MMD_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")


def near_miss(key: str) -> str | None:
    """The Fieldguide key `key` looks like a misspelling of, or None."""
    if key in FIELDGUIDE_KEYS:
        return None
    folded = re.sub(r"[\s-]+", "_", key.strip().lower())
    best: tuple[int, str] | None = None
    for own in sorted(FIELDGUIDE_KEYS):
        if folded == own:
            return own
        distance = _distance(folded, own)
        # One edit in a short key, two in a longer one: `tags` is three edits from `type`, `status` far from all.
        allowed = 1 if len(own) <= 5 else 2
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, own)
    return best[1] if best else None


def near_miss_message(key: str, own: str) -> str:
    # Only Fieldguide's own keys are listed: any other key is MkDocs' or a plugin's, and passes.
    listing = ", ".join(sorted(FIELDGUIDE_KEYS))
    return f"unknown front-matter key '{key}'; did you mean '{own}'? Known keys: {listing}"


def multimarkdown_key(first_line: str) -> str | None:
    """The key when a page without `---` front matter starts as MkDocs' MultiMarkdown metadata."""
    match = _MMD_META.match(first_line)
    return match["key"] if match else None


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swap of two neighbours (`reveiw`) counts as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
