"""Daily counts per audience and page, from logs; a log read twice (or rotated and read again) counts once."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.report.logs import Tally, open_log, parse, request_of
from generator.report.portal import Hit, Metric, PortalMap

Key = tuple[str, str, datetime.date, str]  # audience, page, day, metric


@dataclass(frozen=True)
class Source:
    """What was counted of one log: its lines so far and a digest of them, all anonymous."""

    lines: int
    digest: str


@dataclass
class Counts:
    events: Counter[Key] = field(default_factory=Counter)
    sources: dict[str, Source] = field(default_factory=dict)  # keyed by the first line's fingerprint
    tally: Tally = field(default_factory=Tally)

    def read_log(self, name: str, portal: PortalMap) -> None:
        """Count one log; lines already counted from the same log (by content, not by name) are skipped."""
        with open_log(name) as stream:
            self._read(iter(stream), portal)

    def _read(self, lines: Iterable[bytes], portal: PortalMap) -> None:
        digest = hashlib.sha256()
        known: Source | None = None
        first = ""
        held: Counter[Key] = Counter()  # counted from lines a known source may already hold
        hits: dict[tuple[bytes, bytes, int], Hit | str] = {}  # the same addresses recur all the time
        number = 0
        for number, parsed in enumerate(parse(iter(lines), self.tally), 1):
            # The digest sees only time, method, address and status: enough to recognise a log read
            # before, nothing that could single out a reader.
            digest.update(b"%s %s %s %d\n" % (parsed[4], parsed[1], parsed[2], parsed[3]) if parsed else b"-\n")
            if number == 1:
                first = digest.hexdigest()
                known = self.sources.get(first)
            target = held if known is not None and number <= known.lines else self.events
            if parsed is not None:
                day, method, address, status, _ = parsed
                hit = hits.get((method, address, status))
                if hit is None:
                    hit = portal.classify(request_of(method, address, status, day))
                    if len(hits) < 100_000:
                        hits[(method, address, status)] = hit
                self._count(hit, day, target)
            if known is not None and number == known.lines:
                # The same beginning as a log counted before: those lines are in the counts already.
                if digest.hexdigest() == known.digest:
                    self.tally.already_counted += known.lines
                else:
                    self.events.update(held)
                held.clear()
                known = None
        # A log shorter than what was counted before is another log: count what was held.
        self.events.update(held)
        if number and (first not in self.sources or number >= self.sources[first].lines):
            self.sources[first] = Source(number, digest.hexdigest())

    def _count(self, hit: Hit | str, day: datetime.date, target: Counter[Key]) -> None:
        if not isinstance(hit, Hit):
            self.tally.skip(hit)
            return
        target[(hit.audience, hit.page, day, hit.metric.value)] += 1
        if hit.metric is Metric.CARD:  # a card scan is a page view too
            target[(hit.audience, hit.page, day, Metric.VIEW.value)] += 1
