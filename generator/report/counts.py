"""Daily counts per audience and page, from logs; a log read twice (or rotated and read again) counts once."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.report.logs import Request, Tally, open_log, parse
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
        number = 0
        for number, (request, fingerprint) in enumerate(parse(iter(lines), self.tally), 1):
            digest.update(fingerprint)
            if number == 1:
                first = fingerprint.hex()
                known = self.sources.get(first)
            target = held if known is not None and number <= known.lines else self.events
            if request is not None:
                self._count(request, portal, target)
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

    def _count(self, request: Request, portal: PortalMap, target: Counter[Key]) -> None:
        hit = portal.classify(request)
        if not isinstance(hit, Hit):
            self.tally.skip(hit)
            return
        target[(hit.audience, hit.page, request.day, hit.metric.value)] += 1
        if hit.metric is Metric.CARD:  # a card scan is a page view too
            target[(hit.audience, hit.page, request.day, Metric.VIEW.value)] += 1
