"""Stream access-log lines (nginx/Apache common and combined formats) into anonymous requests.

Privacy by design: the client address, user, referrer and user agent are never captured
into a value that outlives the line. The agent is only matched against bot words, in place.
"""

from __future__ import annotations

import datetime
import gzip
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

# Address, identity and user are matched but not captured; so is the referrer.
_LINE = re.compile(
    rb'^\S+ \S+ (?:\S+|"[^"]*") \[(?P<time>(?P<day>\d{2}/[A-Za-z]{3}/\d{4}):[^\]]*)\] '
    rb'"(?P<method>[A-Z]+) (?P<target>\S+)(?: [^"]*)?" (?P<status>\d{3}) (?:\d+|-)'
    rb'(?: "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
# Clients that say they are bots, crawlers or link previews.
_BOT = re.compile(
    rb"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|validator|monitor|scanner|headlesschrome",
    re.IGNORECASE,
)
_MONTHS = {
    m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
}


@dataclass(frozen=True)
class Request:
    """What one log line may tell: the day, what was asked for, whether it came from a card."""

    day: datetime.date
    method: str
    path: str  # without the query
    from_card: bool
    status: int


@dataclass
class Tally:
    """Lines read, and why the rest were not counted."""

    read: int = 0
    unreadable: int = 0
    bots: int = 0
    already_counted: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


class _Days:
    """Day strings repeat on every line of a log; parse each once."""

    def __init__(self) -> None:
        self.seen: dict[bytes, datetime.date] = {}

    def __call__(self, text: bytes) -> datetime.date:
        day = self.seen.get(text)
        if day is None:
            day = datetime.date(int(text[7:11]), _MONTHS[text[3:6].decode("ascii")], int(text[0:2]))
            self.seen[text] = day
        return day


def open_log(name: str) -> BinaryIO:
    """A log as bytes: `-` is standard input; gzip is recognised by its magic number, not its name."""
    raw = sys.stdin.buffer if name == "-" else open(Path(name), "rb")  # noqa: SIM115
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


Line = tuple[datetime.date, bytes, bytes, int, bytes]  # day, method, target, status, time


def parse(lines: Iterator[bytes], tally: Tally) -> Iterator[Line | None]:
    """Every line as (day, method, target, status, time), or None when it is unreadable or a bot's.

    Runs once per log line, so it works on bytes and caches what repeats (days, user agents).
    """
    days = _Days()
    bots: dict[bytes, bool] = {}
    match = _LINE.match
    for raw in lines:
        tally.read += 1
        found = match(raw)
        if found is None:
            tally.unreadable += 1
            yield None
            continue
        stamp, day_text, method, target, status, agent = found.group(
            "time", "day", "method", "target", "status", "agent"
        )
        try:
            day = days(day_text)
        except (KeyError, ValueError):
            tally.unreadable += 1
            yield None
            continue
        if agent:
            bot = bots.get(agent)
            if bot is None:
                bot = bots[agent] = len(bots) < 10_000 and _BOT.search(agent) is not None
            if bot:
                tally.bots += 1
                yield None
                continue
        yield day, method, target, int(status), stamp


def request_of(method: bytes, target: bytes, status: int, day: datetime.date) -> Request:
    path, _, query = target.decode("utf-8", "replace").partition("?")
    from_card = bool(query) and "src=card" in query.split("&")
    return Request(day, method.decode("ascii"), path, from_card, status)
