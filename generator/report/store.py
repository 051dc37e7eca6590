"""`--db`: daily counts kept in SQLite, so rotated logs add up over months and a log read twice counts once.

The file holds counts per audience, page, day and metric, and an anonymous digest per log read.
Nothing in it can identify a reader.
"""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

from generator.report.counts import Counts, Source

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    audience TEXT NOT NULL, page TEXT NOT NULL, day TEXT NOT NULL, metric TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (audience, page, day, metric)
);
CREATE TABLE IF NOT EXISTS sources (first TEXT PRIMARY KEY, lines INTEGER NOT NULL, digest TEXT NOT NULL);
"""


class StoreError(Exception):
    """The --db file cannot be used."""


def load(path: Path) -> Counts:
    counts = Counts()
    if not path.exists():
        return counts
    try:
        with sqlite3.connect(path) as db:
            db.executescript(_SCHEMA)
            for audience, page, day, metric, n in db.execute("SELECT audience, page, day, metric, n FROM counts"):
                counts.events[(audience, page, datetime.date.fromisoformat(day), metric)] = n
            for first, lines, digest in db.execute("SELECT first, lines, digest FROM sources"):
                counts.sources[first] = Source(lines, digest)
    except (sqlite3.Error, ValueError) as exc:
        raise StoreError(f"{path}: not a Fieldguide report database ({exc}); use another --db file") from exc
    return counts


def save(path: Path, counts: Counts) -> None:
    """Write all counts in one transaction: an interrupted run leaves the previous file as it was."""
    try:
        with sqlite3.connect(path) as db:
            db.executescript(_SCHEMA)
            db.execute("DELETE FROM counts")
            db.execute("DELETE FROM sources")
            db.executemany(
                "INSERT INTO counts VALUES (?, ?, ?, ?, ?)",
                [(a, p, d.isoformat(), m, n) for (a, p, d, m), n in counts.events.items()],
            )
            db.executemany(
                "INSERT INTO sources VALUES (?, ?, ?)", [(f, s.lines, s.digest) for f, s in counts.sources.items()]
            )
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot write the report database ({exc})") from exc
